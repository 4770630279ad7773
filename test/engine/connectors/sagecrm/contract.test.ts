/**
 * The Sage CRM connector against the Sage CRM simulator (real HTTP), driven through the engine with
 * the Cloud Elements seed configuration: created, updated and deleted records become the right
 * events; a wrong password stops at once; broken answers fail the poll without losing anything.
 */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../../electron/engine/scheduler/scheduler.ts';
import { startSageCrmSimulator, type SageCrmSimulatorOptions } from '../../../../electron/simulators/index.ts';
import { closedAfterEach, statusAfterRestart } from '../../support/harness.ts';
import { eventsOf, failures, nextSecond, onlyResources, openEngine, sageInstance, sleep, summary } from './support.ts';
import type { HttpOptions } from '../../../../electron/engine/connectors/http.ts';

const closing = closedAfterEach();

async function setup(options: SageCrmSimulatorOptions = {}, patch: Record<string, unknown> = {}, resources?: string[], http?: HttpOptions, password?: string) {
  const sim = closing(await startSageCrmSimulator({ seed: 7, recordsPerEntity: 40, ...options }));
  const { document, env } = sageInstance({ ...sim, password: password ?? sim.password }, patch);
  const engine = closing(openEngine(env, http));
  const instance = (await engine.addInstance(resources ? onlyResources(document, resources) : document)).instance;
  return { sim, engine, instance };
}

