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
  DroppedCredentials,
  DeliveryQuery,
  DeliveryRow,
  EventDetail,
  EventQuery,
  EventRow,
  InstanceDetail,
  InstanceSummary,
  PollerApi,
  PollSummary,
  PushTopics,
  ReplayFilter,
  RequestPreview,
  SampleRecord,
  SaveResult,
  UpdateOptions,
  ValidationReport,
} from '../../../shared/api.ts';
import { PUSH_TOPICS } from '../../../shared/api.ts';
import type { Problem } from '../../../shared/config/problems.ts';
import { ELEMENTS, findElement } from '../../../shared/config/elements.ts';
import { validateInstance, validateInstanceText } from '../../../shared/config/instance.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import type { PushListener, PushMessage, PushSource } from '../../../shared/transport.ts';
import { SAMPLE_WINDOW_MS, type Engine } from '../engine.ts';
import { InvalidInstanceError } from '../instances/addInstance.ts';
import { NeedsSetupError } from '../instances/readiness.ts';
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

  async validateInstance(document: unknown): Promise<ValidationReport> {
    const { valid, errors, warnings } = validateInstance(document);
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
    this.#scheduler.credentialsChanged(id);
    return dropped === undefined ? result : { ...result, droppedCredentials: dropped };
  }

  async deleteInstance(id: number): Promise<void> {
    await this.#engine.removeInstance(this.#require(id));
    this.#scheduler.refresh();
  }

  async setInstanceEnabled(id: number, enabled: boolean): Promise<void> {
    await this.#userFacing(() => this.#engine.setEnabled(this.#require(id), enabled));
    this.#scheduler.refresh();
  }

  async setCredential(id: number, key: string, value: string): Promise<void> {
    await this.#userFacing(() => this.#engine.setCredential(this.#require(id), key, value));
    this.#scheduler.refresh();
    this.#scheduler.credentialsChanged(id);
  }

  async clearCredential(id: number, key: string): Promise<void> {
    await this.#userFacing(() => this.#engine.clearCredential(this.#require(id), key));
  }

  async trustAuthority(id: number, authority: string): Promise<void> {
    const instance = this.#require(id);
    await this.#userFacing(() => this.#engine.trustAuthority(instance, authority));
    // The scheduler polls the stored instance as it is now (with the authority trusted).
    this.#scheduler.refresh();
    this.#scheduler.credentialsChanged(id);
  }

  async previewRequest(id: number, resourceName: string): Promise<RequestPreview> {
    const instance = this.#require(id);
    const resource = this.#resource(instance, resourceName);
    const cursor = this.#engine.stores.cursors.load(id, resource.name);
    const since = pollSince(cursor, overlapMs(resource.pollDelay), this.#engine.now());
    const preview: RequestPreview = { resource: resource.name, since: new Date(since).toISOString() };
    try {
      // The connector's own URL, as sent (Sage's SData where, Dynamics' $filter or delta link, the generic paging).
      const { connector } = this.#engine.openConnector(instance);
      preview.url = connector.describeRequest(resource, since, cursor?.connectorState);
    } catch (error) {
      preview.error = this.#message(error);
    }
    return preview;
  }

  async testConnection(id: number): Promise<ConnectionTest> {
    return this.#engine.testConnection(this.#require(id));
  }

  async fetchSample(id: number, resourceName: string): Promise<SampleRecord[]> {
    const instance = this.#require(id);
    const { connector } = this.#engine.openConnector(instance);
    try {
      return await fetchSample(connector, this.#resource(instance, resourceName), this.#engine.now() - SAMPLE_WINDOW_MS);
    } catch (error) {
      throw new ServiceError(this.#message(error), error instanceof NeedsSetupError ? error.items : undefined);
    }
  }

  async pollNow(id: number, resource?: string): Promise<PollSummary> {
    await this.#userFacing(() => this.#engine.requireReady(this.#require(id)));
    const outcomes = await this.#scheduler.pollNow(id, resource);
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
    const names = this.#names();
    const events = this.#engine.stores.events.query({ ...storeQuery, beforeSeq: query.beforeSeq, limit: query.limit ?? 200 });
    return { events: events.map((event) => toRow(event, names)), total: this.#engine.stores.events.count(storeQuery) };
  }

  async getEvent(id: string): Promise<EventDetail> {
    const event = this.#engine.stores.events.get(id);
    if (!event) throw new ServiceError(`no event ${id}: it may have been removed by retention`);
    return { ...toRow(event, this.#names()), elementKey: event.elementKey, raw: event.raw };
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
      this.#scheduler.refresh();
      const status = this.#scheduler.status().find((candidate) => candidate.id === instance.id);
      return { ok: true, instance: await this.#summary(instance, status, 0), warnings: validation.warnings };
    } catch (error) {
      if (error instanceof InvalidInstanceError) return { ok: false, errors: error.problems, warnings: error.warnings };
      throw this.#engine.redactor.error(error);
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

function toRow(event: StoredEvent, names: Map<number, string>): EventRow {
  return {
    seq: event.seq,
    id: event.id,
    instanceId: event.instanceId,
    instanceName: names.get(event.instanceId) ?? `#${event.instanceId}`,
    resource: event.resource,
    objectId: event.objectId,
    eventType: event.eventType,
    date: new Date(event.changeTime).toISOString(),
    pollDate: new Date(event.pollTime).toISOString(),
  };
}
