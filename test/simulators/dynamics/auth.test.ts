import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getJson, headerValues, postForm, postJson, rawGet } from '../support/helpers.ts';
import { bearerHeader, type ODataError } from '../support/dynamics.ts';
import { startDynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';
import type { DynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';

describe('Dynamics simulator: AD FS authority (on-premises)', () => {
  let sim: DynamicsSimulator;
  const adfsForm = (overrides: Record<string, string> = {}) => ({
    grant_type: 'password', client_id: sim.clientId, resource: `${sim.url}/`, username: sim.username, password: sim.password, ...overrides,
  });

  beforeAll(async () => {
    sim = await startDynamicsSimulator({ authority: 'adfs', recordsPerEntity: 5 });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.reset());

  it('challenges unauthenticated calls with the AD FS authority plus separate Negotiate and NTLM headers', async () => {
    const reply = await rawGet(`${sim.apiUrl}/accounts`);
    expect(reply.status).toBe(401);
    expect(headerValues(reply.rawHeaders, 'www-authenticate')).toEqual([
      `Bearer authorization_uri=${sim.url}/adfs/oauth2/authorize, resource_id=${sim.url}/`,
      'Negotiate',
      'NTLM',
    ]);
    expect((await rawGet(`${sim.apiUrl}/accounts`, { Authorization: 'Bearer ' })).status).toBe(401);
    expect(new Date(headerValues(reply.rawHeaders, 'date')[0]!).getTime()).toBeGreaterThan(0);
  });

  it('issues tokens for grant_type=password with resource, and refreshes them', async () => {
    const token = await postForm(`${sim.url}/adfs/oauth2/token`, adfsForm());
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, resource: sim.url });
    expect(String(token.body.access_token).split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(String(token.body.access_token).split('.')[1]!, 'base64url').toString()) as { exp: number; aud: string };
    expect(payload.aud).toBe(sim.url);

    const api = await getJson(`${sim.apiUrl}/WhoAmI`, { Authorization: `Bearer ${String(token.body.access_token)}` });
    expect(api.status).toBe(200);
    expect(api.body).toHaveProperty('UserId');

    const refreshed = await postForm(`${sim.url}/adfs/oauth2/token`, { grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: String(token.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(token.body.access_token);
  });

  it('answers OAuth errors with MSIS texts', async () => {
    const badPassword = await postForm(`${sim.url}/adfs/oauth2/token`, adfsForm({ password: 'wrong' }));
    expect(badPassword.status).toBe(400);
    expect(badPassword.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/^MSIS9659/) });
    const wrongResource = await postForm(`${sim.url}/adfs/oauth2/token`, adfsForm({ resource: 'https://other.example.com/' }));
    expect(wrongResource.body.error_description).toMatch(/^MSIS9605: The client is not allowed to access the requested resource/);
    const badClient = await postForm(`${sim.url}/adfs/oauth2/token`, adfsForm({ client_id: 'nobody' }));
    expect(badClient.body.error).toBe('invalid_client');
    const badRefresh = await postForm(`${sim.url}/adfs/oauth2/token`, { grant_type: 'refresh_token', refresh_token: 'junk' });
    expect(badRefresh.body.error).toBe('invalid_grant');
  });

  it('rejects expired tokens with 401 and an error body, by lifetime on the simulator clock', async () => {
    sim.control.setTokenLifetime(2);
    const token = String((await postForm(`${sim.url}/adfs/oauth2/token`, adfsForm())).body.access_token);
    const headers = { Authorization: `Bearer ${token}` };
    expect((await getJson(`${sim.apiUrl}/accounts`, headers)).status).toBe(200);
    await postJson(`${sim.url}/_control/clock`, { offsetMs: 3000 });
    const expired = await getJson<ODataError>(`${sim.apiUrl}/accounts`, headers);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('ExpiredAuthTicket');
    expect(expired.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

    const unknown = await getJson<{ error: { code: string } }>(`${sim.apiUrl}/accounts`, { Authorization: 'Bearer not-a-token' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('InvalidAuthTicket');
  });

  it('can expire all access tokens at once (control)', async () => {
    const token = String((await postForm(`${sim.url}/adfs/oauth2/token`, adfsForm())).body.access_token);
    await postJson(`${sim.url}/_control/expire-tokens`, {});
    expect((await getJson(`${sim.apiUrl}/accounts`, { Authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('Dynamics simulator: Azure AD authority (online)', () => {
  let sim: DynamicsSimulator;
  const tokenUrl = () => `${sim.url}/${sim.tenant}/oauth2/v2.0/token`;

  beforeAll(async () => {
    sim = await startDynamicsSimulator({ authority: 'azure', recordsPerEntity: 5 });
  });
  afterAll(() => sim.close());

  it('challenges with the tenant authority and no Windows schemes', async () => {
    const reply = await rawGet(`${sim.apiUrl}/contacts`);
    expect(headerValues(reply.rawHeaders, 'www-authenticate')).toEqual([`Bearer authorization_uri=${sim.url}/${sim.tenant}/oauth2/authorize, resource_id=${sim.url}/`]);
    expect(sim.tokenUrl).toBe(tokenUrl());
  });

  it('issues tokens for client_credentials (no refresh token) and password grants', async () => {
    const app = await postForm(tokenUrl(), { grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: `${sim.url}/.default` });
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(app.body).not.toHaveProperty('refresh_token');
    expect((await getJson(`${sim.apiUrl}/contacts`, { Authorization: `Bearer ${String(app.body.access_token)}` })).status).toBe(200);

    const user = await postForm(tokenUrl(), { grant_type: 'password', client_id: sim.clientId, username: sim.username, password: sim.password, scope: `${sim.url}/user_impersonation` });
    expect(user.status).toBe(200);
    expect(user.body).toHaveProperty('refresh_token');
    const refreshed = await postForm(tokenUrl(), { grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: String(user.body.refresh_token) });
    expect(refreshed.status).toBe(200);
  });

  it('answers AADSTS errors', async () => {
    const bad = await postForm(tokenUrl(), { grant_type: 'password', client_id: sim.clientId, username: sim.username, password: 'nope', scope: `${sim.url}/.default` });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_grant', error_codes: [50126] });
    expect(String(bad.body.error_description)).toMatch(/^AADSTS50126: /);
    const secret = await postForm(tokenUrl(), { grant_type: 'client_credentials', client_id: sim.clientId, client_secret: 'x', scope: `${sim.url}/.default` });
    expect(secret.status).toBe(401);
    expect(secret.body.error).toBe('invalid_client');
    const scope = await postForm(tokenUrl(), { grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: 'https://elsewhere.example.com/.default' });
    expect(scope.body.error).toBe('invalid_scope');
    const tenant = await postForm(`${sim.url}/fabrikam.onmicrosoft.com/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret, scope: `${sim.url}/.default` });
    expect(String(tenant.body.error_description)).toMatch(/^AADSTS90002/);
  });
});

describe('Dynamics simulator: service protection', () => {
  it('answers 429 with Retry-After and 0x80072322 once the budget is spent, and a growing wait if the client keeps sending', async () => {
    const sim = await startDynamicsSimulator({ recordsPerEntity: 3 });
    try {
      const headers = await bearerHeader(sim);
      await postJson(`${sim.url}/_control/budget`, { requests: 3, windowSeconds: 60 });
      for (let i = 0; i < 3; i++) expect((await getJson(`${sim.apiUrl}/accounts`, headers)).status).toBe(200);
      const limited = await getJson<ODataError>(`${sim.apiUrl}/accounts`, headers);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('0x80072322');
      expect(limited.body.error.message).toBe('Number of requests exceeded the limit of 3 over time window of 60 seconds.');
      const firstWait = Number(limited.headers.get('retry-after'));
      expect(firstWait).toBeGreaterThan(55);
      expect(firstWait).toBeLessThanOrEqual(60);

      // Waiting out Retry-After (on the simulator clock) lets requests through again.
      sim.control.setClockOffset(firstWait * 1000);
      expect((await getJson(`${sim.apiUrl}/accounts`, headers)).status).toBe(200);

      sim.control.setBudget({ requests: 2, windowSeconds: 10 });
      sim.control.setClockOffset(0);
      await getJson(`${sim.apiUrl}/accounts`, headers);
      await getJson(`${sim.apiUrl}/accounts`, headers);
      const waits: number[] = [];
      for (let i = 0; i < 3; i++) {
        sim.control.setClockOffset((i + 1) * 3000);
        waits.push(Number((await getJson(`${sim.apiUrl}/accounts`, headers)).headers.get('retry-after')));
      }
      // Each rejected request counts, so the moment the client may send again keeps moving later.
      const releaseAt = waits.map((wait, i) => (i + 1) * 3 + wait);
      expect(releaseAt[1]).toBeGreaterThan(releaseAt[0]!);
      expect(releaseAt[2]).toBeGreaterThan(releaseAt[1]!);

      await postJson(`${sim.url}/_control/budget`, {});
      expect((await getJson(`${sim.apiUrl}/accounts`, headers)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
