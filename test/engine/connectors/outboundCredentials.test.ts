/**
 * Every credential goes only to the origin it was configured for, whatever a server answers. A
 * second local server on another port (another origin) plays the attacker and records everything
 * it receives: redirects, next-page links and token endpoints pointing at it must get nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine.ts';
import { startDynamicsSimulator, startSageCrmSimulator, type DynamicsSimulator, type SageCrmSimulator } from '../../../electron/simulators/index.ts';
import { dynamicsInstance } from './dynamics/support.ts';
import { onlyResources, openEngine, sageInstance } from './sagecrm/support.ts';
import { allRecords, fetchAll, fetchError, genericContext, itemsResource } from './support/generic.ts';
import { credentialHeadersReceived, secretsReceived, startAttacker, type Attacker } from './support/attacker.ts';
import { records, sendJson, startTestApi, type Handler, type TestApi } from './support/testApi.ts';

let api: TestApi | undefined;
let attacker: Attacker | undefined;
let engine: Engine | undefined;
let sage: SageCrmSimulator | undefined;
let dynamics: DynamicsSimulator | undefined;

afterEach(async () => {
  engine?.close();
  await Promise.all([api?.close(), attacker?.close(), sage?.close(), dynamics?.close()]);
  api = attacker = engine = sage = dynamics = undefined;
});

const ACCESS_TOKEN = 'access-token-from-the-right-server';

/** Each way the generic element signs in, with its secrets; the token endpoint is on the API's own origin. */
const AUTH_TYPES = {
  basic: { configuration: { 'auth.type': 'basic', username: 'poller' }, secrets: { password: 'basic-password-1' } },
  bearer: { configuration: { 'auth.type': 'bearer' }, secrets: { token: 'bearer-token-1' } },
  header: { configuration: { 'auth.type': 'header', 'header.name': 'X-Api-Key' }, secrets: { 'header.value': 'api-key-1' } },
  oauth2: { configuration: { 'auth.type': 'oauth2', 'oauth.client.id': 'poller' }, secrets: { 'oauth.client.secret': 'client-secret-1' } },
} as const;
type AuthName = keyof typeof AUTH_TYPES;
const AUTH_NAMES = Object.keys(AUTH_TYPES) as AuthName[];

const issueToken: Handler = (_request, response) => sendJson(response, 200, { access_token: ACCESS_TOKEN, expires_in: 3600 });
const redirect = (status: number, location: () => string): Handler => (_request, response) => void response.writeHead(status, { Location: location() }).end();

/** The right server (the API, with its token endpoint) and the attacker, which serves a page linking to more of itself. */
async function servers(items: Handler) {
  attacker = await startAttacker({
    '/items': (request, response) => sendJson(response, 200, { data: records(2), next: request.query.get('page') === '2' ? null : `${attacker?.url}/items?page=2` }),
    '/oauth/token': issueToken,
  });
  api = await startTestApi({ '/items': items, '/oauth/token': issueToken });
  return { api, attacker };
}

function contextFor(auth: AuthName, extra: Record<string, unknown> = {}) {
  const { configuration, secrets } = AUTH_TYPES[auth];
  const tokenUrl = auth === 'oauth2' ? { 'oauth.token.url': `${api?.url}/oauth/token` } : {};
  return genericContext({ 'base.url': api?.url, ...configuration, ...tokenUrl, ...extra }, { ...secrets });
}

const secretsOf = (auth: AuthName) => [...Object.values(AUTH_TYPES[auth].secrets), ACCESS_TOKEN];
const pagedByNext = itemsResource('/items', { recordsPath: 'data', paging: { type: 'next' } });

