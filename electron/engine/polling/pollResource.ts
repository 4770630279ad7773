/**
 * One poll of one resource: fetch every page, read and classify the records, drop what the cursor
 * has seen, store the rest, then move the cursor. Events are stored page by page together with their
 * seen keys; the cursor moves only at the end, so a crash at any point re-polls and re-derives the
 * same events with the same ids, and stores none of them twice.
 */
import type { InstanceConfig, ResourceConfig } from '../../../shared/config/types.ts';
import { listMacros } from '../../../shared/urlMacros.ts';
import type { Connector, FetchedPage } from '../connectors/types.ts';
import { ConnectorError } from '../connectors/errors.ts';
import { inTransaction, type Database } from '../store/database.ts';
import type { CursorStore } from '../store/cursorStore.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { KnownObjectStore } from '../store/knownObjectStore.ts';
import type { PollRunStore, PollRunTotals } from '../store/pollRunStore.ts';
import { explainStoreError } from '../store/storeError.ts';
import { advance, judge, overlapMs, pollSince, seenKey, type Cursor } from './cursor.ts';
import { eventId, type ChangeEvent } from './events.ts';
import { readAhead } from './readAhead.ts';
import { knownObjects, settleFullListing, type ReconcileResult } from './reconcile.ts';
import { createRecordReader, type ReadRecord, type UnreadableRecord } from './recordReader.ts';
import { detectZoneShift, type ZoneShift } from './zoneCheck.ts';

export interface PollStores {
  db: Database;
  events: EventStore;
  cursors: CursorStore;
  runs: PollRunStore;
  /** The ids known to exist per resource, for finding deletions in full listings (made on first use when absent). */
  known?: KnownObjectStore;
  /** Called inside the transaction that stores new events (the delivery outbox is written there, atomically with them). */
  onEventsStored?: (events: ChangeEvent[], instance: InstanceConfig) => void;
}

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

export interface PollTarget {
  instanceId: number;
  instance: InstanceConfig;
  resource: ResourceConfig;
  connector: Connector;
  /** False when the server is known to ignore the URL's date filter (zone shifts are then only detected forward). */
  serverFiltersBySince?: boolean;
}

export interface PollResult extends PollRunTotals {
  runId: number;
  resource: string;
  /** The first events stored by this poll (at most 1,000; `events` counts them all, `onEvents` sees them all). */
  newEvents: ChangeEvent[];
  unreadableRecords: UnreadableRecord[];
  zoneShift?: ZoneShift;
  /** The cursor did not move: rows kept shifting while paging, or dates look shifted. */
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
/** Keep the reported list of unreadable records short; the count says how many there were. */
const MAX_REPORTED_UNREADABLE = 20;
/**
 * Events of several pages are stored in one transaction: a commit costs about as much as a few
 * hundred rows, and the cursor only moves after the last page anyway. Waiting events are stored
 * once this many are queued (more would only hold raw records in memory longer) or the oldest has
 * waited this long, so delivery still starts within a moment.
 */
const STORE_BATCH_EVENTS = 2_000;
const STORE_BATCH_WAIT_MS = 250;

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
    const result = await poll.run(runId);
    stores.runs.finish(runId, { endedAt: now(), outcome: 'ok', totals: result, details: details(result) });
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

function details(result: PollResult): unknown {
  if (!result.zoneShift && result.unreadableRecords.length === 0 && !result.cursorHeld) return undefined;
  return { zoneShift: result.zoneShift, unreadable: result.unreadableRecords, cursorHeld: result.cursorHeld };
}

class ResourcePoll {
  readonly totals: PollRunTotals = { pages: 0, records: 0, events: 0, passes: 0, unreadable: 0 };
  readonly #target: PollTarget;
  readonly #stores: PollStores;
  readonly #options: PollOptions;
  readonly #now: () => number;
  readonly #overlap: number;
  readonly #read;
  readonly #newEvents: ChangeEvent[] = [];
  readonly #unreadable: UnreadableRecord[] = [];
  /**
   * Every `id@time` emitted in this poll that the cursor's seen set may keep (older ones are let go
   * as the poll goes: a backfill would otherwise hold all of its keys until it ends).
   */
  readonly #observed = new Map<string, number>();
  /** The newest change time emitted so far. */
  #newestChange = Number.NEGATIVE_INFINITY;
  #zoneShift: ZoneShift | undefined;
  #cursor: Cursor | undefined;
  #since = 0;
  #pollStart: number | undefined;
  #nextState: unknown;
  /** Ids of every record of a full listing (pages flagged `fullListing`); undefined when an id was unreadable. */
  #listed: Set<string> | undefined = new Set();
  #fullListing = false;
  #eventSeqAtStart = 0;
  /** Polling goes on from a stored cursor (not the first poll, not a backfill). */
  #resumed = false;
  /** Events read but not stored yet. */
  #queued: ChangeEvent[] = [];
  /** Stores the queue when the next page is slow to come; what it fails with is raised at the poll's next step. */
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #timedFlushError: unknown;

