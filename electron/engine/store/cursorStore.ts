/** Cursors and their seen sets in SQLite. */
import type { Cursor } from '../polling/cursor.ts';
import type { Database } from './database.ts';

interface CursorRow {
  origin: number;
  watermark: number;
  connector_state: string | null;
  held_since: number | null;
  held_polls: number;
  held_reason: string | null;
}

export class CursorStore {
  readonly #db: Database;
  // Prepared once: every poll of every resource loads and saves a cursor (an idle poll is little else).
  readonly #addSeen;
  readonly #load;
  readonly #loadSeen;
  readonly #save;
  readonly #clearSeen;

  constructor(db: Database) {
    this.#db = db;
    this.#addSeen = db.prepare('INSERT OR REPLACE INTO seen (instance_id, resource, key, change_time) VALUES (?, ?, ?, ?)');
    this.#load = db.prepare('SELECT origin, watermark, connector_state, held_since, held_polls, held_reason FROM cursors WHERE instance_id = ? AND resource = ?');
    this.#loadSeen = db.prepare('SELECT key, change_time FROM seen WHERE instance_id = ? AND resource = ?');
    this.#save = db.prepare(
      `INSERT INTO cursors (instance_id, resource, origin, watermark, connector_state, updated_at, held_since, held_polls, held_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (instance_id, resource) DO UPDATE SET origin = excluded.origin, watermark = excluded.watermark,
         connector_state = excluded.connector_state, updated_at = excluded.updated_at,
         held_since = excluded.held_since, held_polls = excluded.held_polls, held_reason = excluded.held_reason`,
    );
    this.#clearSeen = db.prepare('DELETE FROM seen WHERE instance_id = ? AND resource = ?');
  }

  load(instanceId: number, resource: string): Cursor | undefined {
    const row = this.#load.get(instanceId, resource) as CursorRow | undefined;
    if (!row) return undefined;
    const seenRows = this.#loadSeen.all(instanceId, resource) as {
      key: string;
      change_time: number;
    }[];
    return {
      origin: row.origin,
      watermark: row.watermark,
      seen: new Map(seenRows.map((seen) => [seen.key, seen.change_time])),
      connectorState: row.connector_state === null ? undefined : (JSON.parse(row.connector_state) as unknown),
      ...(row.held_since === null ? {} : { hold: { since: row.held_since, polls: row.held_polls, reason: row.held_reason ?? '' } }),
    };
  }

  /** Replaces the cursor and its whole seen set. Call inside the transaction that ends the poll. */
  save(instanceId: number, resource: string, cursor: Cursor, now: number): void {
    this.#save.run(
      instanceId,
      resource,
      cursor.origin,
      cursor.watermark,
      cursor.connectorState === undefined ? null : JSON.stringify(cursor.connectorState),
      now,
      cursor.hold?.since ?? null,
      cursor.hold?.polls ?? 0,
      cursor.hold?.reason ?? null,
    );
    this.#clearSeen.run(instanceId, resource);
    for (const [key, changeTime] of cursor.seen) this.#addSeen.run(instanceId, resource, key, changeTime);
  }

  remove(instanceId: number, resource?: string): void {
    for (const table of ['cursors', 'seen']) {
      if (resource === undefined) this.#db.prepare(`DELETE FROM ${table} WHERE instance_id = ?`).run(instanceId);
      else this.#db.prepare(`DELETE FROM ${table} WHERE instance_id = ? AND resource = ?`).run(instanceId, resource);
    }
  }
}
