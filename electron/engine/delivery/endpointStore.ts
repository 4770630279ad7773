/**
 * Per-endpoint delivery state in SQLite: one row per callback URL, shared by every instance that
 * posts there. It says whether the endpoint is disabled (410, or failing for days), since when it
 * fails, how far it is slowed down and until when nothing may be sent to it. An endpoint is its URL
 * without user info: a callback's credential lives in the secret store, never here.
 */
import { splitUserInfo } from '../../../shared/config/callbackUrl.ts';
import { fromRow } from '../store/rows.ts';
import { sqlStore } from '../store/statements.ts';

export type EndpointStatus = 'active' | 'disabled';

export interface EndpointState {
  id: number;
  url: string;
  state: EndpointStatus;
  disabledReason?: string;
  disabledAt?: number;
  /** The first failure since the last success. */
  failingSince?: number;
  lastSuccessAt?: number;
  lastFailureAt?: number;
  /** Slow-down level: 0 is full speed; each level halves the requests in flight and doubles the pause. */
  throttle: number;
  /** Nothing is sent to the endpoint before this (Retry-After, or a slow-down pause). */
  pausedUntil?: number;
  updatedAt: number;
}

/** What one attempt changes about its endpoint (decided by the outcome, applied here). */
export interface EndpointChange {
  success?: boolean;
  failure?: boolean;
  throttle?: number;
  pausedUntil?: number;
  disable?: string;
}

interface EndpointRow {
  id: number;
  url: string;
  state: EndpointStatus;
  disabled_reason: string | null;
  disabled_at: number | null;
  failing_since: number | null;
  last_success_at: number | null;
  last_failure_at: number | null;
  throttle: number;
  paused_until: number | null;
  updated_at: number;
}

const SQL = {
  byUrl: 'SELECT * FROM delivery_endpoints WHERE url = ?',
  byId: 'SELECT * FROM delivery_endpoints WHERE id = ?',
  insert: 'INSERT INTO delivery_endpoints (url, updated_at) VALUES (?, ?)',
};

export class EndpointStore extends sqlStore(SQL) {
  /** The endpoint for a URL (its user info dropped), created on first use. Call inside a transaction. */
  forUrl(url: string, now: number): EndpointState {
    const found = this.find(url);
    if (found) return found;
    const id = Number(this.sql.insert.run(splitUserInfo(url).url, now).lastInsertRowid);
    return this.get(id) as EndpointState;
  }

  find(url: string): EndpointState | undefined {
    const row = this.sql.byUrl.get(splitUserInfo(url).url) as EndpointRow | undefined;
    return row && toState(row);
  }

  get(id: number): EndpointState | undefined {
    const row = this.sql.byId.get(id) as EndpointRow | undefined;
    return row && toState(row);
  }

  list(): EndpointState[] {
    return (this.statement('SELECT * FROM delivery_endpoints ORDER BY id').all() as unknown as EndpointRow[]).map(toState);
  }

  /** Applies what an attempt taught about the endpoint. Call inside the transaction that records the attempt. */
  apply(id: number, change: EndpointChange, now: number): void {
    const sets: string[] = ['updated_at = ?'];
    const params: (number | string | null)[] = [now];
    const set = (clause: string, ...values: (number | string | null)[]) => {
      sets.push(clause);
      params.push(...values);
    };
    if (change.success) set('failing_since = NULL, last_success_at = ?', now);
    if (change.failure) set('failing_since = COALESCE(failing_since, ?), last_failure_at = ?', now, now);
    if (change.throttle !== undefined) set('throttle = ?', change.throttle);
    if (change.pausedUntil !== undefined) set('paused_until = MAX(COALESCE(paused_until, 0), ?)', change.pausedUntil);
    if (change.disable !== undefined) set("state = 'disabled', disabled_reason = ?, disabled_at = ?", change.disable, now);
    // A handful of shapes, one per kind of change: each is prepared once.
    this.statement(`UPDATE delivery_endpoints SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  }

  /** Back to full speed, failures forgotten: the user fixed the receiver. */
  enable(id: number, now: number): void {
    this.db
      .prepare(
        `UPDATE delivery_endpoints SET state = 'active', disabled_reason = NULL, disabled_at = NULL, failing_since = NULL, throttle = 0, paused_until = NULL, updated_at = ?
         WHERE id = ?`,
      )
      .run(now, id);
  }

  /** The earliest moment a paused endpoint may be sent to again, if any is paused. */
  nextUnpause(now: number): number | undefined {
    const row = this.statement("SELECT MIN(paused_until) AS at FROM delivery_endpoints WHERE state = 'active' AND paused_until > ?").get(now) as { at: number | null };
    return row.at ?? undefined;
  }
}

function toState(row: EndpointRow): EndpointState {
  return fromRow(row);
}
