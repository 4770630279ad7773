/**
 * The engine: instances and their credentials, polling each resource, and the stores the events,
 * cursors and deliveries live in. Plain Node; the desktop app, the CLI and `serve` all drive this
 * one object (the API in front of it is PollerService, service/pollerService.ts).
 */
import { join } from 'node:path';
import type { ConnectionTest, CredentialField, DroppedCredentials, InstanceDraft } from '../../shared/api.ts';
import { findElement, knownKeys, type ConfigKey } from '../../shared/config/elements.ts';
import { sameBinding } from '../../shared/config/origins.ts';
import { ProblemList } from '../../shared/config/problems.ts';
import type { SetupItem } from '../../shared/config/setup.ts';
import { isPlainObject, readBoolean } from '../../shared/config/values.ts';
import { trustableAuthority } from './connectors/dynamics/auth.ts';
import { ConnectorError } from './connectors/errors.ts';
import { tightenDataDir } from './dataDir.ts';
import { FAILURE_POLICY } from './failurePolicy.ts';
import type { Connector } from './connectors/types.ts';
import type { HttpOptions } from './connectors/http.ts';
import { connectorFor } from './connectors/registry.ts';
import { Deliveries } from './delivery/deliveries.ts';
import type { Notifier } from './delivery/notifier.ts';
import { PollNotices } from './delivery/pollNotices.ts';
import { stripStoredUserInfo } from './delivery/storedUserInfo.ts';
import { createOrReplaceInstance, type SavedInstance } from './instances/createOrReplace.ts';
import { connectionSecretKeys, savedBinding, secretsFitServer, serverBinding } from './instances/credentialBinding.ts';
import { draftInstance, type DraftInstance, type SecretSource } from './instances/draftInstance.ts';
import { InstanceRepository, type LoadedInstance } from './instances/instanceRepository.ts';
import { instanceSetup, NeedsSetupError } from './instances/readiness.ts';
import { redactionHints } from './instances/instanceSecrets.ts';
import { moveSecretsOutOfSettings } from './instances/secretsAtRest.ts';
import { SignIns, witnessSignIn } from './instances/signIns.ts';
import { CredentialFingerprints } from './instances/credentialFingerprints.ts';
import { SignInHeldError, type SignInRequest } from './signInGate.ts';
import type { ChangeEvent } from './polling/events.ts';
import { pollResource, type PollResult } from './polling/pollResource.ts';
import type { PollStores, PollTarget } from './polling/pollTarget.ts';
import { eventsToTell } from './polling/fieldTriggers.ts';
import { reconcileDue, reconcileResource, type ReconcileResult } from './polling/reconcile.ts';
import { fetchSample } from './polling/sample.ts';
import { Redactor } from './secrets/redact.ts';
import { redactFailures } from './secrets/redactFailures.ts';
import type { SecretStore } from './secrets/secretStore.ts';
import type { StoredInstance } from './settings/settingsSchema.ts';
import { UserError } from './userError.ts';
import type { SettingsStore } from './settings/settingsStore.ts';
import { openDatabase } from './store/database.ts';
import { CursorStore } from './store/cursorStore.ts';
import { EventStore } from './store/eventStore.ts';
import { storedHealth, type StoredHealth } from './polling/findings.ts';
import { KnownObjectStore, knownObjects } from './store/knownObjectStore.ts';
import { ObjectVersionStore } from './store/objectVersionStore.ts';
import { PollRunStore } from './store/pollRunStore.ts';
import { SignInStore } from './store/signInStore.ts';
import { Retention, type RetentionStep, type RetentionWork } from './store/retention.ts';
import { BackgroundCheckpoints } from './store/backgroundCheckpoints.ts';

export interface EngineOptions {
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  http?: HttpOptions;
  now?: () => number;
  /** Desktop notifications (the app passes Electron's; default: none). */
  notifier?: Notifier;
  /** What the user should hear about at start (secrets moved out of files, permissions tightened); default: stderr. */
  notice?: (message: string) => void;
}

