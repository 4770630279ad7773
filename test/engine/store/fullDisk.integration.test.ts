// A full disk under the event database: the poll fails saying so (not with the error of a rollback
// that SQLite already made), nothing is stored half, the cursor stays, and once there is room again
// the next poll stores every change once. The disk is filled by SQLite's own limit on the database
// size (max_page_count), which fails writes with SQLITE_FULL exactly as a full disk does.
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import { addItemsInstance, openTestEngine, pollOnce, sleep, tempDataDir } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';

let server: RecordServer;
let engine: Engine;

afterEach(async () => {
  engine?.close();
  await server?.close();
});

function fillDisk(target: Engine): void {
  const { page_count: pages } = target.stores.db.prepare('PRAGMA page_count').get() as { page_count: number };
  target.stores.db.exec(`PRAGMA max_page_count = ${pages}`);
}

describe('a full disk', () => {
  it('fails the poll with "the disk holding <data dir> is full", stores nothing half, keeps the cursor, and loses nothing', async () => {
    server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    const dataDir = tempDataDir();
    engine = openTestEngine(dataDir);
    const instance = await addItemsInstance(engine, server.url, { pattern: 'milliseconds', pageSize: 50 });
    await pollOnce(engine, instance);
    await sleep(5);
    for (let i = 0; i < 200; i++) server.upsert(`r${i}`, 'x'.repeat(2_000));
    const before = engine.stores.cursors.load(instance.id, 'items');

    fillDisk(engine);
    const [outcome] = await engine.pollInstance(instance);
    expect(outcome?.error?.message).toContain(`the disk holding ${dataDir} is full`);
    expect(outcome?.error?.message).not.toMatch(/rollback/i);
    expect(engine.stores.cursors.load(instance.id, 'items')).toEqual(before);
    // Whatever was stored is whole: each stored event has its raw record, none is there twice.
    const stored = engine.stores.events.query({ instanceId: instance.id, limit: 1000 });
    expect(new Set(stored.map((event) => event.objectId)).size).toBe(stored.length);
    expect(stored.every((event) => (event.raw as { name?: string }).name?.length === 2_000)).toBe(true);

    engine.stores.db.exec('PRAGMA max_page_count = 1073741823');
    await pollOnce(engine, instance);
    const all = engine.stores.events.query({ instanceId: instance.id, limit: 1000 });
    expect(all).toHaveLength(200);
    expect(new Set(all.map((event) => event.objectId)).size).toBe(200);
  });
});
