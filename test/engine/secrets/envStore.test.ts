import { describe, expect, it } from 'vitest';
import { EnvStore, secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { openSecretStore, parseSecretStoreKind, redact } from '../../../electron/engine/secrets/openSecretStore.ts';
import { SecretStoreError } from '../../../electron/engine/secrets/secretStore.ts';

describe('secretEnvName', () => {
  // By variable name, the [instance, key] pairs that get it.
  const VARIABLES: Record<string, [instance: string, key: string][]> = {
    CRM_EVENT_POLLER_SECRET_MY_API_PASSWORD: [['My API', 'password']],
    CRM_EVENT_POLLER_SECRET_CRM_USER_PASSWORD: [['crm', 'user.password']],
    CRM_EVENT_POLLER_SECRET_SAGE_PROD_OAUTH_CLIENT_SECRET: [['sage-prod', 'oauth.client.secret']],
    CRM_EVENT_POLLER_SECRET_CRM_EVENT_NOTIFICATION_SIGNATURE_KEY: [['crm', 'event.notification.signature.key']],
    CRM_EVENT_POLLER_SECRET_Z_RICH_2_PASSWORD: [['Zürich 2', 'password']],
    CRM_EVENT_POLLER_SECRET___KEYS_TOKEN: [['🔑 keys', 'token']],
    CRM_EVENT_POLLER_SECRET_A_B_C: [['a_b', 'c'], ['a', 'b.c']], // the documented ambiguity
  };
  const cases = Object.entries(VARIABLES).flatMap(([name, pairs]) => pairs.map(([instance, key]) => [instance, key, name] as const));
  it.each(cases)('%j + %j → %s', (instance, key, name) => {
    expect(secretEnvName(instance, key)).toBe(name);
  });
});

describe('EnvStore', () => {
  const env = {
    CRM_EVENT_POLLER_SECRET_MY_API_PASSWORD: 's3cret',
    CRM_EVENT_POLLER_SECRET_MY_API_OAUTH_CLIENT_SECRET: 'client-secret',
    CRM_EVENT_POLLER_SECRET_MY_API_TOKEN: '',
    CRM_EVENT_POLLER_SECRET_OTHER_PASSWORD: 'other',
    PATH: '/usr/bin',
  };

  it('reads a secret from its variable; empty or missing is undefined', async () => {
    const store = new EnvStore({ env });
    expect(store.kind).toBe('env');
    expect(await store.get('My API', 'password')).toBe('s3cret');
    expect(await store.get('my-api', 'password')).toBe('s3cret');
    expect(await store.get('My API', 'token')).toBeUndefined();
    expect(await store.get('My API', 'header.value')).toBeUndefined();
  });

  it('reads process.env at each call by default', async () => {
    const store = new EnvStore();
    const name = secretEnvName('envstore test', 'password');
    expect(await store.get('envstore test', 'password')).toBeUndefined();
    process.env[name] = 'late';
    try {
      expect(await store.get('envstore test', 'password')).toBe('late');
    } finally {
      delete process.env[name];
    }
  });

  it('refuses to set, naming the variable to set instead, without echoing the value', async () => {
    const store = new EnvStore({ env });
    const error = await store.set('My API', 'user.password', 'new-value').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as Error).message).toContain('set the environment variable CRM_EVENT_POLLER_SECRET_MY_API_USER_PASSWORD');
    expect((error as Error).message).not.toContain('new-value');
  });

  it('delete: false when nothing is set, an error naming the variable to unset otherwise', async () => {
    const store = new EnvStore({ env });
    expect(await store.delete('My API', 'user.password')).toBe(false);
    await expect(store.delete('My API', 'password')).rejects.toThrow(
      'read-only with --secrets env: unset the environment variable CRM_EVENT_POLLER_SECRET_MY_API_PASSWORD instead',
    );
  });

  it('deleteInstance: nothing to do for an instance without variables, an error listing them otherwise', async () => {
    const store = new EnvStore({ env });
    await expect(store.deleteInstance('nobody')).resolves.toBeUndefined();
    await expect(store.deleteInstance('My API')).rejects.toThrow(
      'unset the environment variables CRM_EVENT_POLLER_SECRET_MY_API_OAUTH_CLIENT_SECRET, CRM_EVENT_POLLER_SECRET_MY_API_PASSWORD instead',
    );
  });

  it('lists exactly the known keys that are set', async () => {
    const store = new EnvStore({ env, knownKeys: ['password', 'oauth.client.secret', 'token', 'user.password', 'password'] });
    expect(await store.listKeys('My API')).toEqual(['oauth.client.secret', 'password']);
    expect(await store.listKeys('other')).toEqual(['password']);
    expect(await store.listKeys('nobody')).toEqual([]);
  });

  it('without known keys, lists by scanning the instance prefix (keys as lower case, _ → .)', async () => {
    const store = new EnvStore({ env });
    expect(await store.listKeys('My API')).toEqual(['oauth.client.secret', 'password']);
    // The documented ambiguity: instance "My" sees the variables of "My API".
    expect(await store.listKeys('My')).toEqual(['api.oauth.client.secret', 'api.password']);
  });
});

describe('openSecretStore', () => {
  it('opens either store without touching the keychain', async () => {
    expect(openSecretStore('env', { env: { CRM_EVENT_POLLER_SECRET_A_PASSWORD: 'x' } }).kind).toBe('env');
    expect(await openSecretStore('env', { env: { CRM_EVENT_POLLER_SECRET_A_PASSWORD: 'x' } }).get('a', 'password')).toBe('x');
    expect(openSecretStore('keychain', { loadKeytar: () => Promise.reject(new Error('not loaded')) }).kind).toBe('keychain');
  });

  it('rejects an unknown kind with the choices', () => {
    expect(parseSecretStoreKind('env')).toBe('env');
    expect(parseSecretStoreKind('keychain')).toBe('keychain');
    expect(() => parseSecretStoreKind('file')).toThrow('Unknown secret store "file": use keychain or env.');
    expect(() => openSecretStore('file' as 'env')).toThrow(SecretStoreError);
  });
});

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redact('login admin:hunter2 failed; retry with hunter2', ['hunter2'])).toBe('login admin:*** failed; retry with ***');
    expect(redact('a=one b=two', ['one', 'two'])).toBe('a=*** b=***');
  });

  it('also hides the URL-encoded and JSON-escaped forms', () => {
    const secret = 'p@ss w/"q"';
    expect(redact(`GET /token?client_secret=${encodeURIComponent(secret)}`, [secret])).toBe('GET /token?client_secret=***');
    expect(redact(JSON.stringify({ password: secret }), [secret])).toBe('{"password":"***"}');
  });

  it('hides a longer secret whole even when it contains a shorter one', () => {
    expect(redact('key=abc-abcdef', ['abc', 'abcdef'])).toBe('key=***-***');
    expect(redact('key=abcdef', ['abc', 'abcdef'])).toBe('key=***');
  });

  it('ignores empty and missing secrets and leaves text without secrets alone', () => {
    expect(redact('nothing to hide', ['', undefined])).toBe('nothing to hide');
    expect(redact('nothing to hide', ['absent'])).toBe('nothing to hide');
    expect(redact('x \ud800 y', ['\ud800'])).toBe('x *** y');
  });
});
