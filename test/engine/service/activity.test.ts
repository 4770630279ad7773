/** The Activity view's numbers, read through the stores: events per hour per instance, poll durations, events today. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventId, type ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { eventsToday, readActivity } from '../../../electron/engine/service/activity.ts';
import { inTransaction, openDatabase } from '../../../electron/engine/store/database.ts';
import { EventStore } from '../../../electron/engine/store/eventStore.ts';
import { PollRunStore } from '../../../electron/engine/store/pollRunStore.ts';
import { tempDataDir } from '../support/harness.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-04T10:30:00Z');

function event(instanceId: number, objectId: string): ChangeEvent {
  return { id: eventId(instanceId, 'items', objectId, 1, 'UPDATED'), instanceId, elementKey: 'generic', resource: 'items', objectId, eventType: 'UPDATED', changeTime: 1, pollTime: 1, raw: {} };
}

describe('the Activity view', () => {
  it('counts events per hour and instance, lists finished polls oldest first, and counts events since midnight', () => {
    const db = openDatabase(join(tempDataDir(), 'events.sqlite'));
    const stores = { events: new EventStore(db), runs: new PollRunStore(db) };
    const store = (events: ChangeEvent[], at: number) => inTransaction(db, () => stores.events.insert(events, undefined, at));
    store([event(1, 'a'), event(1, 'b')], NOW - 10 * 60_000);
    store([event(2, 'c')], NOW - HOUR);
    store([event(1, 'old')], NOW - 5 * HOUR);
    const first = stores.runs.start(1, 'items', NOW - 2 * HOUR);
    stores.runs.finish(first, { endedAt: NOW - 2 * HOUR + 1500, outcome: 'ok', totals: { pages: 1, records: 1, events: 1, passes: 1, unreadable: 0 } });
    const second = stores.runs.start(2, 'items', NOW - HOUR);
    stores.runs.finish(second, { endedAt: NOW - HOUR + 200, outcome: 'failed', totals: { pages: 0, records: 0, events: 0, passes: 1, unreadable: 0 } });
    stores.runs.start(2, 'items', NOW); // still running: not shown

    const activity = readActivity(stores, 3, NOW, new Map([[1, 'One']]));
    expect(activity.hours).toEqual(['2026-03-04T08:00:00.000Z', '2026-03-04T09:00:00.000Z', '2026-03-04T10:00:00.000Z']);
    expect(activity.eventsPerHour).toEqual([
      { instanceId: 1, instanceName: 'One', counts: [0, 0, 2] },
      { instanceId: 2, instanceName: '#2', counts: [0, 1, 0] },
    ]);
    expect(activity.pollDurations).toEqual([
      { instanceId: 1, resource: 'items', at: new Date(NOW - 2 * HOUR).toISOString(), durationMs: 1500, outcome: 'ok' },
      { instanceId: 2, resource: 'items', at: new Date(NOW - HOUR).toISOString(), durationMs: 200, outcome: 'failed' },
    ]);
    const midnight = new Date(NOW);
    midnight.setHours(0, 0, 0, 0);
    const today = eventsToday(stores.events, NOW);
    expect(today.get(1)).toBe(NOW - 5 * HOUR >= midnight.getTime() ? 3 : 2);
    expect(today.get(2)).toBe(1);
    db.close();
  });
});
