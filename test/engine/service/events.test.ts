/**
 * The Events view's rows as the service answers them: newest change first (ties by arrival) or by
 * arrival, paged by keyset; each row's label and changed fields; the detail's changes; and Poll all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { tempDataDir } from '../support/harness.ts';
import { itemsDocument } from '../support/itemsApi.ts';

let app: Application | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

function start(): Application {
  const dataDir = tempDataDir('cep-service-events-');
  return startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }), service: { version: 'test', transport: 'http', dataDir }, scheduler: { maxStartJitterMs: 600_000 } });
}

async function withInstance(resource: Record<string, unknown> = {}, name = 'Changes API'): Promise<{ app: Application; id: number }> {
  app ??= start();
  const saved = await app.service.createInstance({ ...itemsDocument('http://127.0.0.1:9', resource), name });
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  return { app, id: saved.instance.id };
}

const T0 = Date.UTC(2024, 4, 1, 4, 4, 0);

function event(instanceId: number, objectId: string, changeTime: number, fields: Partial<ChangeEvent> = {}): ChangeEvent {
  return { id: `${objectId}@${changeTime}`, instanceId, elementKey: 'generic', resource: 'items', objectId, eventType: 'UPDATED', changeTime, pollTime: T0 + 60_000, raw: { id: objectId }, ...fields };
}

describe('queryEvents', () => {
  it('orders by change time, newest first, ties by arrival, none last; pages by keyset; or by arrival when asked', async () => {
    const { app, id } = await withInstance();
    // Arrival order 04:04:20, 04:04:00, 04:04:25, then two at 04:04:20 again, and two whose change time could not be read.
    const unread = (objectId: string) => event(id, objectId, null as unknown as number);
    const arrivals = [event(id, 'a', T0 + 20_000), unread('x'), event(id, 'b', T0), event(id, 'c', T0 + 25_000), event(id, 'd', T0 + 20_000), unread('y'), event(id, 'e', T0 + 20_000)];
    app.engine.stores.events.insert(arrivals, undefined, T0);
    const byChange = (await app.service.queryEvents({})).events.map((row) => row.objectId);
    expect(byChange).toEqual(['c', 'e', 'd', 'a', 'b', 'y', 'x']);
    const paged: string[] = [];
    let page = await app.service.queryEvents({ limit: 2 });
    while (page.events.length > 0) {
      paged.push(...page.events.map((row) => row.objectId));
      const last = page.events[page.events.length - 1]!;
      page = await app.service.queryEvents({ limit: 2, beforeSeq: last.seq, beforeDate: last.date });
    }
    expect(paged).toEqual(byChange);
    expect((await app.service.queryEvents({ order: 'arrived' })).events.map((row) => row.objectId)).toEqual(['e', 'y', 'd', 'c', 'b', 'x', 'a']);
    expect((await app.service.queryEvents({ order: 'arrived', limit: 2, beforeSeq: 5 })).events.map((row) => row.objectId)).toEqual(['c', 'b']);
  });

  it('labels rows by labelField (one path or several joined), and marks first seen, only ignored, and the fields changed', async () => {
    const { app, id } = await withInstance({ labelField: ['first', 'last'] });
    const { id: plain } = await withInstance({}, 'Plain API');
    app.engine.stores.events.insert(
      [
        event(id, 'p1', T0, { raw: { id: 'p1', first: 'Ada', last: 'Lovelace' }, changes: null }),
        event(id, 'p1', T0 + 1_000, { raw: { id: 'p1', first: 'Ada', last: 'King' }, changes: [{ path: 'last', old: 'Lovelace', new: 'King' }] }),
        event(id, 'p1', T0 + 2_000, { raw: { id: 'p1', first: 'Ada', last: 'King' }, changes: [] }),
        event(plain, 'x', T0 + 3_000, { raw: { id: 'x', title: 'Quarterly report' }, eventType: 'DELETED' }),
      ],
      undefined,
      T0,
    );
    const rows = (await app.service.queryEvents({})).events;
    expect(rows.map((row) => [row.label, row.changedFields])).toEqual([
      ['Quarterly report', undefined],
      ['Ada King', []],
      ['Ada King', ['last']],
      ['Ada Lovelace', null],
    ]);
    const detail = await app.service.getEvent(rows[2]!.id);
    expect(detail.changes).toEqual([{ path: 'last', old: 'Lovelace', new: 'King' }]);
    expect((await app.service.getEvent(rows[3]!.id)).changes).toBeNull();
  });

  it('refuses a labelField that is not a path, saying where', async () => {
    app = start();
    const saved = await app.service.createInstance(itemsDocument('http://127.0.0.1:9', { labelField: 42 }));
    expect(saved.ok).toBe(false);
    expect(!saved.ok && saved.errors.map((problem) => problem.path)).toContain('configuration.event.poller.configuration.items.labelField');
    const bad = await app.service.createInstance(itemsDocument('http://127.0.0.1:9', { labelField: ['name', 'a..b'] }));
    expect(!bad.ok && bad.errors.map((problem) => problem.path)).toContain('configuration.event.poller.configuration.items.labelField[1]');
  });
});

describe('pollAll', () => {
  it('polls every enabled instance (one that needs setup is not enabled), each with its summary', async () => {
    const { app, id } = await withInstance();
    const { id: disabled } = await withInstance({}, 'Disabled API');
    await app.service.setInstanceEnabled(disabled, false);
    const needsSetup = await app.service.createInstance({ ...itemsDocument('http://127.0.0.1:9', {}, { 'auth.type': 'bearer' }), name: 'Needs token' });
    if (!needsSetup.ok) throw new Error(JSON.stringify(needsSetup.errors));
    const { polled: summaries } = await app.service.pollAll();
    expect(needsSetup.instance.enabled).toBe(false);
    expect(summaries.map((summary) => summary.instanceId)).toEqual([id]);
    const polled = summaries[0];
    expect(polled?.resources.map((resource) => resource.resource)).toEqual(['items']);
  });
});
