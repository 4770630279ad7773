/**
 * The delivery service the CLI and (later) the UI use: the outbox hook for the poller, the worker's
 * lifecycle, and queries and replays over notifications, attempts and endpoints.
 */
import { EventEmitter } from 'node:events';
import { basicAuthorization, CALLBACK_USER_INFO_KEY, maskedCallbackUrl, splitUserInfo } from '../../../shared/config/callbackUrl.ts';
import { sameOrigin } from '../../../shared/config/origins.ts';
import type { InstanceConfig } from '../../../shared/config/types.ts';
import type { InstanceRepository } from '../instances/instanceRepository.ts';
import type { ChangeEvent } from '../polling/events.ts';
import type { StoredEvent } from '../store/eventStore.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import { inTransaction, type Database } from '../store/database.ts';
import { AttemptStore, type StoredAttempt } from './attemptStore.ts';
import { EndpointStore, type EndpointState } from './endpointStore.ts';
import { deliveryOptions, type DeliveryOverrides } from './options.ts';
import { OutboxStore, type OutboxEntry, type OutboxQuery, type OutboxState } from './outboxStore.ts';
import { buildOutboxDrafts } from './payload.ts';
import type { Send } from './sender.ts';
import { SigningKeyError, type SigningKeys } from './signer.ts';
import { DeliveryWorker, type AttemptReport, type DeliveryProblem } from './worker.ts';

export const SIGNATURE_KEY = 'event.notification.signature.key';
export const STANDARD_WEBHOOKS_SECRET = 'event.notification.standardwebhooks.secret';

export interface DeliveriesDeps {
  db: Database;
  secrets: SecretStore;
  instances: InstanceRepository;
  now: () => number;
  /** Stored events, for sending one again that no notification carries any more. */
  events?: { get(id: string): StoredEvent | undefined };
  /** Replaces the HTTP POST (tests count or fail requests without a network). */
  send?: Send;
  random?: () => number;
  /** The engine's redaction, for what receivers answer. */
  redact?: (text: string) => string;
}

export interface OutboxPage {
  items: OutboxEntry[];
  /** Pass as `beforeId` for the next (older) page; absent on the last page. */
  nextBeforeId?: number;
  total: number;
}

export interface ReplaySince {
  since: number;
  instanceId?: number;
  /** An endpoint id or callback URL. */
  endpoint?: number | string;
  /** Default: failed and disabled (every notification that is no longer being retried but was not delivered). */
  states?: readonly OutboxState[];
}

export interface DeliveriesEvents {
  enqueued: [{ instanceId: number; ids: number[] }];
  attempt: [AttemptReport];
  problem: [DeliveryProblem];
  /** Notifications changed state without an attempt (a replay). */
  changed: [{ ids: number[] }];
}

/** A reference that names no notification, or an endpoint that does not exist. */
export class DeliveryLookupError extends Error {
  override name = 'DeliveryLookupError';
}

const KEY_CACHE_MS = 10_000;

interface DeliverySecrets extends SigningKeys {
  callbackUserInfo?: string;
}

export class Deliveries extends EventEmitter<DeliveriesEvents> {
  readonly outbox: OutboxStore;
  readonly attempts: AttemptStore;
  readonly endpoints: EndpointStore;
  readonly #deps: DeliveriesDeps;
  readonly #secretCache = new Map<number, { secrets: Promise<DeliverySecrets>; until: number }>();
  #worker: DeliveryWorker | undefined;

  constructor(deps: DeliveriesDeps) {
    super();
    this.#deps = deps;
    this.outbox = new OutboxStore(deps.db);
    this.attempts = new AttemptStore(deps.db);
    this.endpoints = new EndpointStore(deps.db);
  }

  /**
   * The poller's hook, inside the transaction that stores `events`: their notifications are stored
   * with them or not at all. Instances without events enabled get none.
   */
  enqueue(events: readonly ChangeEvent[], instance: InstanceConfig): number[] {
    const first = events[0];
    if (!first || !instance.notification.enabled) return [];
    const now = this.#deps.now();
    const endpoint = this.endpoints.forUrl(instance.notification.callbackUrl ?? '', now);
    const ids = this.outbox.enqueue(buildOutboxDrafts(events, instance), endpoint.id, endpoint.state === 'disabled', now);
    if (ids.length > 0) {
      this.emit('enqueued', { instanceId: first.instanceId, ids });
      this.#worker?.wake();
    }
    return ids;
  }

  // The worker.

  get worker(): DeliveryWorker | undefined {
    return this.#worker;
  }

