/** The Deliveries service the UI will use: paged queries by state/instance/endpoint, attempts, replays, resending one event; and its API-contract adapter. */
import { afterEach, describe, expect, it } from 'vitest';
import { deliveriesPort, onDeliveryChanged } from '../../../electron/engine/delivery/deliveriesPort.ts';
import { pollOnce, sleep } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { FAST, setupDelivery, type Setup } from './support/setup.ts';

let server: RecordServer;
let receiver: Receiver;
let setup: Setup;

afterEach(async () => {
  await setup.engine.deliveries.stop(200);
  setup.engine.close();
  await receiver.close();
  await server.close();
});

async function until(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

async function start(): Promise<void> {
  server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  receiver = await startReceiver();
  setup = await setupDelivery(server.url, receiver.url);
  for (let i = 0; i < 45; i++) server.upsert(`r${i}`);
  await pollOnce(setup.engine, setup.instance, { backfillSince: 0 });
}

describe('the Deliveries service', () => {
  it('lists notifications newest first in pages, by state, instance and endpoint, and finds one by its message id', async () => {
    await start();
    const { deliveries } = setup.engine;
    const first = deliveries.list({ limit: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((n) => n.id)).toEqual([5, 4]);
    const second = deliveries.list({ limit: 2, beforeId: first.nextBeforeId });
    expect(second.items.map((n) => n.id)).toEqual([3, 2]);
    expect(deliveries.list({ limit: 2, beforeId: second.nextBeforeId })).toMatchObject({ items: [{ id: 1 }], nextBeforeId: undefined });
    expect(deliveries.list({ state: 'pending', instanceId: setup.instance.id, endpointId: deliveries.findEndpoint(receiver.url)?.id }).total).toBe(5);
    expect(deliveries.list({ state: 'delivered' }).total).toBe(0);
    expect(deliveries.list({ instanceId: 99 }).total).toBe(0);
    const byMessage = deliveries.get(first.items[0]?.messageId as string);
    expect(byMessage?.id).toBe(5);
    expect(JSON.parse(deliveries.body(5) as string).message.eventId).toBe(byMessage?.messageId);
  });

  it('replays since a time only what matches the instance, endpoint and state', async () => {
    await start();
    const { deliveries } = setup.engine;
    deliveries.start(FAST);
    await until(() => deliveries.list({ state: 'delivered' }).total === 5);
    expect(deliveries.replaySince({ since: 0 })).toEqual([]);
    expect(deliveries.replaySince({ since: Date.now() + 60_000, states: ['delivered'] })).toEqual([]);
    expect(deliveries.replaySince({ since: 0, instanceId: 99, states: ['delivered'] })).toEqual([]);
    expect(() => deliveries.replaySince({ since: 0, endpoint: 'http://nowhere.example/' })).toThrow(/no endpoint "http:\/\/nowhere.example\/"; known: http:\/\/127/);
    expect(deliveries.replaySince({ since: 0, endpoint: receiver.url, states: ['delivered'] })).toEqual([1, 2, 3, 4, 5]);
    await until(() => deliveries.list().items.every((notification) => notification.state === 'delivered' && notification.attempts === 2));
    expect(receiver.accepted).toHaveLength(10);
    expect(deliveries.attemptsOf(1).map((attempt) => attempt.outcome)).toEqual(['delivered', 'delivered']);
  });

  it('resends one event: by replaying the notification that carried it, or in a new one when none is left', async () => {
    await start();
    const { deliveries, stores } = setup.engine;
    deliveries.start(FAST);
    await until(() => deliveries.list({ state: 'delivered' }).total === 5);
    const [event] = stores.events.query({ limit: 1 });
    const carrier = deliveries.resendEvent(event?.id as string);
    expect(carrier.eventIds).toContain(event?.id);
    await until(() => deliveries.get(carrier.id)?.attempts === 2);
    expect(receiver.accepted).toHaveLength(6);

    stores.db.prepare('DELETE FROM outbox WHERE id = ?').run(carrier.id);
    const fresh = deliveries.resendEvent(event?.id as string);
    expect(fresh).toMatchObject({ eventIds: [event?.id], eventCount: 1 });
    await until(() => receiver.accepted.length === 7);
    expect(() => deliveries.resendEvent('no-such-event')).toThrow(/no event "no-such-event"/);
  });

  it('serves the API contract: rows and attempts with ISO times, replays, and delivery-changed pushes', async () => {
    await start();
    const { deliveries } = setup.engine;
    const port = deliveriesPort(deliveries);
    const changes: { id: number; state: string }[] = [];
    const unsubscribe = onDeliveryChanged(deliveries, (change) => changes.push(change));
    deliveries.start(FAST);
    await until(() => deliveries.list({ state: 'delivered' }).total === 5);
    const { deliveries: rows, total } = await port.query({ state: 'delivered', endpoint: receiver.url, limit: 2 });
    expect(total).toBe(5);
    expect(rows[0]).toMatchObject({ id: 5, instanceName: 'Test API', resource: 'items', endpoint: receiver.url, state: 'delivered', eventCount: 5, attempts: 1 });
    expect(rows[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await port.query({ endpoint: 'http://unknown/' })).toEqual({ deliveries: [], total: 0 });
    expect(port.attempts(5)).toMatchObject([{ status: 200, responseSnippet: '{"ok":true}', at: expect.stringMatching(/Z$/) }]);
    expect(port.replaySince({ since: '2000-01-01T00:00:00Z', state: 'delivered' })).toBe(5);
    await until(() => deliveries.list().items.every((notification) => notification.state === 'delivered' && notification.attempts === 2));
    expect(changes.filter((change) => change.state === 'delivered').length).toBeGreaterThanOrEqual(10);
    unsubscribe();
  });
});
