/** Editing an instance: the same server keeps its cursor; another server starts over (its ids mean nothing against the old ones). */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import { addItemsInstance, itemsInstance, openTestEngine, pollOnce } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';

let servers: RecordServer[] = [];
let engine: Engine | undefined;

afterEach(async () => {
  engine?.close();
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('replacing an instance', () => {
  it('keeps the cursor for an edit on the same server and drops it for another server', async () => {
    const first = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    const second = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    servers = [first, second];
    engine = openTestEngine();
    const instance = await addItemsInstance(engine, first.url, { pattern: 'milliseconds' });
    await pollOnce(engine, instance);
    expect(engine.stores.cursors.load(instance.id, 'items')).toBeDefined();

    const renamed = { ...itemsInstance(first.url, { pattern: 'milliseconds', pollDelay: 600 }), name: 'Renamed API' };
    const same = await engine.replaceInstance(instance, renamed);
    expect(same.instance.name).toBe('Renamed API');
    expect(engine.stores.cursors.load(instance.id, 'items')).toBeDefined();

    const moved = await engine.replaceInstance(same.instance, { ...itemsInstance(second.url, { pattern: 'milliseconds' }), name: 'Renamed API' });
    expect(moved.instance.id).toBe(instance.id);
    expect(engine.stores.cursors.load(instance.id, 'items')).toBeUndefined();
  });
});
