/**
 * `changes` on UPDATED events, through the engine against real local HTTP servers: first seen,
 * changed, only volatile or ignored fields changed, nested paths, arrays, masked secrets, deletions
 * (Dynamics change tracking) and retention (the previous version outlives the pruned events).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import type { ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { startDynamicsSimulator, type DynamicsSimulator } from '../../../electron/simulators/index.ts';
import { dynamicsInstance, eventsOf, failures, nextSecond, onlyResources, openEngine } from '../connectors/dynamics/support.ts';
import { openTestEngine } from '../support/harness.ts';
import { item, itemsDocument, startItemsApi, type ItemsApi } from '../support/itemsApi.ts';

let engine: Engine | undefined;
let api: ItemsApi | undefined;
let sim: DynamicsSimulator | undefined;

afterEach(async () => {
  engine?.close();
  engine = undefined;
  await api?.close();
  api = undefined;
  await sim?.close();
  sim = undefined;
});

async function pollEvents(instanceName: string, backfillSince?: number): Promise<ChangeEvent[]> {
  const active = engine as Engine;
  const outcomes = await active.pollInstance(active.requireInstance(instanceName), backfillSince === undefined ? {} : { backfillSince });
  expect(failures(outcomes)).toEqual([]);
  return eventsOf(outcomes);
}

describe('changes on UPDATED events (generic JSON API)', () => {
  it('says "first seen" the first time, then the fields that differ with old and new values', async () => {
    api = await startItemsApi([item('a', { stage: 'Lead', amount: 10 })]);
    const { url } = api;
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url));

    const [first] = await pollEvents('Changes API', 0);
    expect(first?.eventType).toBe('UPDATED');
    expect(first?.changes).toBeNull();

    api.edit('a', { stage: 'Qualified', owner: 'kim' });
    const [second] = await pollEvents('Changes API');
    expect(second?.changes).toEqual([
      { path: 'stage', old: 'Lead', new: 'Qualified' },
      { path: 'owner', new: 'kim' },
    ]);
    // Stored with the event, and read back the same.
    expect(engine.stores.events.get(second?.id as string)?.changes).toEqual(second?.changes);

    api.edit('a', { owner: undefined });
    const [third] = await pollEvents('Changes API');
    expect(third?.changes).toEqual([{ path: 'owner', old: 'kim' }]);
  });

  it('leaves out volatile and ignored fields; an update of only those is an event with no changes', async () => {
    api = await startItemsApi([item('a', { modifiedon: 'x', versionnumber: 1, '@odata.etag': 'W/"1"', audit: { by: 'sys', at: 1 }, name: 'Acme' })]);
    const { url } = api;
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url, { ignoreFields: ['audit'] }));
    await pollEvents('Changes API', 0);

    api.edit('a', { modifiedon: 'y', versionnumber: 2, '@odata.etag': 'W/"2"', audit: { by: 'job', at: 2 } });
    const onlyIgnored = await pollEvents('Changes API');
    expect(onlyIgnored).toHaveLength(1);
    expect(onlyIgnored[0]?.eventType).toBe('UPDATED');
    expect(onlyIgnored[0]?.changes).toEqual([]);

    api.edit('a', { name: 'Acme Ltd', audit: { by: 'kim', at: 3 } });
    expect((await pollEvents('Changes API'))[0]?.changes).toEqual([{ path: 'name', old: 'Acme', new: 'Acme Ltd' }]);
  });

  it('names nested fields by their JSON paths, arrays item by item (or whole when their length changed), and masks secret fields', async () => {
    const record = item('a', {
      address: { city: 'Leeds', geo: { lat: 1 } },
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }],
      tags: ['x'],
      'Modified By': 'kim',
      ssn: '111-22-3333',
    });
    api = await startItemsApi([record]);
    const { url } = api;
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url, { secretFields: ['ssn'] }));
    await pollEvents('Changes API', 0);

    api.edit('a', {
      address: { city: 'York', geo: { lat: 2 } },
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 5 }],
      tags: ['x', 'y'],
      'Modified By': 'lee',
      ssn: '999-88-7777',
    });
    const [event] = await pollEvents('Changes API');
    expect(event?.changes).toEqual([
      { path: 'address.city', old: 'Leeds', new: 'York' },
      { path: 'address.geo.lat', old: 1, new: 2 },
      { path: 'lines[1].qty', old: 2, new: 5 },
      { path: 'tags', old: ['x'], new: ['x', 'y'] },
      { path: "['Modified By']", old: 'kim', new: 'lee' },
      { path: 'ssn', old: '***', new: '***' },
    ]);
    expect(JSON.stringify(engine.stores.events.get(event?.id as string)?.changes)).not.toMatch(/111-22|999-88/);
  });

  it('keeps comparing with the latest version after retention pruned every event of the object', async () => {
    api = await startItemsApi([item('a', { stage: 'Lead' })]);
    const { url } = api;
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url));
    await pollEvents('Changes API', 0);
    api.edit('a', { stage: 'Won' });
    await pollEvents('Changes API');

    expect(engine.stores.events.enforceRetention({ maxPerInstance: 0 })).toBe(2);
    expect(engine.stores.events.count()).toBe(0);

    api.edit('a', { stage: 'Lost' });
    expect((await pollEvents('Changes API'))[0]?.changes).toEqual([{ path: 'stage', old: 'Won', new: 'Lost' }]);
  });

  it('forgets the versions of a removed instance', async () => {
    api = await startItemsApi([item('a', { stage: 'Lead' })]);
    const { url } = api;
    engine = openTestEngine();
    const { instance } = await engine.addInstance(itemsDocument(url));
    await pollEvents('Changes API', 0);
    const versions = () => (engine?.stores.db.prepare('SELECT COUNT(*) AS n FROM object_versions').get() as { n: number }).n;
    expect(versions()).toBe(1);
    await engine.removeInstance(instance);
    expect(versions()).toBe(0);
  });
});

describe('changes with Dynamics change tracking', () => {
  it('ignores modifiedon, versionnumber and @odata.etag, and a deletion drops the version', async () => {
    sim = await startDynamicsSimulator({ seed: 3, recordsPerEntity: 5, changeTrackingDisabledFor: [] });
    const { document, env } = dynamicsInstance(sim);
    engine = openEngine(env);
    const instance = (await engine.addInstance(onlyResources(document, ['contacts']))).instance;
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    const contact = String(sim.control.records('contacts')[1]?.contactid);

    await nextSecond();
    sim.control.mutate({ entity: 'contacts', id: contact, fields: { jobtitle: 'CTO' } });
    const [firstSeen] = eventsOf(await engine.pollInstance(instance));
    expect(firstSeen?.changes).toBeNull();

    await nextSecond();
    sim.control.mutate({ entity: 'contacts', id: contact, fields: { jobtitle: 'CEO' } });
    const [changed] = eventsOf(await engine.pollInstance(instance));
    expect(changed?.changes).toEqual([{ path: 'attributes.jobtitle', old: 'CTO', new: 'CEO' }]);

    await nextSecond();
    sim.control.mutate({ entity: 'contacts', id: contact, fields: {} });
    const [touched] = eventsOf(await engine.pollInstance(instance));
    expect(touched?.eventType).toBe('UPDATED');
    expect(touched?.changes).toEqual([]);

    const versionOf = () => engine?.stores.db.prepare('SELECT 1 FROM object_versions WHERE object_id = ?').get(contact);
    expect(versionOf()).toBeDefined();
    sim.control.delete({ entity: 'contacts', id: contact });
    const [deleted] = eventsOf(await engine.pollInstance(instance));
    expect(deleted?.eventType).toBe('DELETED');
    expect(deleted?.changes).toBeUndefined();
    expect(versionOf()).toBeUndefined();
  });
});
