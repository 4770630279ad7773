/**
 * The one implementation of the API contract (shared/api.ts): what the window, the tray and
 * `serve` call. It turns engine objects into the contract's plain shapes and pushes status and
 * new events to whoever listens.
 */
import { EventEmitter } from 'node:events';
import type {
  Activity,
  ActivityQuery,
  AppInfo,
  AppSettings,
  ConnectionTest,
  DeliveryAttempt,
  DeliveryDetail,
  DroppedCredentials,
  DeliveryQuery,
  DeliveryRow,
  EventDetail,
  EventQuery,
  EventRow,
  InstanceDetail,
  InstanceSummary,
  LockoutConfirmation,
  PollAllResult,
  PollerApi,
  PollSummary,
  PushTopics,
  ReplayFilter,
  RequestPreview,
  SampleRecord,
  SaveResult,
  TryTarget,
  UpdateOptions,
  ValidateOptions,
  ValidationReport,
} from '../../../shared/api.ts';
import { PUSH_TOPICS } from '../../../shared/api.ts';
import type { Problem } from '../../../shared/config/problems.ts';
import { ELEMENTS, findElement } from '../../../shared/config/elements.ts';
import { validateInstanceText } from '../../../shared/config/instance.ts';
import { labelPaths, recordLabel } from '../../../shared/config/recordLabel.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import type { PushListener, PushMessage, PushSource } from '../../../shared/transport.ts';
import { SAMPLE_WINDOW_MS, type Engine } from '../engine.ts';
import { checkInstanceDocument, InvalidInstanceError } from '../instances/createOrReplace.ts';
import type { SecretSource } from '../instances/draftInstance.ts';
import { NeedsSetupError } from '../instances/readiness.ts';
import { UserError } from '../userError.ts';
import { signInGate, SignInHeldError } from '../signInGate.ts';
import { overlapMs, pollSince } from '../polling/cursor.ts';
import { fetchSample } from '../polling/sample.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import type { StoredEvent } from '../store/eventStore.ts';
import { eventsToday, readActivity } from './activity.ts';

/** What the service needs from the delivery side (the outbox and its worker). */
export interface DeliveriesPort {
  /** Endpoints as they may be shown: a callback's user info masked. */
  query(query: DeliveryQuery): Promise<{ deliveries: DeliveryRow[]; total: number }>;
  attempts(id: number): DeliveryAttempt[];
  /** One notification with its exact body; undefined when there is none with that id. */
  detail(id: number): Promise<DeliveryDetail | undefined>;
  replay(id: number): void;
  replaySince(filter: ReplayFilter): number;
  resendEvent(eventId: string): void;
}

/** A failure the UI shows as it is (the dispatcher reports it as `needs-action`); `problems` point at configuration paths. */
export class ServiceError extends Error {
  readonly problems?: Problem[];

  constructor(message: string, problems?: Problem[]) {
    super(message);
    this.name = 'ServiceError';
    this.problems = problems;
  }
}

export interface ServiceOptions {
  version: string;
  demo?: boolean;
  transport: AppInfo['transport'];
  dataDir: string;
  deliveries?: DeliveriesPort;
}

export class PollerService extends EventEmitter<{ [K in keyof PushTopics]: [PushTopics[K]] }> implements PollerApi, PushSource {
  readonly #engine: Engine;
  readonly #scheduler: Scheduler;
  readonly #options: ServiceOptions;

  constructor(engine: Engine, scheduler: Scheduler, options: ServiceOptions) {
    super();
    this.#engine = engine;
    this.#scheduler = scheduler;
    this.#options = options;
    scheduler.on('status', (status) => this.emit('status', status));
    scheduler.on('events', ({ instance, events }) => this.emit('events-added', { instanceId: instance.id, count: events.length }));
  }

  /** Every pushed topic to one listener (the dispatcher, which fans them out); returns the unsubscribe function. */
  subscribe(listener: PushListener): () => void {
    const removers = PUSH_TOPICS.map((topic) => {
      const forward = (payload: unknown) => listener(...([topic, payload] as PushMessage));
      this.on(topic, forward as never);
      return () => this.off(topic, forward as never);
    });
    return () => removers.forEach((remove) => remove());
  }

