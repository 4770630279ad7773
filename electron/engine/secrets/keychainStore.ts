/**
 * Secrets in the OS keychain through keytar (macOS Keychain, Windows Credential Manager, Linux
 * Secret Service: gnome-keyring or KWallet). Service name `crm-event-poller`; account names are
 * described in keychainAccount.ts.
 *
 * keytar is a native module loaded lazily, so `--secrets env` works where it cannot load. The first
 * use probes the keychain once and caches the verdict: when it is unreachable every call rejects
 * with the same KeychainUnreachableError. Each keytar call has a timeout because over D-Bus it can
 * block forever when a prompt is needed and no agent answers. A timed-out call still occupies a
 * libuv worker thread (and keeps the process alive), so a CLI should exit explicitly after
 * reporting the error.
 */
import { keychainAccount, parseKeychainAccount } from './keychainAccount.ts';
import type { SecretStore } from './secretStore.ts';
import { KeychainUnreachableError, requireInstance, requireNames, SecretStoreError } from './secretStore.ts';

export const KEYCHAIN_SERVICE = 'crm-event-poller';
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 10_000;

/** An account that `parseKeychainAccount` rejects, so the probe can never hit a real secret. */
const PROBE_ACCOUNT = 'reachability-probe';

/** The part of keytar we use. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeychainStoreOptions {
  /** Per keytar call, the probe included. */
  timeoutMs?: number;
  /** Tests inject a fake; the default imports keytar. */
  loadKeytar?: () => Promise<KeytarApi>;
}

/** keytar is CommonJS: its functions sit on the default export (named ones are not all detected). */
export async function importKeytar(): Promise<KeytarApi> {
  const module = (await import('keytar')) as unknown as { default?: KeytarApi } & Partial<KeytarApi>;
  const api = module.default ?? (module as KeytarApi);
  if (typeof api.getPassword !== 'function' || typeof api.findCredentials !== 'function') {
    throw new Error('the keytar module has no getPassword/findCredentials');
  }
  return api;
}

export function keychainUnreachable(reason: string, cause?: unknown): KeychainUnreachableError {
  return new KeychainUnreachableError(
    `The OS keychain is not reachable (${reason}). Start a desktop session with a keyring ` +
      '(on Linux: gnome-keyring or KWallet with a D-Bus session), or run with --secrets env ' +
      '(or CRM_EVENT_POLLER_SECRETS=env) and set CRM_EVENT_POLLER_SECRET_<INSTANCE>_<KEY> variables.',
    { cause },
  );
}

class KeychainTimeout extends Error {}

/**
 * Messages (libsecret/GLib, macOS) meaning the keychain itself is unusable, not one item. E.g. a
 * gnome-keyring whose login collection would need a prompt to be created answers a store with
 * "Object does not exist at path /org/freedesktop/secrets/collection/login".
 */
