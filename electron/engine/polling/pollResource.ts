/**
 * One poll of one resource: fetch every page, read and classify the records, drop what the cursor
 * has seen, store the rest, then move the cursor. Events are stored page by page together with their
 * seen keys; the cursor moves only at the end, so a crash at any point re-polls and re-derives the
 * same events with the same ids, and stores none of them twice.
 */
import { listMacros } from '../../../shared/urlMacros.ts';
import type { FetchedPage } from '../connectors/types.ts';
import { ConnectorError } from '../connectors/errors.ts';
import { inTransaction } from '../store/database.ts';
import type { PollRunTotals } from '../store/pollRunStore.ts';
import { explainStoreError } from '../store/storeError.ts';
import { advance, aheadOfClock, firstOrigin, judge, overlapMs, pollSince, seenKey, type Cursor, type CursorHold } from './cursor.ts';
import { changeRules, type ChangeRules } from './changes.ts';
import { EventBatcher } from './eventBatcher.ts';
import { eventId, type ChangeEvent } from './events.ts';
import { readAhead } from './readAhead.ts';
import { EmittedKeys } from './emittedKeys.ts';
import { FullListing } from './fullListing.ts';
import { PassCheck } from './passCheck.ts';
import { PollReport } from './pollReport.ts';
import { settleFullListing, type ReconcileResult } from './reconcile.ts';
import { knownObjects } from '../store/knownObjectStore.ts';
import { writeEvents } from './storeEvents.ts';
import type { PollFindings } from './findings.ts';
import { createRecordReader, TOO_DEEP_TO_WRITE, writeRecord, type ReadRecord, type UnreadableRecord } from './recordReader.ts';
import { DATE_HEADER_RESOLUTION_MS, pollClock } from './serverClock.ts';
import { detectZoneShift, type ZoneShift } from './zoneCheck.ts';
import type { PollStores, PollTarget } from './pollTarget.ts';

export interface PollOptions {
  /** Emit every change after this instant (a backfill) instead of starting at the server's "now". */
  backfillSince?: number;
  /** Full re-reads when offset paging saw rows move. */
  maxPasses?: number;
  /** Changes older than this are not emitted as late arrivals (their events may have been pruned). */
  retentionHorizon?: number;
  signal?: AbortSignal;
  now?: () => number;
  /** Called after each page's events are stored (delivery and notifications hook in here). */
  onEvents?: (events: ChangeEvent[]) => void;
}

export interface PollResult extends PollRunTotals, PollFindings {
  runId: number;
  resource: string;
  /** The first events stored by this poll (at most 1,000; `events` counts them all, `onEvents` sees them all). */
  newEvents: ChangeEvent[];
  unreadableRecords: UnreadableRecord[];
  zoneShift?: ZoneShift;
  /** The cursor did not move: rows kept shifting while paging, dates look shifted, or none could be read. */
  cursorHeld: boolean;
  watermark?: number;
  serverTimeMs?: number;
  /** The pages listed every record (change tracking started over): how that listing compared with the known ids. */
  listing?: ReconcileResult;
}

const DEFAULT_MAX_PASSES = 3;
/**
 * A poll's result carries at most this many events: a backfill can produce millions, and each kept
 * event holds its raw record until the poll ends (10,000 of them cost 20 MB of peak memory).
 */
const MAX_RETURNED_EVENTS = 1_000;
export async function pollResource(target: PollTarget, stores: PollStores, options: PollOptions = {}): Promise<PollResult> {
  const now = options.now ?? Date.now;
  let runId: number;
  try {
    runId = stores.runs.start(target.instanceId, target.resource.name, now());
  } catch (error) {
    throw explainStoreError(error, stores.db);
  }
  const poll = new ResourcePoll(target, stores, options, now);
  try {
    const { result, cursor } = await poll.run(runId);
    // The cursor moves and the run is recorded in one commit (an empty poll made three): both, or neither and the poll failed.
    inTransaction(stores.db, () => {
      stores.cursors.save(target.instanceId, target.resource.name, cursor, now());
      stores.runs.finish(runId, { endedAt: now(), outcome: 'ok', totals: result, details: details(result) });
    });
    return result;
  } catch (thrown) {
    const error = explainStoreError(thrown, stores.db) as Error;
    const kind = error instanceof ConnectorError ? error.kind : undefined;
    try {
      stores.runs.finish(runId, { endedAt: now(), outcome: 'failed', totals: poll.totals, error: error.message, errorKind: kind });
    } catch {
      // The database failing too (a full disk) must not hide why the poll failed; the run is marked interrupted at the next start.
    }
    throw error;
  }
}

