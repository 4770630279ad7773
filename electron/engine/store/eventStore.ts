/** Events in SQLite: insert (once per id), query, retention. */
import type { ChangeEvent, EventType } from '../polling/events.ts';
import type { Database } from './database.ts';
import { SqlFilter } from './sqlFilter.ts';

export interface StoredEvent extends ChangeEvent {
  seq: number;
  storedAt: number;
}

export interface EventQuery {
  instanceId?: number;
  resource?: string;
  eventType?: EventType;
  /** Change time at or after (epoch ms). */
  since?: number;
  until?: number;
  /** Only events with a sequence number below this (paging backwards from the newest). */
  beforeSeq?: number;
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
  raw: string;
  stored_at: number;
}

export class EventStore {
  readonly #db: Database;
  readonly #exists;
  readonly #insert;

  constructor(db: Database) {
    this.#db = db;
    this.#exists = db.prepare('SELECT 1 FROM events WHERE id = ?');
    // One row per call: measured faster than multi-row VALUES with RETURNING (the binding of a
    // thousand arguments and the returned rows cost more than the calls they save).
    this.#insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  }

  /** Inserts events not stored yet and returns those (an event id already stored is the same change). Call inside a transaction. */
  insert(events: ChangeEvent[], pollRunId: number | undefined, now: number): ChangeEvent[] {
    const fresh: ChangeEvent[] = [];
    const runId = pollRunId ?? null;
    for (const event of events) {
      const { changes } = this.#insert.run(
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
      );
      // No change: the id is stored already (an earlier poll, or the same change twice in a page).
      if (changes > 0) fresh.push(event);
    }
    return fresh;
  }

  has(id: string): boolean {
    return this.#exists.get(id) !== undefined;
  }

  get(id: string): StoredEvent | undefined {
    const row = this.#db.prepare('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
    return row && toEvent(row);
  }

  /** Newest first. */
  query(query: EventQuery = {}): StoredEvent[] {
    const { where, params } = buildWhere(query);
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 10_000);
    const order = query.afterSeq !== undefined ? 'ASC' : 'DESC';
    const rows = this.#db.prepare(`SELECT * FROM events ${where} ORDER BY seq ${order} LIMIT ${limit}`).all(...params) as unknown as EventRow[];
    return rows.map(toEvent);
  }

  count(query: EventQuery = {}): number {
    const { where, params } = buildWhere(query);
    const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM events ${where}`).get(...params) as { n: number };
    return row.n;
  }

  /** Deletes events stored before `olderThan`, and beyond the newest `maxPerInstance` of each instance. */
  enforceRetention(options: { olderThan?: number; maxPerInstance?: number }): number {
    let removed = 0;
    if (options.olderThan !== undefined) removed += Number(this.#db.prepare('DELETE FROM events WHERE stored_at < ?').run(options.olderThan).changes);
    if (options.maxPerInstance !== undefined) {
      const instances = this.#db.prepare('SELECT DISTINCT instance_id AS id FROM events').all() as { id: number }[];
      for (const { id } of instances) {
        removed += Number(
          this.#db
            .prepare('DELETE FROM events WHERE instance_id = ? AND seq <= (SELECT seq FROM events WHERE instance_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)')
            .run(id, id, options.maxPerInstance).changes,
        );
      }
    }
    return removed;
  }
}

const EVENT_COLUMNS = 'id, instance_id, element_key, resource, object_id, event_type, change_time, poll_time, poll_run_id, raw, stored_at';
function buildWhere(query: EventQuery): SqlFilter {
  const filter = new SqlFilter()
    .add('instance_id = ?', query.instanceId)
    .add('resource = ?', query.resource)
    .add('event_type = ?', query.eventType)
    .add('change_time >= ?', query.since)
    .add('change_time < ?', query.until)
    .add('seq < ?', query.beforeSeq)
    .add('seq > ?', query.afterSeq);
  if (query.text) {
    const pattern = `%${query.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    filter.add("(object_id LIKE ? ESCAPE '\\' OR raw LIKE ? ESCAPE '\\')", pattern, pattern);
  }
  return filter;
}

function toEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    id: row.id,
    instanceId: row.instance_id,
    elementKey: row.element_key,
    resource: row.resource,
    objectId: row.object_id,
    eventType: row.event_type as EventType,
    changeTime: row.change_time,
    pollTime: row.poll_time,
    raw: JSON.parse(row.raw) as unknown,
    storedAt: row.stored_at,
  };
}
