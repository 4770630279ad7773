/** Events in SQLite: insert (once per id), query, retention. */
import type { Changes } from '../polling/changes.ts';
import type { ChangeEvent, EventType } from '../polling/events.ts';
import { SqlFilter } from './sqlFilter.ts';
import { fromRow } from './rows.ts';
import { sqlStore } from './statements.ts';

export interface StoredEvent extends ChangeEvent {
  seq: number;
  storedAt: number;
}

export interface InsertedEvent {
  event: ChangeEvent;
  seq: number;
}

export interface EventQuery {
  instanceId?: number;
  resource?: string;
  eventType?: EventType;
  /** Change time at or after (epoch ms). */
  since?: number;
  until?: number;
  /** `changed`: newest change time first, ties by arrival (seq); default `arrived`: by seq alone. */
  order?: 'changed' | 'arrived';
  /** Only events with a sequence number below this (paging backwards from the newest); with order `changed`, those after (beforeChangeTime, beforeSeq). */
  beforeSeq?: number;
  /** null: the row paged from had no change time. */
  beforeChangeTime?: number | null;
  /** Only events with a sequence number above this (following new events). */
  afterSeq?: number;
  text?: string;
  limit?: number;
}

interface EventRow {
  seq: number;
  id: string;
  instance_id: number;
  element_key: string;
  resource: string;
  object_id: string;
  event_type: string;
  change_time: number;
  poll_time: number;
  poll_run_id?: number | null;
  raw: string;
  stored_at: number;
  changes: string | null;
}

const EVENT_COLUMNS = 'id, instance_id, element_key, resource, object_id, event_type, change_time, poll_time, poll_run_id, raw, stored_at, changes';

const SQL = {
  exists: 'SELECT 1 FROM events WHERE id = ?',
  // One row per call: measured faster than multi-row VALUES with RETURNING (the binding of a
  // thousand arguments and the returned rows cost more than the calls they save).
  insert: `INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
};

export class EventStore extends sqlStore(SQL) {
  /** Inserts events not stored yet and returns those (an event id already stored is the same change). Call inside a transaction. */
  insert(events: ChangeEvent[], pollRunId: number | undefined, now: number): ChangeEvent[] {
    return this.insertWithSeqs(events, pollRunId, now).map((inserted) => inserted.event);
  }

  /** As `insert`, with the sequence number each new event was stored under. */
  insertWithSeqs(events: ChangeEvent[], pollRunId: number | undefined, now: number): InsertedEvent[] {
    const fresh: InsertedEvent[] = [];
    const runId = pollRunId ?? null;
    for (const event of events) {
      const { changes, lastInsertRowid } = this.sql.insert.run(
        event.id,
        event.instanceId,
        event.elementKey,
        event.resource,
        event.objectId,
        event.eventType,
        event.changeTime,
        event.pollTime,
        runId,
        event.rawJson ?? JSON.stringify(event.raw),
        now,
        event.changes === undefined ? null : JSON.stringify(event.changes),
      );
      // No change: the id is stored already (an earlier poll, or the same change twice in a page).
      if (changes > 0) fresh.push({ event, seq: Number(lastInsertRowid) });
    }
    return fresh;
  }

  has(id: string): boolean {
    return this.sql.exists.get(id) !== undefined;
  }

  get(id: string): StoredEvent | undefined {
    const row = this.db.prepare('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
    return row && toEvent(row);
  }

  /** Newest first (oldest first when following with `afterSeq`). */
  query(query: EventQuery = {}): StoredEvent[] {
    return this.#select(query);
  }

  #select(query: SelectQuery): StoredEvent[] {
    const { where, params } = buildWhere(query);
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 10_000);
    const direction = query.afterSeq !== undefined ? 'ASC' : 'DESC';
    // Without a change time (none could be read) an event sorts as the oldest: SQLite puts NULL last, descending.
    const order = query.order === 'changed' ? `change_time ${direction}, seq ${direction}` : `seq ${direction}`;
    const rows = this.db.prepare(`SELECT * FROM events ${where} ORDER BY ${order} LIMIT ${limit}`).all(...params) as unknown as EventRow[];
    return rows.map(toEvent);
  }

  /**
   * A page of `query` and how many events match its filters, paging aside (the Events view's call).
   * A text filter reads every row (no index finds a substring), so one scan finds the matching
   * events for both, unless there are more than TEXT_MATCHES_HELD: then the page stops early on
   * its own and only the count reads every row.
   */
  page(query: EventQuery = {}): { events: StoredEvent[]; total: number } {
    const filters = { ...query, beforeSeq: undefined, beforeChangeTime: undefined, limit: undefined };
    const matching = query.text ? this.#matchingSeqs(filters) : undefined;
    if (matching) return { events: this.#select({ ...query, text: undefined, seqs: matching }), total: matching.length };
    return { events: this.query(query), total: this.count(filters) };
  }

  /** The seqs of the events matching `query`, in one scan; undefined when more than TEXT_MATCHES_HELD match. */
  #matchingSeqs(query: EventQuery): number[] | undefined {
    const { where, params } = buildWhere(query);
    const rows = this.db.prepare(`SELECT seq FROM events ${where} LIMIT ${TEXT_MATCHES_HELD + 1}`).all(...params) as { seq: number }[];
    return rows.length > TEXT_MATCHES_HELD ? undefined : rows.map((row) => row.seq);
  }

  count(query: EventQuery = {}): number {
    const { where, params } = buildWhere(query);
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM events ${where}`).get(...params) as { n: number };
    return row.n;
  }

  /** Events stored in [start, end), per instance and per `bucketMs` counted from `start` (bucket 0, 1, …). */
  countsByBucket(start: number, end: number, bucketMs: number): { instanceId: number; bucket: number; count: number }[] {
    return this.db
      .prepare('SELECT instance_id AS instanceId, CAST((stored_at - ?) / ? AS INTEGER) AS bucket, COUNT(*) AS count FROM events WHERE stored_at >= ? AND stored_at < ? GROUP BY instance_id, bucket')
      .all(start, bucketMs, start, end) as { instanceId: number; bucket: number; count: number }[];
  }

  /** Events stored at or after `since`, per instance id. */
  countsSince(since: number): Map<number, number> {
    const rows = this.db.prepare('SELECT instance_id AS id, COUNT(*) AS n FROM events WHERE stored_at >= ? GROUP BY instance_id').all(since) as { id: number; n: number }[];
    return new Map(rows.map((row) => [row.id, row.n]));
  }

  /** Deletes events stored before `olderThan`, and beyond the newest `maxPerInstance` of each instance, a chunk per transaction. */
  enforceRetention(options: { olderThan?: number; maxPerInstance?: number }): number {
    let removed = 0;
    for (const step of this.retentionSteps(options)) {
      for (;;) {
        const deleted = step(RETENTION_CHUNK);
        removed += deleted;
        if (deleted < RETENTION_CHUNK) break;
      }
    }
    return removed;
  }

  /**
   * Retention as steps, each deleting at most `limit` events in one statement (its own short
   * transaction) and returning how many it deleted: run a step until it deletes fewer than `limit`.
   */
  retentionSteps(options: { olderThan?: number; maxPerInstance?: number; instanceIds?: number[] }): ((limit: number) => number)[] {
    const steps: ((limit: number) => number)[] = [];
    const { olderThan, maxPerInstance } = options;
    if (olderThan !== undefined) {
      const byAge = this.db.prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE stored_at < ? LIMIT ?)');
      steps.push((limit) => Number(byAge.run(olderThan, limit).changes));
    }
    if (maxPerInstance !== undefined) {
      const byCount = this.db.prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE instance_id = ? AND seq <= ? ORDER BY seq LIMIT ?)');
      for (const id of options.instanceIds ?? this.#instancesWithEvents()) {
        // Found once: events stored meanwhile are newer, so the line between kept and pruned stays where it is.
        let cutoff: number | undefined;
        steps.push((limit) => {
          cutoff ??= this.#newestBeyond(id, maxPerInstance) ?? -1;
          return cutoff < 0 ? 0 : Number(byCount.run(id, cutoff, limit).changes);
        });
      }
    }
    return steps;
  }

  /** The seq of the newest event past the newest `keep` of an instance (undefined: it has no more than `keep`). */
  #newestBeyond(instanceId: number, keep: number): number | undefined {
    const row = this.db.prepare('SELECT seq FROM events WHERE instance_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?').get(instanceId, keep) as { seq: number } | undefined;
    return row?.seq;
  }

  /** Each instance id with events, by skipping through the index rather than reading every row. */
  #instancesWithEvents(): number[] {
    const rows = this.db
      .prepare(
        `WITH RECURSIVE ids (id) AS (SELECT MIN(instance_id) FROM events
           UNION ALL SELECT (SELECT MIN(instance_id) FROM events WHERE instance_id > ids.id) FROM ids WHERE ids.id IS NOT NULL)
         SELECT id FROM ids WHERE id IS NOT NULL`,
      )
      .all() as { id: number }[];
    return rows.map((row) => row.id);
  }
}