describe('generic element: credentials stay on their origin', () => {
  it.each(AUTH_NAMES)('%s: a redirect to another origin is refused before anything is sent there, naming both origins and the setting', async (auth) => {
    const { api, attacker } = await servers(redirect(302, () => `${attacker?.url}/items`));
    const error = await fetchError(contextFor(auth), pagedByNext);
    expect(attacker.requests).toEqual([]);
    expect(secretsReceived(attacker, secretsOf(auth))).toEqual([]);
    expect(error.kind).toBe('config');
    expect(error.message).toBe(
      `${api.url}/items redirected (HTTP 302) to ${attacker.url}/items, another origin: the credentials for ${api.url} are not sent to ${attacker.url}. ` +
        `If ${attacker.url} is the API too, set base.url to it, or add it to "trusted.origins"`,
    );
  });

  it.each(AUTH_NAMES)('%s: a next-page link to another origin is not followed with credentials', async (auth) => {
    const { api, attacker } = await servers((_request, response) => sendJson(response, 200, { data: records(1), next: `${attacker?.url}/items?page=2` }));
    const error = await fetchError(contextFor(auth), pagedByNext);
    expect(attacker.requests).toEqual([]);
    expect(error.kind).toBe('config');
    expect(error.message).toBe(
      `${attacker.url}/items?page=2 is on another origin than the credentials for ${api.url}: they are not sent there. ` +
        `If ${attacker.url} is the API too, set base.url to it, or add it to "trusted.origins"`,
    );
  });

  it.each([
    ['client_secret_post', 307],
    ['client_secret_post', 308],
    ['client_secret_basic', 307],
  ])('OAuth %s: a %i from the token endpoint to another origin is refused; the client secret never leaves its origin', async (authentication, status) => {
    const { api, attacker } = await servers((_request, response) => sendJson(response, 200, { data: [] }));
    api.route('/oauth/token', redirect(status, () => `${attacker?.url}/oauth/token`));
    const error = await fetchError(contextFor('oauth2', { 'oauth.client.authentication': authentication }), pagedByNext);
    expect(attacker.requests).toEqual([]);
    expect(secretsReceived(attacker, secretsOf('oauth2'))).toEqual([]);
    expect(error.message).toBe(
      `${api.url}/oauth/token redirected (HTTP ${status}) to ${attacker.url}/oauth/token, another origin: the credentials for ${api.url} are not sent to ${attacker.url}. ` +
        `If ${attacker.url} is the token endpoint, set oauth.token.url to it`,
    );
    expect(api.requestsTo('/items')).toEqual([]);
  });

  it('the access token goes only to the API: not to a token endpoint on another origin, nor the client secret to the API', async () => {
    const { api, attacker } = await servers((_request, response) => sendJson(response, 200, { data: records(1) }));
    const context = genericContext({ 'base.url': api.url, ...AUTH_TYPES.oauth2.configuration, 'oauth.token.url': `${attacker.url}/oauth/token` }, { ...AUTH_TYPES.oauth2.secrets });
    await fetchAll(context, pagedByNext);
    // The token endpoint was configured on that origin: the client secret goes there, nothing else.
    expect(secretsReceived(attacker, [ACCESS_TOKEN])).toEqual([]);
    expect(attacker.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /oauth/token']);
    expect(secretsReceived(api, ['client-secret-1'])).toEqual([]);
    expect(api.requestsTo('/items').map((request) => request.headers.authorization)).toEqual([`Bearer ${ACCESS_TOKEN}`]);
  });
});

describe('generic element: redirects on the same origin keep working', () => {
  it('a 301 or 302 to another path is followed with the credentials, and relative next links resolve against where the page came from', async () => {
    api = await startTestApi({
      '/items': redirect(301, () => '/v2/items'),
      '/v2/items': (request, response) => sendJson(response, 200, request.query.get('page') === '2' ? { data: [{ id: 'b' }] } : { data: [{ id: 'a' }], next: '?page=2' }),
    });
    const pages = await fetchAll(contextFor('header'), pagedByNext);
    expect(allRecords(pages)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(api.requests.map((request) => `${request.url} ${String(request.headers['x-api-key'])}`)).toEqual(['/items api-key-1', '/v2/items api-key-1', '/v2/items?page=2 api-key-1']);
  });

  it.each([307, 308])('a %i from the token endpoint to the same origin repeats the POST with its body', async (status) => {
    api = await startTestApi({
      '/oauth/token': redirect(status, () => '/oauth2/token'),
      '/oauth2/token': (request, response) => {
        if (request.method !== 'POST' || new URLSearchParams(request.body).get('client_secret') !== 'client-secret-1') return sendJson(response, 400, { error: 'invalid_request' });
        issueToken(request, response, api as TestApi);
      },
      '/items': (_request, response) => sendJson(response, 200, { data: records(1) }),
    });
    await fetchAll(contextFor('oauth2'), pagedByNext);
    expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /oauth/token', 'POST /oauth2/token', 'GET /items']);
    expect(api.requestsTo('/items')[0]?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it('a 303 turns a POST into a GET without its body', async () => {
    api = await startTestApi({
      '/oauth/token': redirect(303, () => '/oauth/issued'),
      '/oauth/issued': (request, response) => sendJson(response, request.method === 'GET' && request.body === '' ? 200 : 400, { access_token: ACCESS_TOKEN }),
      '/items': (_request, response) => sendJson(response, 200, { data: [] }),
    });
    await fetchAll(contextFor('oauth2'), pagedByNext);
    expect(api.requests.map((request) => `${request.method} ${request.path} ${request.body}`)).toEqual([
      `POST /oauth/token ${api.requestsTo('/oauth/token')[0]?.body}`,
      'GET /oauth/issued ',
      'GET /items ',
    ]);
  });

  it('stops after 5 redirects, and never follows one to a scheme other than http(s)', async () => {
    api = await startTestApi({ '/items': (request, response) => void response.writeHead(302, { Location: `/items?hop=${Number(request.query.get('hop') ?? 0) + 1}` }).end() });
    const loop = await fetchError(contextFor('bearer'), pagedByNext);
    expect(loop.message).toBe(`${api.url}/items was redirected more than 5 times (last to ${api.url}/items?hop=6)`);
    expect(api.requests).toHaveLength(6);
    api.route('/items', redirect(302, () => 'file:///etc/passwd'));
    const file = await fetchError(contextFor('bearer'), pagedByNext);
    expect([file.kind, file.message]).toEqual(['protocol', `${api.url}/items redirected (HTTP 302) to file:///etc/passwd, which is not an http(s) URL`]);
  });

  it('follows a redirect to another origin listed in trusted.origins, with the credentials: the configuration says so explicitly', async () => {
    const { api, attacker: second } = await servers(redirect(302, () => `${attacker?.url}/items`));
    const pages = await fetchAll(contextFor('header', { 'trusted.origins': [second.url] }), pagedByNext);
    expect(allRecords(pages)).toHaveLength(4);
    expect(credentialHeadersReceived(second, ['x-api-key'])).toEqual(['x-api-key', 'x-api-key']);
    expect(api.requests).toHaveLength(1);
  });

  it('follows a redirect to another origin when the request carries no credential (auth.type none)', async () => {
    const { attacker: second } = await servers(redirect(302, () => `${attacker?.url}/items`));
    const pages = await fetchAll(genericContext({ 'base.url': api?.url, 'auth.type': 'none' }), pagedByNext);
    expect(allRecords(pages)).toHaveLength(4);
    expect(second.requests).toHaveLength(2);
  });
});

describe('Sage CRM and Dynamics: credentials stay on their origin', () => {
  it('Sage CRM: a redirect to another origin is refused; the Basic password never reaches it', async () => {
    attacker = await startAttacker();
    // A password that no URL contains: the redactor masks the password wherever it appears.
    sage = await startSageCrmSimulator({ seed: 7, recordsPerEntity: 5, password: 'Redirect-Test-Pw-9' });
    const { document, env } = sageInstance(sage);
    engine = openEngine(env);
    const instance = (await engine.addInstance(onlyResources(document, ['accounts']))).instance;
    sage.control.injectFault({ kind: 'status', status: 302, headers: { Location: `${attacker.url}/sdata/crmj/sagecrm2/-/company` } });
    const [outcome] = await engine.pollInstance(instance);
    expect(attacker.requests).toEqual([]);
    const origin = new URL(sage.baseUrl).origin;
    expect(outcome?.error?.message).toContain(`redirected (HTTP 302) to ${attacker.url}/sdata/crmj/sagecrm2/-/company, another origin: the credentials for ${origin} are not sent to ${attacker.url}. If ${attacker.url} is the Sage CRM server, set subdomain to it`);
  });

  async function dynamicsEngine(patch: Record<string, unknown> = {}) {
    attacker = await startAttacker();
    dynamics = await startDynamicsSimulator({ seed: 3, recordsPerEntity: 5, changeTrackingDisabledFor: [] });
    const { document, env } = dynamicsInstance(dynamics, undefined, patch);
    engine = openEngine(env);
    const instance = (await engine.addInstance(onlyResources(document, ['accounts']))).instance;
    return { sim: dynamics, attacker, engine, instance };
  }

  it('Dynamics: a 307 from the token endpoint to another origin is refused; the password never reaches it', async () => {
    const { sim, attacker, engine, instance } = await dynamicsEngine({ 'oauth.authority': '' });
    engine.instances.update(instance.id, { document: { ...instance.document, configuration: { ...(instance.document.configuration as object), 'oauth.authority': `${sim.url}/adfs` } } }, Date.now());
    sim.control.injectFault({ kind: 'status', status: 307, match: '/adfs/oauth2/token', headers: { Location: `${attacker.url}/adfs/oauth2/token` } });
    const [outcome] = await engine.pollInstance(engine.requireInstance(instance.name));
    expect(attacker.requests).toEqual([]);
    expect(secretsReceived(attacker, [sim.password])).toEqual([]);
    expect(outcome?.error?.message).toContain(`${sim.url}/adfs/oauth2/token redirected (HTTP 307) to ${attacker.url}/adfs/oauth2/token, another origin: the credentials for ${sim.url} are not sent to ${attacker.url}. If ${attacker.url} is the sign-in server, set oauth.authority to it`);
  });

  it('Dynamics: a Web API redirect to another origin is refused; the bearer token never reaches it', async () => {
    const { sim, attacker, engine, instance } = await dynamicsEngine();
    sim.control.injectFault({ kind: 'status', status: 302, match: '/api/data/v9.2/accounts', headers: { Location: `${attacker.url}/api/data/v9.2/accounts` } });
    const [outcome] = await engine.pollInstance(instance);
    expect(attacker.requests).toEqual([]);
    expect(outcome?.error?.message).toContain(`redirected (HTTP 302) to ${attacker.url}/api/data/v9.2/accounts, another origin: the credentials for ${sim.url} are not sent to ${attacker.url}. If ${attacker.url} is the Dynamics organization, set dynamics.tenant to it`);
  });
});
