/**
 * The outbox in SQLite: one row per webhook notification, written in the transaction that stores
 * its events, then claimed (leased) by a delivery worker, attempted, and moved on. While a row is
 * pending, the objects it carries are listed in `outbox_objects`, so a later notification about the
 * same object to the same endpoint waits for it: changes to one object arrive in order.
 */
import type { DeliveryState } from '../../../shared/api.ts';
import { SqlFilter } from '../store/sqlFilter.ts';
import type { OutboxDraft } from './payload.ts';
import { fromRow } from '../store/rows.ts';
import { sqlStore } from '../store/statements.ts';

/** The API's delivery states are the outbox's. */
export type OutboxState = DeliveryState;
export const OUTBOX_STATES: readonly OutboxState[] = ['pending', 'delivered', 'failed', 'disabled'];

/** One row of the outbox: a webhook to deliver with its state and attempts (a desktop notice is delivery/notifier.ts's). */
export interface OutboxEntry {
  id: number;
  messageId: string;
  instanceId: number;
  instanceName: string;
  resource: string;
  endpointId: number;
  url: string;
  state: OutboxState;
  eventIds: string[];
  eventCount: number;
  createdAt: number;
  nextAttemptAt?: number;
  /** Attempts in the current round (a replay starts a new one); the schedule is indexed by it. */
  step: number;
  /** Every attempt ever made. */
  attempts: number;
  lastAttemptAt?: number;
  lastStatus?: number;
  lastError?: string;
  deliveredAt?: number;
  /** A worker holds the row until then (it is being sent). */
  leasedUntil?: number;
}

export interface ClaimedOutboxEntry extends OutboxEntry {
  body: string;
}

export interface OutboxQuery {
  state?: OutboxState | readonly OutboxState[];
  instanceId?: number;
  endpointId?: number;
  /** Committed at or after (epoch ms). */
  since?: number;
  /** Paging: only rows with a smaller id (newest first). */
  beforeId?: number;
  limit?: number;
}

/** How an attempt leaves the row. */
export interface AttemptEnd {
  state: OutboxState;
  step: number;
  nextAttemptAt?: number;
  attemptedAt: number;
  status?: number;
  error?: string;
}

interface OutboxRow {
  id: number;
  message_id: string;
  instance_id: number;
  instance_name: string;
  resource: string;
  endpoint_id: number;
  url: string;
  state: OutboxState;
  event_ids: string;
  event_count: number;
  created_at: number;
  next_attempt_at: number | null;
  step: number;
  attempts: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  lease_until: number | null;
  body?: string;
}

const COLUMNS = `o.id, o.message_id, o.instance_id, o.instance_name, o.resource, o.endpoint_id, e.url, o.state, o.event_ids, o.event_count, o.created_at,
  o.next_attempt_at, o.step, o.attempts, o.last_attempt_at, o.last_status, o.last_error, o.delivered_at, o.lease_until`;
const FROM = 'FROM outbox o JOIN delivery_endpoints e ON e.id = o.endpoint_id';
/** A row waits while an earlier pending row to the same endpoint carries one of its objects. */
const NOT_BLOCKED = `NOT EXISTS (
  SELECT 1 FROM outbox_objects a JOIN outbox_objects b ON b.endpoint_id = a.endpoint_id AND b.object_key = a.object_key AND b.outbox_id < a.outbox_id
  WHERE a.outbox_id = o.id)`;

