/**
 * Changing an instance from the real command line, as the window can: show, edit, rename, enable,
 * disable, pause, resume, credentials set/remove and poll --test. Each keeps the instance's
 * cursors (the next poll continues where the last one stopped); `instances remove` is all or nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { startCrmApi, type CrmApi } from '../../e2e/support/crmApi.ts';
import { itemsInstance, tempDataDir } from '../../engine/support/harness.ts';
import { startRecordServer, type RecordServer } from '../../engine/support/recordServer.ts';
import { privateKeychain, runCli, type CliResult } from '../support/runCli.ts';

const PATTERN = "yyyy-MM-dd'T'HH:mm:ss'Z'";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ok(result: CliResult): CliResult {
  if (result.code !== 0) throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

function objectIds(result: CliResult): string[] {
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { objectId: string }).objectId);
}

describe('changing an instance from the command line', () => {
  let records: RecordServer;
  const dataDir = tempDataDir('cep-cli-instances-');
  const cli = (args: string[], input?: string, env?: NodeJS.ProcessEnv) => runCli(['--data-dir', dataDir, '--secrets', 'env', ...args], { input, env });
  const watermark = async (name: string) => {
    const status = JSON.parse(ok(await cli(['status', '--json'])).stdout) as { name: string; resources: { watermark?: number }[] }[];
    return status.find((instance) => instance.name === name)?.resources[0]?.watermark;
  };

  beforeAll(async () => {
    records = await startRecordServer();
  });
  afterAll(() => records.close());

  it('edits, renames, disables, enables, pauses and resumes, keeping the cursor every time', { timeout: 120_000 }, async () => {
    records.upsert('1', 'Ada');
    ok(await cli(['instances', 'add', '-'], JSON.stringify(itemsInstance(records.url, { pattern: PATTERN }, 'Items'))));
    expect(objectIds(ok(await cli(['poll', 'Items', '--since', '2000-01-01T00:00:00Z', '--no-deliver'])))).toEqual(['1']);
    const cursor = await watermark('Items');
    expect(cursor).toBeGreaterThan(0);

    const edited = ok(await cli(['instances', 'edit', 'Items', '--set', 'event.poller.refresh_interval=5', '--set', 'filterByCurrentDate=']));
    expect(edited.stdout).toContain('updated instance "Items" (id 1, generic)\nits cursors are kept\n');
    const renamed = ok(await cli(['instances', 'rename', 'Items', 'Catalogue']));
    expect(renamed.stdout).toContain('renamed "Items" to "Catalogue"');
    expect(ok(await cli(['instances', 'disable', 'Catalogue'])).stdout).toBe('disabled "Catalogue"\n');
    expect(JSON.parse(ok(await cli(['instances', 'list', '--json'])).stdout)).toMatchObject([{ name: 'Catalogue', enabled: false, refreshMinutes: 5 }]);
    expect(ok(await cli(['instances', 'enable', 'Catalogue'])).stdout).toBe('enabled "Catalogue": it is polled every 5 min\n');
    const paused = ok(await cli(['instances', 'pause', 'Catalogue', '--for', '1h']));
    expect(paused.stdout).toMatch(/^paused "Catalogue" until \d{4}-\d\d-\d\dT/);
    expect(ok(await cli(['instances', 'show', 'Catalogue'])).stdout).toMatch(/polling: {5}paused until \d{4}-/);
    expect(ok(await cli(['instances', 'resume', 'Catalogue'])).stdout).toBe('resumed "Catalogue"\n');
    expect(ok(await cli(['instances', 'show', 'Catalogue'])).stdout).toContain('polling:     enabled\n');

    // The cursor is the one of the first poll: the next poll reads only what changed since.
    expect(await watermark('Catalogue')).toBe(cursor);
    await sleep(1100);
    records.upsert('2', 'Grace');
    expect(objectIds(ok(await cli(['poll', 'Catalogue', '--no-deliver'])))).toEqual(['2']);
  });

  it('shows an instance, as text and as JSON', { timeout: 30_000 }, async () => {
    const shown = JSON.parse(ok(await cli(['instances', 'show', 'Catalogue', '--json'])).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ id: 1, name: 'Catalogue', elementKey: 'generic', enabled: true, resources: ['items'], errors: [] });
    expect(shown.document).toMatchObject({ name: 'Catalogue', configuration: { 'event.poller.refresh_interval': 5 } });
    const text = ok(await cli(['instances', 'show', '1'])).stdout;
    expect(text).toContain('instance:    Catalogue (id 1)\nelement:     generic (Generic JSON REST API)\n');
    expect(text).toContain('configuration (without secrets):\n{');
  });

  it('refuses a credential on the command line and a change that does not validate, changing nothing', { timeout: 30_000 }, async () => {
    const secret = await cli(['instances', 'edit', 'Catalogue', '--set', 'token=abc']);
    expect(secret.stderr).toContain('--set token: it is a credential; use "crm-event-poller credentials set <instance> token"');
    expect(secret.code).toBe(2);
    const invalid = await cli(['instances', 'edit', 'Catalogue', '--set', 'event.poller.refresh_interval=0']);
    expect(invalid.stderr).toContain('error: configuration.event.poller.refresh_interval: must be at least 1 minutes, got 0\ncrm-event-poller: instance not updated\n');
    expect(invalid.code).toBe(1);
    expect(JSON.parse(ok(await cli(['instances', 'list', '--json'])).stdout)).toMatchObject([{ refreshMinutes: 5 }]);
  });

  it('with --secrets env, credentials set names the variable at once, and remove is all or nothing', { timeout: 60_000 }, async () => {
    const document = itemsInstance(records.url, { pattern: PATTERN }, 'Bearer API');
    Object.assign(document.configuration as Record<string, unknown>, { 'auth.type': 'bearer' });
    ok(await cli(['instances', 'add', '-'], JSON.stringify(document)));
    const set = await cli(['credentials', 'set', 'Bearer API', 'token'], 'never-read');
    expect(set.stderr).toBe('crm-event-poller: with --secrets env, credentials are not stored by the poller: set the environment variable CRM_EVENT_POLLER_SECRET_BEARER_API_TOKEN where the poller runs\n');
    expect(set.code).toBe(1);

    const variable = { [secretEnvName('Bearer API', 'token')]: 'set-outside' };
    const refused = await cli(['instances', 'remove', 'Bearer API'], undefined, variable);
    expect(refused.stderr).toBe('crm-event-poller: "Bearer API" was not removed (nothing was): Secrets are read-only with --secrets env: unset the environment variables CRM_EVENT_POLLER_SECRET_BEARER_API_TOKEN instead.\n');
    expect(refused.code).toBe(1);
    expect((JSON.parse(ok(await cli(['instances', 'list', '--json'])).stdout) as { name: string }[]).map((instance) => instance.name)).toEqual(['Catalogue', 'Bearer API']);

    // Catalogue's events stay after it is removed, under the name it had.
    expect(ok(await cli(['instances', 'remove', 'Catalogue'])).stdout).toBe('removed instance "Catalogue"\n');
    const events = ok(await cli(['events', 'list', '--json'])).stdout;
    expect(events).toContain('"instance":"Catalogue (removed)"');
  });
});

describe.skipIf(process.platform !== 'linux')('credentials in the keychain from the command line', () => {
  let crm: CrmApi;
  const keychain = privateKeychain();
  const dataDir = tempDataDir('cep-cli-credentials-');
  const cli = (args: string[], input?: string) => keychain.run(['--data-dir', dataDir, ...args], { input });

  beforeAll(async () => {
    crm = await startCrmApi('cli-secret-token');
  });
  afterAll(() => crm.close());

  it('sets a token from standard input, tests the connection with it, and removes it, never printing it', { timeout: 90_000 }, async () => {
    const document = itemsInstance(crm.url, { pattern: PATTERN }, 'Keyed API');
    Object.assign(document.configuration as Record<string, unknown>, { 'auth.type': 'bearer' });
    ok(await cli(['instances', 'add', '-'], JSON.stringify(document)));
    const before = await cli(['poll', 'Keyed API', '--test']);
    expect(before.stderr).toContain(
      'Keyed API: connection test failed: "Keyed API" is not ready to test: one thing to set up first:\n' +
        '  configuration.token: Bearer token is not stored yet: save it with the credentials of "Keyed API" (the window\'s Credentials, or crm-event-poller credentials set "Keyed API" token)',
    );
    expect(before.code).toBe(1);

    const set = ok(await cli(['credentials', 'set', 'Keyed API', 'token'], `${crm.token}\n`));
    expect(set.stdout).toBe('saved token of "Keyed API" in the keychain\n');
    const test = ok(await cli(['poll', 'Keyed API', '--test']));
    expect(test.stdout).toBe('Keyed API: connected: items answered with 0 record(s) changed in the last 7 days\n');
    const shown = ok(await cli(['instances', 'show', 'Keyed API']));
    expect(shown.stdout).toContain('credentials: token stored');
    for (const output of [set, test, shown]) expect(output.stdout + output.stderr).not.toContain(crm.token);
    // Testing moved no cursor: there is none.
    const status = JSON.parse(ok(await cli(['status', '--json'])).stdout) as { resources: { watermark?: number }[] }[];
    expect(status[0]?.resources[0]?.watermark).toBeUndefined();

    const unknown = await cli(['credentials', 'set', 'Keyed API', 'user.password'], 'x');
    expect(unknown.stderr).toContain('crm-event-poller: "user.password" is not a credential of generic; its credentials are');
    expect(ok(await cli(['credentials', 'remove', 'Keyed API', 'token'])).stdout).toBe('removed token of "Keyed API"\n');
    expect((await cli(['poll', 'Keyed API', '--test'])).code).toBe(1);
    expect(ok(await cli(['credentials', 'remove', 'Keyed API', 'token'])).stdout).toBe('token of "Keyed API" was not stored; nothing to remove\n');
  });

  it('refuses an empty credential, saving nothing', { timeout: 30_000 }, async () => {
    const empty = await cli(['credentials', 'set', 'Keyed API', 'token'], '\n');
    expect(empty.stderr).toBe('crm-event-poller: no token of "Keyed API" given: nothing was saved\n');
    expect(empty.code).toBe(2);
  });
});