/** Events deleted per transaction by the synchronous enforceRetention (the engine sizes its own chunks by time). */
const RETENTION_CHUNK = 2_000;

/** Matches of a text filter held to serve a page and its total from one scan (their seqs, bound as one JSON array). */
const TEXT_MATCHES_HELD = 10_000;

/** A query among the events already found to match (by their seqs). */
interface SelectQuery extends EventQuery {
  seqs?: readonly number[];
}

function buildWhere(query: SelectQuery): SqlFilter {
  const filter = new SqlFilter()
    .add('instance_id = ?', query.instanceId)
    .add('resource = ?', query.resource)
    .add('event_type = ?', query.eventType)
    .add('change_time >= ?', query.since)
    .add('change_time < ?', query.until)
    .add('seq > ?', query.afterSeq)
    .add('seq IN (SELECT value FROM json_each(?))', query.seqs && JSON.stringify(query.seqs));
  if (query.order === 'changed' && query.beforeSeq !== undefined && typeof query.beforeChangeTime === 'number') {
    // After (beforeChangeTime, beforeSeq) in the order; the events without a change time come last.
    filter.add('(change_time < ? OR (change_time = ? AND seq < ?) OR change_time IS NULL)', query.beforeChangeTime, query.beforeChangeTime, query.beforeSeq);
  } else if (query.order === 'changed' && query.beforeSeq !== undefined && query.beforeChangeTime === null) {
    filter.add('(change_time IS NULL AND seq < ?)', query.beforeSeq);
  } else {
    filter.add('seq < ?', query.beforeSeq);
  }
  if (query.text) {
    const pattern = `%${query.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    filter.add("(object_id LIKE ? ESCAPE '\\' OR raw LIKE ? ESCAPE '\\')", pattern, pattern);
  }
  return filter;
}

function toEvent(row: EventRow): StoredEvent {
  // change_time is kept as stored (NULL included); poll_run_id is the store's own; changes are JSON text.
  const { pollRunId: _pollRunId, changes: _changes, ...event } = fromRow(row);
  return {
    ...event,
    eventType: row.event_type as EventType,
    changeTime: row.change_time,
    raw: JSON.parse(row.raw) as unknown,
    ...(row.changes === null ? {} : { changes: JSON.parse(row.changes) as Changes }),
  };
}
