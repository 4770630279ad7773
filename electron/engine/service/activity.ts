/** The Activity view's numbers: events per hour per instance, and poll durations. */
import type { Activity } from '../../../shared/api.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { PollRunStore } from '../store/pollRunStore.ts';

const HOUR = 3_600_000;
/** The poll durations shown: the newest this many runs. */
const MAX_RUNS = 500;

export function readActivity(stores: { events: EventStore; runs: PollRunStore }, hours: number, now: number, names: Map<number, string>): Activity {
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  const start = end - hours * HOUR;
  const perInstance = new Map<number, number[]>();
  for (const row of stores.events.countsByBucket(start, end, HOUR)) {
    const counts = perInstance.get(row.instanceId) ?? Array<number>(hours).fill(0);
    counts[Math.floor(row.bucket)] = row.count;
    perInstance.set(row.instanceId, counts);
  }
  return {
    hours: Array.from({ length: hours }, (_, i) => new Date(start + i * HOUR).toISOString()),
    eventsPerHour: [...perInstance].map(([instanceId, counts]) => ({ instanceId, instanceName: names.get(instanceId) ?? `#${instanceId}`, counts })),
    pollDurations: stores.runs.finishedSince(start, MAX_RUNS).map((run) => ({
      instanceId: run.instanceId,
      resource: run.resource,
      at: new Date(run.startedAt).toISOString(),
      durationMs: (run.endedAt as number) - run.startedAt,
      outcome: run.outcome,
    })),
  };
}

/** Events stored since local midnight, per instance. */
export function eventsToday(events: EventStore, now: number): Map<number, number> {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return events.countsSince(midnight.getTime());
}
