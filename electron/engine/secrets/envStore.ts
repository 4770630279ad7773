/**
 * Secrets from environment variables, for headless servers (`--secrets env`):
 * `CRM_EVENT_POLLER_SECRET_<INSTANCE>_<KEY>`, upper case, every character that is not an ASCII
 * letter or digit written as `_` (instance `My API`, key `user.password` →
 * `CRM_EVENT_POLLER_SECRET_MY_API_USER_PASSWORD`).
 *
 * The mapping is not one-to-one: `My API` and `my_api` share names, and so do instance `a_b` + key
 * `c` and instance `a` + key `b.c`. Pick instance names that differ in letters or digits.
 *
 * Read-only: the process cannot change its parent's environment. So `set` always fails naming the
 * variable to set; `delete` returns false when nothing is set and otherwise fails naming the
 * variable to unset; `deleteInstance` succeeds when nothing is set and otherwise fails naming the
 * variables. Failing rather than ignoring keeps a "removed" secret from silently staying in use.
 * An empty variable counts as unset (shells and compose files produce those from unset values).
 */
import type { SecretStore } from './secretStore.ts';
import { requireInstance, requireNames, SecretStoreError } from './secretStore.ts';

export const SECRET_ENV_PREFIX = 'CRM_EVENT_POLLER_SECRET_';

function envNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9]/gu, '_').toUpperCase();
}

export function secretEnvName(instance: string, key: string): string {
  return `${SECRET_ENV_PREFIX}${envNamePart(instance)}_${envNamePart(key)}`;
}

export interface EnvStoreOptions {
  /** Defaults to process.env, read at each call. */
  env?: Record<string, string | undefined>;
  /**
   * The configuration keys that can hold secrets (e.g. every `secret: true` key of the elements).
   * With them `listKeys` is exact. Without them it scans variable names by the instance's prefix and
   * turns the rest back into a key as lower case with `_` → `.` (right for keys like
   * `oauth.client.secret`, wrong for keys containing `_` or `-`), and an instance whose name is a
   * prefix of another (`crm` vs `crm prod`) also sees the other's variables.
   */
  knownKeys?: readonly string[];
}

export class EnvStore implements SecretStore {
  readonly kind = 'env';
  readonly #env: Record<string, string | undefined> | undefined;
  readonly #knownKeys: readonly string[] | undefined;

  constructor(options: EnvStoreOptions = {}) {
    this.#env = options.env;
    this.#knownKeys = options.knownKeys;
  }

  async get(instance: string, key: string): Promise<string | undefined> {
    requireNames(instance, key);
    return this.#read(secretEnvName(instance, key));
  }

  async set(instance: string, key: string, _value: string): Promise<void> {
    requireNames(instance, key);
    throw new SecretStoreError(
      `Secrets are read-only with --secrets env: set the environment variable ${secretEnvName(instance, key)} ` +
        `to the secret "${key}" of instance "${instance}" instead, or run with --secrets keychain.`,
    );
  }

  async delete(instance: string, key: string): Promise<boolean> {
    requireNames(instance, key);
    const name = secretEnvName(instance, key);
    if (this.#read(name) === undefined) return false;
    throw new SecretStoreError(`Secrets are read-only with --secrets env: unset the environment variable ${name} instead.`);
  }

  async listKeys(instance: string): Promise<string[]> {
    requireInstance(instance);
    if (this.#knownKeys) {
      return [...new Set(this.#knownKeys)].filter((key) => this.#read(secretEnvName(instance, key)) !== undefined).sort();
    }
    const prefix = `${SECRET_ENV_PREFIX}${envNamePart(instance)}_`;
    return this.#setNames()
      .filter((name) => name.startsWith(prefix) && name.length > prefix.length)
      .map((name) => name.slice(prefix.length).toLowerCase().replaceAll('_', '.'))
      .sort();
  }

  async deleteInstance(instance: string): Promise<void> {
    const names = (await this.listKeys(instance)).map((key) => secretEnvName(instance, key));
    if (names.length === 0) return;
    throw new SecretStoreError(
      `Secrets are read-only with --secrets env: unset the environment variables ${names.join(', ')} instead.`,
    );
  }

  /** Environment variables are always there to read. */
  async check(): Promise<void> {}

  /** Nothing can be kept in the environment. */
  async ownKey(): Promise<string | undefined> {
    return undefined;
  }

  howToSet(instance: string, key: string): string {
    return `set the environment variable ${secretEnvName(instance, key)} where the poller runs`;
  }

  #read(name: string): string | undefined {
    const value = (this.#env ?? process.env)[name];
    return value === undefined || value === '' ? undefined : value;
  }

  #setNames(): string[] {
    const env = this.#env ?? process.env;
    return Object.keys(env).filter((name) => this.#read(name) !== undefined);
  }
}
