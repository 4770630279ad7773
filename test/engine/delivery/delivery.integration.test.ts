/**
 * Webhook delivery against real local receivers (node:http): signed notifications, a receiver down
 * for a while then back, 410, 429 with Retry-After, a receiver slower than the timeout, callback
 * URLs that are not URLs or lead nowhere, order per object, bounded concurrency, restarts.
 * Schedules are in milliseconds; time is only asserted with generous bounds.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryOverrides } from '../../../electron/engine/delivery/options.ts';
import type { OutboxEntry } from '../../../electron/engine/delivery/outboxStore.ts';
import { elementsSignature } from '../../../electron/engine/delivery/signer.ts';
import { pollOnce, sleep } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';
import { carriedObjects, ok, startReceiver, type Behaviour, type Receiver } from './support/receiver.ts';
import { editStoredCallback, FAST, openDeliveryEngine, setupDelivery, SIGNATURE_KEY, WHSEC, type Setup } from './support/setup.ts';

let server: RecordServer;
let receiver: Receiver;
let setup: Setup;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(behaviour: Behaviour = ok, overrides: DeliveryOverrides = {}): Promise<Setup> {
  server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  receiver = await startReceiver(behaviour);
  cleanups.push(() => server.close(), () => receiver.close());
  setup = await setupDelivery(server.url, receiver.url);
  cleanups.push(() => setup.engine.close(), () => setup.engine.deliveries.stop(200));
  setup.engine.deliveries.start({ ...FAST, ...overrides });
  return setup;
}

/** Changes `count` records (ids `prefix0`…) and polls them; returns the stored events. */
async function change(count: number, prefix = 'r', s: Setup = setup) {
  for (let i = 0; i < count; i++) server.upsert(`${prefix}${i}`);
  return pollOnce(s.engine, s.instance, { backfillSince: 0 });
}

const all = (s: Setup = setup): OutboxEntry[] => s.engine.deliveries.list({ limit: 1000 }).items;
const settled = (s: Setup = setup) => all(s).every((notification) => notification.state !== 'pending');

