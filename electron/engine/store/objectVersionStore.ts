/**
 * The latest stored version of each object, per resource: what an UPDATED event's `changes` are
 * computed against.
 *
 * Why a table of its own rather than the previous event: events are pruned by age and by count, so
 * an object's last event may be gone when it changes again; one row per live object (not per event)
 * survives retention, a deletion drops it, and finding it is one primary-key lookup. What it costs:
 * the raw record a second time per object (not per event), and per stored event one lookup and one
 * upsert in the transaction that stores the event (see "How polling works" in the README for the
 * measured figures).
 */
import type { ChangeEvent } from '../polling/events.ts';
import type { Database } from './database.ts';

export interface StoredVersion {
  changeTime: number;
  raw: unknown;
}

export class ObjectVersionStore {
  readonly #db: Database;
  readonly #get;
  readonly #getMany;
  readonly #put;
  readonly #drop;

  constructor(db: Database) {
    this.#db = db;
    this.#get = db.prepare('SELECT change_time, raw FROM object_versions WHERE instance_id = ? AND resource = ? AND object_id = ?');
    this.#getMany = db.prepare(
      'SELECT object_id, change_time, raw FROM object_versions WHERE instance_id = ? AND resource = ? AND object_id IN (SELECT value FROM json_each(?))',
    );
    // A late arrival (an older change read after a newer one) does not replace the newer version.
    this.#put = db.prepare(
      `INSERT INTO object_versions (instance_id, resource, object_id, change_time, raw) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (instance_id, resource, object_id) DO UPDATE SET change_time = excluded.change_time, raw = excluded.raw
       WHERE excluded.change_time >= object_versions.change_time`,
    );
    this.#drop = db.prepare('DELETE FROM object_versions WHERE instance_id = ? AND resource = ? AND object_id = ?');
  }

  latest(instanceId: number, resource: string, objectId: string): StoredVersion | undefined {
    const row = this.#get.get(instanceId, resource, objectId) as { change_time: number; raw: string } | undefined;
    return row && { changeTime: row.change_time, raw: JSON.parse(row.raw) as unknown };
  }

  /** The latest versions of these objects, in one statement (a poll's batch asks for thousands: one call each costs more). */
  latestOf(instanceId: number, resource: string, objectIds: readonly string[]): Map<string, StoredVersion> {
    const found = new Map<string, StoredVersion>();
    if (objectIds.length === 0) return found;
    const rows = this.#getMany.all(instanceId, resource, JSON.stringify(objectIds)) as { object_id: string; change_time: number; raw: string }[];
    for (const row of rows) found.set(row.object_id, { changeTime: row.change_time, raw: JSON.parse(row.raw) as unknown });
    return found;
  }

  /** Keeps the versions of newly stored events (a deletion drops the object's). Call inside the transaction that stores them. */
  note(events: readonly ChangeEvent[]): void {
    for (const event of events) {
      if (event.eventType === 'DELETED') this.#drop.run(event.instanceId, event.resource, event.objectId);
      else this.#put.run(event.instanceId, event.resource, event.objectId, event.changeTime, event.rawJson ?? JSON.stringify(event.raw));
    }
  }

  remove(instanceId: number, resource?: string): void {
    if (resource === undefined) this.#db.prepare('DELETE FROM object_versions WHERE instance_id = ?').run(instanceId);
    else this.#db.prepare('DELETE FROM object_versions WHERE instance_id = ? AND resource = ?').run(instanceId, resource);
  }
}

const fallbackStores = new WeakMap<Database, ObjectVersionStore>();

/** The version store of these stores (made on first use when the caller built the stores without one). */
export function objectVersions(stores: { db: Database; versions?: ObjectVersionStore }): ObjectVersionStore {
  if (stores.versions) return stores.versions;
  let store = fallbackStores.get(stores.db);
  if (!store) {
    store = new ObjectVersionStore(stores.db);
    fallbackStores.set(stores.db, store);
  }
  return store;
}
