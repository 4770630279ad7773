/**
 * A wrong password never locks the CRM account: against the real Sage CRM simulator (which locks a
 * user after 5 bad passwords in a row and counts them), the whole flow a user goes through (save
 * the wrong password, the scheduled poll, saving other settings, resume, Test connection, Poll now,
 * Poll all, a restart) costs one refused sign-in for the saved password and at most one more per
 * explicit confirmation. Dynamics' OAuth password grant (400 invalid_grant) and the generic
 * connector's 401 count as refused sign-ins too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import type { SecretStore } from '../../../electron/engine/secrets/secretStore.ts';
import { startDynamicsSimulator, startSageCrmSimulator, type DynamicsSimulator, type SageCrmSimulator } from '../../../electron/simulators/index.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import { dynamicsInstance } from '../connectors/dynamics/support.ts';
import { onlyResources, sageInstance } from '../connectors/sagecrm/support.ts';
import { sendJson, startTestApi, type TestApi } from '../connectors/support/testApi.ts';
import { memorySecrets } from '../support/memorySecrets.ts';
import { sleep, tempDataDir } from '../support/harness.ts';

const MINUTE_MS = 100;
const WRONG = 'not-the-password';
const CONFIRMED = { confirmLockoutRisk: true };

let apps: Application[] = [];
let sage: SageCrmSimulator | undefined;
let dynamics: DynamicsSimulator | undefined;
let api: TestApi | undefined;

afterEach(async () => {
  for (const app of apps) await app.stop();
  await Promise.all([sage?.close(), dynamics?.close(), api?.close()]);
  apps = [];
  sage = dynamics = api = undefined;
});

function start(dataDir: string, secrets: SecretStore): Application {
  const app = startApplication({
    dataDir,
    settings: openConfSettings(dataDir),
    secrets,
    notice: () => undefined,
    service: { version: 'test', transport: 'http', dataDir },
    scheduler: { minuteMs: MINUTE_MS, maxStartJitterMs: 0, maxTimerMs: 20, backoff: { firstDelayMs: 20, maxDelayMs: 80 } },
  });
  apps.push(app);
  return app;
}

async function stop(app: Application): Promise<void> {
  await app.stop();
  apps = apps.filter((candidate) => candidate !== app);
}

/** Resolves with the instance's status once `test` holds (polled: the scheduler pushes on its own time). */
async function statusWhen(app: Application, id: number, test: (status: InstanceStatus) => boolean, what: string): Promise<InstanceStatus> {
  for (let tries = 0; tries < 200; tries++) {
    const status = (await app.service.getStatus()).find((candidate) => candidate.id === id);
    if (status && test(status)) return status;
    await sleep(25);
  }
  throw new Error(`the status never showed ${what}: ${JSON.stringify((await app.service.getStatus()).find((candidate) => candidate.id === id))}`);
}

/** Enough scheduler "minutes" (refresh interval 1) for any retry, backoff or scheduled poll to have happened. */
const severalIntervals = () => sleep(MINUTE_MS * 6);

function sageDocument(sim: SageCrmSimulator, password: string | undefined): Record<string, unknown> {
  const { document } = sageInstance(sim, { 'event.poller.refresh_interval': 1 });
  if (password !== undefined) (document.configuration as Record<string, unknown>).password = password;
  return onlyResources(document, ['accounts', 'contacts']);
}

/** Saves the document through the service (its secrets to the keychain); fails the test saying why when it cannot. */
async function create(app: Application, document: Record<string, unknown>): Promise<number> {
  const created = await app.service.createInstance(document);
  if (!created.ok || created.instance.setup.length > 0) throw new Error(JSON.stringify(created.ok ? created.instance.setup : created.errors));
  return created.instance.id;
}

/** The simulator's count of refused sign-ins in a row for its user (it locks the account at 5). */
const refusals = () => sage?.control.accounts().admin?.consecutiveFailures ?? 0;

