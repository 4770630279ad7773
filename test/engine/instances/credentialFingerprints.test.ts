/**
 * Credential fingerprints: HMAC-SHA256 under a key kept with the secrets (the keychain; with env
 * secrets a 0600 file in the data dir), earlier versions' scrypt fingerprints still compared and
 * rewritten at their first match. The real keychain's side is in secrets/keychainStore.test.ts.
 */
import { execFile } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY_FILE } from '../../../electron/engine/dataDir.ts';
import { CredentialFingerprints, FINGERPRINT_KEY_NAME, isLegacy } from '../../../electron/engine/instances/credentialFingerprints.ts';
import { SignIns } from '../../../electron/engine/instances/signIns.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { keychainUnreachable } from '../../../electron/engine/secrets/keychainStore.ts';
import type { SecretStore } from '../../../electron/engine/secrets/secretStore.ts';
import type { StoredInstance } from '../../../electron/engine/settings/settingsSchema.ts';
import { findElement } from '../../../shared/config/elements.ts';
import { openDatabase, type Database } from '../../../electron/engine/store/database.ts';
import { SignInStore } from '../../../electron/engine/store/signInStore.ts';
import { tempDataDir } from '../support/harness.ts';
import { memorySecrets } from '../support/memorySecrets.ts';

const CREDENTIALS = { text: JSON.stringify(['sagecrm', 'https://crm.example.com', 'admin', 'hunter22']), holdsSecret: true };
const OTHER = { text: JSON.stringify(['sagecrm', 'https://crm.example.com', 'admin', 'hunter23']), holdsSecret: true };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDataDir('cep-fingerprints-');
  dirs.push(dir);
  return dir;
}

const MODULE = join(import.meta.dirname, '../../../electron/engine/instances/credentialFingerprints.ts');
const ENV_STORE = join(import.meta.dirname, '../../../electron/engine/secrets/envStore.ts');

const ACME: StoredInstance = { id: 7, name: 'Acme', elementKey: 'generic', enabled: true, document: { configuration: { 'base.url': 'https://api.example.com' } }, createdAt: 0, updatedAt: 0 };

const envSecrets = () => openSecretStore('env', { env: {} });

/** An API signed in with a password (kept in the keychain). */
const ACME_BASIC: StoredInstance = { ...ACME, document: { configuration: { 'base.url': 'https://api.example.com', 'auth.type': 'basic', username: 'ann' } } };

/** A keychain whose own keys cannot be read until `unlock` (failure injected); ACME_BASIC's password reads. */
function lockedKeychain(): { secrets: SecretStore; unlock: () => void } {
  const secrets = memorySecrets({ Acme: { password: 'hunter22' } });
  let locked = true;
  const ownKey: SecretStore['ownKey'] = (name, make) => (locked ? Promise.reject(keychainUnreachable('locked')) : secrets.ownKey(name, make));
  return { secrets: { ...secrets, ownKey }, unlock: () => (locked = false) };
}

/** Runs `work` on an event database in a fresh data dir, closed after. */
async function withDatabase(work: (db: Database, dir: string) => Promise<void>): Promise<void> {
  const dir = dataDir();
  const db = openDatabase(join(dir, 'events.sqlite'));
  try {
    await work(db, dir);
  } finally {
    db.close();
  }
}

