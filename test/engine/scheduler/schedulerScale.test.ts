/**
 * The scheduler's cost per poll does not grow with the number of instances: re-arming reads the
 * settings (from memory) a fixed number of times, not once per instance, and never the file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import { Scheduler } from '../../../electron/engine/scheduler/scheduler.ts';
import { itemsInstance, openTestEngine, sleep } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';

const INSTANCES = 40;
let server: RecordServer;
let engine: Engine;
let scheduler: Scheduler;

afterEach(async () => {
  await scheduler?.stop();
  engine?.close();
  await server?.close();
});

describe('the scheduler with many instances', () => {
  it('reads the settings a fixed number of times per poll, however many instances there are', { timeout: 60_000 }, async () => {
    server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    engine = openTestEngine();
    for (let index = 0; index < INSTANCES; index++) {
      const document = itemsInstance(server.url, { pattern: 'milliseconds' }, `API ${index}`);
      await engine.addInstance({ ...document, configuration: { ...(document.configuration as object), 'event.poller.refresh_interval': 1 } });
    }
    const reads = new Map<string, number>();
    const get = engine.settings.get.bind(engine.settings);
    engine.settings.get = ((key) => {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return get(key);
    }) as typeof engine.settings.get;
    let polls = 0;
    scheduler = new Scheduler(engine, { minuteMs: 100, maxStartJitterMs: 50, maxTimerMs: 50 });
    scheduler.on('status', (status) => {
      if (status.state !== 'polling') polls++;
    });
    scheduler.start();
    const deadline = Date.now() + 45_000;
    while (polls < INSTANCES * 3 && Date.now() < deadline) await sleep(20);
    await scheduler.stop();
    expect(polls).toBeGreaterThanOrEqual(INSTANCES * 3);
    const total = [...reads.values()].reduce((sum, count) => sum + count, 0);
    // Before the queue, each re-arm looked at every instance's pauses: INSTANCES reads per poll.
    expect((reads.get('pauses') ?? 0) / polls).toBeLessThan(6);
    expect(total / polls).toBeLessThan(12);
  });
});
