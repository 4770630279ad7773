/**
 * The WAL copied back on a worker thread while much is written: a backfill's thousands of events
 * start the worker (the commits then leave the checkpoints to it, and the WAL still starts over
 * instead of growing), a poll's few events do not, and the worker ends once nothing is written.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { eventId, type ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { BackgroundCheckpoints } from '../../../electron/engine/store/backgroundCheckpoints.ts';
import { inTransaction, openDatabase, type Database } from '../../../electron/engine/store/database.ts';
import { EventStore } from '../../../electron/engine/store/eventStore.ts';
import { addItemsInstance, openTestEngine, pollOnce, tempDataDir } from '../support/harness.ts';
import { startRecordServer } from '../support/recordServer.ts';

function events(count: number, from: number): ChangeEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const objectId = `r${from + index}`;
    const changeTime = 1000 + from + index;
    return { id: eventId(1, 'items', objectId, changeTime, 'UPDATED'), instanceId: 1, elementKey: 'generic', resource: 'items', objectId, eventType: 'UPDATED', changeTime, pollTime: 2000, raw: { objectId, text: 'x'.repeat(400) } };
  });
}

const autocheckpoint = (db: Database) => (db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

function openStore() {
  const file = join(tempDataDir('cep-checkpoints-'), 'events.sqlite');
  const db = openDatabase(file);
  return { db, file, store: new EventStore(db) };
}

/** Batches of 500 events with a pause between them, as a backfill's pages come; tells `wrote` after each commit. */
async function backfill(db: Database, store: EventStore, wrote: (rows: number) => void, batches: number): Promise<void> {
  for (let batch = 0; batch < batches; batch++) {
    const stored = inTransaction(db, () => store.insert(events(500, batch * 500), undefined, 3000));
    wrote(stored.length);
    await sleep(15);
  }
}

describe('background checkpoints for writers', () => {
  it('a backfill starts the worker: the commits stop checkpointing, and the WAL starts over instead of growing', async () => {
    // Without the worker, and the commits checkpointing only a large WAL: what the WAL grows to.
    const alone = openStore();
    alone.db.exec('PRAGMA wal_autocheckpoint = 10000');
    await backfill(alone.db, alone.store, () => undefined, 30);
    const grown = statSync(`${alone.file}-wal`).size;
    alone.db.close();

    const { db, file, store } = openStore();
    const checkpoints = new BackgroundCheckpoints(db, file);
    const settings: number[] = [];
    await backfill(db, store, (rows) => {
      checkpoints.wrote(rows);
      settings.push(autocheckpoint(db));
    }, 30);
    expect(checkpoints.running).toBe(true);
    // The first 4,000 rows are checkpointed as SQLite does; then the worker takes over.
    expect(settings.slice(0, 7)).toEqual(Array(7).fill(1000));
    expect(settings.slice(7)).toEqual(Array(23).fill(10_000));
    // It grew only while SQLite checkpointed in the commits (4 MB), not with the fallback's 40.
    expect(statSync(`${file}-wal`).size).toBeLessThan(grown / 2);
    checkpoints.close();
    expect(autocheckpoint(db)).toBe(1000);
    expect(store.count()).toBe(15_000);
    db.close();
  });

  it('leaves the few events of polls to the commits, however long they go on', () => {
    const { db, file } = openStore();
    let now = 0;
    const checkpoints = new BackgroundCheckpoints(db, file, { now: () => now });
    // 3,900 rows every 10 s, one poll a second: never 4,000 in one window.
    for (let poll = 0; poll < 60; poll++, now += 1000) checkpoints.wrote(poll % 10 === 0 ? 3_000 : 100);
    expect(checkpoints.running).toBe(false);
    expect(autocheckpoint(db)).toBe(1000);
    now -= 500;
    checkpoints.wrote(100);
    expect(checkpoints.running).toBe(true);
    checkpoints.close();
    db.close();
  });

  it('ends the worker once nothing was written for a while, and not while a retention pass runs', async () => {
    const { db, file } = openStore();
    const checkpoints = new BackgroundCheckpoints(db, file, { idleMs: 100 });
    checkpoints.wrote(5_000);
    expect(checkpoints.running).toBe(true);
    await sleep(60);
    checkpoints.wrote(10);
    await sleep(60);
    // 120 ms after the burst, but only 60 after the last write.
    expect(checkpoints.running).toBe(true);
    checkpoints.start();
    await sleep(200);
    expect(checkpoints.running).toBe(true);
    checkpoints.stop();
    expect(checkpoints.running).toBe(false);
    expect(autocheckpoint(db)).toBe(1000);

    // A pass that ends while writers are busy leaves the worker to them, and it ends after them.
    checkpoints.wrote(5_000);
    checkpoints.start();
    checkpoints.stop();
    expect(checkpoints.running).toBe(true);
    await sleep(250);
    expect(checkpoints.running).toBe(false);
    expect(autocheckpoint(db)).toBe(1000);
    db.close();
  });

  it("the engine's backfill of thousands of records hands its checkpoints to the worker", async () => {
    const server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    const engine = openTestEngine();
    try {
      const now = server.now();
      for (let index = 0; index < 5_000; index++) server.upsert(`r${index}`, undefined, now - 600_000 + index);
      const instance = await addItemsInstance(engine, server.url, { pattern: 'milliseconds', pageSize: 500 });
      expect(await pollOnce(engine, instance, { backfillSince: 0 })).toHaveLength(1000);
      expect(engine.stores.events.count()).toBe(5_000);
      expect(autocheckpoint(engine.stores.db)).toBe(10_000);
    } finally {
      engine.close();
      await server.close();
    }
  });
});
