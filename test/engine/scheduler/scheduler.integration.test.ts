/** The scheduler against a real local server, with a "minute" shrunk to a fraction of a second. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import { Scheduler, type SchedulerOptions } from '../../../electron/engine/scheduler/scheduler.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import type { StoredInstance } from '../../../electron/engine/settings/settingsSchema.ts';
import { addItemsInstance, openTestEngine, sleep } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';

const MINUTE_MS = 150;
let server: RecordServer;
let engine: Engine;
let scheduler: Scheduler;
let skew = 0;

afterEach(async () => {
  await scheduler?.stop();
  engine?.close();
  await server?.close();
  skew = 0;
});

async function setup(options: SchedulerOptions = {}, latencyMs = 0): Promise<StoredInstance> {
  server = await startRecordServer({ dateStyle: { kind: 'epoch' }, latencyMs });
  engine = openTestEngine(undefined, {}, () => Date.now() + skew);
  const instance = await addItemsInstance(engine, server.url, { pattern: 'milliseconds' });
  engine.instances.update(instance.id, { document: withInterval(instance.document, 1) }, Date.now());
  scheduler = new Scheduler(engine, { minuteMs: MINUTE_MS, maxStartJitterMs: 0, maxTimerMs: 50, backoff: { firstDelayMs: 40, maxDelayMs: 320 }, ...options });
  return engine.instances.get(instance.id) as StoredInstance;
}

function withInterval(document: Record<string, unknown>, minutes: number): Record<string, unknown> {
  return { ...document, configuration: { ...(document.configuration as object), 'event.poller.refresh_interval': minutes } };
}

/** Resolves with the first status that satisfies `test`. */
function waitForStatus(test: (status: InstanceStatus) => boolean, timeoutMs = 5000): Promise<InstanceStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such status in time')), timeoutMs);
    const listener = (status: InstanceStatus) => {
      if (!test(status)) return;
      clearTimeout(timer);
      scheduler.off('status', listener);
      resolve(status);
    };
    scheduler.on('status', listener);
  });
}

