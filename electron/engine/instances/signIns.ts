/**
 * Each instance's sign-in record, kept across restarts (store/signInStore.ts): how many sign-ins
 * were refused since the last success, and whether the credentials saved now are the ones refused
 * last (confirm first), the ones that signed in last (ok), or new (untried). Credentials are
 * compared by fingerprints (credentialFingerprints.ts), so a password changed anywhere (the window,
 * the CLI, another process, an environment variable) counts as new, and an edit of other settings
 * does not.
 *
 * Every sign-in goes through `begin` (the rule is signInGate.ts). An untried one goes alone: Test
 * connection right after a save, and the poll the save started, make one attempt between them.
 */
import { findElement } from '../../../shared/config/elements.ts';
import { requiredSecrets } from '../../../shared/config/elementValidation.ts';
import type { ProblemReport, SignInStatus } from '../../../shared/status.ts';
import type { Connector, FetchRequest } from '../connectors/types.ts';
import { adviceFor, isRefusedSignIn } from '../failurePolicy.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import { signInGate, SignInHeldError, type SignInRequest } from '../signInGate.ts';
import { refusedFingerprints, type SignInStore } from '../store/signInStore.ts';
import type { SecretSource } from './draftInstance.ts';
import { isLegacy, type CredentialFingerprints, type Credentials } from './credentialFingerprints.ts';
import type { FailureKind } from '../../../shared/status.ts';

export interface SignInAttempt {
  /** The server let it in (a page came back): the count starts over, and whoever waited goes. */
  accepted(): Promise<void>;
  /** The attempt is over: a refusal among `errors` is counted; else, unless accepted, nothing was learned. */
  finish(errors: readonly unknown[]): Promise<void>;
}

export class SignIns {
  readonly #store: SignInStore;
  readonly #secrets: SecretStore;
  readonly #fingerprints: CredentialFingerprints;
  readonly #now: () => number;
  readonly #known = new Map<number, SignInStatus>();
  /** Per instance, the turn of the last `begin` (an untried attempt keeps it until it is decided). */
  readonly #turns = new Map<number, Promise<void>>();

  constructor(options: { store: SignInStore; secrets: SecretStore; fingerprints: CredentialFingerprints; now: () => number }) {
    this.#store = options.store;
    this.#secrets = options.secrets;
    this.#fingerprints = options.fingerprints;
    this.#now = options.now;
    for (const record of this.#store.all()) {
      const state = record.refusedCredentials ? 'confirm-first' : record.acceptedCredentials ? 'ok' : 'untried';
      this.#known.set(record.instanceId, withRefusals(state, record));
    }
  }

  /**
   * What is known without reading the secret store (the scheduler asks it for every instance):
   * credentials refused last count as unchanged until `check` (or `begin`) compares them.
   */
  known(instanceId: number): SignInStatus {
    return this.#known.get(instanceId) ?? { state: 'untried', refused: 0 };
  }

  /** The refused sign-in kept from an earlier run, as the status shows a failure. */
  lastRefusal(instanceId: number): ProblemReport | undefined {
    const record = this.#store.get(instanceId);
    if (!record?.refusedCredentials || record.error === undefined) return undefined;
    const kind = record.errorKind as FailureKind | undefined;
    return { message: record.error, kind, advice: adviceFor(kind), at: record.lastRefusedAt ?? 0 };
  }

  /** Compares the credentials saved now with those refused (or accepted) last. */
  async check(instance: StoredInstance): Promise<SignInStatus> {
    return this.#evaluate(instance, await this.#credentials(instance));
  }

  /** Re-checks the instances held as confirm-first (their credentials may have changed); resolves with those no longer held. */
  async recheckHeld(instances: readonly StoredInstance[]): Promise<StoredInstance[]> {
    const released: StoredInstance[] = [];
    for (const instance of instances) {
      if (this.known(instance.id).state !== 'confirm-first') continue;
      if ((await this.check(instance)).state !== 'confirm-first') released.push(instance);
    }
    return released;
  }

