/** Cursors and their seen sets in SQLite. */
import type { Cursor } from '../polling/cursor.ts';
import { sqlStore } from './statements.ts';

interface CursorRow {
  origin: number;
  watermark: number;
  connector_state: string | null;
  held_since: number | null;
  held_polls: number;
  held_reason: string | null;
}

// Prepared once: every poll of every resource loads and saves a cursor (an idle poll is little else).
const SQL = {
  addSeen: 'INSERT OR REPLACE INTO seen (instance_id, resource, key, change_time) VALUES (?, ?, ?, ?)',
  load: 'SELECT origin, watermark, connector_state, held_since, held_polls, held_reason FROM cursors WHERE instance_id = ? AND resource = ?',
  loadSeen: 'SELECT key, change_time FROM seen WHERE instance_id = ? AND resource = ?',
  save: `INSERT INTO cursors (instance_id, resource, origin, watermark, connector_state, updated_at, held_since, held_polls, held_reason)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (instance_id, resource) DO UPDATE SET origin = excluded.origin, watermark = excluded.watermark,
      connector_state = excluded.connector_state, updated_at = excluded.updated_at,
      held_since = excluded.held_since, held_polls = excluded.held_polls, held_reason = excluded.held_reason`,
  clearSeen: 'DELETE FROM seen WHERE instance_id = ? AND resource = ?',
};

export class CursorStore extends sqlStore(SQL) {
  load(instanceId: number, resource: string): Cursor | undefined {
    const row = this.sql.load.get(instanceId, resource) as CursorRow | undefined;
    if (!row) return undefined;
    const seenRows = this.sql.loadSeen.all(instanceId, resource) as {
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
    this.sql.save.run(
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
    this.sql.clearSeen.run(instanceId, resource);
    for (const [key, changeTime] of cursor.seen) this.sql.addSeen.run(instanceId, resource, key, changeTime);
  }

  remove(instanceId: number, resource?: string): void {
    for (const table of ['cursors', 'seen']) {
      if (resource === undefined) this.db.prepare(`DELETE FROM ${table} WHERE instance_id = ?`).run(instanceId);
      else this.db.prepare(`DELETE FROM ${table} WHERE instance_id = ? AND resource = ?`).run(instanceId, resource);
    }
  }
}
