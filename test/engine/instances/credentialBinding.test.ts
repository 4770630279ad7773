/**
 * Secrets stay with the server they were saved for. Changing the server (or token URL) of a saved
 * instance through the API, then polling, must not send the saved credentials to the new server: a
 * second real local server plays the new one and records everything it receives. With the env
 * secret source (read-only, so nothing can be deleted) the binding alone keeps them back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { credentialBinding } from '../../../shared/config/origins.ts';
import { secretsReceived, startAttacker, type Attacker } from '../connectors/support/attacker.ts';
import { sendJson, startTestApi, type TestApi } from '../connectors/support/testApi.ts';
import { tempDataDir } from '../support/harness.ts';

let app: Application | undefined;
let saved: TestApi | undefined;
let other: Attacker | undefined;
afterEach(async () => {
  await app?.stop();
  await Promise.all([saved?.close(), other?.close()]);
  app = saved = other = undefined;
});

const NAME = 'Orders API';
const PASSWORD = 'the-password-saved-for-the-first-server';
const items = { url: '/items', idField: 'id', recordsPath: 'data', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } };
const document = (baseUrl: string, patch: Record<string, unknown> = {}) => ({
  element: { key: 'generic' },
  name: NAME,
  configuration: { 'base.url': baseUrl, 'auth.type': 'basic', username: 'poller', 'event.poller.configuration': { items }, ...patch },
});

async function start() {
  const route = { '/items': (_request: unknown, response: Parameters<typeof sendJson>[0]) => sendJson(response, 200, { data: [] }) };
  saved = await startTestApi(route);
  other = await startAttacker(route);
  const dataDir = tempDataDir('cep-binding-');
  const env = { [secretEnvName(NAME, 'password')]: PASSWORD };
  app = startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env }), service: { version: 'test', transport: 'http', dataDir }, scheduler: { maxStartJitterMs: 600_000 } });
  const created = await app.service.createInstance(document(saved.url));
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const id = created.instance.id;
  await app.service.pollNow(id);
  expect(secretsReceived(saved, [PASSWORD])).toEqual([PASSWORD]);
  return { app, saved, other, id };
}

describe('credentials bound to the server they were saved for', () => {
  it('a base.url changed through the API: the next poll sends the saved password nowhere, and says why', async () => {
    const { app, saved, other, id } = await start();
    const result = await app.service.updateInstance(id, document(other.url));
    expect(result.ok && result.droppedCredentials).toEqual({ keys: ['password'], savedFor: [saved.url], now: [other.url] });
    const poll = await app.service.pollNow(id);
    expect(secretsReceived(other, [PASSWORD])).toEqual([]);
    expect(other.requests).toEqual([]);
    expect(poll.resources[0]?.error).toBe(
      `the credentials of "${NAME}" were saved for ${saved.url}, and its server is now ${other.url}: they are not sent there. ` +
        'Save them again for the new server, or keep them for it (Keep in the window, instances update --keep-credentials)',
    );
    // The next save that keeps the server changes nothing: still held back.
    await app.service.updateInstance(id, document(other.url, { 'event.poller.refresh_interval': 30 }));
    await app.service.pollNow(id);
    expect(other.requests).toEqual([]);
  });

  it('keeps them for the new server only when the request says so', async () => {
    const { app, other, id } = await start();
    const result = await app.service.updateInstance(id, document(other.url), { keepCredentials: true });
    expect(result.ok && result.droppedCredentials).toBeUndefined();
    await app.service.pollNow(id);
    expect(secretsReceived(other, [PASSWORD])).toEqual([PASSWORD]);
  });

  it('an edit that keeps the server keeps the credentials', async () => {
    const { app, saved, id } = await start();
    const result = await app.service.updateInstance(id, document(saved.url, { 'event.poller.refresh_interval': 30 }));
    expect(result.ok && result.droppedCredentials).toBeUndefined();
    await app.service.pollNow(id);
    const basic = `Basic ${Buffer.from(`poller:${PASSWORD}`).toString('base64')}`;
    expect(saved.requests.map((request) => request.headers.authorization)).toEqual([basic, basic]);
  });

  it('a server changed behind the API\'s back (the settings file edited) gets nothing either', async () => {
    const { app, other, id } = await start();
    const stored = app.engine.instances.get(id);
    app.engine.instances.update(id, { document: document(other.url) }, Date.now());
    expect(stored?.document).not.toEqual(app.engine.instances.get(id)?.document);
    app.scheduler.refresh();
    const poll = await app.service.pollNow(id);
    expect(other.requests).toEqual([]);
    expect(poll.resources[0]?.error).toMatch(/were saved for .*, and its server is now/);
  });
});

describe('credentialBinding: the settings that name where credentials go', () => {
  const generic = { 'base.url': 'https://api.example.com/v1', 'oauth.token.url': 'https://auth.example.com/token' };
  it.each([
    ['generic', generic, ['https://api.example.com', 'https://auth.example.com']],
    ['generic', { ...generic, 'base.url': 'https://api.example.com/v2' }, ['https://api.example.com', 'https://auth.example.com']],
    ['generic', { ...generic, 'trusted.origins': ['https://files.example.com'] }, ['https://api.example.com', 'https://auth.example.com', 'https://files.example.com']],
    ['sagecrm', { subdomain: 'crm.example.com' }, ['https://crm.example.com']],
    ['sagecrm', { subdomain: 'http://127.0.0.1:8123/sdata/crmj/sagecrm2/-/' }, ['http://127.0.0.1:8123']],
    ['dynamicscrmadfs', { 'dynamics.tenant': 'contoso.crm.dynamics.com' }, ['https://contoso.crm.dynamics.com']],
    ['dynamicscrmadfs', { 'dynamics.tenant': 'https://crm.contoso.local/Contoso', 'oauth.authority': 'https://adfs.contoso.local/adfs' }, ['https://adfs.contoso.local', 'https://crm.contoso.local']],
  ])('%s %j → %j', (element, configuration, origins) => {
    expect(credentialBinding(element, configuration)).toEqual(origins);
  });
});