export interface InstancePollOptions {
  resource?: string;
  backfillSince?: number;
  /** Re-reads allowed when offset paging saw rows move (tests lower it to show the hazard). */
  maxPasses?: number;
  signal?: AbortSignal;
  onEvents?: (events: ChangeEvent[]) => void;
  /**
   * After polling, find deletions by id reconciliation (connectors that need it, e.g. Sage CRM):
   * `due` when the instance's reconcile interval has passed (the scheduler), `now` at once (`poll --reconcile`).
   */
  reconcile?: 'due' | 'now';
  /** How long a minute of the reconcile interval lasts (the scheduler's minute; tests shrink it). */
  minuteMs?: number;
  /** Who signs in (signInGate.ts); default a person, unconfirmed: credentials refused last are not tried. */
  signIn?: SignInRequest;
}

export interface ResourceOutcome {
  resource: string;
  result?: PollResult;
  /** The poll failed, or (with a result) the reconciliation after it did. */
  error?: ConnectorError | Error;
  /** The id reconciliation run after the poll. */
  reconcile?: ReconcileResult;
}

const DAY = 86_400_000;
/** How far back "Test connection" and "Fetch sample" look for changed records. */
export const SAMPLE_WINDOW_MS = 7 * DAY;

/** Pruning by age runs after a poll at most this often (by count, after each poll that stored events). */
const AGE_PRUNE_EVERY_MS = 60_000;

function secretKeysOf(instance: StoredInstance): ConfigKey[] {
  return knownKeys(findElement(instance.elementKey)).filter((key) => key.secret);
}

export function requireSecretKey(instance: StoredInstance, key: string): void {
  const secretKeys = secretKeysOf(instance);
  if (!secretKeys.some((candidate) => candidate.key === key)) {
    throw new UserError(`"${key}" is not a credential of ${instance.elementKey}; its credentials are ${secretKeys.map((candidate) => candidate.key).join(', ')}`);
  }
}

/** The element and the configuration keys that name the server (host, tenant, base URL). */
function serverIdentity(instance: StoredInstance): string {
  const configuration = (instance.document.configuration ?? instance.document) as Record<string, unknown>;
  const keys = knownKeys(findElement(instance.elementKey)).filter((key) => key.identifiesServer);
  return JSON.stringify([instance.elementKey, ...keys.map((key) => configuration[key.key] ?? null)]);
}

/** Why saved credentials are not sent: they were saved for other servers. */
function heldBack(name: string, savedFor: string[], now: string[]): ConnectorError {
  return new ConnectorError(
    'auth',
    `the credentials of "${name}" were saved for ${savedFor.join(', ')}, and its server is now ${now.join(', ') || 'not set'}: they are not sent there. ` +
      'Save them again for the new server, or keep them for it (Keep in the window, instances update --keep-credentials)',
  );
}

/** Whether this failure stops the instance's other resources too (failurePolicy.ts). */
function stopsInstance(outcome: ResourceOutcome): boolean {
  return outcome.error instanceof ConnectorError && FAILURE_POLICY[outcome.error.kind].stopsInstance;
}

/** The failure, saying it happened while looking for deletions (its kind kept for the scheduler). */
function reconcileFailure(error: unknown): Error {
  const message = `looking for deleted records: ${(error as Error).message}`;
  if (!(error instanceof ConnectorError)) return new Error(message, { cause: error });
  return new ConnectorError(error.kind, message, { status: error.status, url: error.url, retryAfterMs: error.retryAfterMs, cause: error });
}

export class Engine {
  readonly instances: InstanceRepository;
  readonly stores: PollStores;
  /** Webhook delivery: the outbox, its worker, queries and replays. */
  readonly deliveries: Deliveries;
  /** Desktop notifications: one per poll and instance, rate-limited, muted as the settings say. */
  readonly notices: PollNotices;
  readonly settings: SettingsStore;
  /** The secret store, watched by the redactor: every value read or written through it is hidden from messages. */
  readonly secrets: SecretStore;
  /** The one redaction of everything the engine stores, prints or answers. */
  readonly redactor: Redactor;
  /** Refused sign-ins per instance, kept across restarts; every sign-in passes its gate. */
  readonly signIns: SignIns;
  readonly now: () => number;
  readonly notice: (message: string) => void;
  readonly #http: HttpOptions;
  readonly #retention: Retention;
  /** The WAL copied back on a worker thread while much is written (a backfill, a retention pass). */
  readonly #checkpoints: BackgroundCheckpoints;
  #agePrunedAt = -Infinity;