  /** Lets a sign-in go, or throws SignInHeldError saying why not; waits while an untried one is being decided. */
  async begin(instance: StoredInstance, request: SignInRequest, source: SecretSource = { storedAs: instance.name }, saved: StoredInstance = instance): Promise<SignInAttempt> {
    const release = await this.#turn(instance.id);
    try {
      const credentials = await this.#credentials(instance, source);
      // A draft (Try before saving) with credentials of its own (typed, or another server) is judged
      // by them, and recorded without standing in for the saved ones: those stay held if refused.
      const draft = source.typed !== undefined && credentials.text !== (await this.#credentials(saved)).text;
      const status = await this.#evaluate(instance, credentials, !draft);
      const decision = signInGate(status, request);
      if (decision !== 'go') throw new SignInHeldError(instance.name, status, decision);
      if (status.state !== 'untried') release();
      // Made before the attempt: a refusal that could not be recorded (the key unreadable) would be tried again.
      const fingerprint = await this.#fingerprints.of(credentials);
      return this.#attempt(instance, fingerprint, release, draft);
    } catch (error) {
      release();
      throw error;
    }
  }

  remove(instanceId: number): void {
    this.#store.remove(instanceId);
    this.#known.delete(instanceId);
  }

  #attempt(instance: StoredInstance, fingerprint: string, release: () => void, draft: boolean): SignInAttempt {
    let recording: Promise<void> | undefined;
    const accepted = () => {
      recording ??= (async () => {
        const known = this.known(instance.id);
        if (draft) {
          this.#store.accepted(instance.id, fingerprint, { keepRefused: true });
          this.#recount(instance.id);
        }
        else if (known.state !== 'ok' || known.refused > 0) {
          this.#store.accepted(instance.id, fingerprint);
          this.#known.set(instance.id, { state: 'ok', refused: 0 });
        }
      })()
        // A record that cannot be written does not fail the poll that signed in.
        .catch(() => undefined)
        .finally(release);
      // The poll goes on at once; `finish` waits for the record.
      return Promise.resolve();
    };
    return {
      accepted,
      finish: async (errors) => {
        try {
          await recording;
          const refusal = errors.find(isRefusedSignIn) as (Error & { kind?: string }) | undefined;
          if (refusal) {
            this.#store.refused(instance.id, fingerprint, this.#now(), { message: refusal.message, kind: refusal.kind });
            if (draft) this.#recount(instance.id);
            else this.#known.set(instance.id, withRefusals('confirm-first', this.#store.get(instance.id)));
          }
        } finally {
          release();
        }
      },
    };
  }

  /** A draft's sign-in counts (refusals since the last success) without changing the saved credentials' state. */
  #recount(instanceId: number): void {
    this.#known.set(instanceId, withRefusals(this.known(instanceId).state, this.#store.get(instanceId)));
  }

  /** The state of these credentials: signed in last (ok), among those refused since (confirm-first), or neither (untried). */
  async #evaluate(instance: StoredInstance, credentials: Credentials, remember = true): Promise<SignInStatus> {
    const record = this.#store.get(instance.id);
    let state: SignInStatus['state'] = 'untried';
    if (record?.acceptedCredentials && (await this.#fingerprints.matches(record.acceptedCredentials, credentials))) {
      state = 'ok';
      if (isLegacy(record.acceptedCredentials)) this.#store.accepted(instance.id, await this.#fingerprints.of(credentials), { keepRefused: true });
    } else if (await this.#amongRefused(record?.refusedCredentials, credentials)) state = 'confirm-first';
    const status = withRefusals(state, record);
    if (remember) this.#known.set(instance.id, status);
    return status;
  }

  async #amongRefused(refused: string | undefined, credentials: Credentials): Promise<boolean> {
    for (const stored of refusedFingerprints(refused)) if (await this.#fingerprints.matches(stored, credentials)) return true;
    return false;
  }

  /**
   * What signs in: the element's server, user and secret keys, the secrets read from the store. A
   * configuration that sends no secret (a generic API without sign-in) reads none: it polls without
   * the keychain.
   */
  async #credentials(instance: StoredInstance, source: SecretSource = { storedAs: instance.name }): Promise<Credentials> {
    const configuration = (instance.document.configuration ?? {}) as Record<string, unknown>;
    const keys = (findElement(instance.elementKey)?.connectionKeys ?? []).filter((key) => key.secret || key.identifiesServer || key.signsIn);
    const sendsSecrets = requiredSecrets(instance.elementKey, configuration).length > 0;
    const secret = async (key: string) => {
      if (!sendsSecrets) return null;
      return source.typed?.[key] ?? (source.storedAs === undefined ? undefined : await this.#secrets.get(source.storedAs, key)) ?? null;
    };
    const values = await Promise.all(keys.map(async (key) => (key.secret ? await secret(key.key) : (configuration[key.key] ?? null))));
    const holdsSecret = keys.some((key, index) => key.secret && values[index] !== null);
    return { text: JSON.stringify([instance.elementKey, ...values]), holdsSecret };
  }

  /** Waits for the previous `begin` of this instance to be done with its turn; resolves with the function that ends this one. */
  async #turn(instanceId: number): Promise<() => void> {
    const before = this.#turns.get(instanceId) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const mine = before.then(() => done);
    this.#turns.set(instanceId, mine);
    void mine.then(() => {
      if (this.#turns.get(instanceId) === mine) this.#turns.delete(instanceId);
    });
    await before;
    return release;
  }
}

/** The connector, telling `signedIn` when the first page came back (the server accepted the credentials). */
export function witnessSignIn(connector: Connector, signedIn: () => Promise<void>): Connector {
  return new Proxy(connector, {
    get(target, property, receiver) {
      if (property !== 'fetchChanges') return Reflect.get(target, property, receiver) as unknown;
      return (request: FetchRequest) => pagesAfterSignIn(target.fetchChanges(request), signedIn);
    },
  });
}

async function* pagesAfterSignIn<T>(pages: AsyncIterable<T>, signedIn: () => Promise<void>): AsyncGenerator<T> {
  for await (const page of pages) {
    await signedIn();
    yield page;
  }
}

function withRefusals(state: SignInStatus['state'], record: { refused: number; lastRefusedAt?: number } | undefined): SignInStatus {
  return { state, refused: record?.refused ?? 0, ...(record?.lastRefusedAt === undefined ? {} : { lastRefusedAt: record.lastRefusedAt }) };
}
