/** The Activity view's numbers: events per hour per instance, and poll durations. */
import type { Activity } from '../../../shared/api.ts';
import type { Database } from '../store/database.ts';

const HOUR = 3_600_000;

export function readActivity(db: Database, hours: number, now: number, names: Map<number, string>): Activity {
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  const start = end - hours * HOUR;
  const rows = db
    .prepare('SELECT instance_id AS instanceId, CAST((stored_at - ?) / ? AS INTEGER) AS bucket, COUNT(*) AS n FROM events WHERE stored_at >= ? AND stored_at < ? GROUP BY instance_id, bucket')
    .all(start, HOUR, start, end) as { instanceId: number; bucket: number; n: number }[];
  const perInstance = new Map<number, number[]>();
  for (const row of rows) {
    const counts = perInstance.get(row.instanceId) ?? Array<number>(hours).fill(0);
    counts[Math.floor(row.bucket)] = row.n;
    perInstance.set(row.instanceId, counts);
  }
  const runs = db
    .prepare('SELECT instance_id AS instanceId, resource, started_at AS startedAt, ended_at AS endedAt, outcome FROM poll_runs WHERE started_at >= ? AND ended_at IS NOT NULL ORDER BY id DESC LIMIT 500')
    .all(start) as { instanceId: number; resource: string; startedAt: number; endedAt: number; outcome: string }[];
  return {
    hours: Array.from({ length: hours }, (_, i) => new Date(start + i * HOUR).toISOString()),
    eventsPerHour: [...perInstance].map(([instanceId, counts]) => ({ instanceId, instanceName: names.get(instanceId) ?? `#${instanceId}`, counts })),
    pollDurations: runs.reverse().map((run) => ({
      instanceId: run.instanceId,
      resource: run.resource,
      at: new Date(run.startedAt).toISOString(),
      durationMs: run.endedAt - run.startedAt,
      outcome: run.outcome,
    })),
  };
}

/** Events stored since local midnight, per instance. */
export function eventsToday(db: Database, now: number): Map<number, number> {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const rows = db.prepare('SELECT instance_id AS id, COUNT(*) AS n FROM events WHERE stored_at >= ? GROUP BY instance_id').all(midnight.getTime()) as { id: number; n: number }[];
  return new Map(rows.map((row) => [row.id, row.n]));
}
