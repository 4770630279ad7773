/** The generic connector's authentication, against a real local HTTP server: the exact headers it received. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGenericConnector } from '../../../../electron/engine/connectors/generic/connector.ts';
import { fetchAll, fetchError, genericContext, itemsResource, SINCE, type TestContext } from '../support/generic.ts';
import { paged, records, sendJson, startTestApi, type Handler, type TestApi } from '../support/testApi.ts';

let api: TestApi;
afterEach(async () => {
  vi.useRealTimers();
  await api?.close();
});

const items: Handler = (_request, response) => sendJson(response, 200, records(2));
const resource = itemsResource('/items', {});

async function serve(configuration: Record<string, unknown>, secrets: Record<string, string> = {}): Promise<TestContext> {
  api = await startTestApi({ '/items': items });
  return genericContext({ 'base.url': api.url, ...configuration }, secrets);
}

describe('generic connector authentication', () => {
  it('none: sends no Authorization header and asks the secret store for nothing', async () => {
    const context = await serve({ 'auth.type': 'none' });
    await fetchAll(context, resource);
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
    expect(api.requests[0]?.headers.accept).toBe('application/json');
    expect(context.secretsAsked).toEqual([]);
  });

  it('basic: the user name from the configuration, the password from the secret store, UTF-8', async () => {
    const context = await serve({ 'auth.type': 'basic', username: 'me@example.com' }, { password: 'pä:ss wörd' });
    await fetchAll(context, resource);
    expect(api.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('me@example.com:pä:ss wörd', 'utf8').toString('base64')}`);
    expect(context.secretsAsked).toEqual(['password']);
  });

  it('bearer: the token from the secret store, a pasted trailing newline dropped', async () => {
    const context = await serve({ 'auth.type': 'bearer' }, { token: 'eyJ.token.sig\n' });
    await fetchAll(context, resource);
    expect(api.requests[0]?.headers.authorization).toBe('Bearer eyJ.token.sig');
  });

  it('header: the named header with the value from the secret store, and no Authorization', async () => {
    const context = await serve({ 'auth.type': 'header', 'header.name': 'X-API-Key' }, { 'header.value': 'k-123' });
    await fetchAll(context, resource);
    expect(api.requests[0]?.headers['x-api-key']).toBe('k-123');
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('reads the secret store once per poll, not once per page', async () => {
    api = await startTestApi({ '/items': paged.page(records(4)) });
    const context = genericContext({ 'base.url': api.url, 'auth.type': 'bearer' }, { token: 't' });
    await fetchAll(context, itemsResource('/items', { recordsPath: 'data', paging: { type: 'page', pageSize: 2 } }));
    expect(api.requests).toHaveLength(3);
    expect(context.secretsAsked).toEqual(['token']);
  });

  it.each([
    ['basic', { 'auth.type': 'basic', username: 'me' }, '"password" is not set for auth.type "basic": save it with the instance\'s credentials'],
    ['bearer', { 'auth.type': 'bearer' }, '"token" is not set for auth.type "bearer": save it with the instance\'s credentials'],
    ['oauth2', { 'auth.type': 'oauth2', 'oauth.token.url': 'http://127.0.0.1:1/token', 'oauth.client.id': 'c' }, '"oauth.client.secret" is not set for auth.type "oauth2": save it with the instance\'s credentials'],
  ])('%s without its secret fails as auth before any request', async (_type, configuration, message) => {
    const context = await serve(configuration);
    const error = await fetchError(context, resource);
    expect(error.kind).toBe('auth');
    expect(error.message).toBe(message);
    expect(api.requests).toHaveLength(0);
  });

  it('401 and 403 fail as auth and forbidden, with the server\'s message', async () => {
    const context = await serve({ 'auth.type': 'bearer' }, { token: 'expired' });
    api.route('/items', (_request, response) => sendJson(response, 401, { error: { message: 'token expired' } }));
    const unauthorized = await fetchError(context, resource);
    expect([unauthorized.kind, unauthorized.status, unauthorized.message]).toEqual(['auth', 401, `${api.url}/items answered HTTP 401: token expired`]);
    expect(api.requests).toHaveLength(1);
    api.route('/items', (_request, response) => sendJson(response, 403, { message: 'missing scope items:read' }));
    const forbidden = await fetchError(context, resource);
    expect([forbidden.kind, forbidden.status, forbidden.message]).toEqual(['forbidden', 403, `${api.url}/items answered HTTP 403: missing scope items:read`]);
  });
});

describe('generic connector OAuth 2 client credentials', () => {
  /** A token endpoint issuing tok-1, tok-2…; an API accepting only the newest token unless told otherwise. */
  async function oauthApi(options: { expiresIn?: number | string; scope?: string } = {}) {
    let issued = 0;
    api = await startTestApi({
      '/oauth/token': (request, response) => {
        const form = new URLSearchParams(request.body);
        if (form.get('client_secret') !== 's3cret') return sendJson(response, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
        issued++;
        sendJson(response, 200, { access_token: `tok-${issued}`, token_type: 'Bearer', ...(options.expiresIn === undefined ? {} : { expires_in: options.expiresIn }) });
      },
      '/items': (request, response) => {
        if (request.headers.authorization !== `Bearer tok-${issued}`) return sendJson(response, 401, { error: 'invalid_token' });
        const page = Number(request.query.get('page'));
        sendJson(response, 200, { data: records(4).slice((page - 1) * 2, page * 2) });
      },
    });
    const configuration = { 'base.url': api.url, 'auth.type': 'oauth2', 'oauth.token.url': `${api.url}/oauth/token`, 'oauth.client.id': 'poller', 'oauth.scope': options.scope };
    return genericContext(configuration, { 'oauth.client.secret': 's3cret' });
  }
  const pagedItems = itemsResource('/items', { recordsPath: 'data', paging: { type: 'page', pageSize: 2 } });
  const tokenRequests = () => api.requestsTo('/oauth/token');
  const authorizations = () => api.requestsTo('/items').map((request) => request.headers.authorization);

  it('posts the client credentials as a form, then sends the token on every page; the endpoint is hit once', async () => {
    const context = await oauthApi({ expiresIn: 3600, scope: 'items.read' });
    await fetchAll(context, pagedItems);
    expect(tokenRequests()).toHaveLength(1);
    const [token] = tokenRequests();
    expect(token?.method).toBe('POST');
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({ grant_type: 'client_credentials', client_id: 'poller', client_secret: 's3cret', scope: 'items.read' });
    expect(authorizations()).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
  });

  it('keeps the token for the next poll (a new connector), and renews it shortly before it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const context = await oauthApi({ expiresIn: '3600' });
    await fetchAll(context, pagedItems);
    vi.setSystemTime(start + 30 * 60_000);
    await fetchAll(context, pagedItems);
    expect(tokenRequests()).toHaveLength(1);
    // Less than a minute before expiry: renewed before the server could refuse it.
    vi.setSystemTime(start + 59.5 * 60_000);
    await fetchAll(context, pagedItems);
    expect(tokenRequests()).toHaveLength(2);
    vi.setSystemTime(start + 2 * 3600_000);
    await fetchAll(context, pagedItems);
    expect(tokenRequests()).toHaveLength(3);
    expect(authorizations()).toEqual(['tok-1', 'tok-1', 'tok-1', 'tok-1', 'tok-1', 'tok-1', 'tok-2', 'tok-2', 'tok-2', 'tok-3', 'tok-3', 'tok-3'].map((t) => `Bearer ${t}`));
  });

  it('after a 401 fetches a new token once and repeats the request with it', async () => {
    const context = await oauthApi({ expiresIn: 3600 });
    const connector = createGenericConnector(context);
    const iterator = connector.fetchChanges({ resource: pagedItems, sinceMs: SINCE })[Symbol.asyncIterator]();
    await iterator.next();
    // The server revokes tok-1 (as if it had rotated its keys) between two pages.
    await fetch(`${api.url}/oauth/token`, { method: 'POST', body: 'client_secret=s3cret' });
    const pages = [];
    for (let page = await iterator.next(); !page.done; page = await iterator.next()) pages.push(page.value);
    expect(pages).toHaveLength(2);
    expect(tokenRequests()).toHaveLength(3);
    expect(authorizations()).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-3', 'Bearer tok-3']);
  });

  it('fails as auth when a new token is refused too, after one renewal', async () => {
    const context = await oauthApi();
    api.route('/items', (_request, response) => sendJson(response, 401, { error: 'invalid_token', error_description: 'audience mismatch' }));
    const error = await fetchError(context, pagedItems);
    expect(error.kind).toBe('auth');
    expect(error.message).toBe(`${api.url}/items?page=1&per_page=2 answered HTTP 401: invalid_token: audience mismatch (also with a newly issued OAuth token)`);
    expect(tokenRequests()).toHaveLength(2);
  });

  it.each([
    ['401 invalid_client', 401, { error: 'invalid_client', error_description: 'Client authentication failed' }, 'invalid_client: Client authentication failed'],
    ['400 invalid_scope', 400, { error: 'invalid_scope' }, 'invalid_scope'],
    ['200 with an error instead of a token', 200, { error: 'unauthorized_client' }, 'unauthorized_client'],
  ])('surfaces a token endpoint error (%s) as auth with the OAuth error text', async (_label, status, body, text) => {
    const context = await oauthApi();
    api.route('/oauth/token', (_request, response) => sendJson(response, status, body));
    const error = await fetchError(context, pagedItems);
    expect(error.kind).toBe('auth');
    expect(error.message).toContain(text);
    expect(error.message).toContain(`${api.url}/oauth/token`);
    expect(error.message).toContain('check oauth.client.id, the client secret and oauth.scope');
    expect(api.requestsTo('/items')).toHaveLength(0);
  });

  it('does not cache a refused token request: the next poll asks again', async () => {
    const context = await oauthApi();
    api.route('/oauth/token', (_request, response) => sendJson(response, 401, { error: 'invalid_client' }));
    await fetchError(context, pagedItems);
    await fetchError(context, pagedItems);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('client_secret_basic: id and secret form-encoded in a Basic header, not in the form', async () => {
    api = await startTestApi({
      '/oauth/token': (request, response) => {
        const expected = `Basic ${Buffer.from('poller%2Fone:s3+cr%C3%A9t%3A%25', 'utf8').toString('base64')}`;
        if (request.headers.authorization !== expected) return sendJson(response, 401, { error: 'invalid_client' });
        sendJson(response, 200, { access_token: 'tok-basic', expires_in: 600 });
      },
      '/items': (request, response) => sendJson(response, request.headers.authorization === 'Bearer tok-basic' ? 200 : 401, records(2)),
    });
    const configuration = { 'base.url': api.url, 'auth.type': 'oauth2', 'oauth.token.url': `${api.url}/oauth/token`, 'oauth.client.id': 'poller/one', 'oauth.client.authentication': 'client_secret_basic' };
    const context = genericContext(configuration, { 'oauth.client.secret': 's3 crét:%' });
    await fetchAll(context, resource);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests()[0]?.body))).toEqual({ grant_type: 'client_credentials' });
    expect(api.requestsTo('/items').map((request) => request.headers.authorization)).toEqual(['Bearer tok-basic']);
  });

  it('a refused client (invalid_client) is told it may send its secret the other way', async () => {
    const context = await oauthApi();
    api.route('/oauth/token', (_request, response) => sendJson(response, 401, { error: 'invalid_client' }));
    const error = await fetchError(context, pagedItems);
    expect(error.message).toContain('set oauth.client.authentication to "client_secret_basic"');
  });

  it('an unknown client authentication fails the poll as a configuration error, before any request', async () => {
    const context = await oauthApi();
    context.instance.configuration['oauth.client.authentication'] = 'private_key_jwt';
    const error = await fetchError(context, pagedItems);
    expect([error.kind, error.message]).toEqual(['config', 'oauth.client.authentication "private_key_jwt" is not one of client_secret_post, client_secret_basic']);
    expect(tokenRequests()).toHaveLength(0);
  });

  it('a token endpoint answering without access_token fails as protocol', async () => {
    const context = await oauthApi();
    api.route('/oauth/token', (_request, response) => sendJson(response, 200, { token: 'x' }));
    const error = await fetchError(context, pagedItems);
    expect([error.kind, error.message]).toEqual(['protocol', `${api.url}/oauth/token answered the OAuth token request without an access_token; check oauth.token.url`]);
  });
});
