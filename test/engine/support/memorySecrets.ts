/**
 * A writable secret store held in memory, for engine tests that save credentials through the API
 * (the env source is read-only). The real keychain is exercised by the CLI and browser tests.
 */
import type { SecretStore } from '../../../electron/engine/secrets/secretStore.ts';

export function memorySecrets(initial: Record<string, Record<string, string>> = {}): SecretStore {
  const byInstance = new Map(Object.entries(initial).map(([name, values]) => [name, new Map(Object.entries(values))]));
  const of = (instance: string) => byInstance.get(instance) ?? byInstance.set(instance, new Map()).get(instance)!;
  const own = new Map<string, string>();
  return {
    kind: 'keychain',
    get: async (instance, key) => byInstance.get(instance)?.get(key),
    set: async (instance, key, value) => void of(instance).set(key, value),
    delete: async (instance, key) => byInstance.get(instance)?.delete(key) ?? false,
    listKeys: async (instance) => [...(byInstance.get(instance)?.keys() ?? [])],
    deleteInstance: async (instance) => void byInstance.delete(instance),
    check: async () => undefined,
    howToSet: (instance, key) => `save ${key} with the credentials of "${instance}"`,
    ownKey: async (name, make) => own.get(name) ?? own.set(name, make()).get(name),
  };
}
