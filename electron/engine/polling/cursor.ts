/**
 * The cursor of one resource: why this product does not miss or repeat changes.
 *
 * - The watermark is the greatest change time committed, taken from the data, never from the local
 *   clock, capped at the poll's "now" (the server's clock when it can be trusted, serverClock.ts). A
 *   record stamped more than the overlap ahead of that "now" is still emitted, but does not carry
 *   the watermark at all: one record dated 2099 cannot make every later change look old.
 * - Each poll asks for changes since `watermark − overlap`; the seen set (`id@changeTime` of every
 *   record inside the overlap) drops what was already emitted, so boundary records sharing a
 *   timestamp, or committed late by the CRM, are caught without duplicates.
 * - The origin is where watching began: changes up to it are history, never emitted. At the first
 *   poll it is just before the server's "now" taken to the resolution of the record dates (a
 *   change in the same second as the first poll, with dates in whole seconds, is not history);
 *   what the first poll reads is seen, not emitted (unless it is stamped after the poll began). A
 *   backfill sets it to its start.
 * - A held cursor (the poll could not trust what it read) keeps its watermark and counts the polls
 *   it has been held for, so the status can say since when and why.
 */
import { formatJavaDate, parseJavaDate } from '../../../shared/dates.ts';
import type { DateField } from '../../../shared/config/types.ts';
import type { CursorHold } from '../../../shared/status.ts';

export type { CursorHold };

export interface Cursor {
  origin: number;
  watermark: number;
  /** `seenKey` → change time, for changes at or after `watermark − overlap`. */
  seen: Map<string, number>;
  /** Opaque connector state, e.g. a Dynamics delta link. */
  connectorState?: unknown;
  /** Set while the watermark is held: since when, by how many polls in a row, why. */
  hold?: CursorHold;
}


/**
 * Five minutes: longer than the usual gap between a CRM stamping a record and its transaction
 * becoming visible, and longer than a poll of a large page set; `pollDelay` can ask for more.
 */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

export function overlapMs(pollDelaySeconds: number | undefined): number {
  return Math.max(DEFAULT_OVERLAP_MS, (pollDelaySeconds ?? 0) * 1000);
}

export function seenKey(objectId: string, changeTime: number): string {
  return `${objectId}@${changeTime}`;
}

/** The instant the URL macros are filled with. */
export function pollSince(cursor: Cursor | undefined, overlap: number, localNow: number): number {
  // Before the first poll the server's clock is unknown; asking from `now − overlap` by the local
  // clock returns little, and the origin taken from the server's Date header decides what is new.
  return (cursor?.watermark ?? localNow) - overlap;
}

export type Verdict =
  /** Not seen before and inside the window: emit. */
  | 'new'
  /** Older than the window and not in the seen set: emit unless the store already has the event. */
  | 'late'
  /** Already emitted (or known at the first poll). */
  | 'seen'
  /** Changed before watching began. */
  | 'history';

/** `key` is `seenKey(objectId, changeTime)`, when the caller has it already (a poll asks for every record). */
export function judge(cursor: Cursor, objectId: string, changeTime: number, overlap: number, key = seenKey(objectId, changeTime)): Verdict {
  if (changeTime <= cursor.origin) return 'history';
  if (cursor.seen.has(key)) return 'seen';
  return changeTime >= cursor.watermark - overlap ? 'new' : 'late';
}

/** A change time this far ahead of the poll's "now" cannot be right: it is reported, and never carries the watermark. */
export function aheadOfClock(changeTime: number, now: number, overlap: number): boolean {
  return changeTime > now + overlap;
}

/**
 * Where the first poll starts watching: just before its "now" in the resolution of the record
 * dates (whole seconds for `yyyy-MM-dd'T'HH:mm:ss`), so that a change in that same second, which
 * such dates stamp earlier than "now", is not taken for history.
 */
export function firstOrigin(now: number, date: DateField | undefined): number {
  return startOfDateUnit(now, date) - 1;
}

function startOfDateUnit(now: number, date: DateField | undefined): number {
  if (date === undefined) return now;
  try {
    // Written and read back with the pattern, a time loses what the pattern cannot show.
    const truncated = parseJavaDate(formatJavaDate(now, date.format, date.timeZone), date.format, date.timeZone);
    return truncated <= now ? truncated : now;
  } catch {
    return now;
  }
}

/**
 * The cursor after a poll: the watermark moves to the newest change committed (never past the
 * poll's "now", never backwards, never for a change dated ahead of it) and the seen set keeps
 * only what the next window can return.
 */
export function advance(cursor: Cursor, observed: Iterable<[string, number]>, overlap: number, serverNow: number): Cursor {
  let newest = cursor.watermark;
  const seen = new Map(cursor.seen);
  for (const [key, changeTime] of observed) {
    seen.set(key, changeTime);
    if (changeTime > newest && !aheadOfClock(changeTime, serverNow, overlap)) newest = changeTime;
  }
  const watermark = Math.max(cursor.watermark, Math.min(newest, serverNow));
  const windowStart = watermark - overlap;
  for (const [key, changeTime] of seen) if (changeTime < windowStart) seen.delete(key);
  return { ...cursor, watermark, seen };
}
