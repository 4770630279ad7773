import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';
import type { DynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';
import { basicAuth, getJson, postJson } from '../support/helpers.ts';
import { bearerHeader } from '../support/dynamics.ts';
import { startSageCrmSimulator } from '../../../electron/simulators/sagecrm/server.ts';
import type { SageCrmSimulator } from '../../../electron/simulators/sagecrm/server.ts';

describe('fault injection (Sage CRM simulator)', () => {
  let sim: SageCrmSimulator;
  let auth: Record<string, string>;
  const companies = () => `${sim.baseUrl}company?count=5`;

  beforeAll(async () => {
    sim = await startSageCrmSimulator({ recordsPerEntity: 20 });
    auth = { Authorization: basicAuth(sim.username, sim.password) };
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.reset());

  it('answers any status with a body and Retry-After for the next N requests, then recovers', async () => {
    const queued = await postJson(`${sim.url}/_control/fault`, { kind: 'status', status: 503, count: 2, retryAfter: 7, body: { message: 'busy' } });
    expect(queued.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const reply = await getJson(companies(), auth);
      expect(reply.status).toBe(503);
      expect(reply.headers.get('retry-after')).toBe('7');
      expect(reply.body).toEqual({ message: 'busy' });
    }
    expect((await getJson(companies(), auth)).status).toBe(200);
  });

  it('serves an HTML error page (502 by default, or 500)', async () => {
    sim.control.injectFault({ kind: 'html' });
    sim.control.injectFault({ kind: 'html', status: 500 });
    const gateway = await fetch(companies(), { headers: auth });
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toBe('text/html');
    expect(await gateway.text()).toMatch(/^<!DOCTYPE html/);
    expect((await fetch(companies(), { headers: auth })).status).toBe(500);
  });

  it('serves truncated JSON with 200', async () => {
    sim.control.injectFault({ kind: 'malformed' });
    const reply = await fetch(companies(), { headers: auth });
    expect(reply.status).toBe(200);
    const text = await reply.text();
    expect(text.startsWith('{"$totalResults":20')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('delays a response long enough for a client timeout', async () => {
    sim.control.injectFault({ kind: 'delay', delayMs: 2000 });
    await expect(fetch(companies(), { headers: auth, signal: AbortSignal.timeout(150) })).rejects.toThrow(/timeout|aborted/i);
    sim.control.injectFault({ kind: 'delay', delayMs: 50 });
    const started = performance.now();
    expect((await fetch(companies(), { headers: auth })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('resets the connection', async () => {
    sim.control.injectFault({ kind: 'reset' });
    await expect(fetch(companies(), { headers: auth })).rejects.toThrow();
    expect((await fetch(companies(), { headers: auth })).status).toBe(200);
    const log = sim.control.requests();
    expect(log.map((entry) => [entry.status, entry.fault])).toEqual([[0, 'reset'], [200, undefined]]);
  });

  it('never faults control requests', async () => {
    sim.control.injectFault({ kind: 'reset' });
    expect((await getJson(`${sim.url}/_control/state?records=false`)).status).toBe(200);
    await expect(fetch(companies(), { headers: auth })).rejects.toThrow();
  });

  it('rejects malformed fault requests', async () => {
    expect((await postJson(`${sim.url}/_control/fault`, { kind: 'explode' })).status).toBe(400);
    expect((await postJson(`${sim.url}/_control/fault`, { kind: 'status' })).status).toBe(400);
    expect((await postJson(`${sim.url}/_control/fault`, { kind: 'delay' })).status).toBe(400);
  });
});

describe('fault injection and control API (Dynamics simulator)', () => {
  let sim: DynamicsSimulator;

  beforeAll(async () => {
    sim = await startDynamicsSimulator({ recordsPerEntity: 10 });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.reset());

  it('limits a fault to matching paths so the token endpoint keeps working', async () => {
    sim.control.injectFault({ kind: 'status', status: 429, retryAfter: 3, match: '/api/data/', body: { error: { code: '0x80072322', message: 'slow down' } } });
    const auth = await bearerHeader(sim);
    const limited = await getJson(`${sim.apiUrl}/accounts`, auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await getJson(`${sim.apiUrl}/accounts`, auth)).status).toBe(200);
  });

  it('logs requests with method, path+query, headers of interest and status', async () => {
    const auth = await bearerHeader(sim);
    await getJson(`${sim.apiUrl}/accounts?$select=name&$filter=${encodeURIComponent('statecode eq 0')}`, { ...auth, Prefer: 'odata.maxpagesize=5', 'OData-Version': '4.0' });
    const log = (await getJson<{ count: number; requests: Array<Record<string, unknown>> }>(`${sim.url}/_control/requests`)).body;
    expect(log.count).toBe(2);
    expect(log.requests[0]).toMatchObject({ method: 'POST', path: '/adfs/oauth2/token', status: 200 });
    expect(log.requests[1]).toMatchObject({
      method: 'GET',
      path: '/api/data/v9.2/accounts?$select=name&$filter=statecode%20eq%200',
      status: 200,
      headers: { prefer: 'odata.maxpagesize=5', 'odata-version': '4.0', authorization: expect.stringMatching(/^Bearer .{8}…$/) },
    });
    await fetch(`${sim.url}/_control/requests`, { method: 'DELETE' });
    expect(sim.control.requestCount()).toBe(0);
  });

  it('mutates, deletes and reports state over HTTP', async () => {
    const created = await postJson(`${sim.url}/_control/mutate`, { entity: 'contacts', fields: { firstname: 'Ada', lastname: 'Lovelace' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ firstname: 'Ada', fullname: 'Ada Lovelace' });
    const id = String(created.body.contactid);
    const updated = await postJson(`${sim.url}/_control/mutate`, { entity: 'contacts', id, fields: { modifiedon: '2024-03-01T10:00:00Z' } });
    expect(updated.body.modifiedon).toBe('2024-03-01T10:00:00Z');
    expect(Number(String(updated.body['@odata.etag']).replace(/\D/g, ''))).toBeGreaterThan(Number(String(created.body['@odata.etag']).replace(/\D/g, '')));

    const state = (await getJson<{ entities: Record<string, { count: number; deleted: number; records?: unknown[] }> }>(`${sim.url}/_control/state?entity=contacts`)).body;
    expect(state.entities.contacts).toMatchObject({ count: 11, deleted: 0 });
    expect(state.entities.contacts?.records).toHaveLength(11);
    expect((await postJson(`${sim.url}/_control/delete`, { entity: 'contacts', id })).status).toBe(200);
    expect((await postJson(`${sim.url}/_control/delete`, { entity: 'contacts', id })).status).toBe(404);
    expect(sim.control.state({ records: false }).entities).toMatchObject({ contacts: { count: 10, deleted: 1 } });

    expect((await postJson(`${sim.url}/_control/mutate`, { entity: 'widgets' })).status).toBe(404);
    expect((await postJson(`${sim.url}/_control/mutate`, { entity: 'contacts', fields: { shoe: 1 } })).status).toBe(400);
    expect((await postJson(`${sim.url}/_control/nothing`, {})).status).toBe(404);

    expect((await postJson(`${sim.url}/_control/reset`, {})).status).toBe(200);
    expect(sim.control.state({ records: false }).entities).toMatchObject({ contacts: { count: 10, deleted: 0 } });
  });

  it('sends Date from the simulator clock and stamps modifiedon with it', async () => {
    await postJson(`${sim.url}/_control/clock`, { offsetMs: -30 * 86_400_000 });
    const expected = Date.now() - 30 * 86_400_000;
    const reply = await fetch(`${sim.apiUrl}/accounts`);
    expect(Math.abs(Date.parse(reply.headers.get('date')!) - expected)).toBeLessThan(5000);
    const row = sim.control.mutate({ entity: 'accounts', id: String(sim.control.records('accounts')[0]!.accountid), fields: { name: 'Back in time' } });
    expect(Math.abs(Date.parse(String(row.modifiedon)) - expected)).toBeLessThan(5000);
  });
});

describe('closing', () => {
  it('closes promptly with a delayed response pending and live changes running', async () => {
    const sim = await startDynamicsSimulator({ recordsPerEntity: 5, changesPerMinute: 600 });
    sim.control.injectFault({ kind: 'delay', delayMs: 60_000 });
    const pending = fetch(`${sim.apiUrl}/accounts`).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });
});
