/**
 * A callback URL with a password, through the real command and a real keychain (gnome-keyring in a
 * private session): `instances add` moves the user info to the keychain, `poll` sends it as Basic
 * auth, `deliveries endpoints` and `deliveries show` mask it, and nothing of it rests in the data
 * dir. Settings saved by an earlier version with the user info in plain are cleaned at the next start.
 * The sign-in's fingerprint is keyed from the keychain too: no key file in the data dir.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY_FILE } from '../../../electron/engine/dataDir.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { Engine } from '../../../electron/engine/engine.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { tempDataDir } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';
import { BASIC, expectNothingAtRest, FORBIDDEN, masked, PASSWORD, USER, withUserInfo } from './support/callbackUserInfo.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { deliveringInstance, editStoredCallback, INSTANCE } from './support/setup.ts';
import { keyringSession, type KeyringSession } from '../../cli/support/keyringSession.ts';

const SCENARIO = join(import.meta.dirname, 'support', 'callbackOriginScenario.ts');

let server: RecordServer;
let receiver: Receiver;
let keyring: KeyringSession;

beforeAll(async () => {
  server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  receiver = await startReceiver();
  keyring = keyringSession();
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

function expectClean(where: string, text: string): void {
  for (const secret of FORBIDDEN) expect(text.includes(secret), `${where} shows ${JSON.stringify(secret)}:\n${text}`).toBe(false);
}

/** The first poll starts at the server's now; the second delivers what changed after it. */
async function pollChanges(cli: (...args: string[]) => ReturnType<KeyringSession['run']>, ids: string[]): Promise<void> {
  const baseline = await cli('poll', INSTANCE);
  expect(baseline.code, baseline.stderr).toBe(0);
  for (const id of ids) server.upsert(id);
  const poll = await cli('poll', INSTANCE, '--retry-schedule', '0,100ms', '--delivery-timeout', '5s');
  expect(poll.code, poll.stderr).toBe(0);
  expect(poll.stderr).toContain('delivered');
  expectClean('poll', poll.stdout + poll.stderr);
}

describe('a callback URL with a password, with the keychain', () => {
  it('is saved to the keychain, sent as Basic auth, shown masked, and rests nowhere in the data dir', async () => {
    const dataDir = tempDataDir('cep-cli-userinfo-');
    const cli = (...args: string[]) => keyring.run(['--data-dir', dataDir, ...args]);
    const file = join(dataDir, '..', `${INSTANCE}-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(deliveringInstance(server.url, withUserInfo(receiver.url))));
    const added = await cli('instances', 'add', file);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('event.notification.callback.userinfo saved in the keychain');
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).instances[0].document.configuration['event.notification.callback.url']).toBe(receiver.url);

    const before = receiver.accepted.length;
    await pollChanges(cli, ['a1', 'a2']);
    expect(receiver.accepted.length).toBeGreaterThan(before);
    for (const request of receiver.accepted.slice(before)) expect(request.headers.authorization).toBe(BASIC);
    expect(existsSync(join(dataDir, FINGERPRINT_KEY_FILE))).toBe(false);
    const db = new DatabaseSync(join(dataDir, 'events.sqlite'), { readOnly: true });
    // The API itself takes no credentials: its sign-in fingerprint needs no key (and the callback's password is no part of it).
    expect(db.prepare('SELECT accepted_credentials FROM sign_ins').all()).toEqual([{ accepted_credentials: expect.stringMatching(/^sha256:/) }]);
    db.close();

    const endpoints = await cli('deliveries', 'endpoints');
    expect(endpoints.stdout).toContain(masked(receiver.url));
    const endpointsJson = await cli('deliveries', 'endpoints', '--json');
    expect(JSON.parse(endpointsJson.stdout)[0].url).toBe(masked(receiver.url));
    const show = await cli('deliveries', 'show', '1');
    expect(show.stdout).toContain(`endpoint:  ${masked(receiver.url)}`);
    const showJson = await cli('deliveries', 'show', '1', '--json');
    expect(JSON.parse(showJson.stdout).url).toBe(masked(receiver.url));
    for (const [where, result] of Object.entries({ added, endpoints, endpointsJson, show, showJson })) expectClean(where, result.stdout + result.stderr);
    expectNothingAtRest(dataDir);
  }, 180_000);

  it('stays with its origin: an edit on the same origin keeps it, one to another origin drops it', async () => {
    const dataDir = tempDataDir('cep-cli-userinfo-origin-');
    const other = `http://127.0.0.1:${receiver.port + 1}/hook`;
    const result = await keyring.runScript(SCENARIO, [dataDir, server.url, withUserInfo(receiver.url), `${receiver.url}?v=2`, other]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) as string)).toEqual({ saved: `${USER}:${PASSWORD}`, afterSameOrigin: `${USER}:${PASSWORD}`, afterOtherOrigin: null });
  }, 120_000);

  it('left in the settings file by an earlier version, moves to the keychain at the next start, with a notice', async () => {
    const dataDir = tempDataDir('cep-cli-userinfo-legacy-');
    // An earlier version kept the callback URL as given, password and all.
    const engine = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }) });
    const { instance } = await engine.addInstance(deliveringInstance(server.url, receiver.url));
    editStoredCallback(engine, instance, withUserInfo(receiver.url));
    engine.close();
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toContain(encodeURIComponent('h00k pa55'));

    const cli = (...args: string[]) => keyring.run(['--data-dir', dataDir, ...args]);
    const status = await cli('status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain(`moved event.notification.callback.userinfo of instance "${INSTANCE}" from the settings file to the keychain`);
    expectNothingAtRest(dataDir);
    const again = await cli('status');
    expect(again.stderr).not.toContain('moved');

    const before = receiver.accepted.length;
    await pollChanges(cli, ['b1']);
    for (const request of receiver.accepted.slice(before)) expect(request.headers.authorization).toBe(BASIC);
    expect(receiver.accepted.length).toBeGreaterThan(before);
    expectNothingAtRest(dataDir);
  }, 180_000);
});
