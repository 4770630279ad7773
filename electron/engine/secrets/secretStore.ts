/**
 * The port for credentials (passwords, OAuth client secrets, webhook signature keys). Secrets live
 * only in the OS keychain or, on headless servers, in environment variables: never in a config
 * file, the database or a log line.
 */

export type SecretStoreKind = 'keychain' | 'env';

export const SECRET_STORE_KINDS: readonly SecretStoreKind[] = ['keychain', 'env'];

export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** `instance` is the instance name, `key` a configuration key such as `user.password`. */
  get(instance: string, key: string): Promise<string | undefined>;
  set(instance: string, key: string, value: string): Promise<void>;
  /** True when a secret was there and is now gone. */
  delete(instance: string, key: string): Promise<boolean>;
  /** Which keys of an instance have a stored secret (never the values). */
  listKeys(instance: string): Promise<string[]>;
  deleteInstance(instance: string): Promise<void>;
  /** Resolves when the store can be used; otherwise rejects saying what to do (an unreachable keychain). */
  check(): Promise<void>;
  /** What the user does to provide a missing secret, e.g. the environment variable to set. */
  howToSet(instance: string, key: string): string;
  /**
   * A key of the product's own, kept under `name` where no instance's secret can be, made by
   * `make` at its first use. Undefined from a store that cannot keep one (env is read-only).
   */
  ownKey(name: string, make: () => string): Promise<string | undefined>;
}

/** Every failure of a secret store; messages never contain a secret value. */
export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
}

/** The keychain cannot be used at all in this session: the user has to change the setup. */
export class KeychainUnreachableError extends SecretStoreError {
  override name = 'KeychainUnreachableError';
}

/** Empty names would collide with each other and are rejected by the keychains anyway. */
export function requireNames(instance: string, key: string): void {
  requireInstance(instance);
  if (typeof key !== 'string' || key === '') throw new SecretStoreError(`A secret of instance "${instance}" needs a non-empty key.`);
}

export function requireInstance(instance: string): void {
  if (typeof instance !== 'string' || instance === '') throw new SecretStoreError('A secret needs a non-empty instance name.');
}
