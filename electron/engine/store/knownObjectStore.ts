/**
 * The ids the poller knows exist, per resource, and when each resource was last reconciled: what a
 * listing of every id is compared with to find deletions the CRM never reports.
 */
import type { Database } from './database.ts';

export interface ReconcileState {
  reconciledAt: number;
  /** The newest event seq when the known ids were taken: ids of later events are known too. */
  eventSeq: number;
  known: number;
  deleted: number;
}

interface StateRow {
  reconciled_at: number;
  event_seq: number;
  known: number;
  deleted: number;
}

export class KnownObjectStore {
  readonly #db: Database;
  readonly #insert;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare('INSERT OR IGNORE INTO known_objects (instance_id, resource, object_id) VALUES (?, ?, ?)');
  }

  state(instanceId: number, resource: string): ReconcileState | undefined {
    const row = this.#db.prepare('SELECT reconciled_at, event_seq, known, deleted FROM reconciliations WHERE instance_id = ? AND resource = ?').get(instanceId, resource) as
      | StateRow
      | undefined;
    return row && { reconciledAt: row.reconciled_at, eventSeq: row.event_seq, known: row.known, deleted: row.deleted };
  }

  /**
   * The ids known at the last reconciliation, plus every object of a CREATED or UPDATED event stored
   * since (a record created and deleted between two reconciliations is still found).
   */
  knownIds(instanceId: number, resource: string, sinceSeq: number): Set<string> {
    const rows = this.#db
      .prepare(
        `SELECT object_id FROM known_objects WHERE instance_id = ? AND resource = ?
         UNION SELECT object_id FROM events WHERE instance_id = ? AND resource = ? AND seq > ? AND event_type IN ('CREATED', 'UPDATED')`,
      )
      .all(instanceId, resource, instanceId, resource, sinceSeq) as { object_id: string }[];
    return new Set(rows.map((row) => row.object_id));
  }

  /** The newest event seq stored so far (0 when none). */
  latestEventSeq(): number {
    const row = this.#db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number | null };
    return row.seq ?? 0;
  }

  /** Replaces the known ids and records the reconciliation. Call inside a transaction. */
  replace(instanceId: number, resource: string, ids: Iterable<string>, state: ReconcileState): void {
    this.#db.prepare('DELETE FROM known_objects WHERE instance_id = ? AND resource = ?').run(instanceId, resource);
    for (const id of ids) this.#insert.run(instanceId, resource, id);
    this.#db
      .prepare(
        `INSERT INTO reconciliations (instance_id, resource, reconciled_at, event_seq, known, deleted) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (instance_id, resource) DO UPDATE SET reconciled_at = excluded.reconciled_at, event_seq = excluded.event_seq,
           known = excluded.known, deleted = excluded.deleted`,
      )
      .run(instanceId, resource, state.reconciledAt, state.eventSeq, state.known, state.deleted);
  }

  remove(instanceId: number, resource?: string): void {
    for (const table of ['known_objects', 'reconciliations']) {
      if (resource === undefined) this.#db.prepare(`DELETE FROM ${table} WHERE instance_id = ?`).run(instanceId);
      else this.#db.prepare(`DELETE FROM ${table} WHERE instance_id = ? AND resource = ?`).run(instanceId, resource);
    }
  }
}