  constructor(target: PollTarget, stores: PollStores, options: PollOptions, now: () => number) {
    this.#target = target;
    this.#stores = stores;
    this.#options = options;
    this.#now = now;
    this.#overlap = overlapMs(target.resource.pollDelay);
    this.#read = createRecordReader(target.resource, { caseInsensitivePaths: target.connector.caseInsensitivePaths });
  }

  async run(runId: number): Promise<PollResult> {
    const { instanceId, resource } = this.#target;
    const stored = this.#stores.cursors.load(instanceId, resource.name);
    this.#resumed = stored !== undefined && this.#options.backfillSince === undefined;
    this.#cursor = this.#startingCursor(stored);
    this.#eventSeqAtStart = knownObjects(this.#stores).latestEventSeq();
    this.#since = this.#options.backfillSince ?? pollSince(this.#cursor, this.#overlap, this.#now());
    let stable = false;
    const maxPasses = this.#options.maxPasses ?? DEFAULT_MAX_PASSES;
    while (!stable && this.totals.passes < maxPasses) {
      this.totals.passes++;
      stable = await this.#readPass(runId);
    }
    const serverTime = this.#pollStart ?? this.#now();
    const zoneShift = this.#zoneShift;
    const cursorHeld = !stable || zoneShift !== undefined;
    const listing = this.#settleListing(runId, stable && zoneShift === undefined, serverTime);
    const cursor = this.#finalCursor(serverTime, cursorHeld);
    inTransaction(this.#stores.db, () => this.#stores.cursors.save(instanceId, resource.name, cursor, this.#now()));
    return {
      ...this.totals,
      runId,
      resource: resource.name,
      newEvents: this.#newEvents,
      unreadableRecords: this.#unreadable,
      zoneShift,
      cursorHeld,
      watermark: cursor.watermark,
      serverTimeMs: this.#pollStart,
      listing,
    };
  }

  /** A complete full listing: known ids it lacks were deleted (the first one is a baseline). */
  #settleListing(runId: number, complete: boolean, serverTime: number): ReconcileResult | undefined {
    if (!this.#fullListing || !complete || this.#listed === undefined) return undefined;
    const listing = { ids: this.#listed, eventSeq: this.#eventSeqAtStart, detectedAt: serverTime, now: this.#now() };
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
  async #readPass(runId: number): Promise<boolean> {
    const passIds = new Set<string>();
    let moved = false;
    let firstTotal: number | undefined;
    let passStart: number | undefined;
    let mayShift = false;
    const unreadableBefore = this.totals.unreadable;
    // A backfill reads from scratch: a kept position (a delta link) would only return changes after the last poll.
    const state = this.#options.backfillSince === undefined ? this.#cursor?.connectorState : undefined;
    const request = { resource: this.#target.resource, sinceMs: this.#since, state, signal: this.#options.signal };
    try {
      for await (const page of readAhead(this.#target.connector.fetchChanges(request))) {
        this.totals.pages++;
        const serverTime = page.serverTimeMs ?? this.#now();
        passStart ??= serverTime;
        this.#pollStart ??= serverTime;
        // The first poll starts watching at the server's own "now": what changed before is history.
        this.#cursor ??= { origin: serverTime, watermark: serverTime, seen: new Map() };
        if (page.nextState !== undefined) this.#nextState = page.nextState;
        this.#fullListing ||= page.fullListing === true;
        mayShift ||= page.mayShift === true;
        firstTotal ??= page.totalResults;
        if (page.totalResults !== undefined && page.totalResults !== firstTotal) moved = true;
        const records = this.#readPage(page, page.fullListing === true);
        for (const record of records) {
          // The Date header counts whole seconds: only a change a second past the pass start is surely new.
          if (passIds.has(record.objectId) || record.changeTime > passStart + 1000) moved = true;
          passIds.add(record.objectId);
        }
        // Dates read in the wrong zone would give wrong event ids and a wrong watermark: store nothing, hold the cursor.
        this.#zoneShift ??= this.#checkZone(records, serverTime);
        if (!this.#zoneShift) this.#queue(runId, this.#eventsFor(records, page, serverTime));
      }
    } catch (error) {
      // What was read before the failure is real change: store it (the cursor stays, so nothing is lost either way).
      this.#flushAfterFailure(runId);
      throw error;
    }
    this.#flush(runId);
    if (firstTotal !== undefined && passIds.size + this.totals.unreadable - unreadableBefore !== firstTotal) moved = true;
    return !(mayShift && moved);
  }

  #readPage(page: FetchedPage, listing: boolean): ReadRecord[] {
    this.totals.records += page.records.length;
    const records: ReadRecord[] = [];
    for (const raw of page.records) {
      const reading = this.#read(raw);
      if (listing) {
        // A record without a readable id still exists: without its id, the listing cannot tell what was deleted.
        const objectId = 'record' in reading ? reading.record.objectId : reading.unreadable.objectId;
        if (objectId === undefined) this.#listed = undefined;
        else this.#listed?.add(objectId);
      }
      if ('record' in reading) {
        records.push(reading.record);
      } else {
        this.totals.unreadable++;
        if (this.#unreadable.length < MAX_REPORTED_UNREADABLE) this.#unreadable.push(reading.unreadable);
      }
    }
    return records;
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
    });
    for (const record of records) {
      const key = seenKey(record.objectId, record.changeTime);
      if (this.#observed.has(key)) continue;
      // filterByCurrentDate: what changed after the poll began belongs to the next poll.
      if (resource.filterByCurrentDate && record.changeTime > (this.#pollStart ?? serverTime)) continue;
      const verdict = judge(cursor, record.objectId, record.changeTime, this.#overlap);
      if (verdict === 'history' || verdict === 'seen') continue;
      // A full listing that resumes change tracking (the delta token expired): every change up to the
      // last delta was reported by it, so an older record is not a late arrival, just unchanged. Its
      // event may be gone (retention), so the store cannot tell; announcing it again would flood.
      if (verdict === 'late' && page.fullListing === true && this.#resumed) continue;
      const event = make(record.objectId, record.changeTime, record.eventType, record.raw);
      if (verdict === 'late' && (this.#stores.events.has(event.id) || record.changeTime < (this.#options.retentionHorizon ?? 0))) continue;
      events.push(event);
    }
    for (const objectId of page.deletedIds ?? []) events.push(make(objectId, serverTime, 'DELETED', { id: objectId, deleted: true }));
    return events;
  }

  #queue(runId: number, events: ChangeEvent[]): void {
    this.#raiseTimedFlushError();
    for (const event of events) {
      this.#queued.push(event);
      if (event.eventType === 'DELETED') continue;
      this.#observed.set(seenKey(event.objectId, event.changeTime), event.changeTime);
      if (event.changeTime > this.#newestChange) this.#newestChange = event.changeTime;
    }
    if (this.#queued.length >= STORE_BATCH_EVENTS) this.#flush(runId);
    else if (this.#queued.length > 0) this.#flushTimer ??= setTimeout(() => this.#timedFlush(runId), STORE_BATCH_WAIT_MS);
  }

  /** Runs between two pages (no transaction is open then: every store is synchronous). */
  #timedFlush(runId: number): void {
    this.#flushTimer = undefined;
    try {
      this.#flush(runId);
    } catch (error) {
      // Thrown here it would crash the process; the poll fails at its next step instead, cursor unmoved.
      this.#timedFlushError = error;
    }
  }

  #raiseTimedFlushError(): void {
    if (this.#timedFlushError === undefined) return;
    const error = this.#timedFlushError;
    this.#timedFlushError = undefined;
    throw error;
  }

  #flushAfterFailure(runId: number): void {
    try {
      this.#flush(runId);
    } catch {
      // The poll failed already; its error is the one to report, and the next poll reads these again.
    }
  }

  #flush(runId: number): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#raiseTimedFlushError();
    if (this.#queued.length === 0) return;
    const events = this.#queued;
    this.#queued = [];
    this.#store(runId, events);
    this.#forgetOldKeys();
  }

  /**
   * Drops keys older than the overlap before the newest change (capped at the server's "now"): a
   * completed poll's cursor would not keep them. Should the cursor be held instead, or such a
   * record come again in this poll, its event is derived again with the same id, and the store
   * keeps the first.
   */
  #forgetOldKeys(): void {
    const horizon = Math.min(this.#newestChange, this.#pollStart ?? Number.POSITIVE_INFINITY) - this.#overlap;
    for (const [key, changeTime] of this.#observed) if (changeTime < horizon) this.#observed.delete(key);
  }

  /**
   * Stores events in one transaction. A crash before the cursor moves makes the next poll
   * derive the same events again; their ids are already stored, so none is stored (or sent) twice.
   */
  #store(runId: number, events: ChangeEvent[]): ChangeEvent[] {
    const stored = inTransaction(this.#stores.db, () => {
      const inserted = this.#stores.events.insert(events, runId, this.#now());
      if (inserted.length > 0) {
        knownObjects(this.#stores).note(inserted);
        this.#stores.onEventsStored?.(inserted, this.#target.instance);
      }
      return inserted;
    });
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

  #finalCursor(serverTime: number, held: boolean): Cursor {
    const cursor = this.#cursor ?? { origin: serverTime, watermark: serverTime, seen: new Map<string, number>() };
    // A held cursor keeps its watermark (the next poll reads the same window) but remembers what was emitted.
    const moved = advance(cursor, this.#observed, this.#overlap, held ? cursor.watermark : serverTime);
    return { ...moved, connectorState: this.#nextState ?? cursor.connectorState };
  }
}

/** A URL whose date macro is precise to the minute asks the server for changes after `since` only. */
function filtersToTheMinute(url: string): boolean {
  return listMacros(url).some((macro) => macro.kind === 'epoch' || /m/.test(macro.pattern.replace(/'[^']*'/g, '')));
}