describe('Sage CRM with the Cloud Elements seed configuration', () => {
  it('emits CREATED and UPDATED from polls and DELETED from reconciliation', async () => {
    // Events on, to a receiver of our own (nothing listens: the outbox keeps them).
    const { sim, engine, instance } = await setup({}, { 'event.notification.enabled': true, 'event.notification.callback.url': 'http://127.0.0.1:9/hook' });
    // The first poll starts watching (nothing before it is news) and takes the id baseline.
    const first = await engine.pollInstance(instance, { reconcile: 'due' });
    expect(failures(first)).toEqual([]);
    expect(eventsOf(first)).toEqual([]);
    expect(first.map((outcome) => outcome.reconcile?.baseline)).toEqual([true, true, true, true, true]);

    await nextSecond();
    const company = sim.control.mutate({ entity: 'company' });
    sim.control.mutate({ entity: 'person', id: 3, fields: { Pers_Title: 'CFO' } });
    const lead = sim.control.mutate({ entity: 'lead' });
    sim.control.mutate({ entity: 'opportunity', id: 5, fields: { Oppo_Stage: 'Sold' } });
    sim.control.mutate({ entity: 'user', id: 2, fields: { User_Department: 'Finance' } });
    const second = await engine.pollInstance(instance, { reconcile: 'due' });
    expect(failures(second)).toEqual([]);
    expect(summary(eventsOf(second))).toEqual(
      [`accounts ${company.$key} CREATED`, 'contacts 3 UPDATED', `leads ${lead.$key} CREATED`, 'opportunities 5 UPDATED', 'users 2 UPDATED'].sort(),
    );
    // Not due yet (every 6 hours by default): no listing was asked for.
    expect(second.every((outcome) => outcome.reconcile === undefined)).toBe(true);

    // The record arrives in the hub shape the seed configuration reads.
    const created = eventsOf(second).find((event) => event.resource === 'leads');
    const raw = created?.raw as Record<string, unknown>;
    expect(raw.key).toBe(lead.$key);
    expect(raw.Lead_CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(raw.Lead_CreatedDate as string)).toBe(created?.changeTime);
    expect(lead.Lead_CreatedDate).toMatch(/[-+]\d\d:\d\d$/);

    // Deleted: a seeded company, and the lead created above (known from its CREATED event, not from a listing).
    sim.control.delete({ entity: 'company', id: 4 });
    sim.control.delete({ entity: 'lead', id: lead.$key as string });
    const third = await engine.pollInstance(instance, { reconcile: 'now' });
    expect(failures(third)).toEqual([]);
    expect(summary(eventsOf(third))).toEqual(['accounts 4 DELETED', `leads ${lead.$key} DELETED`]);
    const deleted = eventsOf(third).find((event) => event.objectId === '4');
    expect(deleted?.raw).toEqual({ id: '4', key: '4', deleted: true });
    // DELETED events go to the delivery outbox like any other.
    const outboxed = engine.deliveries.list({ instanceId: instance.id, limit: 100 }).items.flatMap((notification) => notification.eventIds);
    expect(outboxed).toContain(deleted?.id);

    // Once only.
    const fourth = await engine.pollInstance(instance, { reconcile: 'now' });
    expect(eventsOf(fourth)).toEqual([]);
    expect(engine.stores.events.count({ instanceId: instance.id, eventType: 'DELETED' })).toBe(2);
  });

  it('emits companies created right after the first poll, in the same second as its Date header', async () => {
    const { sim, engine, instance } = await setup({}, {}, ['accounts']);
    // The simulator clock a tenth of a second into a second: the first poll is answered within that second.
    const now = Date.now();
    sim.control.setClockOffset(Math.ceil(now / 1000) * 1000 + 100 - now);
    expect(eventsOf(await engine.pollInstance(instance))).toEqual([]);
    const firstPoll = Math.floor(Date.parse(sim.control.requests().at(-1)?.at ?? '') / 1000) * 1000;
    const stamp = { Comp_CreatedDate: firstPoll, Comp_UpdatedDate: firstPoll };
    const created = [sim.control.mutate({ entity: 'company', fields: stamp }), sim.control.mutate({ entity: 'company' }), sim.control.mutate({ entity: 'company' })];
    const outcomes = await engine.pollInstance(instance);
    expect(failures(outcomes)).toEqual([]);
    expect(summary(eventsOf(outcomes))).toEqual(created.map((company) => `accounts ${company.$key} CREATED`).sort());
    expect(eventsOf(await engine.pollInstance(instance))).toEqual([]);
  });

  it('sends the translated where clause and pages by startIndex and count, reading $itemsPerPage', async () => {
    const { sim, engine, instance } = await setup({ recordsPerEntity: 250, maxPageSize: 100, dataEndTime: Date.now() }, {}, ['accounts']);
    const since = Date.now() - 400 * 86_400_000;
    const outcomes = await engine.pollInstance(instance, { backfillSince: since });
    expect(failures(outcomes)).toEqual([]);
    const expected = sim.control.records('company').filter((row) => (row.Comp_UpdatedDate as number) > since).length;
    expect(outcomes[0]?.result?.events).toBe(expected);
    const paths = sim.control.requests().map((entry) => decodeURIComponent(entry.path));
    expect(paths[0]).toMatch(/\/sdata\/crmj\/sagecrm2\/-\/company\?where=Comp_UpdatedDate gt @\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ@&startIndex=1&count=100$/);
    expect(paths.map((path) => /startIndex=(\d+)/.exec(path)?.[1])).toEqual(['1', '101', '201'].slice(0, Math.ceil(expected / 100)));
    expect(sim.control.requests()[0]?.headers.authorization).toBe('Basic user=admin');
  });

  it('describes the next request as the vendor URL', async () => {
    const { sim, engine, instance } = await setup({}, {}, ['accounts']);
    const { loaded, connector } = engine.openConnector(instance);
    const url = connector.describeRequest?.(loaded.config.resources[0] as never, Date.UTC(2024, 2, 1, 10), undefined);
    expect(url).toBe(`${sim.baseUrl}company?where=Comp_UpdatedDate%20gt%20%402024-03-01T10%3A00%3A00Z%40&startIndex=1&count=100`);
  });

  it('stops at once on a wrong password: one request, no retry storm, the account not locked', async () => {
    const { sim, engine, instance: wrong } = await setup({ lockoutThreshold: 3 }, { 'event.poller.refresh_interval': 1 }, undefined, undefined, 'wrong');
    const outcomes = await engine.pollInstance(wrong, { reconcile: 'due' });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.error?.message).toContain('Sage CRM refused the sign-in of "admin"');
    expect(outcomes[0]?.error?.message).toContain('lock the account');
    expect(sim.control.requestCount()).toBe(1);

    // A scheduler started afterwards (a restart) does not try again either: needs-attention until the credentials change.
    expect(await statusAfterRestart(engine)).toMatchObject({ state: 'needs-attention', signIn: { state: 'confirm-first', refused: 1 } });
    expect(sim.control.requestCount()).toBe(1);
    expect(sim.control.accounts().admin).toMatchObject({ consecutiveFailures: 1, locked: false });
  });

  it('fails the poll on an HTML error page, malformed JSON or a timeout, and loses nothing', async () => {
    const { sim, engine, instance } = await setup({}, {}, ['accounts'], { timeoutMs: 400 });
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    await nextSecond();
    const company = sim.control.mutate({ entity: 'company', id: 9, fields: { Comp_Status: 'Inactive' } });

    sim.control.injectFault({ kind: 'html', status: 502 });
    const html = await engine.pollInstance(instance);
    expect(failures(html)).toEqual([expect.stringMatching(/answered HTTP 502: an HTML page .*Bad Gateway/)]);

    sim.control.injectFault({ kind: 'malformed' });
    const malformed = await engine.pollInstance(instance);
    expect(failures(malformed)).toEqual([expect.stringContaining('not valid JSON')]);

    sim.control.injectFault({ kind: 'delay', delayMs: 1500 });
    const slow = await engine.pollInstance(instance);
    expect(failures(slow)).toEqual([expect.stringContaining('did not answer within 0.4 s')]);

    // The cursor did not move: the change is still found.
    const recovered = await engine.pollInstance(instance);
    expect(summary(eventsOf(recovered))).toEqual([`accounts ${company.$key} UPDATED`]);
  });

  it('does not take rows that moved while paging the id listing for deletions', async () => {
    const { sim, engine, instance } = await setup({ recordsPerEntity: 300 }, {}, ['accounts']);
    await engine.pollInstance(instance, { reconcile: 'now' });
    // A change between the listing's pages reshuffles the table (no server order): rows skip pages.
    sim.control.injectFault({ kind: 'delay', delayMs: 300, match: 'startIndex=101' });
    const listing = engine.pollInstance(instance, { reconcile: 'now' });
    await sleep(150);
    for (let i = 0; i < 5; i++) sim.control.mutate({ entity: 'company', id: 10 + i, fields: { Comp_Type: 'Partner' } });
    const outcomes = await listing;
    expect(failures(outcomes)).toEqual([]);
    expect(outcomes[0]?.reconcile?.deleted).toEqual([]);
    // The hazard was real: the listing missed rows that were still there.
    expect(outcomes[0]?.reconcile?.stillPresent).toBeGreaterThan(0);
    expect(engine.stores.events.count({ instanceId: instance.id, eventType: 'DELETED' })).toBe(0);
  });

  it('reconciles on the instance schedule under the scheduler', async () => {
    const { sim, engine, instance } = await setup({}, { 'event.poller.refresh_interval': 1, 'event.poller.reconcile_interval': 2 }, ['accounts']);
    const scheduler = new Scheduler(engine, { minuteMs: 200, maxStartJitterMs: 0 });
    const deleted: string[] = [];
    scheduler.on('events', ({ events }) => deleted.push(...events.filter((event) => event.eventType === 'DELETED').map((event) => event.objectId)));
    scheduler.start();
    await sleep(100);
    sim.control.delete({ entity: 'company', id: 2 });
    await sleep(1000);
    await scheduler.stop();
    expect(deleted).toEqual(['2']);
    expect(instance.id).toBeGreaterThan(0);
  });

  it('holds its place while dates come without a zone, and reads them once the server zone is set', async () => {
    const { sim, engine, instance } = await setup({ dateStyle: 'local', timeZone: 'America/New_York' }, {}, ['accounts']);
    expect(failures(await engine.pollInstance(instance))).toEqual([]);
    await nextSecond();
    const company = sim.control.mutate({ entity: 'company', id: 6, fields: { Comp_Type: 'Partner' } });
    const shifted = await engine.pollInstance(instance);
    expect(shifted[0]?.result).toMatchObject({ events: 0, cursorHeld: true });
    expect(shifted[0]?.result?.zoneShift?.message).toMatch(/record dates read [45] h behind the server's clock/);

    // The fix the message asks for: the server's zone for the dates.
    const document = structuredClone(instance.document) as { configuration: { 'event.poller.configuration': { accounts: { datesConfiguration: Record<string, string> } } } };
    Object.assign(document.configuration['event.poller.configuration'].accounts.datesConfiguration, { updatedDateTimezone: 'America/New_York', createdDateTimezone: 'America/New_York' });
    engine.instances.update(instance.id, { document: document as unknown as Record<string, unknown> }, Date.now());
    const fixed = await engine.pollInstance(engine.requireInstance(instance.name));
    expect(summary(eventsOf(fixed))).toEqual([`accounts ${company.$key} UPDATED`]);
  });

  it('confirms many deletions with eq/or look-ups only (the server refuses in), each URL well under 2,000 characters', async () => {
    const { sim, engine, instance } = await setup({ recordsPerEntity: 400 }, {}, ['accounts']);
    await engine.pollInstance(instance, { reconcile: 'now' });
    const deletedIds = Array.from({ length: 150 }, (_, i) => 100 + 2 * i);
    for (const id of deletedIds) sim.control.delete({ entity: 'company', id });
    sim.control.clearRequests();
    const outcomes = await engine.pollInstance(instance, { reconcile: 'now' });
    expect(failures(outcomes)).toEqual([]);
    expect(eventsOf(outcomes).filter((event) => event.eventType === 'DELETED').map((event) => Number(event.objectId)).sort((a, b) => a - b)).toEqual(deletedIds);
    const lookups = sim.control.requests().filter((entry) => decodeURIComponent(entry.path).includes('comp_companyid eq'));
    expect(lookups.length).toBeGreaterThan(1);
    expect(lookups.every((entry) => entry.status === 200)).toBe(true);
    const urlLengths = sim.control.requests().map((entry) => `${sim.url}${entry.path}`.length);
    expect(Math.max(...urlLengths)).toBeLessThanOrEqual(1_500);
    expect(sim.control.requests().some((entry) => / in \(/i.test(decodeURIComponent(entry.path)))).toBe(false);
  });

  it('lists ids without select when the server refuses it', async () => {
    const { sim, engine, instance } = await setup({}, {}, ['accounts']);
    await engine.pollInstance(instance, { reconcile: 'now' });
    sim.control.injectFault({ kind: 'status', status: 400, match: 'select=', body: { $diagnoses: [{ $severity: 'error', $sdataCode: 'BadQueryParameter', $message: 'Invalid select' }] } });
    sim.control.delete({ entity: 'company', id: 8 });
    const outcomes = await engine.pollInstance(instance, { reconcile: 'now' });
    expect(failures(outcomes)).toEqual([]);
    expect(summary(eventsOf(outcomes))).toEqual(['accounts 8 DELETED']);
    expect(sim.control.requests().filter((entry) => entry.path.includes('startIndex=1')).map((entry) => entry.path.includes('select='))).toContain(false);
  });

  it('syncs 10,000 records (a backfill) once, and lists 10,000 ids', { timeout: 60_000 }, async () => {
    const { sim, engine, instance } = await setup({ recordsPerEntity: 10_000, maxPageSize: 100 }, {}, ['accounts']);
    const started = Date.now();
    const outcomes = await engine.pollInstance(instance, { backfillSince: 0, reconcile: 'now' });
    expect(failures(outcomes)).toEqual([]);
    expect(outcomes[0]?.result?.events).toBe(10_000);
    expect(outcomes[0]?.result?.pages).toBe(100);
    expect(outcomes[0]?.reconcile).toMatchObject({ baseline: true, listed: 10_000 });
    expect(engine.stores.events.count({ instanceId: instance.id })).toBe(10_000);
    // Again: nothing new, and the listing finds nothing deleted.
    sim.control.delete({ entity: 'company', id: 1234 });
    const again = await engine.pollInstance(instance, { backfillSince: 0, reconcile: 'now' });
    expect(summary(eventsOf(again))).toEqual(['accounts 1234 DELETED']);
    expect(Date.now() - started).toBeLessThan(45_000);
  });
});
