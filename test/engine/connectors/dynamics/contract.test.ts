/**
 * The Dynamics connector against the Dynamics simulator (real HTTP), driven through the engine with
 * the Cloud Elements seed configurations: change tracking and date filters produce the right events;
 * sign-in (AD FS, Azure AD, discovery, refresh), throttling, expired delta tokens and broken answers
 * behave as they must.
 */
import { describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../../../electron/engine/connectors/http.ts';
import { secretEnvName } from '../../../../electron/engine/secrets/envStore.ts';
import { startDynamicsSimulator, type DynamicsSimulator, type DynamicsSimulatorOptions } from '../../../../electron/simulators/index.ts';
import { closedAfterEach, statusAfterRestart } from '../../support/harness.ts';
import { dynamicsInstance, eventsOf, failures, nextSecond, onlyResources, openEngine, sleep, summary } from './support.ts';

const closing = closedAfterEach();

interface Setup {
  sim?: DynamicsSimulatorOptions;
  file?: string;
  patch?: Record<string, unknown>;
  resources?: string[];
  http?: HttpOptions;
  password?: string;
  env?: Record<string, string>;
}

async function setup(options: Setup = {}) {
  const sim = closing(await startDynamicsSimulator({ seed: 3, recordsPerEntity: 30, changeTrackingDisabledFor: [], ...options.sim }));
  const { document, env } = dynamicsInstance({ ...sim, password: options.password ?? sim.password }, options.file, options.patch);
  const engine = closing(openEngine({ ...env, ...options.env }, options.http));
  const instance = (await engine.addInstance(options.resources ? onlyResources(document, options.resources) : document)).instance;
  return { sim, engine, instance };
}

const id = (row: Record<string, unknown> | undefined, key: string) => String(row?.[key]);
const apiRequests = (simulator: DynamicsSimulator) => simulator.control.requests().filter((entry) => entry.path.startsWith('/api/data/'));
const tokenRequests = (simulator: DynamicsSimulator) => simulator.control.requests().filter((entry) => entry.method === 'POST');

describe('Dynamics with the Cloud Elements seed configurations', () => {
  it("tracks changes for where=fetchChanges='true': CREATED, UPDATED and DELETED", async () => {
    const { sim, engine, instance } = await setup();
    const first = await engine.pollInstance(instance);
    expect(failures(first)).toEqual([]);
    expect(eventsOf(first)).toEqual([]);
    expect(first.map((outcome) => outcome.result?.listing?.baseline)).toEqual([true, true, true, true, true, true, true]);
    expect(apiRequests(sim).find((entry) => entry.path === '/api/data/v9.2/accounts')?.headers.prefer).toBe('odata.track-changes,odata.maxpagesize=500');

    await nextSecond();
    const account = sim.control.mutate({ entity: 'accounts' });
    const contact = sim.control.records('contacts')[4];
    sim.control.mutate({ entity: 'contacts', id: id(contact, 'contactid'), fields: { jobtitle: 'CTO' } });
    const lead = sim.control.records('leads')[2];
    sim.control.delete({ entity: 'leads', id: id(lead, 'leadid') });
    const task = sim.control.mutate({ entity: 'tasks' });
    const note = sim.control.mutate({ entity: 'annotations' });
    const opportunity = sim.control.mutate({ entity: 'opportunities' });
    sim.control.delete({ entity: 'opportunities', id: id(opportunity, 'opportunityid') });

    const second = await engine.pollInstance(instance);
    expect(failures(second)).toEqual([]);
    expect(summary(eventsOf(second))).toEqual(
      [
        `accounts ${id(account, 'accountid')} CREATED`,
        `contacts ${id(contact, 'contactid')} UPDATED`,
        `leads ${id(lead, 'leadid')} DELETED`,
        `tasks ${id(task, 'activityid')} CREATED`,
        `activities ${id(task, 'activityid')} CREATED`,
        `notes ${id(note, 'annotationid')} CREATED`,
        // Created and deleted between two polls: only the deletion is reported.
        `opportunities ${id(opportunity, 'opportunityid')} DELETED`,
      ].sort(),
    );
    expect(apiRequests(sim).filter((entry) => entry.path.includes('$deltatoken=')).length).toBe(7);

    // The hub shape the seed configuration reads: id, attributes, dates as epoch ms.
    const created = eventsOf(second).find((event) => event.resource === 'accounts');
    expect(created?.raw).toMatchObject({ id: id(account, 'accountid'), attributes: { name: account.name, modifiedon: Date.parse(account.modifiedon as string) } });
    expect(created?.changeTime).toBe(Date.parse(account.modifiedon as string));

    expect(eventsOf(await engine.pollInstance(instance))).toEqual([]);
  });

  it('reads the poller configuration given as a JSON string the same way', async () => {
    const { sim, engine, instance } = await setup({ file: 'dynamicscrmadfs-instance-2016-string-config.json' });
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    await nextSecond();
    const account = sim.control.mutate({ entity: 'accounts' });
    expect(summary(eventsOf(await engine.pollInstance(instance)))).toEqual([`accounts ${id(account, 'accountid')} CREATED`]);
  });

  it("filters by modifiedon for the legacy where=modifiedon >'${gmtDate:…}'", async () => {
    const { sim, engine, instance } = await setup({ file: 'dynamicscrmadfs-instance-legacy.json' });
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    await nextSecond();
    const contact = sim.control.records('contacts')[1];
    sim.control.mutate({ entity: 'contacts', id: id(contact, 'contactid'), fields: { telephone1: '555-0100' } });
    const note = sim.control.mutate({ entity: 'annotations' });
    const outcomes = await engine.pollInstance(instance);
    expect(failures(outcomes)).toEqual([]);
    expect(summary(eventsOf(outcomes))).toEqual([`contacts ${id(contact, 'contactid')} UPDATED`, `notes ${id(note, 'annotationid')} CREATED`]);
    const filtered = apiRequests(sim).filter((entry) => entry.path.startsWith('/api/data/v9.2/contacts'));
    expect(decodeURIComponent(filtered.at(-1)?.path ?? '')).toMatch(/^\/api\/data\/v9\.2\/contacts\?\$filter=modifiedon gt \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(filtered.at(-1)?.headers.prefer).toBe('odata.maxpagesize=500');
  });

  it('follows next and delta links written relative to the request URL', async () => {
    const { sim, engine, instance } = await setup({ sim: { relativeLinks: true, maxPageSize: 7 }, resources: ['accounts'] });
    const first = await engine.pollInstance(instance);
    expect(failures(first)).toEqual([]);
    expect(first[0]?.result?.listing).toMatchObject({ baseline: true, listed: 30 });
    expect(first[0]?.result?.pages).toBe(5);
    await nextSecond();
    const created = Array.from({ length: 9 }, () => sim.control.mutate({ entity: 'accounts' }));
    const gone = sim.control.records('accounts')[3];
    sim.control.delete({ entity: 'accounts', id: id(gone, 'accountid') });
    const second = await engine.pollInstance(instance);
    expect(failures(second)).toEqual([]);
    expect(summary(eventsOf(second))).toEqual([...created.map((row) => `accounts ${id(row, 'accountid')} CREATED`), `accounts ${id(gone, 'accountid')} DELETED`].sort());
    expect(second[0]?.result?.pages).toBeGreaterThan(1);
  });

  it('reads from scratch for a backfill (poll --since), then goes on tracking', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts'] });
    sim.control.setClockOffset(-60 * 60_000);
    const earlier = sim.control.mutate({ entity: 'accounts' });
    sim.control.setClockOffset(0);
    expect(eventsOf(await engine.pollInstance(instance))).toEqual([]);
    const backfill = await engine.pollInstance(instance, { backfillSince: Date.now() - 2 * 60 * 60_000 });
    expect(summary(eventsOf(backfill))).toEqual([`accounts ${id(earlier, 'accountid')} CREATED`]);
    await nextSecond();
    const next = sim.control.mutate({ entity: 'accounts' });
    expect(summary(eventsOf(await engine.pollInstance(instance)))).toEqual([`accounts ${id(next, 'accountid')} CREATED`]);
  });

  it('describes the next request: the kept delta link, or the first tracking read', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts'] });
    const describe = () => {
      const { loaded, connector } = engine.openConnector(instance);
      const cursor = engine.stores.cursors.load(instance.id, 'accounts');
      return connector.describeRequest?.(loaded.config.resources[0] as never, 0, cursor?.connectorState);
    };
    expect(describe()).toBe(`${sim.apiUrl}/accounts (Prefer: odata.track-changes)`);
    await engine.pollInstance(instance);
    expect(describe()).toMatch(new RegExp(`^${sim.apiUrl.replaceAll('.', '\\.')}/accounts\\?\\$deltatoken=`));
  });

  it('says how to fix a table without change tracking', async () => {
    const { engine, instance } = await setup({ sim: { changeTrackingDisabledFor: ['activitypointers'] }, resources: ['accounts', 'activities'] });
    const outcomes = await engine.pollInstance(instance);
    expect(outcomes[0]?.error).toBeUndefined();
    expect(outcomes[1]?.error?.message).toMatch(/Change tracking is not enabled .*: enable change tracking on the table in Dynamics, or poll it by date/);
  });
});

