// Events of several pages share one transaction, but none waits long for a slow next page: they are
// stored within a moment, and a failure to store them then fails the poll without losing anything.
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import { addItemsInstance, openTestEngine, pollOnce } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';

let server: RecordServer;
let engine: Engine;

afterEach(async () => {
  engine?.close();
  await server?.close();
});

async function slowServerWithSixChanges() {
  // Every answer takes 600 ms: much longer than the 250 ms events may wait to be stored.
  server = await startRecordServer({ dateStyle: { kind: 'epoch' }, latencyMs: 600 });
  engine = openTestEngine();
  const instance = await addItemsInstance(engine, server.url, { pattern: 'milliseconds', pageSize: 2 });
  await pollOnce(engine, instance);
  for (const id of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']) server.upsert(id);
  return instance;
}

describe('storing events while pages arrive', () => {
  it('stores the events of a page before a slow next page arrives', async () => {
    const instance = await slowServerWithSixChanges();
    let storedWhenSecondPageServed = -1;
    server.beforePage(2, () => (storedWhenSecondPageServed = engine.stores.events.count({ instanceId: instance.id })));
    const events = await pollOnce(engine, instance);
    expect(events.map((event) => event.objectId).sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    // The first page's events were committed while the second page was still on its way.
    expect(storedWhenSecondPageServed).toBe(2);
  });

  it('fails the poll (not the process) when storing between pages fails, and the next poll stores every change once', async () => {
    const instance = await slowServerWithSixChanges();
    const deliver = engine.stores.onEventsStored;
    let failures = 0;
    engine.stores.onEventsStored = (events, config) => {
      if (failures++ === 0) throw new Error('disk full');
      deliver?.(events, config);
    };
    const [failed] = await engine.pollInstance(instance);
    expect(failed?.error?.message).toBe('disk full');
    expect(engine.stores.runs.recent({ instanceId: instance.id, limit: 1 })[0]?.outcome).toBe('failed');

    engine.stores.onEventsStored = deliver;
    await pollOnce(engine, instance);
    const stored = engine.stores.events.query({ instanceId: instance.id, limit: 100 });
    expect(stored.map((event) => event.objectId).sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });
});

describe('a backfill spanning hours, its rows moving while it pages', () => {
  it('stores every change once, and the cursor keeps only the keys of its overlap', async () => {
    server = await startRecordServer({ dateStyle: { kind: 'epoch' }, unordered: true });
    engine = openTestEngine();
    const instance = await addItemsInstance(engine, server.url, { pattern: 'milliseconds', pageSize: 100 });
    const start = server.now() - 4 * 3600_000;
    // 2,500 changes 5 s apart: more than one store batch, and far more than the 5 minutes of overlap.
    for (let i = 0; i < 2_500; i++) server.upsert(`r${i}`, undefined, start + i * 5_000);
    // A change arriving mid-poll reshuffles the unordered listing: rows are skipped and repeated, so
    // the window is read again, and the old rows whose keys the poll let go come back.
    server.beforePage(2_300, () => server.upsert('late', undefined, start + 1_000));
    const [outcome] = await engine.pollInstance(instance, { backfillSince: start - 60_000 });
    expect(outcome?.error).toBeUndefined();
    expect(outcome?.result?.passes).toBeGreaterThan(1);

    const stored = engine.stores.events.query({ instanceId: instance.id, limit: 10_000 });
    expect(stored).toHaveLength(2_501);
    expect(new Set(stored.map((event) => event.objectId)).size).toBe(2_501);
    const cursor = engine.stores.cursors.load(instance.id, 'items');
    const watermark = start + 2_499 * 5_000;
    expect(cursor?.watermark).toBe(watermark);
    expect([...(cursor?.seen.values() ?? [])].every((changeTime) => changeTime >= watermark - 5 * 60_000)).toBe(true);
    expect(cursor?.seen.size).toBe(61);
    expect(await pollOnce(engine, instance)).toEqual([]);
  });
});