const UNREACHABLE_MESSAGE =
  /d-?bus|secret ?service|org[./]freedesktop[./]secrets|autolaunch|could not connect|not provided by any|object does not exist|locked|prompt|interaction is not allowed|no keyring/i;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new KeychainTimeout(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class KeychainStore implements SecretStore {
  readonly kind = 'keychain';
  readonly #timeoutMs: number;
  readonly #loadKeytar: () => Promise<KeytarApi>;
  /** The cached verdict of the first use: keytar when reachable, a rejection otherwise. */
  #ready: Promise<KeytarApi> | undefined;

  constructor(options: KeychainStoreOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.#loadKeytar = options.loadKeytar ?? importKeytar;
  }

  async get(instance: string, key: string): Promise<string | undefined> {
    requireNames(instance, key);
    const password = await this.#call(`read the secret "${key}" of instance "${instance}"`, (keytar) =>
      keytar.getPassword(KEYCHAIN_SERVICE, keychainAccount(instance, key)),
    );
    return password ?? undefined;
  }

  async set(instance: string, key: string, value: string): Promise<void> {
    requireNames(instance, key);
    if (typeof value !== 'string' || value === '') {
      throw new SecretStoreError(`Refusing to store an empty secret "${key}" for instance "${instance}"; delete it instead.`);
    }
    await this.#call(`store the secret "${key}" of instance "${instance}"`, (keytar) =>
      keytar.setPassword(KEYCHAIN_SERVICE, keychainAccount(instance, key), value),
    );
  }

  async delete(instance: string, key: string): Promise<boolean> {
    requireNames(instance, key);
    return this.#call(`delete the secret "${key}" of instance "${instance}"`, (keytar) =>
      keytar.deletePassword(KEYCHAIN_SERVICE, keychainAccount(instance, key)),
    );
  }

  async listKeys(instance: string): Promise<string[]> {
    requireInstance(instance);
    // keytar can only list accounts together with their passwords; the values are dropped here.
    const credentials = await this.#call(`list the secrets of instance "${instance}"`, (keytar) =>
      keytar.findCredentials(KEYCHAIN_SERVICE),
    );
    const keys = new Set<string>();
    for (const { account } of credentials) {
      const parsed = parseKeychainAccount(account);
      if (parsed?.instance === instance) keys.add(parsed.key);
    }
    return [...keys].sort();
  }

  async deleteInstance(instance: string): Promise<void> {
    for (const key of await this.listKeys(instance)) await this.delete(instance, key);
  }

  /** Under the account `name` itself: with no `/` in it, `parseKeychainAccount` never takes it for an instance's secret. */
  async ownKey(name: string, make: () => string): Promise<string | undefined> {
    if (name === '' || name.includes('/')) throw new SecretStoreError(`A key of the poller's own needs a name without "/", not "${name}".`);
    return this.#call(`read the poller's key "${name}"`, async (keytar) => {
      const kept = await keytar.getPassword(KEYCHAIN_SERVICE, name);
      if (kept) return kept;
      await keytar.setPassword(KEYCHAIN_SERVICE, name, make());
      // Read back, so two processes making it at once mostly agree. Should both have read it missing,
      // the first may keep its own: the other's fingerprints then differ once (untried credentials),
      // never match wrongly.
      return (await keytar.getPassword(KEYCHAIN_SERVICE, name)) ?? undefined;
    });
  }

  /** The probe every first use makes, made now: start-up says at once when the keychain cannot be used. */
  async check(): Promise<void> {
    await this.#reachableKeytar();
  }

  howToSet(instance: string, key: string): string {
    return `save it with the credentials of "${instance}" (the window's Credentials, or crm-event-poller credentials set "${instance}" ${key})`;
  }

  /** Runs one keytar call after the reachability check, with a timeout and a clear error. */
  async #call<T>(what: string, operation: (keytar: KeytarApi) => Promise<T>): Promise<T> {
    const keytar = await this.#reachableKeytar();
    try {
      return await withTimeout(operation(keytar), this.#timeoutMs);
    } catch (error) {
      if (error instanceof KeychainTimeout || UNREACHABLE_MESSAGE.test(messageOf(error))) {
        const unreachable = keychainUnreachable(messageOf(error), error);
        this.#cacheFailure(unreachable);
        throw unreachable;
      }
      throw new SecretStoreError(`The OS keychain could not ${what}: ${messageOf(error)}`, { cause: error });
    }
  }

  #reachableKeytar(): Promise<KeytarApi> {
    this.#ready ??= this.#probe();
    return this.#ready;
  }

  async #probe(): Promise<KeytarApi> {
    let keytar: KeytarApi;
    try {
      keytar = await withTimeout(this.#loadKeytar(), this.#timeoutMs);
    } catch (error) {
      throw keychainUnreachable(`keytar could not be loaded: ${messageOf(error)}`, error);
    }
    try {
      await withTimeout(keytar.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT), this.#timeoutMs);
    } catch (error) {
      throw keychainUnreachable(messageOf(error), error);
    }
    return keytar;
  }

  /** Once a call hung or lost the keychain, later calls fail at once instead of waiting again. */
  #cacheFailure(error: KeychainUnreachableError): void {
    const failed = Promise.reject(error);
    failed.catch(() => {}); // observed by later calls, not an unhandled rejection
    this.#ready = failed;
  }
}