describe('signing in to Dynamics', () => {
  it('discovers AD FS from the bearer challenge and signs in with the password grant and resource', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts'] });
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    const log = sim.control.requests();
    expect(log.slice(0, 3).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'GET /api/data/v9.2/ 401',
      'POST /adfs/oauth2/token 200',
      'GET /api/data/v9.2/accounts 200',
    ]);
    expect(log[0]?.headers.authorization).toBe('Bearer (empty)');
    expect(log[2]?.headers.authorization).toMatch(/^Bearer ey/);
  });

  it('discovers Azure AD and uses its v2.0 token endpoint', async () => {
    const { sim, engine, instance } = await setup({ sim: { authority: 'azure' }, resources: ['accounts'] });
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    expect(tokenRequests(sim).map((entry) => entry.path)).toEqual([`/${sim.tenant}/oauth2/v2.0/token`]);
  });

  it('uses oauth.authority when set (no discovery) and client credentials without a user', async () => {
    const { sim, engine, instance } = await setup({
      resources: ['accounts'],
      patch: { 'user.username': undefined, 'oauth.client.id': '51f81489-12ee-4a9e-aaae-a2591f45987d', 'oauth.authority': '' },
      env: { [secretEnvName('Dynamics Test', 'oauth.client.secret')]: 'simulator-secret' },
    });
    engine.instances.update(instance.id, { document: { ...instance.document, configuration: { ...(instance.document.configuration as object), 'oauth.authority': `${sim.url}/adfs` } } }, Date.now());
    const outcomes = await engine.pollInstance(engine.requireInstance(instance.name));
    expect(failures(outcomes)).toEqual([]);
    expect(sim.control.requests().map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['POST /adfs/oauth2/token 200', 'GET /api/data/v9.2/accounts 200']);
  });

  it('stops at once on a wrong password: one sign-in attempt, no retry storm', async () => {
    const { sim, engine, instance } = await setup({ password: 'wrong', resources: ['accounts', 'contacts'], patch: { 'event.poller.refresh_interval': 1 } });
    const outcomes = await engine.pollInstance(instance);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.error?.message).toMatch(/AD FS refused the sign-in at .*\/adfs\/oauth2\/token \(HTTP 400: invalid_grant: MSIS9659: Invalid 'username' or 'password'\.\); check user\.username and user\.password/);
    expect(tokenRequests(sim)).toHaveLength(1);
    // A scheduler started afterwards (a restart) does not sign in again: the refusal is kept.
    expect(await statusAfterRestart(engine)).toMatchObject({ state: 'needs-attention', signIn: { state: 'confirm-first', refused: 1 } });
    expect(tokenRequests(sim)).toHaveLength(1);
    expect(apiRequests(sim).every((entry) => entry.status === 401)).toBe(true);
  });

  it('renews an expired token once on 401, and a token about to expire before using it', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts'] });
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    expect(tokenRequests(sim)).toHaveLength(1);

    sim.control.expireAccessTokens();
    await nextSecond();
    const account = sim.control.mutate({ entity: 'accounts' });
    const renewed = await engine.pollInstance(instance);
    expect(summary(eventsOf(renewed))).toEqual([`accounts ${id(account, 'accountid')} CREATED`]);
    expect(apiRequests(sim).filter((entry) => entry.status === 401).map((entry) => entry.path.split('?')[0])).toEqual(['/api/data/v9.2/', '/api/data/v9.2/accounts']);
    expect(tokenRequests(sim)).toHaveLength(2);

    // Tokens that live 2 s are renewed before they run out: no more 401s.
    sim.control.setTokenLifetime(2);
    sim.control.expireAccessTokens();
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    await sleep(2100);
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    expect(apiRequests(sim).filter((entry) => entry.status === 401)).toHaveLength(3);
    expect(tokenRequests(sim)).toHaveLength(4);
  });
});