describe('a refused sign-in is never repeated by itself (Sage CRM lockout counter)', () => {
  it('save a wrong password, scheduled poll, other settings, resume, Test connection, Poll now, Poll all, restart: one refusal per confirmation', async () => {
    sage = await startSageCrmSimulator({ recordsPerEntity: 3 });
    const dataDir = tempDataDir('cep-lockout-');
    const secrets = memorySecrets();
    let app = start(dataDir, secrets);
    const id = await create(app, sageDocument(sage, sage.password));
    await statusWhen(app, id, (status) => status.lastPollAt !== undefined && status.state !== 'polling', 'a first poll');
    expect(refusals()).toBe(0);

    // The wrong password, saved with the instance: tried once (by the scheduled poll), refused.
    const saved = await app.service.updateInstance(id, sageDocument(sage, WRONG));
    expect(saved.ok).toBe(true);
    const refused = await statusWhen(app, id, (status) => status.signIn?.refused === 1, 'one refused sign-in');
    expect(refused.state).toBe('needs-attention');
    expect(refused.signIn).toMatchObject({ refused: 1, state: 'confirm-first' });
    await severalIntervals();
    expect(refusals()).toBe(1);

    // Saving another setting keeps the same (refused) password: nothing signs in.
    const otherSettings = sageDocument(sage, undefined);
    (otherSettings.configuration as Record<string, unknown>)['event.poller.refresh_interval'] = 2;
    expect((await app.service.updateInstance(id, otherSettings)).ok).toBe(true);
    await app.service.resume('all');
    await app.service.resume(id);
    await severalIntervals();
    expect(refusals()).toBe(1);

    // Test connection and Poll now ask first: refused without the confirmation, one attempt with it.
    await expect(app.service.testConnection(id)).rejects.toThrow(/refused .*may lock the account/);
    await expect(app.service.pollNow(id)).rejects.toThrow(/refused .*may lock the account/);
    expect(refusals()).toBe(1);
    expect((await app.service.testConnection(id, CONFIRMED)).ok).toBe(false);
    expect(refusals()).toBe(2);
    const poll = await app.service.pollNow(id, undefined, CONFIRMED);
    expect(poll.resources.map((resource) => resource.error)).toEqual([expect.stringMatching(/HTTP 401/)]);
    expect(refusals()).toBe(3);
    // Poll all skips it (it is not confirmed), as the scheduler does.
    expect(await app.service.pollAll()).toEqual({ polled: [], skipped: [{ id, name: 'Sage Test', reason: expect.stringMatching(/refused/) }] });
    await severalIntervals();
    expect(refusals()).toBe(3);
    expect((await statusWhen(app, id, () => true, 'a status')).signIn).toMatchObject({ refused: 3, state: 'confirm-first' });

    // A restart (the app, or `run`) remembers the refusals: nothing signs in, the count is shown.
    await stop(app);
    app = start(dataDir, secrets);
    const restarted = await statusWhen(app, id, (status) => status.signIn !== undefined, 'the kept refusals');
    expect(restarted.signIn).toMatchObject({ refused: 3, state: 'confirm-first' });
    expect(restarted.state).toBe('needs-attention');
    expect(restarted.lastError?.kind).toBe('auth');
    await severalIntervals();
    expect(refusals()).toBe(3);
    await expect(app.service.testConnection(id)).rejects.toThrow(/3 refused sign-ins since the last success/);

    // The right password: tried once by the scheduled poll, which succeeds; the count starts over.
    await app.service.setCredential(id, 'password', sage.password);
    const fixed = await statusWhen(app, id, (status) => status.signIn?.refused === 0 && status.lastError === undefined && status.lastPollAt !== undefined, 'a successful poll');
    expect(fixed.signIn?.state).toBe('ok');
    expect(refusals()).toBe(0);
  });

  it('a new password is tried once: Test connection right after the save is that try, and the scheduled poll does not try again', async () => {
    sage = await startSageCrmSimulator({ recordsPerEntity: 3 });
    const dataDir = tempDataDir('cep-lockout-');
    const app = start(dataDir, memorySecrets());
    const id = await create(app, sageDocument(sage, sage.password));
    await statusWhen(app, id, (status) => status.lastPollAt !== undefined && status.state !== 'polling', 'a first poll');

    await app.service.setCredential(id, 'password', WRONG);
    // Whichever goes first (this test, or the poll the save started) is the one try; the other waits
    // for it and then does not sign in: the test says the password was refused, or asks first.
    const test = await app.service.testConnection(id).then(
      (result) => result.message,
      (error: Error) => error.message,
    );
    expect(test).toMatch(/HTTP 401|may lock the account/);
    await statusWhen(app, id, (status) => status.signIn?.state === 'confirm-first', 'confirm first');
    await severalIntervals();
    expect(refusals()).toBe(1);

    // The right one, tested at once: it succeeds, and the polls go on as normal.
    await app.service.setCredential(id, 'password', sage.password);
    expect(await app.service.testConnection(id)).toMatchObject({ ok: true });
    const polled = await statusWhen(app, id, (status) => status.signIn?.state === 'ok' && status.lastError === undefined && (status.lastPollAt ?? 0) > Date.now() - MINUTE_MS, 'polls going on');
    expect(polled.signIn?.refused).toBe(0);
    expect(refusals()).toBe(0);
  });

  it("a draft (Try before saving) is judged by its own credentials and never vouches for the saved ones", async () => {
    sage = await startSageCrmSimulator({ recordsPerEntity: 3 });
    const app = start(tempDataDir('cep-lockout-draft-'), memorySecrets());
    const id = await create(app, sageDocument(sage, WRONG));
    await statusWhen(app, id, (status) => status.signIn?.state === 'confirm-first', 'the saved password refused');
    expect(refusals()).toBe(1);
    const draft = (password: string | undefined) => ({ id, document: sageDocument(sage!, undefined), ...(password === undefined ? {} : { secrets: { password } }) });

    // The saved (refused) password, as the draft stands: it asks first, like the saved instance.
    await expect(app.service.testConnection(draft(undefined))).rejects.toThrow(/may lock the account/);
    // Another typed password is untried: it goes without asking; refused, it is one more refusal.
    expect((await app.service.testConnection(draft('also-wrong'))).ok).toBe(false);
    expect(refusals()).toBe(2);
    await expect(app.service.testConnection(draft('also-wrong'))).rejects.toThrow(/may lock the account/);
    // The right one signs in, and the saved (wrong) password stays held: nothing tries it by itself.
    expect((await app.service.testConnection(draft(sage.password))).ok).toBe(true);
    await severalIntervals();
    expect(sage.control.accounts().admin?.consecutiveFailures ?? 0).toBe(0);
    expect((await statusWhen(app, id, () => true, 'a status')).signIn?.state).toBe('confirm-first');
    await expect(app.service.pollNow(id)).rejects.toThrow(/may lock the account/);

    // Saved as tried, the right password polls at once, with no refusal.
    expect((await app.service.updateInstance(id, sageDocument(sage, sage.password))).ok).toBe(true);
    // (The draft's sign-in already vouched for these credentials; the count starts over once the saved instance signs in.)
    await statusWhen(app, id, (status) => status.signIn?.state === 'ok' && status.signIn.refused === 0 && status.lastPollAt !== undefined && status.lastError === undefined, 'polls going on');
    expect(sage.control.accounts().admin?.consecutiveFailures ?? 0).toBe(0);
  });

  it('the right password saved by another process sharing the data dir (the CLI) is noticed and tried once', async () => {
    sage = await startSageCrmSimulator({ recordsPerEntity: 3 });
    const dataDir = tempDataDir('cep-lockout-');
    const keychain = memorySecrets();
    const app = start(dataDir, keychain);
    const id = await create(app, sageDocument(sage, WRONG));
    await statusWhen(app, id, (status) => status.signIn?.state === 'confirm-first', 'confirm first');

    // `crm-event-poller credentials set`: its own engine, the same settings file and keychain.
    const cli = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: keychain, notice: () => undefined });
    await cli.setCredential(cli.requireInstance('Sage Test'), 'password', sage.password);
    cli.close();
    const fixed = await statusWhen(app, id, (status) => status.signIn?.state === 'ok' && status.lastPollAt !== undefined, 'the new password tried');
    expect(fixed.signIn?.refused).toBe(0);
    expect(refusals()).toBe(0);
  });

  it('a Dynamics password refused by the token endpoint (400 invalid_grant) is a refused sign-in: not tried again by itself', async () => {
    dynamics = await startDynamicsSimulator({ seed: 3, recordsPerEntity: 2, changeTrackingDisabledFor: [] });
    const tokenRefusals = () => (dynamics?.control.requests() ?? []).filter((entry) => entry.method === 'POST' && entry.status === 400).length;
    const { document } = dynamicsInstance(dynamics, 'dynamicscrmadfs-instance-2016.json', { 'event.poller.refresh_interval': 1 });
    (document.configuration as Record<string, unknown>)['user.password'] = WRONG;
    const dataDir = tempDataDir('cep-lockout-');
    const app = start(dataDir, memorySecrets());
    const id = await create(app, onlyResources(document, ['accounts']));
    const status = await statusWhen(app, id, (candidate) => candidate.signIn?.refused === 1, 'one refused sign-in');
    expect(status.signIn?.state).toBe('confirm-first');
    await severalIntervals();
    await expect(app.service.testConnection(id)).rejects.toThrow(/may lock the account/);
    expect(tokenRefusals()).toBe(1);
  });

  it("the generic connector's 401 is a refused sign-in: not tried again by itself", async () => {
    api = await startTestApi({ '/items': (_request, response) => sendJson(response, 401, { message: 'bad credentials' }) });
    const dataDir = tempDataDir('cep-lockout-');
    const app = start(dataDir, memorySecrets());
    const items = { url: '/items', idField: 'id', recordsPath: 'data', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } };
    const id = await create(app, {
      element: { key: 'generic' },
      name: 'Orders API',
      configuration: { 'base.url': api.url, 'auth.type': 'basic', username: 'poller', password: WRONG, 'event.poller.refresh_interval': 1, 'event.poller.configuration': { items } },
    });
    await statusWhen(app, id, (candidate) => candidate.signIn?.state === 'confirm-first', 'confirm first');
    await severalIntervals();
    expect(api.requestsTo('/items')).toHaveLength(1);
  });

  it('a refusal that echoes the password is kept and shown without it, after a restart too', async () => {
    api = await startTestApi({ '/items': (_request, response) => sendJson(response, 401, { message: `password ${WRONG} is wrong` }) });
    const dataDir = tempDataDir('cep-lockout-');
    const secrets = memorySecrets();
    let app = start(dataDir, secrets);
    const items = { url: '/items', idField: 'id', recordsPath: 'data', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } };
    const id = await create(app, {
      element: { key: 'generic' },
      name: 'Echoing API',
      configuration: { 'base.url': api.url, 'auth.type': 'basic', username: 'poller', password: WRONG, 'event.poller.refresh_interval': 1, 'event.poller.configuration': { items } },
    });
    const refused = await statusWhen(app, id, (candidate) => candidate.signIn?.state === 'confirm-first' && candidate.lastError !== undefined, 'confirm first');
    expect(refused.lastError?.message).not.toContain(WRONG);
    await stop(app);
    app = start(dataDir, secrets);
    const kept = await statusWhen(app, id, (candidate) => candidate.lastError !== undefined, 'the kept refusal');
    expect(kept.lastError?.message).toMatch(/HTTP 401.*is wrong/);
    expect(kept.lastError?.message).not.toContain(WRONG);
  });
});