describe('the scheduler', () => {
  it('polls on the refresh interval and delivers new events', async () => {
    await setup();
    const polls: number[] = [];
    scheduler.on('status', (status) => status.state === 'idle' && status.lastPollAt && polls.push(status.lastPollAt));
    const events: string[] = [];
    scheduler.on('events', ({ events: added }) => events.push(...added.map((event) => event.objectId)));
    scheduler.start();
    await waitForStatus((status) => status.state === 'idle' && status.lastPollAt !== undefined);
    server.upsert('n1');
    await sleep(MINUTE_MS * 3.5);
    expect(events).toEqual(['n1']);
    expect(polls.length).toBeGreaterThanOrEqual(3);
    const gaps = polls.slice(1).map((at, i) => at - (polls[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(MINUTE_MS - 10);
  });

  it('backs off from 5 s doubling to a cap (scaled) while the server fails, then recovers', async () => {
    await setup();
    server.failNext(5, 500);
    const delays: number[] = [];
    scheduler.on('status', (status) => {
      if (status.state === 'backing-off' && status.nextPollAt && status.lastPollAt) delays.push(status.nextPollAt - status.lastPollAt);
    });
    scheduler.start();
    const recovered = await waitForStatus((status) => status.state === 'idle' && status.consecutiveFailures === 0 && status.lastPollAt !== undefined);
    expect(delays).toEqual([40, 80, 160, 320, 320]);
    expect(recovered.lastError).toBeUndefined();
  });

  it('puts a 401 in needs-attention with no retries until poll now or new credentials', async () => {
    const instance = await setup();
    server.failNext(1000, 401);
    scheduler.start();
    const attention = await waitForStatus((status) => status.state === 'needs-attention');
    expect(attention.lastError?.kind).toBe('auth');
    expect(attention.lastError?.advice).toContain('password');
    expect(attention.nextPollAt).toBeUndefined();
    const requests = server.requests.length;
    await sleep(MINUTE_MS * 4);
    expect(server.requests.length).toBe(requests);

    // Poll now tries the refused credentials again only when the user confirmed (the account may lock).
    const unconfirmed = await scheduler.pollNow(instance.id);
    expect(unconfirmed[0]?.error?.message).toMatch(/may lock the account/);
    expect(server.requests.length).toBe(requests);
    await scheduler.pollNow(instance.id, undefined, { by: 'user', confirmed: true });
    expect(server.requests.length).toBe(requests + 1);
    server.failNext(0, 401);
    // Other credentials (here another user name) are tried at once.
    const configuration = { ...(instance.document.configuration as object), username: 'another-user' };
    engine.instances.update(instance.id, { document: { ...instance.document, configuration } }, Date.now());
    scheduler.refresh();
    await scheduler.credentialsChanged(instance.id);
    await waitForStatus((status) => status.state === 'idle' && status.lastError === undefined);
  });

  it.each([429, 503])('honours a long Retry-After on %i', async (status) => {
    await setup();
    server.failNext(10, status, { 'Retry-After': '120' });
    scheduler.start();
    const throttled = await waitForStatus((candidate) => candidate.state === 'backing-off');
    expect(throttled.lastError?.kind).toBe('throttled');
    expect((throttled.nextPollAt ?? 0) - (throttled.lastPollAt ?? 0)).toBeGreaterThanOrEqual(120_000);
  });

  it('pauses and resumes one instance or all, optionally until a time', async () => {
    const instance = await setup();
    scheduler.pause(instance.id, null);
    scheduler.start();
    await sleep(MINUTE_MS * 2);
    expect(server.requests).toEqual([]);
    expect(scheduler.status()[0]?.state).toBe('paused');
    expect(scheduler.status()[0]?.pausedUntil).toBeNull();

    scheduler.resume(instance.id);
    await waitForStatus((status) => status.state === 'idle' && status.lastPollAt !== undefined);
    scheduler.pause('all', Date.now() + MINUTE_MS * 3);
    const pausedAt = server.requests.length;
    await sleep(MINUTE_MS * 2);
    expect(server.requests.length).toBe(pausedAt);
    await sleep(MINUTE_MS * 2.5);
    expect(server.requests.length).toBeGreaterThan(pausedAt);
    expect(engine.settings.get('pauses').all).toBeTypeOf('number');
  });

  it('joins a poll already running instead of overlapping it', async () => {
    const instance = await setup({}, 100);
    const first = scheduler.pollNow(instance.id);
    const second = scheduler.pollNow(instance.id);
    expect(second).toBe(first);
    await first;
    expect(server.requests).toHaveLength(1);
  });

  it('lets a running poll finish on stop, so its cursor is saved', async () => {
    const instance = await setup({}, 200);
    const running = scheduler.pollNow(instance.id);
    await sleep(50);
    await scheduler.stop();
    const [outcome] = await running;
    expect(outcome?.error).toBeUndefined();
    expect(engine.stores.cursors.load(instance.id, 'items')).toBeDefined();
  });

  it('catches up a missed interval at once after a sleep, with the changes made meanwhile', async () => {
    await setup();
    scheduler.start();
    await waitForStatus((status) => status.state === 'idle' && status.lastPollAt !== undefined);
    await scheduler.stop();
    server.upsert('during-sleep');
    const before = server.requests.length;
    skew = 60 * 60_000;
    const events: string[] = [];
    scheduler.on('events', ({ events: added }) => events.push(...added.map((event) => event.objectId)));
    scheduler.start();
    await waitForStatus((status) => status.state === 'idle' && (status.lastPollAt ?? 0) > Date.now() + skew - 1000);
    expect(server.requests.length).toBe(before + 1);
    expect(events).toEqual(['during-sleep']);
  });

  it('numbers its statuses in order, and a scheduler started later numbers above an earlier one', async () => {
    const instance = await setup();
    const revisions: number[] = [];
    scheduler.on('status', (status) => revisions.push(status.revision ?? Number.NaN));
    scheduler.start();
    // Polling, then idle: announced within the same millisecond at times, and still in order.
    await scheduler.pollNow(instance.id);
    await scheduler.pollNow(instance.id);
    await scheduler.stop();
    expect(revisions.length).toBeGreaterThanOrEqual(4);
    expect(revisions.every((revision, index) => index === 0 || revision > (revisions[index - 1] as number))).toBe(true);
    // An app restarted (it takes longer than a few statuses run ahead of the clock) outranks what a window kept.
    await sleep(20);
    const restarted = new Scheduler(engine, { minuteMs: MINUTE_MS, maxStartJitterMs: 0 });
    const first = new Promise<InstanceStatus>((resolve) => restarted.once('status', resolve));
    restarted.start();
    expect((await first).revision).toBeGreaterThan(revisions.at(-1) as number);
    await restarted.stop();
  });
});