/** What the poll run keeps of the findings (the status reads them back; the unreadable count is a column of its own). */
function details(result: PollResult): unknown {
  const { zoneShift, unreadableRecords, cursorHeld, hold, distrustedClock, ahead, aheadRecords } = result;
  if (!zoneShift && unreadableRecords.length === 0 && !cursorHeld && !distrustedClock && ahead === 0) return undefined;
  return { zoneShift, unreadable: unreadableRecords, cursorHeld, hold, distrustedClock, ahead, aheadRecords };
}

/**
 * One poll of one resource, made of parts that each do one job: PassCheck (was a read of the window
 * stable), FullListing (the ids of a full listing), EmittedKeys (what the cursor will have seen),
 * EventBatcher (events of several pages per transaction, written by writeEvents) and PollReport
 * (unreadable and future-dated records, a distrusted clock). This class reads the pages, classifies
 * the records and decides the cursor.
 */
class ResourcePoll {
  readonly totals: PollRunTotals = { pages: 0, records: 0, events: 0, passes: 0, unreadable: 0 };
  readonly #target: PollTarget;
  readonly #stores: PollStores;
  readonly #options: PollOptions;
  readonly #now: () => number;
  readonly #overlap: number;
  readonly #read;
  readonly #changeRules: ChangeRules;
  readonly #newEvents: ChangeEvent[] = [];
  readonly #report = new PollReport();
  /** Records whose change time could be read, over all passes. */
  #readable = 0;
  readonly #emitted = new EmittedKeys();
  #zoneShift: ZoneShift | undefined;
  #cursor: Cursor | undefined;
  #since = 0;
  #pollStart: number | undefined;
  #nextState: unknown;
  readonly #listing = new FullListing();
  readonly #passCheck = new PassCheck();
  #eventSeqAtStart = 0;
  /** Polling goes on from a stored cursor (not the first poll, not a backfill). */
  #resumed = false;
  /** No cursor yet, no backfill: what this poll reads is where watching starts (seen, not emitted). */
  #firstPoll = false;
  /** Events read but not stored yet, stored a batch per transaction. */
  #batcher: EventBatcher | undefined;

  constructor(target: PollTarget, stores: PollStores, options: PollOptions, now: () => number) {
    this.#target = target;
    this.#stores = stores;
    this.#options = options;
    this.#now = now;
    this.#overlap = overlapMs(target.resource.pollDelay);
    this.#read = createRecordReader(target.resource, { caseInsensitivePaths: target.connector.caseInsensitivePaths });
    this.#changeRules = changeRules(target.resource, { caseInsensitivePaths: target.connector.caseInsensitivePaths });
  }

