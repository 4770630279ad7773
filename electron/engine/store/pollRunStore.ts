/** One row per poll of one resource: when, how much, and how it ended. */
import { SqlFilter } from './sqlFilter.ts';
import { fromRow } from './rows.ts';
import { sqlStore } from './statements.ts';

export type PollOutcome = 'running' | 'ok' | 'failed' | 'interrupted';

export interface PollRunTotals {
  pages: number;
  records: number;
  events: number;
  passes: number;
  unreadable: number;
}

export interface PollRun extends PollRunTotals {
  id: number;
  instanceId: number;
  resource: string;
  startedAt: number;
  endedAt?: number;
  outcome: PollOutcome;
  error?: string;
  errorKind?: string;
  details?: unknown;
}

interface PollRunRow {
  id: number;
  instance_id: number;
  resource: string;
  started_at: number;
  ended_at: number | null;
  outcome: PollOutcome;
  pages: number;
  records: number;
  events: number;
  passes: number;
  unreadable: number;
  error: string | null;
  error_kind: string | null;
  details: string | null;
}

// Prepared once: every poll of every resource starts and finishes a run.
const SQL = {
  start: 'INSERT INTO poll_runs (instance_id, resource, started_at) VALUES (?, ?, ?)',
  finish: `UPDATE poll_runs SET ended_at = ?, outcome = ?, pages = ?, records = ?, events = ?, passes = ?, unreadable = ?, error = ?, error_kind = ?, details = ?
    WHERE id = ?`,
};

export class PollRunStore extends sqlStore(SQL) {
  start(instanceId: number, resource: string, startedAt: number): number {
    const result = this.sql.start.run(instanceId, resource, startedAt);
    return Number(result.lastInsertRowid);
  }

  finish(id: number, end: { endedAt: number; outcome: PollOutcome; totals: PollRunTotals; error?: string; errorKind?: string; details?: unknown }): void {
    const { totals } = end;
    this.sql.finish.run(
      end.endedAt,
      end.outcome,
      totals.pages,
      totals.records,
      totals.events,
      totals.passes,
      totals.unreadable,
      end.error ?? null,
      end.errorKind ?? null,
      end.details === undefined ? null : JSON.stringify(end.details),
      id,
    );
  }

  /** Runs left 'running' by a process that died are marked interrupted when the store opens. */
  markInterrupted(now: number): void {
    this.db.prepare("UPDATE poll_runs SET outcome = 'interrupted', ended_at = ? WHERE outcome = 'running'").run(now);
  }

  /** The newest `limit` finished runs started at or after `since`, oldest first (the Activity view's durations). */
  finishedSince(since: number, limit: number): Pick<PollRun, 'instanceId' | 'resource' | 'startedAt' | 'endedAt' | 'outcome'>[] {
    const rows = this.db
      .prepare('SELECT instance_id AS instanceId, resource, started_at AS startedAt, ended_at AS endedAt, outcome FROM poll_runs WHERE started_at >= ? AND ended_at IS NOT NULL ORDER BY id DESC LIMIT ?')
      .all(since, limit) as { instanceId: number; resource: string; startedAt: number; endedAt: number; outcome: PollOutcome }[];
    return rows.reverse();
  }

  recent(query: { instanceId?: number; resource?: string; limit?: number } = {}): PollRun[] {
    const { where, params } = new SqlFilter().add('instance_id = ?', query.instanceId).add('resource = ?', query.resource);
    const rows = this.db.prepare(`SELECT * FROM poll_runs ${where} ORDER BY id DESC LIMIT ${query.limit ?? 50}`).all(...params) as unknown as PollRunRow[];
    return rows.map(toRun);
  }
}

function toRun(row: PollRunRow): PollRun {
  return { ...fromRow(row), details: row.details === null ? undefined : (JSON.parse(row.details) as unknown) };
}