  async getAppInfo(): Promise<AppInfo> {
    return {
      version: this.#options.version,
      demo: this.#options.demo === true,
      transport: this.#options.transport,
      secrets: this.#engine.secrets.kind,
      dataDir: this.#options.dataDir,
      elements: ELEMENTS.map((element) => ({
        key: element.key,
        name: element.name,
        connectionKeys: element.connectionKeys.map((key) => ({ key: key.key, label: key.label, secret: key.secret === true })),
      })),
    };
  }

  async listInstances(): Promise<InstanceSummary[]> {
    const statuses = new Map(this.#scheduler.status().map((status) => [status.id, status]));
    const today = eventsToday(this.#engine.stores.events, this.#engine.now());
    return Promise.all(this.#engine.instances.list().map((instance) => this.#summary(instance, statuses.get(instance.id), today.get(instance.id) ?? 0)));
  }

  async getInstance(id: number): Promise<InstanceDetail> {
    const instance = this.#require(id);
    const { validation } = this.#engine.instances.load(instance);
    const credentials = await this.#engine.credentialFields(instance);
    return {
      setup: await this.#engine.setupOf(instance),
      id: instance.id,
      name: instance.name,
      elementKey: instance.elementKey,
      enabled: instance.enabled,
      document: instance.document,
      credentials,
      trustedAuthorities: instance.trustedAuthorities ?? [],
      validation: { valid: validation.valid, errors: validation.errors, warnings: validation.warnings },
    };
  }

  async validateInstance(document: unknown, options: ValidateOptions = {}): Promise<ValidationReport> {
    if (options.id !== undefined) this.#require(options.id);
    const { valid, errors, warnings } = checkInstanceDocument(document, this.#engine.instances, options.id);
    return { valid, errors, warnings };
  }

  async createInstance(document: unknown): Promise<SaveResult> {
    return this.#save(() => this.#engine.addInstance(document));
  }

  async importInstance(json: string): Promise<SaveResult> {
    const parsed = validateInstanceText(json);
    if (!parsed.config && parsed.errors.length > 0) return { ok: false, errors: parsed.errors, warnings: parsed.warnings };
    return this.createInstance(JSON.parse(json) as unknown);
  }

  async updateInstance(id: number, document: unknown, options: UpdateOptions = {}): Promise<SaveResult> {
    const before = this.#require(id);
    let dropped: DroppedCredentials | undefined;
    const result = await this.#save(async () => {
      const saved = await this.#engine.replaceInstance(before, document, options);
      dropped = saved.droppedCredentials;
      return saved;
    });
    if (!result.ok) return result;
    await this.#scheduler.credentialsChanged(id);
    return dropped === undefined ? result : { ...result, droppedCredentials: dropped };
  }

  async deleteInstance(id: number): Promise<void> {
    await this.#engine.removeInstance(this.#require(id));
  }

  async setInstanceEnabled(id: number, enabled: boolean): Promise<void> {
    await this.#userFacing(() => this.#engine.setEnabled(this.#require(id), enabled));
  }

  async setCredential(id: number, key: string, value: string): Promise<void> {
    await this.#userFacing(() => this.#engine.setCredential(this.#require(id), key, value));
    await this.#scheduler.credentialsChanged(id);
  }

  async clearCredential(id: number, key: string): Promise<void> {
    await this.#userFacing(() => this.#engine.clearCredential(this.#require(id), key));
  }

  async trustAuthority(id: number, authority: string): Promise<void> {
    const instance = this.#require(id);
    // The scheduler picks up the instance as stored now (the authority trusted) from the change the repository announces.
    await this.#userFacing(() => this.#engine.trustAuthority(instance, authority));
    // The scheduler polls the stored instance as it is now (with the authority trusted): it follows the repository.
    await this.#scheduler.credentialsChanged(id);
  }

  async previewRequest(target: TryTarget, resourceName: string): Promise<RequestPreview> {
    const { instance, secrets, cursorOf } = this.#tryTarget(target);
    const resource = this.#resource(instance, resourceName);
    // Read, never moved: a draft that names another server starts where a first poll would.
    const cursor = cursorOf === undefined ? undefined : this.#engine.stores.cursors.load(cursorOf, resource.name);
    const since = pollSince(cursor, overlapMs(resource.pollDelay), this.#engine.now());
    const preview: RequestPreview = { resource: resource.name, since: new Date(since).toISOString() };
    try {
      // The connector's own URL, as sent (Sage's SData where, Dynamics' $filter or delta link, the generic paging).
      const { connector } = this.#engine.openConnector(instance, secrets);
      preview.url = connector.describeRequest(resource, since, cursor?.connectorState);
    } catch (error) {
      preview.error = this.#message(error);
    }
    return preview;
  }

  async testConnection(target: TryTarget, options: LockoutConfirmation = {}): Promise<ConnectionTest> {
    const { instance, secrets } = this.#tryTarget(target);
    return this.#userFacing(() => this.#engine.testConnection(instance, { secrets, confirmLockoutRisk: options.confirmLockoutRisk }));
  }

  async fetchSample(target: TryTarget, resourceName: string, options: LockoutConfirmation = {}): Promise<SampleRecord[]> {
    const { instance, secrets } = this.#tryTarget(target);
    const { connector } = this.#engine.openConnector(instance, secrets);
    const resource = this.#resource(instance, resourceName);
    try {
      const signIn = { by: 'user', confirmed: options.confirmLockoutRisk } as const;
      return await this.#engine.signingIn(instance, connector, signIn, (signingIn) => fetchSample(signingIn, resource, this.#engine.now() - SAMPLE_WINDOW_MS), secrets);
    } catch (error) {
      throw new ServiceError(this.#message(error), error instanceof NeedsSetupError ? error.items : undefined);
    }
  }

  async pollNow(id: number, resource?: string | null, options: LockoutConfirmation = {}): Promise<PollSummary> {
    await this.#userFacing(() => this.#engine.requireReady(this.#require(id)));
    const outcomes = await this.#scheduler.pollNow(id, resource ?? undefined, { by: 'user', confirmed: options.confirmLockoutRisk });
    const held = outcomes.find((outcome) => outcome.error instanceof SignInHeldError)?.error;
    if (held) throw new ServiceError(this.#message(held));
    return this.#pollSummary(id, outcomes);
  }

  #pollSummary(id: number, outcomes: Awaited<ReturnType<Scheduler['pollNow']>>): PollSummary {
    const status = this.#scheduler.status().find((candidate) => candidate.id === id);
    return {
      instanceId: id,
      resources: outcomes.map((outcome) => ({
        resource: outcome.resource,
        events: outcome.result?.events ?? 0,
        records: outcome.result?.records ?? 0,
        error: outcome.error && this.#message(outcome.error),
        warnings: status?.resources.find((candidate) => candidate.name === outcome.resource)?.warnings ?? [],
      })),
    };
  }

  async pollAll(): Promise<PollAllResult> {
    const result: PollAllResult = { polled: [], skipped: [] };
    const polls: Promise<PollSummary>[] = [];
    for (const instance of this.#engine.instances.list().filter((candidate) => candidate.enabled)) {
      const signIn = this.#engine.signIns.known(instance.id);
      const setup = await this.#engine.setupOf(instance);
      if (signInGate(signIn, { by: 'automatic' }) !== 'go') {
        result.skipped.push({ id: instance.id, name: instance.name, reason: new SignInHeldError(instance.name, signIn, 'ask').message });
      } else if (setup.length > 0) {
        result.skipped.push({ id: instance.id, name: instance.name, reason: new NeedsSetupError(instance.name, 'is not ready to poll', setup).message });
      } else {
        // Another process may have been refused since: the engine's gate holds it then (automatic).
        polls.push(this.#scheduler.pollNow(instance.id, undefined, { by: 'automatic' }).then((outcomes) => this.#pollSummary(instance.id, outcomes)));
      }
    }
    result.polled = await Promise.all(polls);
    return result;
  }

  async pause(target: number | 'all', until: string | null): Promise<void> {
    this.#scheduler.pause(target, until === null ? null : Date.parse(until));
  }

  async resume(target: number | 'all'): Promise<void> {
    this.#scheduler.resume(target);
  }

  async getStatus(): Promise<InstanceStatus[]> {
    return this.#scheduler.status();
  }

  async queryEvents(query: EventQuery): Promise<{ events: EventRow[]; total: number }> {
    const storeQuery = {
      instanceId: query.instanceId,
      resource: query.resource,
      eventType: query.eventType,
      text: query.text,
      since: query.since === undefined ? undefined : Date.parse(query.since),
      until: query.until === undefined ? undefined : Date.parse(query.until),
    };
    const order = query.order ?? 'changed';
    // A row without a change time shows the epoch as its date (see EventRows.row): paging goes on among those.
    const beforeTime = query.beforeDate === undefined ? undefined : Date.parse(query.beforeDate);
    const before = { beforeSeq: query.beforeSeq, beforeChangeTime: beforeTime === 0 ? null : beforeTime };
    const { events, total } = this.#engine.stores.events.page({ ...storeQuery, ...before, order, limit: query.limit ?? 200 });
    const rows = new EventRows(this.#engine);
    return { events: events.map((event) => rows.row(event)), total };
  }

  async getEvent(id: string): Promise<EventDetail> {
    const event = this.#engine.stores.events.get(id);
    if (!event) throw new ServiceError(`no event ${id}: it may have been removed by retention`);
    return { ...new EventRows(this.#engine).row(event), elementKey: event.elementKey, raw: event.raw, ...(event.changes === undefined ? {} : { changes: event.changes }) };
  }

  async resendEvent(id: string): Promise<void> {
    await this.getEvent(id);
    await this.#userFacing(() => this.#deliveries().resendEvent(id));
  }

  async queryDeliveries(query: DeliveryQuery): Promise<{ deliveries: DeliveryRow[]; total: number }> {
    return this.#userFacing(() => this.#deliveries().query(query));
  }

  async getDeliveryAttempts(id: number): Promise<DeliveryAttempt[]> {
    return this.#userFacing(() => this.#deliveries().attempts(id));
  }

  async getDelivery(id: number): Promise<DeliveryDetail> {
    const detail = await this.#userFacing(() => this.#deliveries().detail(id));
    if (!detail) throw new ServiceError(`no notification ${id}: it may have been removed by retention`);
    return detail;
  }

  async replayDelivery(id: number): Promise<void> {
    await this.#userFacing(() => this.#deliveries().replay(id));
  }

  async replayDeliveries(filter: ReplayFilter): Promise<{ count: number }> {
    return { count: await this.#userFacing(() => this.#deliveries().replaySince(filter)) };
  }

  async getActivity(query: ActivityQuery): Promise<Activity> {
    return readActivity(this.#engine.stores, query.hours, this.#engine.now(), this.#names());
  }

  async getSettings(): Promise<AppSettings> {
    const settings = this.#engine.settings;
    const ui = settings.get('ui');
    return { notifications: settings.get('notifications'), retention: settings.get('retention'), startAtLogin: ui.startAtLogin, theme: ui.theme };
  }

  async updateSettings(patch: Partial<AppSettings>): Promise<AppSettings> {
    const settings = this.#engine.settings;
    if (patch.notifications) settings.set('notifications', patch.notifications);
    if (patch.retention) {
      settings.set('retention', patch.retention);
      await this.#engine.enforceRetention();
    }
    if (patch.theme !== undefined || patch.startAtLogin !== undefined) {
      settings.update('ui', (ui) => ({ theme: patch.theme ?? ui.theme, startAtLogin: patch.startAtLogin ?? ui.startAtLogin }));
    }
    return this.getSettings();
  }

  async #summary(instance: StoredInstance, status: InstanceStatus | undefined, today: number): Promise<InstanceSummary> {
    const { config, validation } = this.#engine.instances.load(instance);
    return {
      setup: await this.#engine.setupOf(instance),
      id: instance.id,
      name: instance.name,
      elementKey: instance.elementKey,
      elementName: findElement(instance.elementKey)?.name ?? instance.elementKey,
      enabled: instance.enabled,
      tags: config.tags,
      refreshIntervalMinutes: config.refreshIntervalMinutes,
      resources: config.resources.map((resource) => resource.name),
      status: status ?? { id: instance.id, name: instance.name, elementKey: instance.elementKey, state: 'idle', consecutiveFailures: 0, eventsLastPoll: 0, resources: [] },
      eventsToday: today,
      warnings: validation.warnings,
    };
  }

  async #save(save: () => Promise<{ instance: StoredInstance; validation: { warnings: SaveResult['warnings'] } }>): Promise<SaveResult> {
    try {
      const { instance, validation } = await save();
      const status = this.#scheduler.status().find((candidate) => candidate.id === instance.id);
      return { ok: true, instance: await this.#summary(instance, status, 0), warnings: validation.warnings };
    } catch (error) {
      if (error instanceof InvalidInstanceError) return { ok: false, errors: error.problems, warnings: error.warnings };
      throw this.#engine.redactor.error(error);
    }
  }

  /**
   * What Test connection, Preview and Fetch sample run against: a saved instance as stored, or a
   * draft as the editor shows it (its typed secrets for this call only, nothing stored).
   */
  #tryTarget(target: TryTarget): { instance: StoredInstance; secrets?: SecretSource; cursorOf?: number } {
    if (typeof target === 'number') return { instance: this.#require(target), cursorOf: target };
    try {
      return this.#engine.draft(target);
    } catch (error) {
      if (error instanceof InvalidInstanceError) throw new ServiceError(`the draft cannot be tried yet: ${error.problems.length} problem(s) to fix`, error.problems);
      throw error instanceof UserError ? new ServiceError(error.message) : error;
    }
  }

  #require(id: number): StoredInstance {
    const instance = this.#engine.instances.get(id);
    if (!instance) throw new ServiceError(`no instance with id ${id}; it may have been deleted`);
    return instance;
  }

  #resource(instance: StoredInstance, name: string) {
    const resource = this.#engine.instances.load(instance).config.resources.find((candidate) => candidate.name === name);
    if (!resource) throw new ServiceError(`instance "${instance.name}" has no resource "${name}"`);
    return resource;
  }

  #names(): Map<number, string> {
    return this.#engine.instanceNames();
  }

  /**
   * Runs work whose failures are the user's to act on (a keychain that is locked, a notification that
   * no longer exists, an instance without a callback URL): any error becomes a ServiceError, redacted.
   */
  async #userFacing<T>(work: () => T | Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ServiceError) throw this.#engine.redactor.error(error);
      throw new ServiceError(this.#message(error), error instanceof NeedsSetupError ? error.items : undefined);
    }
  }

  /** An error's message as the API may show it: through the engine's one redaction. */
  #message(error: unknown): string {
    return this.#engine.redactor.text(error instanceof Error ? error.message : String(error));
  }

  #deliveries(): DeliveriesPort {
    if (!this.#options.deliveries) throw new ServiceError('deliveries are not available in this process');
    return this.#options.deliveries;
  }
}

/** Events as the API's rows, with the instance names and each resource's label paths looked up once per call. */
class EventRows {
  readonly #engine: Engine;
  readonly #names: Map<number, string>;
  readonly #labels = new Map<string, string[]>();

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#names = engine.instanceNames();
  }

  row(event: StoredEvent): EventRow {
    const label = recordLabel(event.raw, this.#labelPaths(event));
    return {
      seq: event.seq,
      id: event.id,
      instanceId: event.instanceId,
      instanceName: this.#names.get(event.instanceId) ?? `#${event.instanceId}`,
      resource: event.resource,
      objectId: event.objectId,
      eventType: event.eventType,
      date: new Date(event.changeTime).toISOString(),
      pollDate: new Date(event.pollTime).toISOString(),
      ...(label === undefined ? {} : { label }),
      ...(event.changes === undefined ? {} : { changedFields: event.changes && event.changes.map((change) => change.path) }),
    };
  }

  #labelPaths(event: StoredEvent): string[] {
    const key = `${event.instanceId}\u0000${event.resource}`;
    let paths = this.#labels.get(key);
    if (!paths) {
      const instance = this.#engine.instances.get(event.instanceId);
      const resource = instance && this.#engine.instances.load(instance).config.resources.find((candidate) => candidate.name === event.resource);
      paths = labelPaths(event.elementKey, resource ?? { name: event.resource });
      this.#labels.set(key, paths);
    }
    return paths;
  }
}
