/** Opens the store chosen by the global `--secrets keychain|env` option. */
import { EnvStore } from './envStore.ts';
import type { EnvStoreOptions } from './envStore.ts';
import { KeychainStore } from './keychainStore.ts';
import type { KeychainStoreOptions } from './keychainStore.ts';
import type { SecretStore, SecretStoreKind } from './secretStore.ts';
import { SECRET_STORE_KINDS, SecretStoreError } from './secretStore.ts';

export { redact } from './redact.ts';

export type OpenSecretStoreOptions = KeychainStoreOptions & EnvStoreOptions;

/** Nothing is loaded or probed here: the keychain is checked at its first use. */
export function openSecretStore(kind: SecretStoreKind, options: OpenSecretStoreOptions = {}): SecretStore {
  switch (kind) {
    case 'keychain':
      return new KeychainStore(options);
    case 'env':
      return new EnvStore(options);
    default:
      throw new SecretStoreError(`Unknown secret store "${String(kind)}": use ${SECRET_STORE_KINDS.join(' or ')}.`);
  }
}

/** For the CLI option: the kind, or an error naming the choices. */
export function parseSecretStoreKind(text: string): SecretStoreKind {
  const kind = SECRET_STORE_KINDS.find((candidate) => candidate === text);
  if (!kind) throw new SecretStoreError(`Unknown secret store "${text}": use ${SECRET_STORE_KINDS.join(' or ')}.`);
  return kind;
}