async function until(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** `objectId@updated` of every change a request carried (the raw records hold the exact epoch ms). */
function changesIn(body: string): string[] {
  const raw = (JSON.parse(body) as { message: { raw: { items: { id: string; updated: number }[] } } }).message.raw.items;
  return raw.map((record) => `${record.id}@${record.updated}`);
}

function storedChanges(s: Setup = setup): string[] {
  return (s.engine.stores.db.prepare('SELECT object_id, change_time FROM events').all() as { object_id: string; change_time: number }[]).map(
    (row) => `${row.object_id}@${row.change_time}`,
  );
}

describe('webhook delivery', () => {
  it('POSTs each poll in signed notifications of at most 10 events, and records every attempt', async () => {
    await start();
    await change(25);
    await receiver.until(() => receiver.accepted.length === 3);
    for (const request of receiver.received) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['elements-webhook-signature']).toBe(elementsSignature(SIGNATURE_KEY, request.body));
      expect(new Webhook(WHSEC).verify(request.body, request.headers as Record<string, string>)).toMatchObject({ message: { instanceName: 'Test API' } });
      expect(JSON.parse(request.body).message.eventId).toBe(request.messageId);
    }
    expect(receiver.received.flatMap((request) => carriedObjects(request.body).map((event) => event.objectId)).sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => `r${i}`).sort(),
    );
    await until(() => settled());
    const notifications = all();
    expect(notifications.map((notification) => [notification.state, notification.eventCount, notification.attempts])).toEqual([
      ['delivered', 5, 1],
      ['delivered', 10, 1],
      ['delivered', 10, 1],
    ]);
    const [attempt] = setup.engine.deliveries.attemptsOf(notifications[0]?.id as number);
    expect(attempt).toMatchObject({ attempt: 1, status: 200, outcome: 'delivered', response: '{"ok":true}', url: receiver.url });
    expect(attempt?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('loses nothing while the receiver is down for a while, and repeats only with the same webhook-id', async () => {
    const schedule = { delaysMs: [0, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000], jitter: 0.2 };
    await start(ok, { schedule });
    await receiver.stop();
    await change(30, 'a');
    await until(() => all().every((notification) => notification.attempts >= 2));
    await receiver.start();
    let refusals = 4;
    receiver.behave(() => (refusals-- > 0 ? { status: 503, body: 'warming up' } : { status: 200 }));
    await change(12, 'a');
    await change(5, 'b');
    await until(() => settled(), 20_000);

    expect(all().every((notification) => notification.state === 'delivered')).toBe(true);
    const bodies = new Map<string, string>();
    for (const request of receiver.received) {
      expect(bodies.get(request.messageId) ?? request.body, 'a repeat carries the same body').toBe(request.body);
      bodies.set(request.messageId, request.body);
    }
    const delivered = receiver.accepted.flatMap((request) => changesIn(request.body));
    expect(new Set(delivered)).toEqual(new Set(storedChanges()));
    const acceptedIds = receiver.accepted.map((request) => request.messageId);
    expect(new Set(acceptedIds).size).toBe(all().length);
    expect(receiver.received.some((request) => request.headers['webhook-id'] === undefined)).toBe(false);
  });

  it('disables an endpoint that answers 410, keeps its notifications, tells the user, and replays them once fixed', async () => {
    await start(() => ({ status: 410, body: 'gone' }));
    await change(3);
    await until(() => all()[0]?.state === 'disabled');
    expect(setup.engine.deliveries.listEndpoints()[0]).toMatchObject({ state: 'disabled', disabledReason: `${receiver.url} answered 410 Gone` });
    expect(setup.notifier.shown.filter((notice) => notice.kind === 'problem')).toMatchObject([
      { title: 'Test API', body: expect.stringMatching(/410 Gone: the endpoint is disabled/), open: { view: 'deliveries', instanceId: setup.instance.id } },
    ]);
    await change(2, 'later');
    await sleep(100);
    expect(all().map((notification) => notification.state)).toEqual(['disabled', 'disabled']);
    expect(receiver.received).toHaveLength(1);

    receiver.behave(ok);
    expect(setup.engine.deliveries.replaySince({ since: 0 })).toHaveLength(2);
    await until(() => settled());
    expect(all().map((notification) => notification.state)).toEqual(['delivered', 'delivered']);
    expect(setup.engine.deliveries.listEndpoints()[0]?.state).toBe('active');
  });

  it('honours 429 with Retry-After: that endpoint waits, then everything goes through', async () => {
    let throttled = false;
    await start(() => (throttled ? { status: 200 } : ((throttled = true), { status: 429, headers: { 'Retry-After': '1' } })), { maxPerEndpoint: 1 });
    await change(4, 'x');
    await until(() => receiver.received.length === 1);
    const throttledAt = receiver.received[0]?.at as number;
    await change(4, 'y');
    await until(() => settled());
    const [, ...later] = receiver.received;
    expect(later.length).toBe(2);
    for (const request of later) expect(request.at - throttledAt).toBeGreaterThanOrEqual(900);
    expect(receiver.received[1]?.messageId).toBe(receiver.received[0]?.messageId);
    expect(setup.engine.deliveries.listEndpoints()[0]).toMatchObject({ state: 'active', throttle: 0 });
  });

  it('counts a receiver slower than the timeout as a failure and sends again with the same id', async () => {
    await start((_, index) => (index === 0 ? { status: 200, delayMs: 1500 } : { status: 200 }), { timeoutMs: 300 });
    await change(2);
    await until(() => settled());
    const [notification] = all();
    const attempts = setup.engine.deliveries.attemptsOf(notification?.id as number);
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'delivered']);
    expect(attempts[0]?.error).toBe('no 2xx answer within 0.3 s');
    expect(attempts[0]?.durationMs).toBeGreaterThanOrEqual(250);
    expect(receiver.received.map((request) => request.messageId)).toEqual([notification?.messageId, notification?.messageId]);
  });

  it('stores the events but fails the notification with a clear error when the stored callback is not a URL; a replay after the fix delivers', async () => {
    await start();
    const edited = editStoredCallback(setup.engine, setup.instance, 'not a url');
    setup = { ...setup, instance: edited };
    const events = await change(3);
    expect(events).toHaveLength(3);
    expect(setup.engine.stores.events.count()).toBe(3);
    await until(() => all()[0]?.state === 'failed');
    expect(all()[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/callback URL "not a url" is not a URL: set event.notification.callback.url/) });
    expect(setup.notifier.shown.find((notice) => notice.kind === 'problem')?.body).toMatch(/not a URL/);
    expect(receiver.received).toHaveLength(0);

    editStoredCallback(setup.engine, edited, receiver.url);
    expect(setup.engine.deliveries.replay(all()[0]?.id as number).url).toBe(receiver.url);
    await until(() => all()[0]?.state === 'delivered');
    expect(receiver.accepted).toHaveLength(1);
  });

  it('does not send the notifications of a removed instance unsigned: they fail, saying why', async () => {
    server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    receiver = await startReceiver();
    cleanups.push(() => server.close(), () => receiver.close());
    setup = await setupDelivery(server.url, receiver.url);
    cleanups.push(() => setup.engine.close(), () => setup.engine.deliveries.stop(200));
    await change(2);
    setup.engine.instances.remove(setup.instance.id);
    setup.engine.deliveries.start(FAST);
    await until(() => settled());
    expect(all()[0]).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/instance #\d+ was removed, and its signing keys with it/) });
    expect(receiver.received).toHaveLength(0);
  });

  it('retries an unreachable receiver on the schedule, then marks the notification failed and keeps it', async () => {
    await start();
    await receiver.stop();
    await change(2);
    await until(() => settled());
    const [notification] = all();
    expect(notification).toMatchObject({ state: 'failed', attempts: FAST.schedule?.delaysMs?.length });
    const attempts = setup.engine.deliveries.attemptsOf(notification?.id as number);
    expect(attempts.every((attempt) => /cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/.test(attempt.error ?? ''))).toBe(true);
    expect(setup.engine.stores.events.count()).toBe(2);
    expect(setup.notifier.shown.some((notice) => notice.kind === 'problem' && /failed after 6 attempt/.test(notice.body))).toBe(true);
  });

  it('delivers changes to one object in order, even when an earlier notification is slow', async () => {
    await start((_, index) => ({ status: 200, delayMs: index === 0 ? 300 : 0 }), { maxPerEndpoint: 8 });
    for (let round = 0; round < 4; round++) {
      server.upsert('x');
      server.upsert(`other${round}`);
      await pollOnce(setup.engine, setup.instance, { backfillSince: 0 });
      await sleep(5);
    }
    await until(() => settled());
    const xTimes = receiver.accepted.flatMap((request) => changesIn(request.body)).filter((key) => key.startsWith('x@')).map((key) => Number(key.slice(2)));
    expect(xTimes.length).toBeGreaterThanOrEqual(4);
    expect(xTimes).toEqual([...xTimes].sort((a, b) => a - b));
  });

  it('keeps at most the configured requests in flight to one endpoint', async () => {
    await start(() => ({ status: 200, delayMs: 30 }), { maxPerEndpoint: 3 });
    await change(200);
    await until(() => settled());
    expect(receiver.accepted).toHaveLength(20);
    expect(receiver.maxConcurrent).toBeLessThanOrEqual(3);
    expect(receiver.maxConcurrent).toBeGreaterThanOrEqual(2);
  });

  it('disables an endpoint that keeps failing for the configured time (5 days by default) and says so', async () => {
    await start(() => ({ status: 500 }), { disableAfterMs: 300, schedule: { delaysMs: Array(30).fill(50) } });
    await change(1);
    await until(() => setup.engine.deliveries.listEndpoints()[0]?.state === 'disabled');
    expect(setup.engine.deliveries.listEndpoints()[0]?.disabledReason).toMatch(/^every attempt to .* failed for \d+ ms$/);
    expect(all()[0]?.state).toBe('disabled');
    expect(setup.notifier.shown.some((notice) => notice.kind === 'problem' && /failed for .* the endpoint is disabled/.test(notice.body))).toBe(true);
  });

  it('keeps attempt state across a restart and carries on where it stopped', async () => {
    await start(() => ({ status: 500, body: 'not yet' }), { schedule: { delaysMs: [0, 40, 40, 5000, 40], jitter: 0 } });
    await change(1);
    await until(() => (all()[0]?.attempts ?? 0) >= 3);
    await setup.engine.deliveries.stop();
    setup.engine.close();
    cleanups.splice(cleanups.length - 2);

    const reopened = openDeliveryEngine(setup.dataDir);
    cleanups.push(() => reopened.engine.close(), () => reopened.engine.deliveries.stop(200));
    const [notification] = reopened.engine.deliveries.list().items;
    expect(notification).toMatchObject({ state: 'pending', attempts: 3, step: 3, lastStatus: 500, lastError: 'HTTP 500: not yet' });
    receiver.behave(ok);
    reopened.engine.deliveries.replay(notification?.id as number);
    reopened.engine.deliveries.start(FAST);
    await until(() => reopened.engine.deliveries.get(notification?.id as number)?.state === 'delivered');
    expect(reopened.engine.deliveries.attemptsOf(notification?.id as number).map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
  });

  it('shows one coalesced desktop notification per poll, and none when muted', async () => {
    await start();
    server.upsert('old');
    await pollOnce(setup.engine, setup.instance, { backfillSince: 0 });
    await sleep(5);
    for (let i = 0; i < 3; i++) server.upsert(`n${i}`);
    server.upsert('old');
    setup.notifier.shown.length = 0;
    const events = await pollOnce(setup.engine, setup.instance);
    expect(setup.notifier.shown).toHaveLength(0); // an instance is announced at most once a minute: this one waits
    setup.engine.notices.close();
    expect(setup.notifier.shown).toMatchObject([
      { kind: 'events', title: 'Test API', body: '3 items created, 1 updated', open: { view: 'events', instanceId: setup.instance.id, eventCount: 4 } },
    ]);
    expect([...(setup.notifier.shown[0]?.open as { eventIds: string[] }).eventIds].sort()).toEqual(events.map((event) => event.id).sort());

    setup.engine.settings.set('notifications', { muted: true, mutedInstances: [] });
    setup.notifier.shown.length = 0;
    await change(2, 'muted');
    setup.engine.notices.close();
    expect(setup.notifier.shown).toHaveLength(0);
  });
});