const SQL = {
  insert: `INSERT INTO outbox (message_id, instance_id, instance_name, resource, endpoint_id, body, event_ids, event_count, state, created_at, next_attempt_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
  insertObject: 'INSERT OR IGNORE INTO outbox_objects (endpoint_id, object_key, outbox_id) VALUES (?, ?, ?)',
  deleteObjects: 'DELETE FROM outbox_objects WHERE outbox_id = ?',
  dueEndpoints: "SELECT e.id FROM delivery_endpoints e WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.endpoint_id = e.id AND o.state = 'pending' AND o.next_attempt_at <= ?)",
  // `+` keeps SQLite on the (endpoint, state, id) index: rows come in id order and the scan stops at
  // the limit, instead of every due row being checked for blocking and then sorted.
  claimable: `SELECT ${COLUMNS}, o.body ${FROM}
    WHERE o.endpoint_id = ? AND o.state = 'pending' AND +o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?) AND ${NOT_BLOCKED}
    ORDER BY o.id LIMIT ?`,
  lease: 'UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?',
  finish: `UPDATE outbox SET state = ?, step = ?, next_attempt_at = ?, attempts = attempts + 1, last_attempt_at = ?, last_status = ?, last_error = ?,
      delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END, lease_owner = NULL, lease_until = NULL
    WHERE id = ? AND lease_owner = ?`,
};

export class OutboxStore extends sqlStore(SQL) {
  /**
   * Adds notifications for one endpoint; they go out at once unless the endpoint is disabled (then
   * they wait, listed as disabled, for a replay). Call inside the transaction that stores their events.
   */
  enqueue(drafts: readonly OutboxDraft[], endpointId: number, disabled: boolean, now: number): number[] {
    const ids: number[] = [];
    const state: OutboxState = disabled ? 'disabled' : 'pending';
    for (const draft of drafts) {
      const result = this.sql.insert.run(
        draft.messageId,
        draft.instanceId,
        draft.instanceName,
        draft.resource,
        endpointId,
        draft.body,
        JSON.stringify(draft.eventIds),
        draft.eventIds.length,
        state,
        now,
        disabled ? null : now,
      );
      if (Number(result.changes) === 0) continue;
      const id = Number(result.lastInsertRowid);
      ids.push(id);
      if (!disabled) this.#addObjects(id, endpointId, draft.instanceId, draft.resource, draft.objectIds);
    }
    return ids;
  }

  #addObjects(id: number, endpointId: number, instanceId: number, resource: string, objectIds: readonly string[]): void {
    for (const objectId of new Set(objectIds)) this.sql.insertObject.run(endpointId, JSON.stringify([instanceId, resource, objectId]), id);
  }

  /** Endpoints with notifications due now (whether or not they can be sent yet). */
  dueEndpoints(now: number): number[] {
    return (this.sql.dueEndpoints.all(now) as { id: number }[]).map((row) => row.id);
  }

  /**
   * Leases up to `limit` due notifications of one endpoint, oldest first, skipping any that must wait
   * for an earlier notification about the same object. Call inside a transaction.
   */
  claim(endpointId: number, limit: number, owner: string, now: number, leaseUntil: number): ClaimedOutboxEntry[] {
    const rows = this.sql.claimable.all(endpointId, now, now, limit) as unknown as OutboxRow[];
    for (const row of rows) this.sql.lease.run(owner, leaseUntil, row.id);
    return rows.map((row) => ({ ...toOutboxEntry(row), body: row.body as string, leasedUntil: leaseUntil }));
  }

  /** Records how an attempt ended. False when the lease was lost meanwhile (another process took the row over). */
  finish(id: number, owner: string, end: AttemptEnd): boolean {
    const changed = this.sql.finish.run(
      end.state,
      end.step,
      end.state === 'pending' ? (end.nextAttemptAt ?? end.attemptedAt) : null,
      end.attemptedAt,
      end.status ?? null,
      end.error ?? null,
      end.state,
      end.attemptedAt,
      id,
      owner,
    ).changes;
    if (Number(changed) === 0) return false;
    if (end.state !== 'pending') this.sql.deleteObjects.run(id);
    return true;
  }

  /** Every pending notification of a disabled endpoint waits, listed as disabled, until replayed. */
  holdForDisabledEndpoint(endpointId: number): number {
    const changed = this.statement("UPDATE outbox SET state = 'disabled', next_attempt_at = NULL WHERE endpoint_id = ? AND state = 'pending'").run(endpointId).changes;
    this.statement('DELETE FROM outbox_objects WHERE endpoint_id = ?').run(endpointId);
    return Number(changed);
  }

  /**
   * Sends notifications again from the first attempt of a new round, to `endpointId` (the instance's
   * callback URL now). A pending one is only made due now. Call inside a transaction.
   */
  replay(id: number, endpointId: number, now: number): boolean {
    const row = this.statement('SELECT state, body, instance_id, resource, endpoint_id FROM outbox WHERE id = ?').get(id) as
      | { state: OutboxState; body: string; instance_id: number; resource: string; endpoint_id: number }
      | undefined;
    if (!row) return false;
    if (row.state === 'pending' && row.endpoint_id === endpointId) {
      this.statement('UPDATE outbox SET next_attempt_at = ? WHERE id = ?').run(now, id);
      return true;
    }
    this.statement("UPDATE outbox SET state = 'pending', step = 0, next_attempt_at = ?, endpoint_id = ? WHERE id = ?").run(now, endpointId, id);
    this.sql.deleteObjects.run(id);
    this.#addObjects(id, endpointId, row.instance_id, row.resource, objectIdsOf(row.body));
    return true;
  }

  get(id: number): OutboxEntry | undefined {
    const row = this.statement(`SELECT ${COLUMNS} ${FROM} WHERE o.id = ?`).get(id) as OutboxRow | undefined;
    return row && toOutboxEntry(row);
  }

  findByMessageId(messageId: string): OutboxEntry | undefined {
    const row = this.statement(`SELECT ${COLUMNS} ${FROM} WHERE o.message_id = ?`).get(messageId) as OutboxRow | undefined;
    return row && toOutboxEntry(row);
  }

  body(id: number): string | undefined {
    return (this.statement('SELECT body FROM outbox WHERE id = ?').get(id) as { body: string } | undefined)?.body;
  }

  /** Newest first. */
  list(query: OutboxQuery = {}): OutboxEntry[] {
    const { where, params } = buildWhere(query);
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 10_000);
    const rows = this.db.prepare(`SELECT ${COLUMNS} ${FROM} ${where} ORDER BY o.id DESC LIMIT ${limit}`).all(...params) as unknown as OutboxRow[];
    return rows.map(toOutboxEntry);
  }

  count(query: OutboxQuery = {}): number {
    const { where, params } = buildWhere(query);
    return (this.db.prepare(`SELECT COUNT(*) AS n ${FROM} ${where}`).get(...params) as { n: number }).n;
  }

  /** Ids matching a query, oldest first (what a replay since a time goes through). */
  ids(query: OutboxQuery): number[] {
    const { where, params } = buildWhere({ ...query, limit: undefined });
    return (this.db.prepare(`SELECT o.id ${FROM} ${where} ORDER BY o.id`).all(...params) as { id: number }[]).map((row) => row.id);
  }

  /** The newest notification carrying an event, if any is left. */
  carrying(eventId: string): number | undefined {
    const row = this.statement('SELECT id FROM outbox WHERE instr(event_ids, ?) > 0 ORDER BY id DESC LIMIT 1').get(JSON.stringify(eventId)) as { id: number } | undefined;
    return row?.id;
  }

  /** State of each id still in the outbox. */
  states(ids: readonly number[]): Map<number, OutboxState> {
    const states = new Map<number, OutboxState>();
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const rows = this.db.prepare(`SELECT id, state FROM outbox WHERE id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk) as { id: number; state: OutboxState }[];
      for (const row of rows) states.set(row.id, row.state);
    }
    return states;
  }

  /** The next moment a pending notification becomes due, after `now`. */
  nextDue(now: number): number | undefined {
    const row = this.statement("SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = 'pending' AND next_attempt_at > ?").get(now) as { at: number | null };
    return row.at ?? undefined;
  }

  /** When the first lease of another worker runs out, after `now`. */
  nextLeaseExpiry(now: number, owner: string): number | undefined {
    const row = this.statement('SELECT MIN(lease_until) AS at FROM outbox WHERE lease_owner IS NOT NULL AND lease_until > ? AND lease_owner <> ?').get(now, owner) as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  /** Workers (other than `owner`) holding leases. */
  leaseOwners(owner: string): string[] {
    const rows = this.statement('SELECT DISTINCT lease_owner AS owner FROM outbox WHERE lease_owner IS NOT NULL AND lease_until IS NOT NULL AND lease_owner <> ?').all(owner) as {
      owner: string;
    }[];
    return rows.map((row) => row.owner);
  }

  /** Frees the rows a dead worker held (each was in the middle of an attempt, which counts), so they go out again at once. */
  dropLeases(owner: string): number {
    return Number(this.statement('UPDATE outbox SET attempts = attempts + 1, lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?').run(owner).changes);
  }

  /** Deletes at most `limit` delivered and failed notifications (and their attempts) committed before `olderThan`; pending ones stay. */
  prune(olderThan: number, limit = Number.MAX_SAFE_INTEGER): number {
    return Number(this.statement("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE state IN ('delivered', 'failed') AND created_at < ? LIMIT ?)").run(olderThan, limit).changes);
  }
}

function objectIdsOf(body: string): string[] {
  const parsed = JSON.parse(body) as { message?: { events?: { objectId?: unknown }[] } };
  return (parsed.message?.events ?? []).map((event) => String(event.objectId));
}

function buildWhere(query: OutboxQuery): SqlFilter {
  const states = query.state === undefined ? [] : typeof query.state === 'string' ? [query.state] : [...query.state];
  return new SqlFilter()
    .addIn('o.state', states)
    .add('o.instance_id = ?', query.instanceId)
    .add('o.endpoint_id = ?', query.endpointId)
    .add('o.created_at >= ?', query.since)
    .add('o.id < ?', query.beforeId);
}

function toOutboxEntry(row: OutboxRow): OutboxEntry {
  const { eventIds, leaseUntil, body: _body, ...notification } = fromRow(row);
  return { ...notification, eventIds: JSON.parse(eventIds) as string[], leasedUntil: leaseUntil };
}
