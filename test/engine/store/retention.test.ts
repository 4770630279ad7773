/**
 * Retention in bounded steps: a large prune is many short transactions with the event loop running
 * between them (a poll's insert gets in before the prune ends), by age and beyond the newest N.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { eventId, type ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { BackgroundCheckpoints, type PassCheckpoints } from '../../../electron/engine/store/backgroundCheckpoints.ts';
import { inTransaction, openDatabase, type Database } from '../../../electron/engine/store/database.ts';
import { EventStore } from '../../../electron/engine/store/eventStore.ts';
import { Retention } from '../../../electron/engine/store/retention.ts';
import { addItemsInstance, openTestEngine, pollOnce, sleep, tempDataDir } from '../support/harness.ts';
import { startRecordServer } from '../support/recordServer.ts';

function events(instanceId: number, count: number, from = 0): ChangeEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const objectId = `r${from + index}`;
    return { id: eventId(instanceId, 'items', objectId, 1000 + index, 'UPDATED'), instanceId, elementKey: 'generic', resource: 'items', objectId, eventType: 'UPDATED', changeTime: 1000 + index, pollTime: 2000, raw: { objectId } };
  });
}

function storeWith(...batches: { instanceId: number; count: number; storedAt: number }[]) {
  const file = join(tempDataDir('cep-retention-'), 'events.sqlite');
  const db = openDatabase(file);
  const store = new EventStore(db);
  for (const batch of batches) inTransaction(db, () => store.insert(events(batch.instanceId, batch.count), undefined, batch.storedAt));
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return { db, store, file };
}

const autocheckpoint = (db: Database) => (db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

/** The WAL's size after pruning 60,000 events with these checkpoints, and the automatic checkpoint's setting during the steps and after. */
async function pruneWith(checkpoints: (db: Database, file: string) => PassCheckpoints) {
  const { db, store, file } = storeWith({ instanceId: 1, count: 60_000, storedAt: 100 });
  const during = new Set<number>();
  const retention = new Retention({ steps: () => store.retentionSteps({ olderThan: 500 }), checkpoints: checkpoints(db, file), onStep: () => during.add(autocheckpoint(db)), onError: (error) => expect.fail(error.message) });
  expect(await retention.request({ byAge: true, instances: new Set() })).toBe(60_000);
  return { walBytes: statSync(`${file}-wal`).size, during: [...during], after: autocheckpoint(db) };
}

describe('retention', () => {
  it('prunes a large backlog in many steps, letting other work write between them', async () => {
    const { store } = storeWith({ instanceId: 1, count: 30_000, storedAt: 100 });
    const steps: number[] = [];
    const retention = new Retention({ steps: () => store.retentionSteps({ olderThan: 500 }), onStep: (_ms, deleted) => steps.push(deleted), onError: (error) => expect.fail(error.message) });
    let seenMidway: number | undefined;
    const pass = retention.request({ byAge: true, instances: new Set() });
    // What a poll does meanwhile: it gets its turn before the prune is over.
    setTimeout(() => {
      seenMidway = store.count();
      store.insert(events(2, 1), undefined, 1000);
    }, 0);
    expect(await pass).toBe(30_000);
    expect(steps.length).toBeGreaterThan(2);
    expect(Math.max(...steps)).toBeLessThan(30_000);
    expect(seenMidway).toBeGreaterThan(0);
    expect(seenMidway).toBeLessThan(30_000);
    expect(store.count()).toBe(1);
  });

  it('copies the WAL back on a worker thread while pruning, not in the steps, so that it starts over instead of growing', async () => {
    const neverCopied = await pruneWith((db) => ({ start: () => db.exec('PRAGMA wal_autocheckpoint = 0'), checkpoint: () => Promise.resolve(), stop: () => undefined }));
    const inBackground = await pruneWith((db, file) => new BackgroundCheckpoints(db, file));
    // The first step still checkpoints as SQLite does (most passes are one step); the next ones leave it to the worker.
    expect(inBackground).toMatchObject({ during: [1000, 10_000], after: 1000 });
    expect(inBackground.walBytes).toBeLessThan(neverCopied.walBytes / 2);
  });

  it('checkpoints in the commits again when the worker cannot open the database, and the pass goes on', async () => {
    const { db, store } = storeWith({ instanceId: 1, count: 20_000, storedAt: 100 });
    const during = new Set<number>();
    const checkpoints = new BackgroundCheckpoints(db, join(tempDataDir('cep-retention-'), 'missing', 'events.sqlite'));
    const retention = new Retention({ steps: () => store.retentionSteps({ olderThan: 500 }), checkpoints, onStep: () => during.add(autocheckpoint(db)), onError: (error) => expect.fail(error.message) });
    expect(await retention.request({ byAge: true, instances: new Set() })).toBe(20_000);
    expect(autocheckpoint(db)).toBe(1000);
    expect(during).toContain(1000);
    // Nor do writers start it again, once per transaction (once the worker's failure has arrived: the
    // pass may end first, and end the worker before it reports).
    await vi.waitFor(() => expect(checkpoints.failed).toBe(true));
    checkpoints.wrote(5_000);
    expect(checkpoints.running).toBe(false);
  });

  it('keeps the newest N of each instance asked for, and of every instance for a full pass', async () => {
    const { store } = storeWith({ instanceId: 1, count: 300, storedAt: 1000 }, { instanceId: 2, count: 250, storedAt: 1000 });
    const retention = new Retention({ steps: (work) => store.retentionSteps({ maxPerInstance: 100, instanceIds: work.instances === 'all' ? undefined : [...work.instances] }), onError: (error) => expect.fail(error.message) });
    expect(await retention.request({ byAge: false, instances: new Set([2]) })).toBe(150);
    expect([store.count({ instanceId: 1 }), store.count({ instanceId: 2 })]).toEqual([300, 100]);
    expect(await retention.request({ byAge: false, instances: 'all' })).toBe(200);
    expect(store.query({ instanceId: 1, limit: 1000 }).map((event) => event.objectId).at(-1)).toBe('r200');
  });

  it('after a poll that stored events, prunes that instance beyond the newest N in the background', async () => {
    const server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    const engine = openTestEngine();
    try {
      engine.settings.set('retention', { maxAgeDays: 30, maxEventsPerInstance: 100 });
      const now = server.now();
      for (let index = 0; index < 150; index++) server.upsert(`r${index}`, undefined, now - 60_000 + index);
      const instance = await addItemsInstance(engine, server.url, { pattern: 'milliseconds', pageSize: 50 });
      expect(await pollOnce(engine, instance, { backfillSince: 0 })).toHaveLength(150);
      const deadline = Date.now() + 10_000;
      while (engine.stores.events.count() > 100 && Date.now() < deadline) await sleep(20);
      expect(engine.stores.events.count()).toBe(100);
    } finally {
      engine.close();
      await server.close();
    }
  });
});
