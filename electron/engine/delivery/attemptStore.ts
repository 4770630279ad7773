/** Every delivery attempt in SQLite: when, where, how long, the status, a snippet of the answer, the error. */
import { sqlStore } from '../store/statements.ts';

/** What an attempt came to (`sending` while in flight): the notification's fate is decided from it. */
export type AttemptOutcome = 'sending' | 'delivered' | 'retry' | 'failed' | 'disabled' | 'interrupted';

/** An attempt as stored (times in ms); the API's DeliveryAttempt (shared/api.ts) is what the window is shown of it. */
export interface StoredAttempt {
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
  /** The request headers as sent, credentials redacted (absent for attempts recorded before they were kept). */
  requestHeaders?: Record<string, string>;
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
  request_headers: string | null;
}

export type AttemptResult = Pick<StoredAttempt, 'durationMs' | 'status' | 'outcome' | 'response' | 'error'> & {
  /** The headers sent, as JSON text already redacted. */
  requestHeaders?: string;
};

const SQL = {
  begin: `INSERT INTO delivery_attempts (outbox_id, attempt, url, started_at, duration_ms, outcome)
    VALUES (?, (SELECT attempts FROM outbox WHERE id = ?) + 1, ?, ?, 0, 'sending')`,
  end: 'UPDATE delivery_attempts SET duration_ms = ?, status = ?, outcome = ?, response = ?, error = ?, request_headers = ? WHERE id = ?',
};

export class AttemptStore extends sqlStore(SQL) {
  /**
   * Records an attempt as it starts (in the transaction that claims the notification), so one cut
   * short by a crash is still on record. Returns its id.
   */
  begin(notificationId: number, url: string, startedAt: number): number {
    return Number(this.sql.begin.run(notificationId, notificationId, url, startedAt).lastInsertRowid);
  }

  end(attemptId: number, result: AttemptResult): void {
    this.sql.end.run(Math.round(result.durationMs), result.status ?? null, result.outcome, result.response ?? null, result.error ?? null, result.requestHeaders ?? null, attemptId);
  }

  /** Attempts still `sending` on rows a dead worker held: they were cut short. Call before the leases are dropped. */
  interruptLeasedBy(owner: string, now: number): number {
    return Number(
      this.db
        .prepare(
          `UPDATE delivery_attempts SET outcome = 'interrupted', duration_ms = MAX(0, ? - started_at),
             error = 'interrupted: the process sending it stopped (crash, kill or shutdown); it is sent again'
           WHERE outcome = 'sending' AND outbox_id IN (SELECT id FROM outbox WHERE lease_owner = ?)`,
        )
        .run(now, owner).changes,
    );
  }

  /** Oldest first. */
  list(notificationId: number): StoredAttempt[] {
    const rows = this.statement('SELECT * FROM delivery_attempts WHERE outbox_id = ? ORDER BY id').all(notificationId) as unknown as AttemptRow[];
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
      ...(row.request_headers === null ? {} : { requestHeaders: JSON.parse(row.request_headers) as Record<string, string> }),
    }));
  }
}
