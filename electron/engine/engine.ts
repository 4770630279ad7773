/**
 * The engine's service object: instances, polling, events and status, over the stores. Plain Node;
 * the desktop app, the CLI and `serve` all drive this one object.
 */
import { join } from 'node:path';
import { findElement, knownKeys } from '../../shared/config/elements.ts';
import { ConnectorError } from './connectors/errors.ts';
import { FAILURE_POLICY } from './failurePolicy.ts';
import type { Connector } from './connectors/types.ts';
import type { HttpOptions } from './connectors/http.ts';
import { connectorFor } from './connectors/registry.ts';
import { Deliveries } from './delivery/deliveries.ts';
import type { Notifier } from './delivery/notifier.ts';
import { PollNotices } from './delivery/pollNotices.ts';
import { saveInstanceDocument, type SavedInstance } from './instances/addInstance.ts';
import { InstanceRepository, type LoadedInstance } from './instances/instanceRepository.ts';
import type { ChangeEvent } from './polling/events.ts';
import { pollResource, type PollResult, type PollStores, type PollTarget } from './polling/pollResource.ts';
import { knownObjects, reconcileDue, reconcileResource, type ReconcileResult } from './polling/reconcile.ts';
import type { SecretStore } from './secrets/secretStore.ts';
import type { StoredInstance } from './settings/settingsSchema.ts';
import type { SettingsStore } from './settings/settingsStore.ts';
import { openDatabase } from './store/database.ts';
import { CursorStore } from './store/cursorStore.ts';
import { EventStore } from './store/eventStore.ts';
import { KnownObjectStore } from './store/knownObjectStore.ts';
import { PollRunStore } from './store/pollRunStore.ts';

export interface EngineOptions {
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  http?: HttpOptions;
  now?: () => number;
  /** Desktop notifications (the app passes Electron's; default: none). */
  notifier?: Notifier;
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

/** The element and the configuration keys that name the server (host, tenant, base URL). */
function serverIdentity(instance: StoredInstance): string {
  const configuration = (instance.document.configuration ?? instance.document) as Record<string, unknown>;
  const keys = knownKeys(findElement(instance.elementKey)).filter((key) => key.identifiesServer);
  return JSON.stringify([instance.elementKey, ...keys.map((key) => configuration[key.key] ?? null)]);
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
  readonly secrets: SecretStore;
  readonly now: () => number;
  readonly #http: HttpOptions;

  constructor(options: EngineOptions) {
    this.now = options.now ?? Date.now;
    this.settings = options.settings;
    this.secrets = options.secrets;
    this.instances = new InstanceRepository(options.settings);
    this.#http = options.http ?? {};
    const db = openDatabase(join(options.dataDir, 'events.sqlite'));
    const events = new EventStore(db);
    this.deliveries = new Deliveries({ db, secrets: this.secrets, instances: this.instances, now: this.now, events });
    this.notices = new PollNotices({ settings: this.settings, now: this.now, notifier: options.notifier });
    this.deliveries.on('problem', (problem) => this.notices.problem({ id: problem.instanceId, name: problem.instanceName }, problem.message, problem.url));
    this.stores = {
      db,
      events,
      cursors: new CursorStore(db),
      runs: new PollRunStore(db),
      known: new KnownObjectStore(db),
      onEventsStored: (events, instance) => this.deliveries.enqueue(events, instance),
    };
    this.stores.runs.markInterrupted(this.now());
  }

  /** Stop the delivery worker first (`await engine.deliveries.stop()`) to let attempts in flight finish. */
  close(): void {
    this.notices.close();
    this.deliveries.close();
    this.stores.db.close();
  }

  addInstance(document: unknown): Promise<SavedInstance> {
    return saveInstanceDocument(document, this.instances, this.secrets, { now: this.now() });
  }

  /** Saves a new version of an instance; a rename carries its stored credentials along. */
  async replaceInstance(before: StoredInstance, document: unknown): Promise<SavedInstance> {
    const result = await saveInstanceDocument(document, this.instances, this.secrets, { now: this.now(), replaceId: before.id });
    if (serverIdentity(result.instance) !== serverIdentity(before)) {
      // Another server is another data set: its ids and times mean nothing against the old cursor.
      this.stores.cursors.remove(before.id);
      knownObjects(this.stores).remove(before.id);
    }
    if (result.instance.name !== before.name && this.secrets.kind !== 'env') {
      for (const key of await this.secrets.listKeys(before.name)) {
        const value = await this.secrets.get(before.name, key);
        if (value !== undefined && !result.storedSecrets.includes(key)) await this.secrets.set(result.instance.name, key, value);
      }
      await this.secrets.deleteInstance(before.name);
    }
    return result;
  }

  async removeInstance(instance: StoredInstance): Promise<void> {
    this.instances.remove(instance.id);
    this.stores.cursors.remove(instance.id);
    knownObjects(this.stores).remove(instance.id);
    await this.secrets.deleteInstance(instance.name);
  }

  requireInstance(nameOrId: string): StoredInstance {
    const instance = this.instances.find(nameOrId);
    if (!instance) {
      const names = this.instances.list().map((candidate) => candidate.name);
      throw new Error(`no instance "${nameOrId}"; ${names.length ? `known: ${names.join(', ')}` : 'add one with "instances add <file>"'}`);
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
    const outcomes: ResourceOutcome[] = [];
    const tally = this.notices.startPoll(instance);
    const onEvents = (events: ChangeEvent[]) => {
      tally.add(events);
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
    this.enforceRetention();
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

  /** A connector for one instance, its secrets read from the secret store. */
  openConnector(instance: StoredInstance): { loaded: LoadedInstance; connector: Connector; serverFiltersBySince?: boolean } {
    const loaded = this.instances.load(instance);
    const registration = connectorFor(loaded.config.elementKey);
    const connector = registration.create({ instance: loaded.config, secret: (key) => this.secrets.get(instance.name, key) }, this.#http);
    return { loaded, connector, serverFiltersBySince: registration.serverFiltersBySince };
  }

  #resourcesToPoll(loaded: LoadedInstance, only: string | undefined) {
    const { resources } = loaded.config;
    if (only === undefined) return resources;
    const resource = resources.find((candidate) => candidate.name === only);
    if (!resource) throw new Error(`instance "${loaded.stored.name}" has no resource "${only}"; it has ${resources.map((r) => r.name).join(', ') || 'none'}`);
    return [resource];
  }

  #retentionHorizon(): number {
    return this.now() - this.settings.get('retention').maxAgeDays * DAY;
  }

  enforceRetention(): number {
    const retention = this.settings.get('retention');
    this.deliveries.enforceRetention(this.#retentionHorizon());
    return this.stores.events.enforceRetention({ olderThan: this.#retentionHorizon(), maxPerInstance: retention.maxEventsPerInstance });
  }
}
