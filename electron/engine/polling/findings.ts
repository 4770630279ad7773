/**
 * What a poll found that the user should know, said once for the tray, the window and `status`:
 * warnings, and whether the resource needs attention. A resource needs attention
 *
 * - at once for what only the user can fix: dates read in the wrong time zone, records that
 *   cannot be read;
 * - when its cursor has been held (not advanced) for ATTENTION_AFTER_HELD_POLLS polls in a row,
 *   whatever the reason (rows moving while paging, no readable dates, a zone): a held cursor
 *   re-reads the same, growing window, so it is never left alone for long.
 *
 * Records dated ahead of the server's clock and a server clock that cannot be believed are
 * warnings: they are handled (emitted, the local clock used), and shown so that someone fixes them.
 */
import type { CursorStore } from '../store/cursorStore.ts';
import type { PollRun, PollRunStore } from '../store/pollRunStore.ts';
import type { CursorHold } from './cursor.ts';
import type { UnreadableRecord } from './recordReader.ts';
import { distrustedClockWarning } from './serverClock.ts';
import type { ZoneShift } from './zoneCheck.ts';

/** Held polls in a row after which a resource needs attention. */
export const ATTENTION_AFTER_HELD_POLLS = 3;

/** A record whose change time is ahead of the poll's "now" by more than the overlap. */
export interface AheadRecord {
  objectId: string;
  changeTime: number;
}

export interface PollFindings {
  zoneShift?: ZoneShift;
  /** How many records could not be read, and the first few. */
  unreadable: number;
  unreadableRecords: UnreadableRecord[];
  /** The cursor's hold after the poll (absent when it advanced). */
  hold?: CursorHold;
  /** The server's Date header and the local clock when the first was not believed. */
  distrustedClock?: { serverTime: number; localTime: number };
  /** How many records were dated ahead of the server's clock, and the first few. */
  ahead: number;
  aheadRecords: AheadRecord[];
}

export interface ResourceHealth {
  warnings: string[];
  /** Why the resource needs attention, when it does. */
  attention?: string;
}

export function describeFindings(findings: PollFindings): ResourceHealth {
  const warnings: string[] = [];
  const { zoneShift, hold, distrustedClock } = findings;
  if (hold) warnings.push(heldWarning(hold));
  if (zoneShift) warnings.push(zoneShift.message);
  if (findings.unreadable > 0) warnings.push(unreadableWarning(findings.unreadable, findings.unreadableRecords[0]));
  if (findings.ahead > 0) warnings.push(aheadWarning(findings.ahead, findings.aheadRecords[0]));
  if (distrustedClock) warnings.push(distrustedClockWarning(distrustedClock.serverTime, distrustedClock.localTime));
  return { warnings, attention: attention(findings) };
}

function attention(findings: PollFindings): string | undefined {
  const { hold } = findings;
  if (hold && hold.polls >= ATTENTION_AFTER_HELD_POLLS) return `the cursor has not advanced for ${hold.polls} polls in a row: ${hold.reason}`;
  if (findings.zoneShift) return findings.zoneShift.message;
  if (findings.unreadable > 0) return unreadableWarning(findings.unreadable, findings.unreadableRecords[0]);
  return undefined;
}

function heldWarning(hold: CursorHold): string {
  const polls = hold.polls === 1 ? 'the last poll' : `${hold.polls} polls in a row`;
  return `the cursor is held since ${new Date(hold.since).toISOString()} (${polls}): ${hold.reason}; the same window is read again next poll, so nothing is lost`;
}

function unreadableWarning(count: number, first: UnreadableRecord | undefined): string {
  const plural = count === 1 ? 'record' : 'records';
  if (!first) return `${count} ${plural} could not be read and were not emitted`;
  const where = first.url === undefined ? '' : ` (record ${first.position ?? '?'} of ${first.url})`;
  const which = `${first.objectId ?? 'a record without id'}${where}`;
  // A date or id that does not read is a setting to check; a record too deep to read is the server's.
  const advice = first.field === '' ? '' : "; check the resource's date and id settings";
  return `${count} ${plural} could not be read and were not emitted, e.g. ${which}: ${first.reason}${advice}`;
}

function aheadWarning(count: number, first: AheadRecord | undefined): string {
  const plural = count === 1 ? 'record has a change time' : 'records have change times';
  const example = first ? ` (e.g. ${first.objectId} at ${isoOrRaw(first.changeTime)})` : '';
  return `${count} ${plural} ahead of the server's clock${example}: emitted as changes, but they do not move the cursor; check the dates in the CRM`;
}

function isoOrRaw(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/** A resource as the stores know it (its last poll run and its cursor), for `status` and the scheduler's first view after a start. */
export interface StoredHealth extends ResourceHealth {
  lastRun?: PollRun;
  watermark?: number;
  held?: CursorHold;
}

export function storedHealth(stores: { runs: PollRunStore; cursors: CursorStore }, instanceId: number, resource: string): StoredHealth {
  const [lastRun] = stores.runs.recent({ instanceId, resource, limit: 1 });
  const cursor = stores.cursors.load(instanceId, resource);
  const details = (lastRun?.details ?? {}) as Partial<Omit<PollFindings, 'unreadable'>> & { unreadable?: UnreadableRecord[] };
  const findings: PollFindings = {
    zoneShift: details.zoneShift,
    unreadable: lastRun?.unreadable ?? 0,
    unreadableRecords: Array.isArray(details.unreadable) ? details.unreadable : [],
    hold: cursor?.hold,
    distrustedClock: details.distrustedClock,
    ahead: details.ahead ?? 0,
    aheadRecords: details.aheadRecords ?? [],
  };
  return { ...describeFindings(findings), lastRun, watermark: cursor?.watermark, held: cursor?.hold };
}