/** The format of the versions before this one: `salt:hash`, scrypt N = 2^14. */
function legacyFingerprint(credentials: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('base64')}:${scryptSync(credentials, salt, 32, { N: 2 ** 14 }).toString('base64')}`;
}

describe('CredentialFingerprints', () => {
  it('with env secrets: an HMAC under a key in a 0600 file of the data dir, the same in a later process', async () => {
    const dir = dataDir();
    const first = new CredentialFingerprints({ secrets: envSecrets(), dataDir: dir });
    const fingerprint = await first.of(CREDENTIALS);
    expect(fingerprint).toMatch(/^hmac-sha256:[\w-]{43}$/);
    expect(fingerprint).not.toContain('hunter22');
    expect(isLegacy(fingerprint)).toBe(false);
    expect(statSync(join(dir, FINGERPRINT_KEY_FILE)).mode & 0o777).toBe(0o600);

    const later = new CredentialFingerprints({ secrets: envSecrets(), dataDir: dir });
    expect(await later.matches(fingerprint, CREDENTIALS)).toBe(true);
    expect(await later.matches(fingerprint, OTHER)).toBe(false);
    expect(await later.of(CREDENTIALS)).toBe(fingerprint);
    // Another data dir has another key: its fingerprints say nothing about these.
    expect(await new CredentialFingerprints({ secrets: envSecrets(), dataDir: dataDir() }).matches(fingerprint, CREDENTIALS)).toBe(false);
  });

  it('processes making the key at once end up with one key, and no draft file left', async () => {
    const dir = dataDir();
    // Each waits for the same moment once loaded, so that they reach the missing file together.
    const script = `import { CredentialFingerprints } from ${JSON.stringify(MODULE)};
      import { EnvStore } from ${JSON.stringify(ENV_STORE)};
      while (Date.now() < Number(process.argv[2]));
      process.stdout.write(await new CredentialFingerprints({ secrets: new EnvStore({ env: {} }), dataDir: process.argv[1] }).of({ text: 'same', holdsSecret: true }));`;
    const at = String(Date.now() + 1_500);
    const makers = Array.from({ length: 4 }, () => promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, dir, at]));
    const fingerprints = (await Promise.all(makers)).map(({ stdout }) => stdout);
    expect(new Set(fingerprints).size).toBe(1);
    expect(fingerprints[0]).toMatch(/^hmac-sha256:/);
    expect(readdirSync(dir)).toEqual([FINGERPRINT_KEY_FILE]);
  });

  it('with the keychain: the key is kept there, not in the data dir, and read once per process', async () => {
    const dir = dataDir();
    const secrets = memorySecrets();
    let reads = 0;
    const counting: SecretStore = { ...secrets, ownKey: (name, make) => (reads++, secrets.ownKey(name, make)) };
    const fingerprints = new CredentialFingerprints({ secrets: counting, dataDir: dir });
    const fingerprint = await fingerprints.of(CREDENTIALS);
    expect(await fingerprints.matches(fingerprint, CREDENTIALS)).toBe(true);
    expect(reads).toBe(1);
    expect(existsSync(join(dir, FINGERPRINT_KEY_FILE))).toBe(false);
    expect(await secrets.ownKey(FINGERPRINT_KEY_NAME, () => 'not made again')).not.toBe('not made again');
    expect(await new CredentialFingerprints({ secrets, dataDir: dataDir() }).matches(fingerprint, CREDENTIALS)).toBe(true);
  });

  it('a keychain that cannot be read fails the fingerprint, and the next one tries again', async () => {
    const { secrets: flaky, unlock } = lockedKeychain();
    const fingerprints = new CredentialFingerprints({ secrets: flaky, dataDir: dataDir() });
    await expect(fingerprints.of(CREDENTIALS)).rejects.toThrow(/keychain is not reachable/);
    unlock();
    expect(await fingerprints.of(CREDENTIALS)).toMatch(/^hmac-sha256:/);
  });

  it("compares an earlier version's scrypt fingerprint", async () => {
    const fingerprints = new CredentialFingerprints({ secrets: envSecrets(), dataDir: dataDir() });
    const legacy = legacyFingerprint(CREDENTIALS.text);
    expect(isLegacy(legacy)).toBe(true);
    expect(await fingerprints.matches(legacy, CREDENTIALS)).toBe(true);
    expect(await fingerprints.matches(legacy, OTHER)).toBe(false);
  });
});

describe('SignIns and their fingerprints', () => {
  it('holds a sign-in whose fingerprint cannot be made (a locked keychain): its refusal could not be recorded', () =>
    withDatabase(async (db, dir) => {
      const { secrets: flaky, unlock } = lockedKeychain();
      const signIns = new SignIns({ store: new SignInStore(db), secrets: flaky, fingerprints: new CredentialFingerprints({ secrets: flaky, dataDir: dir }), now: () => 0 });
      await expect(signIns.begin(ACME_BASIC, { by: 'user' })).rejects.toThrow(/keychain is not reachable/);
      unlock();
      const attempt = await signIns.begin(ACME_BASIC, { by: 'user' });
      await attempt.finish([Object.assign(new Error('401 Unauthorized'), { kind: 'auth', status: 401 })]);
      expect(signIns.known(ACME.id)).toMatchObject({ state: 'confirm-first', refused: 1 });
    }));

  it('lets an instance that sends no secret sign in with the keychain locked, and still holds it after a refusal', () =>
    withDatabase(async (db, dir) => {
      const store = new SignInStore(db);
      const { secrets: flaky } = lockedKeychain();
      const signIns = new SignIns({ store, secrets: flaky, fingerprints: new CredentialFingerprints({ secrets: flaky, dataDir: dir }), now: () => 0 });
      const attempt = await signIns.begin(ACME, { by: 'automatic' });
      await attempt.finish([Object.assign(new Error('401 Unauthorized'), { kind: 'auth', status: 401 })]);
      // A plain hash of what it sends (the server, the auth type): nothing behind it is secret.
      expect(store.get(ACME.id)?.refusedCredentials).toMatch(/^sha256:[\w-]{43}$/);
      expect((await signIns.check(ACME)).state).toBe('confirm-first');
      // A password saved for it is not read, nor part of what it sends.
      expect((await new SignIns({ store, secrets: memorySecrets({ Acme: { password: 'unused' } }), fingerprints: new CredentialFingerprints({ secrets: flaky, dataDir: dir }), now: () => 0 }).check(ACME)).state).toBe('confirm-first');
    }));

  it('takes an earlier HMAC fingerprint of an instance without a secret as new credentials while the key cannot be read', () =>
    withDatabase(async (db, dir) => {
      const store = new SignInStore(db);
      // As versions before this one fingerprinted every credential: an HMAC under the key.
      const keys = findElement('generic')?.connectionKeys.filter((key) => key.secret || key.identifiesServer || key.signsIn) ?? [];
      const sent = { text: JSON.stringify(['generic', ...keys.map((key) => (key.key === 'base.url' ? 'https://api.example.com' : null))]), holdsSecret: true };
      const unlocked = memorySecrets();
      store.refused(ACME.id, await new CredentialFingerprints({ secrets: unlocked, dataDir: dir }).of(sent), 0, { message: '401 Unauthorized', kind: 'auth' });
      const signInsWith = (secrets: SecretStore) => new SignIns({ store, secrets, fingerprints: new CredentialFingerprints({ secrets, dataDir: dir }), now: () => 0 });
      expect((await signInsWith(unlocked).check(ACME)).state).toBe('confirm-first');
      const signIns = signInsWith(lockedKeychain().secrets);
      expect((await signIns.check(ACME)).state).toBe('untried');
    }));

  it('still knows the credentials that signed in, and writes their fingerprint again in the new form', () =>
    withDatabase(async (db, dir) => {
      const store = new SignInStore(db);
      const instance = ACME;
      const secrets = envSecrets();
      const fingerprints = new CredentialFingerprints({ secrets, dataDir: dir });
      const make = () => new SignIns({ store, secrets, fingerprints, now: () => 0 });
      const attempt = await make().begin(instance, { by: 'automatic' });
      await attempt.accepted();
      await attempt.finish([]);
      const current = store.get(7)?.acceptedCredentials as string;
      expect(isLegacy(current)).toBe(false);
      // What SignIns fingerprints: the element, then its server, sign-in and secret keys (all unset but the server).
      const keys = findElement('generic')?.connectionKeys.filter((key) => key.secret || key.identifiesServer || key.signsIn) ?? [];
      const signedIn = ['generic', ...keys.map((key) => (key.key === 'base.url' ? 'https://api.example.com' : null))];
      expect(await fingerprints.of({ text: JSON.stringify(signedIn), holdsSecret: false })).toBe(current);

      store.accepted(7, legacyFingerprint(JSON.stringify(signedIn)));
      expect((await make().check(instance)).state).toBe('ok');
      expect(store.get(7)?.acceptedCredentials).toBe(current);
      // And a legacy fingerprint of other credentials is not taken for them.
      store.accepted(7, legacyFingerprint(OTHER.text));
      expect((await make().check(instance)).state).toBe('untried');
    }));
});
