/** KeychainStore's failure handling with a fake keytar: hangs, load failures, cached verdicts. */
import { describe, expect, it } from 'vitest';
import type { KeytarApi } from '../../../electron/engine/secrets/keychainStore.ts';
import { KEYCHAIN_SERVICE, KeychainStore } from '../../../electron/engine/secrets/keychainStore.ts';
import { KeychainUnreachableError, SecretStoreError } from '../../../electron/engine/secrets/secretStore.ts';

/** An in-memory keytar that counts calls; `fail` replaces the behaviour of the next calls. */
function fakeKeytar() {
  const items = new Map<string, string>();
  const calls: string[] = [];
  let fail: (() => Promise<never>) | undefined;
  const guard = async <T>(name: string, body: () => T): Promise<T> => {
    calls.push(name);
    if (fail) return fail();
    return body();
  };
  const api: KeytarApi = {
    getPassword: (service, account) => guard('get', () => items.get(`${service}|${account}`) ?? null),
    setPassword: (service, account, password) => guard('set', () => void items.set(`${service}|${account}`, password)),
    deletePassword: (service, account) => guard('delete', () => items.delete(`${service}|${account}`)),
    findCredentials: (service) =>
      guard('find', () =>
        [...items].filter(([id]) => id.startsWith(`${service}|`)).map(([id, password]) => ({ account: id.slice(service.length + 1), password })),
      ),
  };
  return { api, items, calls, setFail: (next: typeof fail) => (fail = next) };
}

const hang = () => new Promise<never>(() => {});
const throwing = (message: string) => async () => {
  throw new Error(message);
};

/** A store past its probe (one get that answered), and the fake keytar behind it. */
async function probedStore(options: { timeoutMs?: number } = {}) {
  const fake = fakeKeytar();
  const store = new KeychainStore({ ...options, loadKeytar: async () => fake.api });
  await store.get('crm', 'password');
  return { fake, store };
}

describe('KeychainStore with a fake keytar', () => {
  it('does not load keytar before the first use, then probes once', async () => {
    const fake = fakeKeytar();
    let loads = 0;
    const store = new KeychainStore({ loadKeytar: async () => (loads++, fake.api) });
    expect(loads).toBe(0);
    await store.set('crm', 'password', 'pw');
    expect(await store.get('crm', 'password')).toBe('pw');
    expect(loads).toBe(1);
    expect(fake.calls).toEqual(['get', 'set', 'get']); // the first get is the probe
    expect([...fake.items.keys()]).toEqual([`${KEYCHAIN_SERVICE}|crm/password`]);
  });

  it('lists only the keys of the asked instance, and deletes an instance', async () => {
    const fake = fakeKeytar();
    const store = new KeychainStore({ loadKeytar: async () => fake.api });
    await store.set('crm', 'user.password', '1');
    await store.set('crm', 'oauth.client.secret', '2');
    await store.set('crm prod', 'user.password', '3');
    fake.items.set(`${KEYCHAIN_SERVICE}|someone else's account`, 'x');
    expect(await store.listKeys('crm')).toEqual(['oauth.client.secret', 'user.password']);
    await store.deleteInstance('crm');
    expect(await store.listKeys('crm')).toEqual([]);
    expect(await store.get('crm prod', 'user.password')).toBe('3');
  });

  it('rejects empty names and empty values without touching the keychain', async () => {
    const fake = fakeKeytar();
    const store = new KeychainStore({ loadKeytar: async () => fake.api });
    await expect(store.get('', 'password')).rejects.toThrow(SecretStoreError);
    await expect(store.get('crm', '')).rejects.toThrow(SecretStoreError);
    await expect(store.set('crm', 'password', '')).rejects.toThrow(/empty secret/);
    expect(fake.calls).toEqual([]);
  });

  it('turns a keytar that cannot load into the clear unreachable error', async () => {
    const store = new KeychainStore({
      loadKeytar: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    const error = await store.get('crm', 'password').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeychainUnreachableError);
    expect((error as Error).message).toContain('keytar could not be loaded: libsecret-1.so.0');
    expect((error as Error).message).toContain('--secrets env');
    await expect(store.set('crm', 'password', 'pw')).rejects.toBe(error);
  });

  it('times out a probe that never answers, and does not wait again', async () => {
    const fake = fakeKeytar();
    fake.setFail(hang);
    const store = new KeychainStore({ loadKeytar: async () => fake.api, timeoutMs: 50 });
    const started = performance.now();
    const error = await store.get('crm', 'password').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeychainUnreachableError);
    expect((error as Error).message).toContain('not reachable (no answer within 0.05 s)');
    await expect(store.listKeys('crm')).rejects.toBe(error);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(fake.calls).toEqual(['get']);
  });

  it('times out a later call that hangs (e.g. waiting for an unlock prompt), then fails at once', async () => {
    const { fake, store } = await probedStore({ timeoutMs: 50 });
    fake.setFail(hang);
    const error = await store.set('crm', 'password', 'pw').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeychainUnreachableError);
    fake.setFail(undefined);
    await expect(store.get('crm', 'password')).rejects.toBe(error);
    expect(fake.calls).toEqual(['get', 'get', 'set']);
  });

  it('reports a locked keychain as unreachable', async () => {
    const { fake, store } = await probedStore();
    fake.setFail(throwing('Cannot create an item in a locked collection'));
    await expect(store.set('crm', 'password', 'pw')).rejects.toThrow(KeychainUnreachableError);
  });

  it('reports any other failure as a plain SecretStoreError naming instance and key, not the value', async () => {
    const { fake, store } = await probedStore();
    fake.setFail(throwing('The stub received bad data.'));
    const error = await store.set('crm', 'password', 'very-secret-value').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect(error).not.toBeInstanceOf(KeychainUnreachableError);
    expect((error as Error).message).toBe('The OS keychain could not store the secret "password" of instance "crm": The stub received bad data.');
    fake.setFail(undefined);
    expect(await store.get('crm', 'password')).toBeUndefined(); // still usable
  });
});