  /** Starts delivering (once per service; options apply to the first start). */
  start(overrides: DeliveryOverrides = {}): DeliveryWorker {
    if (!this.#worker) {
      this.#worker = new DeliveryWorker({
        db: this.#deps.db,
        outbox: this.outbox,
        attempts: this.attempts,
        endpoints: this.endpoints,
        keys: (notification) => this.#keys(notification),
        authorization: (notification) => this.#authorization(notification),
        options: deliveryOptions(overrides),
        now: this.#deps.now,
        send: this.#deps.send,
        random: this.#deps.random,
        redact: this.#deps.redact,
      });
      this.#worker.on('attempt', (report) => this.emit('attempt', report));
      this.#worker.on('problem', (problem) => this.emit('problem', problem));
    }
    this.#worker.start();
    return this.#worker;
  }

  /** Lets attempts in flight finish (aborting them after `timeoutMs`), then stops. */
  async stop(timeoutMs?: number): Promise<void> {
    await this.#worker?.stop(timeoutMs);
  }

  /** Abandons attempts in flight at once; for closing the database. Their rows are taken back at the next start. */
  close(): void {
    this.#worker?.close();
  }

  /**
   * Resolves when none of `ids` is pending any more, or when `timeoutMs` has passed, with the state
   * of each (a poll waits this way for what it produced).
   */
  waitFor(ids: readonly number[], timeoutMs: number): Promise<Map<number, OutboxState>> {
    return new Promise((resolve) => {
      const settled = () => [...this.outbox.states(ids).values()].every((state) => state !== 'pending');
      const finish = () => {
        clearTimeout(timer);
        this.off('attempt', check);
        resolve(this.outbox.states(ids));
      };
      const check = () => settled() && finish();
      const timer = setTimeout(finish, timeoutMs);
      this.on('attempt', check);
      check();
    });
  }

  // Queries (newest first, paged by id).

  list(query: OutboxQuery = {}): OutboxPage {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 1000);
    const items = this.outbox.list({ ...query, limit: limit + 1 });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const total = this.outbox.count({ ...query, beforeId: undefined });
    return { items: page, nextBeforeId: items.length > limit && last ? last.id : undefined, total };
  }

  /** By row id (`12`) or message id (`msg_…`, the webhook-id). */
  get(ref: number | string): OutboxEntry | undefined {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return this.outbox.get(Number(ref));
    return this.outbox.findByMessageId(ref);
  }

  /** The exact JSON that is sent. */
  body(id: number): string | undefined {
    return this.outbox.body(id);
  }

  attemptsOf(id: number): StoredAttempt[] {
    return this.attempts.list(id);
  }

  listEndpoints(): EndpointState[] {
    return this.endpoints.list();
  }

  findEndpoint(ref: number | string): EndpointState | undefined {
    return typeof ref === 'number' || /^\d+$/.test(ref) ? this.endpoints.get(Number(ref)) : this.endpoints.find(ref);
  }

  enableEndpoint(ref: number | string): EndpointState {
    const endpoint = this.#requireEndpoint(ref);
    this.endpoints.enable(endpoint.id, this.#deps.now());
    this.#worker?.wake();
    return this.endpoints.get(endpoint.id) as EndpointState;
  }

  // Replays.

  /**
   * Sends one notification again, from the first attempt of a new round, to the instance's callback
   * URL as it is now (a fixed URL takes effect); a disabled endpoint is enabled again.
   */
  replay(ref: number | string): OutboxEntry {
    const found = this.get(ref);
    if (!found) throw new DeliveryLookupError(`no notification "${ref}"; list them with "crm-event-poller deliveries list"`);
    this.#replay([found]);
    return this.outbox.get(found.id) as OutboxEntry;
  }

  /**
   * Sends one event again: the notification that carried it is replayed; when none is left (it was
   * pruned, or events were off then), a new notification carries the stored event to the callback URL now.
   */
  resendEvent(eventId: string): OutboxEntry {
    const carrier = this.outbox.carrying(eventId);
    if (carrier !== undefined) return this.replay(carrier);
    const event = this.#deps.events?.get(eventId);
    if (!event) throw new DeliveryLookupError(`no event "${eventId}": it may have been removed by retention`);
    const stored = this.#deps.instances.get(event.instanceId);
    const config = stored && this.#deps.instances.load(stored).config;
    if (!config?.notification.callbackUrl) throw new DeliveryLookupError(`instance ${stored?.name ?? event.instanceId} has no callback URL to send the event to`);
    const now = this.#deps.now();
    const [id] = inTransaction(this.#deps.db, () => {
      const endpoint = this.endpoints.forUrl(config.notification.callbackUrl as string, now);
      return this.outbox.enqueue(buildOutboxDrafts([event], config), endpoint.id, endpoint.state === 'disabled', now);
    });
    if (id === undefined) throw new DeliveryLookupError(`event "${eventId}" is already in a notification`);
    this.emit('enqueued', { instanceId: event.instanceId, ids: [id] });
    this.#worker?.wake();
    return this.outbox.get(id) as OutboxEntry;
  }

  /** Replays every notification committed since a time (of an instance, an endpoint), by default those failed or held. Returns their ids. */
  replaySince(options: ReplaySince): number[] {
    const endpointId = options.endpoint === undefined ? undefined : this.#requireEndpoint(options.endpoint).id;
    const states = options.states ?? ['failed', 'disabled'];
    const ids = this.outbox.ids({ since: options.since, instanceId: options.instanceId, endpointId, state: states });
    const notifications = ids.map((id) => this.outbox.get(id)).filter((found): found is OutboxEntry => found !== undefined);
    this.#replay(notifications);
    return ids;
  }

  #replay(notifications: OutboxEntry[]): void {
    if (notifications.length === 0) return;
    const now = this.#deps.now();
    inTransaction(this.#deps.db, () => {
      for (const notification of notifications) {
        const endpoint = this.endpoints.forUrl(this.#currentUrl(notification), now);
        if (endpoint.state === 'disabled' || endpoint.pausedUntil !== undefined) this.endpoints.enable(endpoint.id, now);
        this.outbox.replay(notification.id, endpoint.id, now);
      }
    });
    this.emit('changed', { ids: notifications.map((notification) => notification.id) });
    this.#worker?.wake();
  }

  /** The instance's callback URL now, or the one the notification was made for when the instance has none. */
  #currentUrl(notification: OutboxEntry): string {
    const stored = this.#deps.instances.get(notification.instanceId);
    const url = stored ? this.#deps.instances.load(stored).config.notification.callbackUrl : undefined;
    return url ?? notification.url;
  }

  #requireEndpoint(ref: number | string): EndpointState {
    const endpoint = this.findEndpoint(ref);
    if (!endpoint) throw new DeliveryLookupError(`no endpoint "${ref}"; known: ${this.endpoints.list().map((known) => known.url).join(', ') || 'none yet'}`);
    return endpoint;
  }

  /** Deletes (at most `limit`) delivered and failed notifications committed before `olderThan` (pending and held ones stay). */
  enforceRetention(olderThan: number, limit?: number): number {
    return this.outbox.prune(olderThan, limit);
  }

  /** Signing keys by instance, read from the secret store (by the instance's current name) and kept briefly. */
  async #keys(notification: OutboxEntry): Promise<SigningKeys> {
    const instance = this.#deps.instances.get(notification.instanceId);
    // Its keys went with it: sending unsigned would hand receivers bodies they cannot trust.
    if (!instance) throw new SigningKeyError(`instance #${notification.instanceId} was removed, and its signing keys with it; the notification is not sent`);
    const { signatureKey, standardWebhooksSecret } = await this.#secretsOf(instance);
    return { signatureKey, standardWebhooksSecret };
  }

  /** The Basic credential for a notification's endpoint, when its instance has one for that origin. */
  async #authorization(notification: OutboxEntry): Promise<Record<string, string>> {
    const userInfo = await this.#callbackUserInfo(notification.instanceId, notification.url);
    return userInfo === undefined ? {} : { Authorization: basicAuthorization(userInfo) };
  }

  /**
   * The callback user info of an instance, for `url` only when it is on the origin of the instance's
   * callback URL as configured now: a credential never follows a notification to another origin.
   * From the secret store, else (an earlier version's settings, with --secrets env) from the configured URL.
   */
  async #callbackUserInfo(instanceId: number, url: string): Promise<string | undefined> {
    const instance = this.#deps.instances.get(instanceId);
    const configured = instance && this.#deps.instances.load(instance).config.notification.callbackUrl;
    if (!instance || !configured) return undefined;
    const split = splitUserInfo(configured);
    if (!sameOrigin(split.url, url)) return undefined;
    return (await this.#secretsOf(instance)).callbackUserInfo ?? split.userInfo;
  }

  /** What delivery reads from the secret store per instance, read together and kept briefly. */
  #secretsOf(instance: StoredInstance): Promise<DeliverySecrets> {
    const now = this.#deps.now();
    const cached = this.#secretCache.get(instance.id);
    if (cached && cached.until > now) return cached.secrets;
    const { name } = instance;
    const { secrets } = this.#deps;
    const read = Promise.all([secrets.get(name, SIGNATURE_KEY), secrets.get(name, STANDARD_WEBHOOKS_SECRET), secrets.get(name, CALLBACK_USER_INFO_KEY)]).then(
      ([signatureKey, standardWebhooksSecret, callbackUserInfo]) => ({ signatureKey, standardWebhooksSecret, callbackUserInfo }),
    );
    this.#secretCache.set(instance.id, { secrets: read, until: now + KEY_CACHE_MS });
    read.catch(() => this.#secretCache.delete(instance.id));
    return read;
  }

  // Showing URLs: the user name of a callback's credential, never its password.

  /** The notification's endpoint as it may be shown: masked user info when it is sent with the instance's. */
  async shownUrl(notification: Pick<OutboxEntry, 'instanceId' | 'url'>): Promise<string> {
    return maskedCallbackUrl(notification.url, await this.#callbackUserInfo(notification.instanceId, notification.url).catch(() => undefined));
  }

  /** An endpoint as it may be shown: masked user info when an instance posting there sends one. */
  async shownEndpointUrl(endpoint: Pick<EndpointState, 'url'>): Promise<string> {
    for (const instance of this.#deps.instances.list()) {
      const configured = this.#deps.instances.load(instance).config.notification.callbackUrl;
      if (configured === undefined || splitUserInfo(configured).url !== endpoint.url) continue;
      const shown = await this.shownUrl({ instanceId: instance.id, url: endpoint.url });
      if (shown !== endpoint.url) return shown;
    }
    return endpoint.url;
  }
}
