/**
 * The ids the poller knows exist, per resource, and when each resource was last reconciled: what a
 * listing of every id is compared with to find deletions the CRM never reports.
 */
import type { ChangeEvent } from '../polling/events.ts';
import type { Database } from './database.ts';
import { fallbackStore } from './fallbackStore.ts';
import { sqlStore } from './statements.ts';

export interface ReconcileState {
  reconciledAt: number;
  /** The newest event seq when the listing began. */
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

const SQL = {
  insert: 'INSERT OR IGNORE INTO known_objects (instance_id, resource, object_id) VALUES (?, ?, ?)',
  delete: 'DELETE FROM known_objects WHERE instance_id = ? AND resource = ? AND object_id = ?',
  state: 'SELECT reconciled_at, event_seq, known, deleted FROM reconciliations WHERE instance_id = ? AND resource = ?',
  // Asked at the start of every poll.
  latestEventSeq: 'SELECT MAX(seq) AS seq FROM events',
};

export class KnownObjectStore extends sqlStore(SQL) {
  state(instanceId: number, resource: string): ReconcileState | undefined {
    const row = this.sql.state.get(instanceId, resource) as StateRow | undefined;
    return row && { reconciledAt: row.reconciled_at, eventSeq: row.event_seq, known: row.known, deleted: row.deleted };
  }

  /**
   * The ids known to exist: the last listing, kept up to date by every event stored since (a record
   * created and deleted between two listings is still found; one reported deleted is not again).
   */
  knownIds(instanceId: number, resource: string): Set<string> {
    const rows = this.db.prepare('SELECT object_id FROM known_objects WHERE instance_id = ? AND resource = ?').all(instanceId, resource) as { object_id: string }[];
    return new Set(rows.map((row) => row.object_id));
  }

  /** Objects of the events stored since `seq` (while a listing was being read): which came or went. */
  changedSince(instanceId: number, resource: string, seq: number): { present: string[]; deleted: string[] } {
    const rows = this.db
      .prepare('SELECT object_id, event_type FROM events WHERE instance_id = ? AND resource = ? AND seq > ? ORDER BY seq')
      .all(instanceId, resource, seq) as { object_id: string; event_type: string }[];
    const last = new Map(rows.map((row) => [row.object_id, row.event_type]));
    const ids = (wanted: (type: string) => boolean) => [...last].filter(([, type]) => wanted(type)).map(([id]) => id);
    return { present: ids((type) => type !== 'DELETED'), deleted: ids((type) => type === 'DELETED') };
  }

  /**
   * Keeps the known ids of reconciled resources up to date with newly stored events (created or
   * updated: known; deleted: gone). Call inside the transaction that stores them.
   */
  note(events: readonly ChangeEvent[]): void {
    const tracked = new Map<string, boolean>();
    for (const event of events) {
      const key = `${event.instanceId}\u0000${event.resource}`;
      let reconciled = tracked.get(key);
      if (reconciled === undefined) {
        reconciled = this.sql.state.get(event.instanceId, event.resource) !== undefined;
        tracked.set(key, reconciled);
      }
      if (!reconciled) continue;
      if (event.eventType === 'DELETED') this.sql.delete.run(event.instanceId, event.resource, event.objectId);
      else this.sql.insert.run(event.instanceId, event.resource, event.objectId);
    }
  }

  /** The newest event seq stored so far (0 when none). */
  latestEventSeq(): number {
    const row = this.sql.latestEventSeq.get() as { seq: number | null };
    return row.seq ?? 0;
  }

  /** Replaces the known ids and records the reconciliation. Call inside a transaction. */
  replace(instanceId: number, resource: string, ids: Iterable<string>, state: ReconcileState): void {
    this.db.prepare('DELETE FROM known_objects WHERE instance_id = ? AND resource = ?').run(instanceId, resource);
    for (const id of ids) this.sql.insert.run(instanceId, resource, id);
    this.db
      .prepare(
        `INSERT INTO reconciliations (instance_id, resource, reconciled_at, event_seq, known, deleted) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (instance_id, resource) DO UPDATE SET reconciled_at = excluded.reconciled_at, event_seq = excluded.event_seq,
           known = excluded.known, deleted = excluded.deleted`,
      )
      .run(instanceId, resource, state.reconciledAt, state.eventSeq, state.known, state.deleted);
  }

  remove(instanceId: number, resource?: string): void {
    for (const table of ['known_objects', 'reconciliations']) {
      if (resource === undefined) this.db.prepare(`DELETE FROM ${table} WHERE instance_id = ?`).run(instanceId);
      else this.db.prepare(`DELETE FROM ${table} WHERE instance_id = ? AND resource = ?`).run(instanceId, resource);
    }
  }
}

/** The known-objects store of these stores (made on first use when the caller built the stores without one). */
export function knownObjects(stores: { db: Database; known?: KnownObjectStore }): KnownObjectStore {
  return stores.known ?? fallbackStore(stores.db, KnownObjectStore);
}
