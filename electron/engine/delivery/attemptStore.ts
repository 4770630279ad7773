/** Every delivery attempt in SQLite: when, where, how long, the status, a snippet of the answer, the error. */
import type { StatementSync } from 'node:sqlite';
import type { Database } from '../store/database.ts';

/** What an attempt came to: the notification's fate is decided from it. */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'disabled' | 'interrupted';

export interface DeliveryAttempt {
  id: number;
  notificationId: number;
  /** 1 for the first attempt ever, counting across replays. */
  attempt: number;
  url: string;
  startedAt: number;
  durationMs: number;
  status?: number;
  outcome: AttemptOutcome;
  /** The start of the response body. */
  response?: string;
  error?: string;
}

interface AttemptRow {
  id: number;
  outbox_id: number;
  attempt: number;
  url: string;
  started_at: number;
  duration_ms: number;
  status: number | null;
  outcome: AttemptOutcome;
  response: string | null;
  error: string | null;
}

export class AttemptStore {
  readonly #db: Database;
  readonly #insert: StatementSync;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO delivery_attempts (outbox_id, attempt, url, started_at, duration_ms, status, outcome, response, error)
       VALUES (?, (SELECT attempts FROM outbox WHERE id = ?) + 1, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Call before the outbox row's attempt count moves, in the same transaction. */
  record(attempt: Omit<DeliveryAttempt, 'id' | 'attempt'>): void {
    this.#insert.run(
      attempt.notificationId,
      attempt.notificationId,
      attempt.url,
      attempt.startedAt,
      Math.round(attempt.durationMs),
      attempt.status ?? null,
      attempt.outcome,
      attempt.response ?? null,
      attempt.error ?? null,
    );
  }

  /** Oldest first. */
  list(notificationId: number): DeliveryAttempt[] {
    const rows = this.#db.prepare('SELECT * FROM delivery_attempts WHERE outbox_id = ? ORDER BY id').all(notificationId) as unknown as AttemptRow[];
    return rows.map((row) => ({
      id: row.id,
      notificationId: row.outbox_id,
      attempt: row.attempt,
      url: row.url,
      startedAt: row.started_at,
      durationMs: row.duration_ms,
      status: row.status ?? undefined,
      outcome: row.outcome,
      response: row.response ?? undefined,
      error: row.error ?? undefined,
    }));
  }
}
