/**
 * The latest stored version of each object, per resource: what an UPDATED event's `changes` are
 * computed against.
 *
 * Why a table of its own rather than the previous event: events are pruned by age and by count, so
 * an object's last event may be gone when it changes again; one row per live object (not per event)
 * survives retention, a deletion drops it, and finding it is one primary-key lookup. The row points
 * at the object's newest stored event (its seq) rather than holding a second copy of the raw
 * record: copying it cost about as much as the event's own insert. The copy is taken only when that
 * event is deleted (a trigger of migration 6, so whatever deletes events keeps the versions).
 */
import type { Database } from './database.ts';
import { fallbackStore } from './fallbackStore.ts';
import type { InsertedEvent } from './eventStore.ts';
import { sqlStore } from './statements.ts';

export interface StoredVersion {
  changeTime: number;
  raw: unknown;
}

interface VersionRow {
  object_id: string;
  change_time: number;
  raw: string | null;
}

/** No raw record (its event gone uncopied, which the trigger prevents) reads as no earlier version: never a made-up diff. */
function toVersion(row: VersionRow): StoredVersion {
  return { changeTime: row.change_time, raw: row.raw === null ? undefined : (JSON.parse(row.raw) as unknown) };
}

// The raw record is the pointed-at event's, or the copy taken when that event was deleted.
const LATEST = `SELECT v.object_id, v.change_time, COALESCE(v.raw, e.raw) AS raw FROM object_versions v LEFT JOIN events e ON e.seq = v.event_seq
  WHERE v.instance_id = ? AND v.resource = ?`;

const SQL = {
  get: `${LATEST} AND v.object_id = ?`,
  getMany: `${LATEST} AND v.object_id IN (SELECT value FROM json_each(?))`,
  // A late arrival (an older change read after a newer one) does not replace the newer version.
  put: `INSERT INTO object_versions (instance_id, resource, object_id, change_time, event_seq) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (instance_id, resource, object_id) DO UPDATE SET change_time = excluded.change_time, event_seq = excluded.event_seq, raw = NULL
    WHERE excluded.change_time >= object_versions.change_time`,
  drop: 'DELETE FROM object_versions WHERE instance_id = ? AND resource = ? AND object_id = ?',
};

export class ObjectVersionStore extends sqlStore(SQL) {
  latest(instanceId: number, resource: string, objectId: string): StoredVersion | undefined {
    const row = this.sql.get.get(instanceId, resource, objectId) as VersionRow | undefined;
    return row && toVersion(row);
  }

  /** The latest versions of these objects, in one statement (a poll's batch asks for thousands: one call each costs more). */
  latestOf(instanceId: number, resource: string, objectIds: readonly string[]): Map<string, StoredVersion> {
    const found = new Map<string, StoredVersion>();
    if (objectIds.length === 0) return found;
    const rows = this.sql.getMany.all(instanceId, resource, JSON.stringify(objectIds)) as unknown as VersionRow[];
    for (const row of rows) found.set(row.object_id, toVersion(row));
    return found;
  }

  /** Keeps the versions of newly stored events (a deletion drops the object's). Call inside the transaction that stores them. */
  note(inserted: readonly InsertedEvent[]): void {
    for (const { event, seq } of inserted) {
      if (event.eventType === 'DELETED') this.sql.drop.run(event.instanceId, event.resource, event.objectId);
      else this.sql.put.run(event.instanceId, event.resource, event.objectId, event.changeTime, seq);
    }
  }

  /** How many versions are kept (all instances). */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM object_versions').get() as { n: number }).n;
  }

  remove(instanceId: number, resource?: string): void {
    if (resource === undefined) this.db.prepare('DELETE FROM object_versions WHERE instance_id = ?').run(instanceId);
    else this.db.prepare('DELETE FROM object_versions WHERE instance_id = ? AND resource = ?').run(instanceId, resource);
  }
}

/** The version store of these stores (made on first use when the caller built the stores without one). */
export function objectVersions(stores: { db: Database; versions?: ObjectVersionStore }): ObjectVersionStore {
  return stores.versions ?? fallbackStore(stores.db, ObjectVersionStore);
}
