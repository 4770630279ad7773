/**
 * Field triggers (`notifyOnFields`) through the engine: every UPDATED is stored, but only those that
 * changed a watched field go to the webhook outbox and the desktop notifications.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import type { RecordingNotifier } from '../../../electron/engine/delivery/notifier.ts';
import { openDeliveryEngine, signingEnv } from '../delivery/support/setup.ts';
import { tempDataDir } from '../support/harness.ts';
import { item, itemsDocument, startItemsApi, type ItemsApi } from '../support/itemsApi.ts';

let api: ItemsApi | undefined;
const engines: Engine[] = [];

afterEach(async () => {
  for (const engine of engines.splice(0)) engine.close();
  await api?.close();
  api = undefined;
});

const INSTANCE = 'Changes API';
const notifying = { 'event.notification.enabled': true, 'event.notification.callback.url': 'http://127.0.0.1:9/hook' };

function open(dataDir: string): { engine: Engine; notifier: RecordingNotifier } {
  const opened = openDeliveryEngine(dataDir, signingEnv(INSTANCE));
  engines.push(opened.engine);
  return opened;
}

async function poll(engine: Engine, backfillSince?: number) {
  const outcomes = await engine.pollInstance(engine.requireInstance(INSTANCE), backfillSince === undefined ? {} : { backfillSince });
  expect(outcomes.flatMap((outcome) => (outcome.error ? [outcome.error.message] : []))).toEqual([]);
  return outcomes.flatMap((outcome) => outcome.result?.newEvents ?? []);
}

const queuedEventIds = (engine: Engine) => engine.deliveries.list({ limit: 100 }).items.flatMap((notification) => notification.eventIds);

describe('notifyOnFields', () => {
  it("stores every update but delivers only those that changed a watched field (tell me when an opportunity's stage changes)", async () => {
    api = await startItemsApi([item('opp-1', { name: 'Big deal', stage: 'Prospecting', amount: 100 })]);
    const { engine } = open(tempDataDir());
    await engine.addInstance(itemsDocument(api.url, { notifyOnFields: ['stage'] }, notifying));

    // First seen: whether the stage changed cannot be known, so it is told (never a missed change).
    const [firstSeen] = await poll(engine, 0);
    expect(queuedEventIds(engine)).toEqual([firstSeen?.id]);

    api.edit('opp-1', { amount: 150, name: 'Bigger deal' });
    const [amountOnly] = await poll(engine);
    expect(engine.stores.events.get(amountOnly?.id as string)?.changes?.map((change) => change.path)).toEqual(['name', 'amount']);
    expect(queuedEventIds(engine)).toEqual([firstSeen?.id]);

    api.edit('opp-1', { stage: 'Negotiation' });
    const [stageMoved] = await poll(engine);
    expect(queuedEventIds(engine).sort()).toEqual([firstSeen?.id, stageMoved?.id].sort());
    expect(engine.stores.events.count()).toBe(3);
  });

  it('counts a change inside a watched object, and of a whole object holding a watched field', async () => {
    api = await startItemsApi([item('a', { address: { city: 'Leeds', zip: 'LS1' }, note: 'x' })]);
    const { engine } = open(tempDataDir());
    await engine.addInstance(itemsDocument(api.url, { notifyOnFields: ['address', 'owner.name'] }, notifying));
    await poll(engine, 0);
    const told = () => queuedEventIds(engine).length;

    api.edit('a', { address: { city: 'York', zip: 'LS1' } });
    await poll(engine);
    expect(told()).toBe(2);

    api.edit('a', { note: 'y' });
    await poll(engine);
    expect(told()).toBe(2);

    api.edit('a', { owner: { name: 'kim' } });
    await poll(engine);
    expect(told()).toBe(3);
  });

  it('shows desktop notifications only for the updates that changed a watched field', async () => {
    api = await startItemsApi([item('opp-1', { stage: 'Prospecting', amount: 100 })]);
    const dataDir = tempDataDir();
    const seeding = open(dataDir).engine;
    await seeding.addInstance(itemsDocument(api.url, { notifyOnFields: ['stage'] }));
    await poll(seeding, 0);
    seeding.close();
    engines.splice(0);

    api.edit('opp-1', { amount: 150 });
    const quiet = open(dataDir);
    await poll(quiet.engine);
    quiet.engine.notices.close();
    expect(quiet.notifier.shown).toEqual([]);

    api.edit('opp-1', { stage: 'Closed Won' });
    const told = open(dataDir);
    await poll(told.engine);
    told.engine.notices.close();
    expect(told.notifier.shown).toHaveLength(1);
  });
});