  constructor(options: EngineOptions) {
    this.now = options.now ?? Date.now;
    this.notice = options.notice ?? ((message) => process.stderr.write(`crm-event-poller: ${message}\n`));
    this.settings = options.settings;
    this.instances = new InstanceRepository(options.settings);
    this.redactor = new Redactor(() => redactionHints(this.instances.list()));
    this.secrets = this.redactor.watch(options.secrets);
    this.#http = options.http ?? {};
    for (const notice of tightenDataDir(options.dataDir)) this.notice(notice);
    const file = join(options.dataDir, 'events.sqlite');
    const db = openDatabase(file);
    const stripped = stripStoredUserInfo(db);
    if (stripped > 0) this.notice(`removed the user info of ${stripped} callback URL(s) from the event database; the instances' own credentials are sent instead`);
    const events = new EventStore(db);
    this.#checkpoints = new BackgroundCheckpoints(db, file);
    this.deliveries = new Deliveries({ db, secrets: this.secrets, instances: this.instances, now: this.now, events, redact: (text) => this.redactor.text(text) });
    this.notices = new PollNotices({ settings: this.settings, now: this.now, notifier: options.notifier });
    this.deliveries.on('problem', (problem) => this.notices.problem({ id: problem.instanceId, name: problem.instanceName }, problem.message, problem.url));
    this.stores = {
      db,
      events,
      cursors: new CursorStore(db),
      runs: new PollRunStore(db),
      known: new KnownObjectStore(db),
      versions: new ObjectVersionStore(db),
      onEventsStored: (events, instance) => {
        this.#checkpoints.wrote(events.length);
        this.deliveries.enqueue(eventsToTell(events, instance), instance);
      },
    };
    this.stores.runs.markInterrupted(this.now());
    this.signIns = new SignIns({ store: new SignInStore(db), secrets: this.secrets, fingerprints: new CredentialFingerprints({ secrets: this.secrets, dataDir: options.dataDir }), now: this.now });
    this.#retention = new Retention({
      steps: (work) => this.#retentionSteps(work),
      checkpoints: this.#checkpoints,
      onError: (error) => process.stderr.write(`pruning old events failed (tried again after a later poll): ${error.message}\n`),
    });
  }

  /**
   * Moves secrets found in plain in the settings file (an earlier version's callback URL user info)
   * to the secret store; run at start. Never fails: what cannot be moved is a notice.
   */
  async moveSecretsOutOfSettings(): Promise<void> {
    try {
      for (const notice of await moveSecretsOutOfSettings(this.instances, this.secrets, this.now)) this.notice(notice);
    } catch (error) {
      this.notice(`secrets in the settings file could not be moved to the secret store: ${this.redactor.text((error as Error).message)}`);
    }
    this.redactor.refresh();
  }

  /** Stop the delivery worker first (`await engine.deliveries.stop()`) to let attempts in flight finish. */
  close(): void {
    this.#retention.close();
    this.#checkpoints.close();
    this.notices.close();
    this.deliveries.close();
    this.stores.db.close();
  }

  /** Saved enabled unless `enabled: false` (it only polls once nothing is left to set up either way). */
  async addInstance(document: unknown, options: { enabled?: boolean } = {}): Promise<SavedInstance> {
    const result = await createOrReplaceInstance(document, this.instances, this.secrets, { now: this.now(), enabled: options.enabled ?? true });
    this.redactor.refresh();
    return result;
  }

  /**
   * Saves a new version of an instance; a rename carries its stored credentials along. When it names
   * another server, the credentials saved for the old one are dropped (unless kept, or given anew),
   * and its cursors start over (`serverChanged`); else they are kept.
   */
  async replaceInstance(
    before: StoredInstance,
    document: unknown,
    options: { keepCredentials?: boolean } = {},
  ): Promise<SavedInstance & { serverChanged: boolean; droppedCredentials?: DroppedCredentials }> {
    const renamed = isPlainObject(document) && typeof document.name === 'string' && document.name.trim() !== before.name;
    const movingSecrets = renamed && this.secrets.kind !== 'env' ? await this.secrets.listKeys(before.name).catch(() => [] as string[]) : [];
    const saved = await createOrReplaceInstance(document, this.instances, this.secrets, { now: this.now(), replaceId: before.id, enabled: before.enabled, movingSecrets });
    const { instance, droppedCredentials } = await this.#rebindCredentials(before, saved, options.keepCredentials === true);
    const result = { ...saved, instance };
    this.redactor.refresh();
    const serverChanged = serverIdentity(result.instance) !== serverIdentity(before);
    if (serverChanged) {
      // Another server is another data set: its ids and times mean nothing against the old cursor.
      this.stores.cursors.remove(before.id);
      knownObjects(this.stores).remove(before.id);
      this.stores.versions?.remove(before.id);
    }
    if (result.instance.name !== before.name && this.secrets.kind !== 'env') {
      for (const key of await this.secrets.listKeys(before.name)) {
        const value = await this.secrets.get(before.name, key);
        if (value !== undefined && !result.storedSecrets.includes(key)) await this.secrets.set(result.instance.name, key, value);
      }
      await this.secrets.deleteInstance(before.name);
    }
    if (droppedCredentials !== undefined) {
      // The credentials it was saved with are gone: it waits for new ones, as a new instance would.
      result.setup = await this.setupOf(result.instance);
      if (result.setup.length > 0 && result.instance.enabled) result.instance = this.instances.update(result.instance.id, { enabled: false }, this.now());
    }
    return droppedCredentials === undefined ? { ...result, serverChanged } : { ...result, serverChanged, droppedCredentials };
  }

  /**
   * After an edit that names other servers: the connection secrets not given anew are deleted (with
   * the read-only env source they stay, held back by the binding), and so are the trusted sign-in
   * authorities; `keep` says the saved secrets are for the new servers too.
   */
  async #rebindCredentials(before: StoredInstance, saved: SavedInstance, keep: boolean): Promise<{ instance: StoredInstance; droppedCredentials?: DroppedCredentials }> {
    const savedFor = savedBinding(this.instances, before);
    const now = serverBinding(this.instances, saved.instance);
    if (sameBinding(savedFor, now) || keep) return { instance: this.instances.update(saved.instance.id, { credentialsFor: now }, this.now()) };
    const given = new Set(saved.storedSecrets);
    const keys: string[] = [];
    for (const key of connectionSecretKeys(before.elementKey)) {
      if (given.has(key) || (await this.secrets.get(before.name, key)) === undefined) continue;
      keys.push(key);
      if (this.secrets.kind !== 'env') await this.secrets.delete(before.name, key);
    }
    // The env source cannot forget a secret: its values stay bound to the old servers, and unused.
    const credentialsFor = this.secrets.kind === 'env' && keys.length > 0 ? savedFor : now;
    const instance = this.instances.update(saved.instance.id, { credentialsFor, trustedAuthorities: [] }, this.now());
    return { instance, droppedCredentials: keys.length > 0 ? { keys, savedFor, now } : undefined };
  }

  /** Saves one credential for the server the instance names now; others saved for another server are dropped. */
  async saveCredential(instance: StoredInstance, key: string, value: string): Promise<void> {
    await this.secrets.set(instance.name, key, value);
    if (!connectionSecretKeys(instance.elementKey).includes(key)) return;
    if (secretsFitServer(this.instances, instance)) {
      // A new time stamp in the settings file: a running app or `run` notices (the keychain tells no one) and tries them.
      this.instances.update(instance.id, {}, this.now());
      return;
    }
    for (const other of connectionSecretKeys(instance.elementKey)) if (other !== key) await this.secrets.delete(instance.name, other);
    this.instances.update(instance.id, { credentialsFor: serverBinding(this.instances, instance), trustedAuthorities: [] }, this.now());
  }

  /**
   * Removes the instance, its cursors and its credentials; its events stay, under its former name.
   * The credentials go first: when they cannot (read-only env secrets still set, a keychain that
   * is not reachable), nothing at all is removed.
   */
  async removeInstance(instance: StoredInstance): Promise<void> {
    await this.secrets.deleteInstance(instance.name);
    this.settings.update('formerNames', (names) => ({ ...names, [String(instance.id)]: instance.name }));
    this.instances.remove(instance.id);
    this.signIns.remove(instance.id);
    this.stores.cursors.remove(instance.id);
    knownObjects(this.stores).remove(instance.id);
    this.stores.versions?.remove(instance.id);
  }

  /** Every instance's name by id, removed ones (whose events are kept) included. */
  instanceNames(): Map<number, string> {
    const former = Object.entries(this.settings.get('formerNames')).map(([id, name]): [number, string] => [Number(id), `${name} (removed)`]);
    return new Map([...former, ...this.instances.list().map((instance): [number, string] => [instance.id, instance.name])]);
  }

  /**
   * Turns scheduled polling on or off; nothing else about the instance (cursors, credentials)
   * changes. Enabling is refused while anything is left to set up.
   */
  async setEnabled(instance: StoredInstance, enabled: boolean): Promise<StoredInstance> {
    if (enabled) await this.requireReady(instance, 'cannot be enabled yet');
    return this.instances.update(instance.id, { enabled }, this.now());
  }

  /** What is left before the instance may poll ("Needs setup"); empty when it is ready. A draft's typed secrets count. */
  setupOf(instance: StoredInstance, source: SecretSource = { storedAs: instance.name }): Promise<SetupItem[]> {
    return instanceSetup(instance.document, source.storedAs ?? '', this.secrets, Object.keys(source.typed ?? {}));
  }

  /**
   * A draft from the editor, ready to be tried and never stored (Try before saving). `cursorOf`: the
   * saved instance whose cursors the draft would keep (the same server), for previews.
   */
  draft(draft: InstanceDraft): DraftInstance & { cursorOf?: number } {
    const saved = draft.id === undefined ? undefined : this.instances.get(draft.id);
    if (draft.id !== undefined && !saved) throw new UserError(`no instance with id ${draft.id}; it may have been deleted`);
    const trial = draftInstance(draft, saved, this.instances, this.now());
    // What the server might echo of a typed secret is hidden like any saved one.
    for (const value of Object.values(trial.secrets.typed ?? {})) this.redactor.remember(value);
    return saved && serverIdentity(saved) === serverIdentity(trial.instance) ? { ...trial, cursorOf: saved.id } : trial;
  }

  /** Throws NeedsSetupError, listing what is left, unless the instance is ready to poll. */
  async requireReady(instance: StoredInstance, what = 'is not ready to poll'): Promise<void> {
    const setup = await this.setupOf(instance);
    if (setup.length > 0) throw new NeedsSetupError(instance.name, what, setup);
  }

  /** Stores one credential of the instance; only the element's secret keys are accepted. */
  async setCredential(instance: StoredInstance, key: string, value: string): Promise<void> {
    requireSecretKey(instance, key);
    await this.saveCredential(instance, key, value);
  }

  /** True when a stored credential was removed. */
  async clearCredential(instance: StoredInstance, key: string): Promise<boolean> {
    requireSecretKey(instance, key);
    return this.secrets.delete(instance.name, key);
  }

  /** Which of the element's credentials are stored (never their values). */
  async credentialFields(instance: StoredInstance): Promise<CredentialField[]> {
    const stored = new Set(await this.secrets.listKeys(instance.name).catch(() => [] as string[]));
    return secretKeysOf(instance).map((key) => ({ key: key.key, label: key.label, saved: stored.has(key.key) }));
  }

  /**
   * "Test connection": one page of the first resource (or the one named), the cursor untouched.
   * A failure is the result, not an exception.
   */
  async testConnection(instance: StoredInstance, options: { resource?: string; secrets?: SecretSource; confirmLockoutRisk?: boolean } = {}): Promise<ConnectionTest> {
    const setup = await this.setupOf(instance, options.secrets);
    if (setup.length > 0) return { ok: false, message: new NeedsSetupError(instance.name, 'is not ready to test', setup).message };
    const { loaded, connector } = this.openConnector(instance, options.secrets);
    const resource = options.resource === undefined ? loaded.config.resources[0] : this.#resourcesToPoll(loaded, options.resource)[0];
    if (!resource) return { ok: false, message: 'no resources configured: add one to test against' };
    // A refused sign-in is a SignInHeldError, thrown (the caller asks), not a failed test.
    const signIn = { by: 'user', confirmed: options.confirmLockoutRisk } as const;
    try {
      const sample = await this.signingIn(instance, connector, signIn, (signingIn) => fetchSample(signingIn, resource, this.now() - SAMPLE_WINDOW_MS), options.secrets);
      return { ok: true, message: `connected: ${resource.name} answered with ${sample.length} record(s) changed in the last 7 days`, resource: resource.name, records: sample.length };
    } catch (error) {
      if (error instanceof SignInHeldError) throw error;
      return { ok: false, message: (error as Error).message, resource: resource.name };
    }
  }

  /**
   * Runs `work` with the instance's connector once the sign-in gate lets it (signInGate.ts; else a
   * SignInHeldError), recording whether the server accepted or refused the credentials.
   */
  async signingIn<T>(instance: StoredInstance, connector: Connector, request: SignInRequest, work: (connector: Connector) => Promise<T>, source: SecretSource = { storedAs: instance.name }): Promise<T> {
    // A new instance's draft has no sign-in record yet (nothing saved): its one explicit try is the user's.
    if (source.storedAs === undefined) return work(connector);
    const attempt = await this.signIns.begin(instance, request, source, this.instances.get(instance.id));
    const errors: unknown[] = [];
    try {
      return await work(witnessSignIn(connector, attempt.accepted));
    } catch (error) {
      errors.push(error);
      throw error;
    } finally {
      await attempt.finish(errors);
    }
  }

  /**
   * Approves a sign-in authority (its origin) the instance's server named, for this instance only:
   * the answer to "this server names … as its sign-in authority; trust it?". Returns the origin trusted.
   */
  trustAuthority(instance: StoredInstance, authority: string): string {
    const { config } = this.instances.load(instance);
    const origin = trustableAuthority(authority, readBoolean(new ProblemList(), '', config.configuration['allow.insecure.http'], false));
    const trusted = [...new Set([...(instance.trustedAuthorities ?? []), origin])];
    this.instances.update(instance.id, { trustedAuthorities: trusted }, this.now());
    return origin;
  }

  /** A resource's last poll, watermark, held cursor, warnings and attention, as the stores keep them. */
  resourceHealth(instanceId: number, resource: string): StoredHealth {
    return storedHealth(this.stores, instanceId, resource);
  }

  requireInstance(nameOrId: string): StoredInstance {
    const instance = this.instances.find(nameOrId);
    if (!instance) {
      const names = this.instances.list().map((candidate) => candidate.name);
      throw new UserError(`no instance "${nameOrId}"; ${names.length ? `known: ${names.join(', ')}` : 'add one with "instances add <file>"'}`);
    }
    return instance;
  }

  /**
   * Polls every resource of an instance (or one) in turn. A 401/403 stops the whole instance at once:
   * more requests with a wrong password can lock the CRM account.
   */
  async pollInstance(instance: StoredInstance, options: InstancePollOptions = {}): Promise<ResourceOutcome[]> {
    const { loaded, connector, serverFiltersBySince } = this.openConnector(instance);
    const resources = this.#resourcesToPoll(loaded, options.resource);
    // Nothing goes to an example host, or without a credential it needs.
    await this.requireReady(instance);
    const attempt = await this.signIns.begin(instance, options.signIn ?? { by: 'user' });
    const outcomes: ResourceOutcome[] = [];
    try {
      return await this.#pollResources(instance, { loaded, connector: witnessSignIn(connector, attempt.accepted), serverFiltersBySince }, resources, outcomes, options);
    } finally {
      await attempt.finish(outcomes.map((outcome) => outcome.error));
    }
  }

  async #pollResources(
    instance: StoredInstance,
    { loaded, connector, serverFiltersBySince }: { loaded: LoadedInstance; connector: Connector; serverFiltersBySince?: boolean },
    resources: LoadedInstance['config']['resources'],
    outcomes: ResourceOutcome[],
    options: InstancePollOptions,
  ): Promise<ResourceOutcome[]> {
    const tally = this.notices.startPoll(instance);
    const onEvents = (events: ChangeEvent[]) => {
      tally.add(eventsToTell(events, loaded.config));
      options.onEvents?.(events);
    };
    for (const resource of resources) {
      try {
        const result = await pollResource(
          { instanceId: instance.id, instance: loaded.config, resource, connector, serverFiltersBySince },
          this.stores,
          { backfillSince: options.backfillSince, maxPasses: options.maxPasses, signal: options.signal, now: this.now, retentionHorizon: this.#retentionHorizon(), onEvents },
        );
        outcomes.push({ resource: resource.name, result });
      } catch (error) {
        const outcome = { resource: resource.name, error: error as Error };
        outcomes.push(outcome);
        if (stopsInstance(outcome) || options.signal?.aborted) break;
      }
    }
    if (options.reconcile && !outcomes.some(stopsInstance) && !options.signal?.aborted) {
      await this.#reconcile({ instanceId: instance.id, instance: loaded.config, connector }, resources, outcomes, { ...options, onEvents });
    }
    tally.finish();
    this.#pruneAfterPoll(instance.id, outcomes);
    return outcomes;
  }

  /** Reconciles the resources polled without failure, when due (or now), recording each result on its outcome. */
  async #reconcile(target: Omit<PollTarget, 'resource'>, resources: LoadedInstance['config']['resources'], outcomes: ResourceOutcome[], options: InstancePollOptions): Promise<void> {
    const reconciliation = target.connector.reconciliation;
    if (!reconciliation) return;
    const intervalMs = reconciliation.intervalMinutes * (options.minuteMs ?? 60_000);
    for (const outcome of outcomes) {
      const resource = resources.find((candidate) => candidate.name === outcome.resource);
      if (!resource || !outcome.result) continue;
      if (options.reconcile !== 'now' && !reconcileDue(this.stores, target.instanceId, resource.name, intervalMs, this.now())) continue;
      try {
        outcome.reconcile = await reconcileResource({ ...target, resource }, this.stores, { signal: options.signal, now: this.now, onEvents: options.onEvents });
      } catch (error) {
        outcome.error = reconcileFailure(error);
        if (stopsInstance(outcome) || options.signal?.aborted) return;
      }
    }
  }

  /**
   * A connector for one instance, its secrets read from the secret store (none for a server they were
   * not saved for), or for a draft: typed ones first (`source`). Every failure leaving it is redacted,
   * so no poll run, status, API answer or printed line can carry what a server echoed.
   */
  openConnector(instance: StoredInstance, source: SecretSource = { storedAs: instance.name }): { loaded: LoadedInstance; connector: Connector; serverFiltersBySince?: boolean } {
    const redactError = (error: unknown) => this.redactor.error(error);
    try {
      const loaded = this.instances.load(instance);
      const registration = connectorFor(loaded.config.elementKey);
      const bound = new Set(connectionSecretKeys(instance.elementKey));
      const held = secretsFitServer(this.instances, instance) ? undefined : heldBack(instance.name, savedBinding(this.instances, instance), serverBinding(this.instances, instance));
      const secret = async (key: string) => {
        const typed = source.typed?.[key];
        if (typed !== undefined) return typed;
        if (held && bound.has(key)) throw held;
        return source.storedAs === undefined ? undefined : this.secrets.get(source.storedAs, key);
      };
      const howToSet = (key: string) => this.secrets.howToSet(source.storedAs ?? instance.name, key);
      const connector = registration.create({ instance: loaded.config, secret, howToSet, trustedAuthorities: instance.trustedAuthorities }, this.#http);
      return { loaded, connector: redactFailures(connector, redactError), serverFiltersBySince: registration.serverFiltersBySince };
    } catch (error) {
      throw redactError(error);
    }
  }

  #resourcesToPoll(loaded: LoadedInstance, only: string | undefined) {
    const { resources } = loaded.config;
    if (only === undefined) return resources;
    const resource = resources.find((candidate) => candidate.name === only);
    if (!resource) throw new UserError(`instance "${loaded.stored.name}" has no resource "${only}"; it has ${resources.map((r) => r.name).join(', ') || 'none'}`);
    return [resource];
  }

  #retentionHorizon(): number {
    return this.now() - this.settings.get('retention').maxAgeDays * DAY;
  }

  /** Prunes everything retention says (by age, and beyond the newest N of every instance), in bounded steps; resolves with the rows deleted. */
  enforceRetention(): Promise<number> {
    this.#agePrunedAt = this.now();
    return this.#retention.request({ byAge: true, instances: 'all' });
  }

  /** In the background: a poll that stored events may have taken its instance past the newest N. */
  #pruneAfterPoll(instanceId: number, outcomes: ResourceOutcome[]): void {
    const stored = outcomes.some((outcome) => (outcome.result?.events ?? 0) > 0 || (outcome.reconcile?.deleted.length ?? 0) > 0);
    const byAge = this.now() - this.#agePrunedAt >= AGE_PRUNE_EVERY_MS;
    if (!stored && !byAge) return;
    if (byAge) this.#agePrunedAt = this.now();
    void this.#retention.request({ byAge, instances: new Set(stored ? [instanceId] : []) });
  }

  #retentionSteps(work: RetentionWork): RetentionStep[] {
    const horizon = this.#retentionHorizon();
    const steps = this.stores.events.retentionSteps({
      olderThan: work.byAge ? horizon : undefined,
      maxPerInstance: this.settings.get('retention').maxEventsPerInstance,
      instanceIds: work.instances === 'all' ? undefined : [...work.instances],
    });
    if (work.byAge) steps.push((limit) => this.deliveries.enforceRetention(horizon, limit));
    return steps;
  }
}
