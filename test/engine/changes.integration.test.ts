/**
 * `changes` on UPDATED events, through the engine against real local HTTP servers: first seen,
 * changed, only volatile or ignored fields changed, nested paths, arrays, masked secrets, deletions
 * (Dynamics change tracking) and retention (the previous version outlives the pruned events).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine.ts';
import type { ChangeEvent } from '../../electron/engine/polling/events.ts';
import { startDynamicsSimulator, type DynamicsSimulator } from '../simulators/index.ts';
import { dynamicsInstance, eventsOf, failures, nextSecond, onlyResources, openEngine } from './connectors/dynamics/support.ts';
import { openTestEngine } from './support/harness.ts';

let engine: Engine | undefined;
let server: Server | undefined;
let sim: DynamicsSimulator | undefined;

afterEach(async () => {
  engine?.close();
  engine = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await sim?.close();
  sim = undefined;
});

type Item = Record<string, unknown> & { id: string; updated: number; created: number };

/** A JSON API listing every item changed after `since` (epoch ms), records exactly as given. */
async function startItems(items: Map<string, Item>): Promise<string> {
  server = createServer((request, response) => {
    const since = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('since') ?? 0);
    const data = [...items.values()].filter((item) => item.updated > since);
    response.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() }).end(JSON.stringify({ data }));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function itemsDocument(baseUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    element: { key: 'generic' },
    name: 'Changes API',
    configuration: {
      'base.url': baseUrl,
      'auth.type': 'none',
      'event.poller.configuration': {
        items: {
          url: '/items?since=${epoch}',
          idField: 'id',
          recordsPath: 'data',
          paging: { type: 'none' },
          datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds', createdDateField: 'created', createdDateFormat: 'milliseconds' },
          ...extra,
        },
      },
    },
  };
}

/** Changes the item, stamped a second later than its last change (so it is a new change, surely after the last poll). */
function edit(items: Map<string, Item>, id: string, fields: Record<string, unknown>): void {
  const item = items.get(id) as Item;
  items.set(id, { ...item, ...fields, updated: Math.max(item.updated + 1_000, Date.now()) });
}

async function pollEvents(instanceName: string, backfillSince?: number): Promise<ChangeEvent[]> {
  const active = engine as Engine;
  const outcomes = await active.pollInstance(active.requireInstance(instanceName), backfillSince === undefined ? {} : { backfillSince });
  expect(failures(outcomes)).toEqual([]);
  return eventsOf(outcomes);
}

describe('changes on UPDATED events (generic JSON API)', () => {
  it('says "first seen" the first time, then the fields that differ with old and new values', async () => {
    const now = Date.now() - 60_000;
    const items = new Map<string, Item>([['a', { id: 'a', created: now - 3_600_000, updated: now, stage: 'Lead', amount: 10 }]]);
    const url = await startItems(items);
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url));

    const [first] = await pollEvents('Changes API', 0);
    expect(first?.eventType).toBe('UPDATED');
    expect(first?.changes).toBeNull();

    edit(items, 'a', { stage: 'Qualified', owner: 'kim' });
    const [second] = await pollEvents('Changes API');
    expect(second?.changes).toEqual([
      { path: 'stage', old: 'Lead', new: 'Qualified' },
      { path: 'owner', new: 'kim' },
    ]);
    // Stored with the event, and read back the same.
    expect(engine.stores.events.get(second?.id as string)?.changes).toEqual(second?.changes);

    edit(items, 'a', { owner: undefined });
    const [third] = await pollEvents('Changes API');
    expect(third?.changes).toEqual([{ path: 'owner', old: 'kim' }]);
  });

  it('leaves out volatile and ignored fields; an update of only those is an event with no changes', async () => {
    const now = Date.now() - 60_000;
    const record = { id: 'a', created: now - 3_600_000, updated: now, modifiedon: 'x', versionnumber: 1, '@odata.etag': 'W/"1"', audit: { by: 'sys', at: 1 }, name: 'Acme' };
    const items = new Map<string, Item>([['a', record]]);
    const url = await startItems(items);
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url, { ignoreFields: ['audit'] }));
    await pollEvents('Changes API', 0);

    edit(items, 'a', { modifiedon: 'y', versionnumber: 2, '@odata.etag': 'W/"2"', audit: { by: 'job', at: 2 } });
    const onlyIgnored = await pollEvents('Changes API');
    expect(onlyIgnored).toHaveLength(1);
    expect(onlyIgnored[0]?.eventType).toBe('UPDATED');
    expect(onlyIgnored[0]?.changes).toEqual([]);

    edit(items, 'a', { name: 'Acme Ltd', audit: { by: 'kim', at: 3 } });
    expect((await pollEvents('Changes API'))[0]?.changes).toEqual([{ path: 'name', old: 'Acme', new: 'Acme Ltd' }]);
  });

  it('names nested fields by their JSON paths, arrays item by item (or whole when their length changed), and masks secret fields', async () => {
    const now = Date.now() - 60_000;
    const record = {
      id: 'a',
      created: now - 3_600_000,
      updated: now,
      address: { city: 'Leeds', geo: { lat: 1 } },
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }],
      tags: ['x'],
      'Modified By': 'kim',
      ssn: '111-22-3333',
    };
    const items = new Map<string, Item>([['a', record]]);
    const url = await startItems(items);
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url, { secretFields: ['ssn'] }));
    await pollEvents('Changes API', 0);

    edit(items, 'a', {
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
    const now = Date.now() - 60_000;
    const items = new Map<string, Item>([['a', { id: 'a', created: now - 3_600_000, updated: now, stage: 'Lead' }]]);
    const url = await startItems(items);
    engine = openTestEngine();
    await engine.addInstance(itemsDocument(url));
    await pollEvents('Changes API', 0);
    edit(items, 'a', { stage: 'Won' });
    await pollEvents('Changes API');

    expect(engine.stores.events.enforceRetention({ maxPerInstance: 0 })).toBe(2);
    expect(engine.stores.events.count()).toBe(0);

    edit(items, 'a', { stage: 'Lost' });
    expect((await pollEvents('Changes API'))[0]?.changes).toEqual([{ path: 'stage', old: 'Won', new: 'Lost' }]);
  });

  it('forgets the versions of a removed instance', async () => {
    const now = Date.now() - 60_000;
    const items = new Map<string, Item>([['a', { id: 'a', created: now - 3_600_000, updated: now, stage: 'Lead' }]]);
    const url = await startItems(items);
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