describe('Dynamics service protection, expired tracking and failures', () => {
  it('waits out 429 Retry-After inside the poll instead of failing it', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts', 'contacts', 'leads'] });
    sim.control.setBudget({ requests: 2, windowSeconds: 1 });
    const outcomes = await engine.pollInstance(instance);
    expect(failures(outcomes)).toEqual([]);
    const throttled = apiRequests(sim).filter((entry) => entry.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(outcomes.every((outcome) => outcome.result?.listing?.baseline)).toBe(true);
  });

  it('starts a new tracking session when the delta token expired, announcing only what changed', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts', 'contacts'], sim: { refreshTokenLifetimeSeconds: 3600 } });
    expect(eventsOf(await engine.pollInstance(instance))).toEqual([]);
    await nextSecond();
    const [a, b] = sim.control.records('accounts');
    sim.control.mutate({ entity: 'accounts', id: id(a, 'accountid'), fields: { telephone1: '555-0101' } });
    expect(summary(eventsOf(await engine.pollInstance(instance)))).toEqual([`accounts ${id(a, 'accountid')} UPDATED`]);

    // Ten minutes later another change is announced; then the poller is off for eight days, while
    // the delta tokens (7 days), the access token and the refresh token expire, and data changes.
    sim.control.setClockOffset(10 * 60_000);
    const later = sim.control.mutate({ entity: 'accounts' });
    expect(summary(eventsOf(await engine.pollInstance(instance)))).toEqual([`accounts ${id(later, 'accountid')} CREATED`]);
    sim.control.setClockOffset(8 * 86_400_000);
    sim.control.delete({ entity: 'accounts', id: id(b, 'accountid') });
    const contact = sim.control.records('contacts')[3];
    sim.control.mutate({ entity: 'contacts', id: id(contact, 'contactid'), fields: { jobtitle: 'Owner' } });
    const created = sim.control.mutate({ entity: 'accounts' });

    const outcomes = await engine.pollInstance(instance);
    expect(failures(outcomes)).toEqual([]);
    expect(apiRequests(sim).some((entry) => entry.status === 400 && entry.path.includes('$deltatoken='))).toBe(true);
    expect(summary(eventsOf(outcomes))).toEqual(
      [`accounts ${id(b, 'accountid')} DELETED`, `accounts ${id(created, 'accountid')} CREATED`, `contacts ${id(contact, 'contactid')} UPDATED`].sort(),
    );
    expect(outcomes[0]?.result?.listing).toMatchObject({ baseline: false, listed: 31 });
    // The new session's delta link works.
    await nextSecond();
    sim.control.mutate({ entity: 'accounts', id: id(a, 'accountid'), fields: { telephone1: '555-0102' } });
    expect(summary(eventsOf(await engine.pollInstance(instance)))).toEqual([`accounts ${id(a, 'accountid')} UPDATED`]);
  });

  it('does not announce again records whose events retention removed when a delta token expires', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts'] });
    expect(eventsOf(await engine.pollInstance(instance))).toEqual([]);
    await nextSecond();
    const [gone, ...edited] = sim.control.records('accounts').slice(0, 4);
    for (const row of edited) sim.control.mutate({ entity: 'accounts', id: id(row, 'accountid'), fields: { telephone1: '555-0199' } });
    sim.control.delete({ entity: 'accounts', id: id(gone, 'accountid') });
    expect(eventsOf(await engine.pollInstance(instance))).toHaveLength(4);
    sim.control.setClockOffset(10 * 60_000);
    sim.control.mutate({ entity: 'accounts' });
    expect(eventsOf(await engine.pollInstance(instance))).toHaveLength(1);
    // Retention keeps the newest event only: four of the five changes can no longer be recognised by event id.
    engine.stores.events.enforceRetention({ maxPerInstance: 1 });
    expect(engine.stores.events.count({ instanceId: instance.id })).toBe(1);

    sim.control.expireDeltaTokens();
    const resync = await engine.pollInstance(instance);
    expect(failures(resync)).toEqual([]);
    expect(resync[0]?.result?.listing?.baseline).toBe(false);
    expect(eventsOf(resync)).toEqual([]);
  });

  it('fails the poll on an HTML error page, malformed JSON or a timeout, and keeps its place', async () => {
    const { sim, engine, instance } = await setup({ resources: ['accounts'], http: { timeoutMs: 400 } });
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    await nextSecond();
    const account = sim.control.mutate({ entity: 'accounts' });
    const match = '/api/data/v9.2/accounts';

    sim.control.injectFault({ kind: 'html', status: 500, match });
    expect(failures(await engine.pollInstance(instance))).toEqual([expect.stringMatching(/answered HTTP 500: an HTML page .*Internal server error/)]);
    sim.control.injectFault({ kind: 'malformed', match });
    expect(failures(await engine.pollInstance(instance))).toEqual([expect.stringContaining('not valid JSON')]);
    sim.control.injectFault({ kind: 'delay', delayMs: 1500, match });
    expect(failures(await engine.pollInstance(instance))).toEqual([expect.stringContaining('did not answer within 0.4 s')]);

    expect(summary(eventsOf(await engine.pollInstance(instance)))).toEqual([`accounts ${id(account, 'accountid')} CREATED`]);
  });

  it('syncs 10,000 records at the first poll without announcing them, and after an expired token', { timeout: 60_000 }, async () => {
    const { sim, engine, instance } = await setup({ sim: { recordsPerEntity: 10_000, dataEndTime: Date.now() - 1000 }, resources: ['accounts'] });
    const first = await engine.pollInstance(instance);
    expect(failures(first)).toEqual([]);
    expect(first[0]?.result).toMatchObject({ events: 0, records: 10_000, pages: 20 });
    expect(first[0]?.result?.listing).toMatchObject({ baseline: true, listed: 10_000 });

    await nextSecond();
    const [gone] = sim.control.records('accounts');
    sim.control.delete({ entity: 'accounts', id: id(gone, 'accountid') });
    const added = sim.control.mutate({ entity: 'accounts' });
    sim.control.expireDeltaTokens();
    const resync = await engine.pollInstance(instance);
    expect(failures(resync)).toEqual([]);
    expect(resync[0]?.result?.records).toBe(10_000);
    expect(summary(eventsOf(resync))).toEqual([`accounts ${id(added, 'accountid')} CREATED`, `accounts ${id(gone, 'accountid')} DELETED`].sort());
  });
});