  /** Reads and stores the events; the cursor it returns is the caller's to save (with the run's end). */
  async run(runId: number): Promise<{ result: PollResult; cursor: Cursor }> {
    const { instanceId, resource } = this.#target;
    const stored = this.#stores.cursors.load(instanceId, resource.name);
    this.#resumed = stored !== undefined && this.#options.backfillSince === undefined;
    this.#firstPoll = stored === undefined && this.#options.backfillSince === undefined;
    this.#cursor = this.#startingCursor(stored);
    this.#eventSeqAtStart = knownObjects(this.#stores).latestEventSeq();
    this.#batcher = new EventBatcher((events) => {
      this.#store(runId, events);
      this.#emitted.forgetOld(this.#pollStart, this.#overlap);
    });
    this.#since = this.#options.backfillSince ?? pollSince(this.#cursor, this.#overlap, this.#now());
    let stable = false;
    const maxPasses = this.#options.maxPasses ?? DEFAULT_MAX_PASSES;
    while (!stable && this.totals.passes < maxPasses) {
      this.totals.passes++;
      stable = await this.#readPass();
    }
    const serverTime = this.#pollStart ?? this.#now();
    const zoneShift = this.#zoneShift;
    const holdReason = this.#holdReason(stable);
    const cursorHeld = holdReason !== undefined;
    const listing = this.#settleListing(runId, stable && zoneShift === undefined, serverTime);
    const cursor = this.#finalCursor(serverTime, holdReason);
    const result: PollResult = {
      ...this.totals,
      runId,
      resource: resource.name,
      newEvents: this.#newEvents,
      unreadableRecords: this.#report.unreadable,
      zoneShift,
      cursorHeld,
      hold: cursor.hold,
      distrustedClock: this.#report.distrustedClock,
      ahead: this.#report.ahead,
      aheadRecords: this.#report.aheadRecords,
      watermark: cursor.watermark,
      serverTimeMs: this.#pollStart,
      listing,
    };
    return { result, cursor };
  }

  /** Why the watermark must stay where it is, if it must. */
  #holdReason(stable: boolean): string | undefined {
    const shift = this.#zoneShift;
    if (shift) return `record dates read ${Math.abs(shift.hours)} h ${shift.hours > 0 ? 'ahead of' : 'behind'} the server's clock (a time zone setting)`;
    if (!stable) return `rows kept moving while paging (${this.totals.passes} reads of the window, none stable)`;
    if (this.totals.unreadable > 0 && this.#readable === 0) return `no record read could be placed in time (${this.totals.unreadable} unreadable)`;
    return undefined;
  }

  /** A complete full listing: known ids it lacks were deleted (the first one is a baseline). */
  #settleListing(runId: number, complete: boolean, serverTime: number): ReconcileResult | undefined {
    const ids = this.#listing.ids();
    if (!complete || ids === undefined) return undefined;
    const listing = { ids, eventSeq: this.#eventSeqAtStart, detectedAt: serverTime, now: this.#now() };
    return settleFullListing(this.#target, this.#stores, listing, (events) => this.#store(runId, events));
  }

  #startingCursor(stored: Cursor | undefined): Cursor | undefined {
    const backfill = this.#options.backfillSince;
    if (backfill === undefined) return stored;
    if (!stored) return { origin: backfill, watermark: backfill, seen: new Map() };
    return { ...stored, origin: Math.min(stored.origin, backfill) };
  }

  /**
   * Reads every page once. Returns false when offset paging saw rows move (a row twice, a total that
   * does not add up, a record changed after the pass began): the window must then be read again.
   */
  async #readPass(): Promise<boolean> {
    const batcher = this.#batcher as EventBatcher;
    this.#passCheck.begin();
    // A backfill reads from scratch: a kept position (a delta link) would only return changes after the last poll.
    const state = this.#options.backfillSince === undefined ? this.#cursor?.connectorState : undefined;
    const request = { resource: this.#target.resource, sinceMs: this.#since, state, signal: this.#options.signal };
    try {
      for await (const page of readAhead(this.#target.connector.fetchChanges(request))) {
        this.totals.pages++;
        const serverTime = this.#clock(page.serverTimeMs);
        this.#pollStart ??= serverTime;
        const cursor = (this.#cursor ??= this.#startWatching(serverTime));
        if (page.nextState !== undefined) this.#nextState = page.nextState;
        this.#passCheck.page(page, serverTime);
        const records = this.#readPage(page, this.#listing.page(page));
        for (const record of records) this.#passCheck.record(record, (key) => cursor.seen.has(key));
        // Dates read in the wrong zone would give wrong event ids and a wrong watermark: store nothing, hold the cursor.
        this.#zoneShift ??= this.#checkZone(records, serverTime);
        if (!this.#zoneShift) (this.#batcher as EventBatcher).add(this.#eventsFor(records, page, serverTime));
      }
    } catch (error) {
      // What was read before the failure is real change: store it (the cursor stays, so nothing is lost either way).
      batcher.flushAfterFailure();
      throw error;
    }
    batcher.flush();
    return this.#passCheck.end();
  }

  /** The "now" of a page: its Date header when it can be believed, the local clock otherwise (noted for the status). */
  #clock(serverTimeMs: number | undefined): number {
    const localTime = this.#now();
    const clock = pollClock(serverTimeMs, localTime);
    if (clock.distrusted !== undefined) this.#report.distrusted(clock.distrusted, localTime);
    return clock.now;
  }

  /** The first poll starts watching at the server's own "now" (to the dates' resolution): what changed before is history. */
  #startWatching(serverTime: number): Cursor {
    const { resource } = this.#target;
    const origin = firstOrigin(serverTime, resource.filterByUpdatedDate ? resource.updated : resource.created);
    return { origin, watermark: origin + 1, seen: new Map() };
  }

  #readPage(page: FetchedPage, listing: boolean): ReadRecord[] {
    this.totals.records += page.records.length;
    const records: ReadRecord[] = [];
    for (let index = 0; index < page.records.length; index++) {
      const reading = this.#read(page.records[index]);
      if (listing) this.#listing.note('record' in reading ? reading.record.objectId : reading.unreadable.objectId);
      if ('record' in reading) {
        this.#readable++;
        records.push(reading.record);
      } else {
        this.#reportUnreadable(reading.unreadable, page, index);
      }
    }
    return records;
  }

  #reportUnreadable(unreadable: UnreadableRecord, page: FetchedPage, index: number): void {
    this.totals.unreadable++;
    this.#report.unreadableRecord(unreadable, page, index);
  }

  #eventsFor(records: ReadRecord[], page: FetchedPage, serverTime: number): ChangeEvent[] {
    const cursor = this.#cursor as Cursor;
    const events: ChangeEvent[] = [];
    const { instanceId, instance, resource } = this.#target;
    const make = (objectId: string, changeTime: number, eventType: ChangeEvent['eventType'], raw: unknown): ChangeEvent => ({
      id: eventId(instanceId, resource.name, objectId, changeTime, eventType),
      instanceId,
      elementKey: instance.elementKey ?? 'generic',
      resource: resource.name,
      objectId,
      eventType,
      changeTime,
      pollTime: serverTime,
      raw,
      // In the shape from the start: set below, once the event is sure to be stored.
      rawJson: undefined,
    });
    for (const record of records) {
      const key = seenKey(record.objectId, record.changeTime);
      if (aheadOfClock(record.changeTime, serverTime, this.#overlap)) this.#report.aheadRecord(key, record);
      if (this.#emitted.has(key)) continue;
      // filterByCurrentDate: what changed after the poll began belongs to the next poll.
      if (resource.filterByCurrentDate && record.changeTime > (this.#pollStart ?? serverTime)) continue;
      const verdict = judge(cursor, record.objectId, record.changeTime, this.#overlap, key);
      if (verdict === 'history' || verdict === 'seen') continue;
      // What the first poll reads is where watching starts: seen, not news; unless it was surely
      // changed after the poll began (while a long first poll paged).
      if (this.#firstPoll && record.changeTime < (this.#pollStart ?? serverTime) + DATE_HEADER_RESOLUTION_MS) {
        this.#emitted.add(key, record.changeTime);
        continue;
      }
      // A full listing that resumes change tracking (the delta token expired): every change up to the
      // last delta was reported by it, so an older record is not a late arrival, just unchanged. Its
      // event may be gone (retention), so the store cannot tell; announcing it again would flood.
      if (verdict === 'late' && page.fullListing === true && this.#resumed) continue;
      const event = make(record.objectId, record.changeTime, record.eventType, record.raw);
      if (verdict === 'late' && (this.#stores.events.has(event.id) || record.changeTime < (this.#options.retentionHorizon ?? 0))) continue;
      // Written once here, the store takes the text: a record too deep to write is reported, not a failed poll.
      event.rawJson = writeRecord(record.raw);
      if (event.rawJson === undefined) {
        this.#reportUnreadable({ objectId: record.objectId, field: '', value: null, reason: TOO_DEEP_TO_WRITE }, page, page.records.indexOf(record.raw));
        continue;
      }
      events.push(event);
      // Queued right after this (and never a deletion): what the cursor will have seen.
      this.#emitted.add(key, record.changeTime);
    }
    for (const objectId of page.deletedIds ?? []) events.push(make(objectId, serverTime, 'DELETED', { id: objectId, deleted: true }));
    return events;
  }


  /**
   * Stores events in one transaction. A crash before the cursor moves makes the next poll
   * derive the same events again; their ids are already stored, so none is stored (or sent) twice.
   */
  #store(runId: number, events: ChangeEvent[]): ChangeEvent[] {
    const stored = inTransaction(this.#stores.db, () => writeEvents(this.#target, this.#stores, events, { runId, now: this.#now(), changeRules: this.#changeRules }));
    // Stored: the text is not needed any more (the result keeps up to 1,000 events).
    for (const event of events) event.rawJson = undefined;
    this.totals.events += stored.length;
    const room = MAX_RETURNED_EVENTS - this.#newEvents.length;
    if (room > 0) this.#newEvents.push(...stored.slice(0, room));
    if (stored.length > 0) this.#options.onEvents?.(stored);
    return stored;
  }

  #checkZone(records: ReadRecord[], serverTime: number): ZoneShift | undefined {
    const { resource } = this.#target;
    const zone = (resource.filterByUpdatedDate ? resource.updated : resource.created)?.timeZone ?? 'GMT';
    const filters = this.#target.serverFiltersBySince !== false && filtersToTheMinute(resource.url);
    const changeTimes = records.map((record) => record.changeTime);
    return detectZoneShift({ changeTimes, serverTimeMs: serverTime, filteredSince: filters ? this.#since : undefined, dateZone: zone });
  }

  #finalCursor(serverTime: number, holdReason: string | undefined): Cursor {
    const cursor = this.#cursor ?? this.#startWatching(serverTime);
    // A held cursor keeps its watermark (the next poll reads the same window) but remembers what was emitted.
    const moved = advance(cursor, this.#emitted.keys, this.#overlap, holdReason === undefined ? serverTime : cursor.watermark);
    const hold: CursorHold | undefined =
      holdReason === undefined ? undefined : { since: cursor.hold?.since ?? this.#now(), polls: (cursor.hold?.polls ?? 0) + 1, reason: holdReason };
    return { ...moved, connectorState: this.#nextState ?? cursor.connectorState, hold };
  }
}

/** A URL whose date macro is precise to the minute asks the server for changes after `since` only. */
function filtersToTheMinute(url: string): boolean {
  return listMacros(url).some((macro) => macro.kind === 'epoch' || /m/.test(macro.pattern.replace(/'[^']*'/g, '')));
}
