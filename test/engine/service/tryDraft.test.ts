/**
 * Try before saving: Test connection, Preview next request and Fetch sample on the editor's draft,
 * saved or not. Nothing of the draft is stored, no cursor moves, and a saved credential goes only to
 * the server it was saved for: a draft naming another origin (a second local server) never gets it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { ServiceError } from '../../../electron/engine/service/pollerService.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { sendJson, startTestApi, type TestApi } from '../connectors/support/testApi.ts';
import { tempDataDir } from '../support/harness.ts';

const SAVED_TOKEN = 'saved-token-1f2e3d';
const TYPED_TOKEN = 'typed-token-9a8b7c';

let app: Application | undefined;
const servers: TestApi[] = [];
afterEach(async () => {
  await app?.stop();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  app = undefined;
});

/** A JSON REST API answering one record to the token it expects, 401 to anything else. */
async function crm(token: string): Promise<TestApi> {
  const server = await startTestApi({
    '/items': (request, response) => {
      if (request.headers.authorization !== `Bearer ${token}`) return sendJson(response, 401, { message: 'invalid token' });
      sendJson(response, 200, { data: [{ id: 'a-1', updated: Date.now() - 60_000 }] });
    },
  });
  servers.push(server);
  return server;
}

function start(env: Record<string, string> = {}): Application {
  const dataDir = tempDataDir('cep-try-');
  // No poll starts on its own within the test.
  return startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env }), service: { version: 'test', transport: 'http', dataDir }, scheduler: { maxStartJitterMs: 600_000 } });
}

function document(baseUrl: string, name = 'Orders', url = '/items?since=${gmtDate:yyyy-MM-dd}') {
  const items = { url, idField: 'id', recordsPath: 'data', paging: { type: 'none' }, datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } };
  return { element: { key: 'generic' }, name, configuration: { 'base.url': baseUrl, 'auth.type': 'bearer', 'event.poller.configuration': { items } } };
}

describe('a new instance, tried before it is saved', () => {
  it('connects, previews and fetches with the token typed for it, and stores nothing', async () => {
    const server = await crm(TYPED_TOKEN);
    app = start();
    const draft = { document: document(server.url, ''), secrets: { token: TYPED_TOKEN } };

    const test = await app.service.testConnection(draft);
    expect(test).toMatchObject({ ok: true, resource: 'items', records: 1 });
    const preview = await app.service.previewRequest(draft, 'items');
    expect(preview.url).toMatch(new RegExp(`^${server.url}/items\\?since=\\d{4}-\\d\\d-\\d\\d$`));
    const sample = await app.service.fetchSample(draft, 'items');
    expect(sample.map((record) => record.objectId)).toEqual(['a-1']);

    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TYPED_TOKEN}`, `Bearer ${TYPED_TOKEN}`]);
    expect(await app.service.listInstances()).toEqual([]);
    expect(app.engine.stores.cursors.load(0, 'items')).toBeUndefined();
  });

  it('never reads the saved secrets of an instance that happens to have the draft’s name', async () => {
    const server = await crm(SAVED_TOKEN);
    app = start({ CRM_EVENT_POLLER_SECRET_ORDERS_TOKEN: SAVED_TOKEN });
    const saved = await app.service.createInstance(document(server.url));
    expect(saved.ok).toBe(true);
    const test = await app.service.testConnection({ document: document(server.url, 'Orders') });
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/token/);
    expect(server.requests).toEqual([]);
  });

  it('refuses a draft that could not be saved either, with each problem at its path', async () => {
    app = start();
    const draft = { document: document('not a url at all') };
    const failure = await app.service.testConnection(draft).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceError);
    expect((failure as ServiceError).problems).toContainEqual(expect.objectContaining({ path: 'configuration.base.url' }));
  });
});

describe('an edited instance, tried before the edit is saved', () => {
  async function savedInstance(server: TestApi) {
    const saved = await app!.service.createInstance(document(server.url));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    await app!.service.pollNow(saved.instance.id);
    return { id: saved.instance.id, cursor: app!.engine.stores.cursors.load(saved.instance.id, 'items') };
  }

  it('uses the draft as typed, the saved token for the same server, and moves no cursor', async () => {
    const server = await crm(SAVED_TOKEN);
    app = start({ CRM_EVENT_POLLER_SECRET_ORDERS_TOKEN: SAVED_TOKEN });
    const { id, cursor } = await savedInstance(server);
    expect(cursor).toBeDefined();
    const edited = { id, document: document(server.url, 'Orders', '/items?changed=${gmtDate:yyyy}') };

    expect((await app.service.previewRequest(edited, 'items')).url).toMatch(/\/items\?changed=\d{4}$/);
    expect((await app.service.previewRequest(id, 'items')).url).toMatch(/\/items\?since=/);
    expect((await app.service.testConnection(edited)).ok).toBe(true);
    expect((await app.service.fetchSample(edited, 'items')).length).toBe(1);
    expect(server.requests.at(-1)?.url).toMatch(/^\/items\?changed=\d{4}$/);
    expect(app.engine.stores.cursors.load(id, 'items')).toEqual(cursor);
    expect((await app.service.getInstance(id)).document).toEqual(document(server.url));
  });

  it('does not send the saved token to another origin the draft names; a token typed for it goes there once', async () => {
    const saved = await crm(SAVED_TOKEN);
    const other = await crm(TYPED_TOKEN);
    app = start({ CRM_EVENT_POLLER_SECRET_ORDERS_TOKEN: SAVED_TOKEN });
    const { id } = await savedInstance(saved);
    const moved = { id, document: document(other.url) };

    const refused = await app.service.testConnection(moved);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/were saved for http:\/\/127\.0\.0\.1:\d+, and its server is now/);
    await expect(app.service.fetchSample(moved, 'items')).rejects.toThrow(/saved for/);
    expect(other.requests).toEqual([]);

    const typed = await app.service.testConnection({ ...moved, secrets: { token: TYPED_TOKEN } });
    expect(typed.ok).toBe(true);
    expect(other.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${TYPED_TOKEN}`]);
    expect(JSON.stringify(app.engine.settings.get('instances'))).not.toContain(TYPED_TOKEN);
    expect((await app.service.getInstance(id)).document).toEqual(document(saved.url));
  });
});
