// Events of several pages share one transaction, but none waits long for a slow next page: they are
// stored within a moment, and a failure to store them then fails the poll without losing anything.
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine.ts';
import { addItemsInstance, openTestEngine, pollOnce } from './support/harness.ts';
import { startRecordServer, type RecordServer } from './support/recordServer.ts';

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
