/**
 * Runs each enabled instance's poll on its refresh interval: start jitter, failure backoff,
 * needs-attention on 401/403, Retry-After, pause and resume, "poll now" that joins a running poll,
 * catching up after sleep, and a graceful stop that never loses a cursor.
 */
import { EventEmitter } from 'node:events';
import { ConnectorError } from '../connectors/errors.ts';
import type { Engine, ResourceOutcome } from '../engine.ts';
import type { ChangeEvent } from '../polling/events.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import { adviceFor, DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from '../failurePolicy.ts';
import type { InstanceStatus, ProblemReport } from '../../../shared/status.ts';

export interface SchedulerOptions {
  /** How long a "minute" of the refresh interval lasts (tests shrink it). */
  minuteMs?: number;
  backoff?: BackoffPolicy;
  /** Instances start at a random moment within this, so they do not all poll at once. */
  maxStartJitterMs?: number;
  /** How long `stop` waits for running polls before interrupting them. */
  stopTimeoutMs?: number;
  /** Timers never sleep longer than this, so a wake from sleep or a clock change is noticed soon. */
  maxTimerMs?: number;
  random?: () => number;
}

interface Entry {
  instance: StoredInstance;
  status: InstanceStatus;
  nextDueAt?: number;
  running?: Promise<ResourceOutcome[]>;
  abort?: AbortController;
}

export interface SchedulerEvents {
  status: [InstanceStatus];
  events: [{ instance: StoredInstance; events: ChangeEvent[] }];
}

export class Scheduler extends EventEmitter<SchedulerEvents> {
  readonly #engine: Engine;
  readonly #options: Required<SchedulerOptions>;
  readonly #entries = new Map<number, Entry>();
  #timer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(engine: Engine, options: SchedulerOptions = {}) {
    super();
    this.#engine = engine;
    this.#options = { minuteMs: 60_000, backoff: DEFAULT_BACKOFF, maxStartJitterMs: 30_000, stopTimeoutMs: 15_000, maxTimerMs: 30_000, random: Math.random, ...options };
    this.refresh();
  }

  start(): void {
    this.#started = true;
    const now = this.#engine.now();
    for (const entry of this.#entries.values()) {
      if (entry.instance.enabled) entry.nextDueAt = now + Math.floor(this.#options.random() * this.#options.maxStartJitterMs);
    }
    this.#arm();
  }

  /** Stops scheduling; running polls finish (or are interrupted after the timeout, which is safe: the cursor only moves on success). */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    const running = [...this.#entries.values()].filter((entry) => entry.running);
    const finished = Promise.allSettled(running.map((entry) => entry.running));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.#options.stopTimeoutMs).unref());
    if ((await Promise.race([finished, timeout])) === 'timeout') {
      for (const entry of running) entry.abort?.abort(new Error('the poller is stopping'));
      await finished;
    }
  }

  /** Picks up added, removed and edited instances from the repository. */
  refresh(): void {
    const instances = this.#engine.instances.list();
    const ids = new Set(instances.map((instance) => instance.id));
    for (const id of this.#entries.keys()) if (!ids.has(id)) this.#entries.delete(id);
    for (const instance of instances) {
      const entry = this.#entries.get(instance.id);
      if (entry) {
        entry.instance = instance;
        entry.status.name = instance.name;
      } else {
        this.#entries.set(instance.id, { instance, status: initialStatus(instance), nextDueAt: this.#started ? this.#engine.now() : undefined });
      }
    }
    for (const entry of this.#entries.values()) this.#updateState(entry);
    if (this.#started) this.#arm();
  }

  status(): InstanceStatus[] {
    return [...this.#entries.values()].map((entry) => {
      this.#updateState(entry);
      return structuredClone(entry.status);
    });
  }

  /** Polls now, even when paused or needing attention (the user asked); joins a poll already running. */
  pollNow(instanceId: number, resource?: string): Promise<ResourceOutcome[]> {
    const entry = this.#require(instanceId);
    return entry.running ?? this.#run(entry, resource);
  }

  pause(target: number | 'all', until: number | null): void {
    if (target !== 'all') this.#require(target);
    this.#engine.settings.update('pauses', (pauses) => ({ ...pauses, [String(target)]: until }));
    this.#emitAll();
  }

  resume(target: number | 'all'): void {
    this.#engine.settings.update('pauses', (pauses) => {
      if (target === 'all') return {};
      const { [String(target)]: _removed, ...rest } = pauses;
      return rest;
    });
    const now = this.#engine.now();
    for (const entry of this.#entries.values()) if (target === 'all' || entry.instance.id === target) entry.nextDueAt = Math.min(entry.nextDueAt ?? now, now);
    this.#emitAll();
    this.#arm();
  }

  /** New credentials may fix a 401: schedule the instance again. */
  credentialsChanged(instanceId: number): void {
    const entry = this.#require(instanceId);
    entry.status.consecutiveFailures = 0;
    entry.status.lastError = undefined;
    entry.nextDueAt = this.#engine.now();
    this.#emit(entry);
    this.#arm();
  }

  #require(instanceId: number): Entry {
    const entry = this.#entries.get(instanceId);
    if (!entry) throw new Error(`no instance with id ${instanceId}`);
    return entry;
  }

  #pausedUntil(instanceId: number): number | null | undefined {
    const now = this.#engine.now();
    const pauses = this.#engine.settings.get('pauses');
    const active = [pauses.all, pauses[String(instanceId)]].filter((until) => until === null || (typeof until === 'number' && until > now));
    if (active.length === 0) return undefined;
    return active.includes(null) ? null : Math.max(...(active as number[]));
  }

  #arm(): void {
    clearTimeout(this.#timer);
    if (!this.#started) return;
    const now = this.#engine.now();
    const due = [...this.#entries.values()].map((entry) => this.#nextRunAt(entry)).filter((at): at is number => at !== undefined);
    const delay = due.length === 0 ? this.#options.maxTimerMs : Math.min(this.#options.maxTimerMs, Math.max(0, Math.min(...due) - now));
    this.#timer = setTimeout(() => this.#tick(), delay);
  }

  /** A missed interval (sleep, shutdown) is due at once: it is caught up, not skipped. */
  #tick(): void {
    const now = this.#engine.now();
    for (const entry of this.#entries.values()) {
      const at = this.#nextRunAt(entry);
      if (at !== undefined && at <= now) void this.#run(entry);
    }
    this.#arm();
  }

  #nextRunAt(entry: Entry): number | undefined {
    if (!entry.instance.enabled || entry.running || entry.nextDueAt === undefined) return undefined;
    const paused = this.#pausedUntil(entry.instance.id);
    if (paused === null) return undefined;
    return paused === undefined ? entry.nextDueAt : Math.max(entry.nextDueAt, paused);
  }

  #run(entry: Entry, resource?: string): Promise<ResourceOutcome[]> {
    const abort = new AbortController();
    entry.abort = abort;
    const instance = entry.instance;
    const running = this.#engine
      .pollInstance(instance, {
        resource,
        signal: abort.signal,
        onEvents: (events) => this.emit('events', { instance, events }),
        // Deletions found by id reconciliation (Sage CRM) are looked for on their own, slower interval.
        reconcile: 'due',
        minuteMs: this.#options.minuteMs,
      })
      .catch((error: Error): ResourceOutcome[] => [{ resource: resource ?? '*', error }])
      .then((outcomes) => {
        this.#record(entry, outcomes);
        return outcomes;
      })
      .finally(() => {
        entry.running = undefined;
        entry.abort = undefined;
        this.#updateState(entry);
        this.#emit(entry);
        this.#arm();
      });
    entry.running = running;
    this.#emit(entry);
    return running;
  }

  #record(entry: Entry, outcomes: ResourceOutcome[]): void {
    const now = this.#engine.now();
    const { status } = entry;
    status.lastPollAt = now;
    status.eventsLastPoll = outcomes.reduce((sum, outcome) => sum + (outcome.result?.events ?? 0) + (outcome.reconcile?.deleted.length ?? 0), 0);
    for (const outcome of outcomes) updateResource(status, outcome, now);
    const failure = outcomes.find((outcome) => outcome.error)?.error;
    if (!failure) {
      status.consecutiveFailures = 0;
      status.lastError = undefined;
      entry.nextDueAt = now + this.#intervalMs(entry);
      return;
    }
    status.consecutiveFailures++;
    status.lastError = report(failure, now);
    const kind = failure instanceof ConnectorError ? failure.kind : undefined;
    const retryAfter = failure instanceof ConnectorError ? failure.retryAfterMs : undefined;
    const delay = retryDelay(kind, status.consecutiveFailures, retryAfter, this.#options.backoff);
    entry.nextDueAt = delay === undefined ? undefined : now + delay;
  }

  #intervalMs(entry: Entry): number {
    return this.#engine.instances.load(entry.instance).config.refreshIntervalMinutes * this.#options.minuteMs;
  }

  #updateState(entry: Entry): void {
    const { status } = entry;
    status.pausedUntil = this.#pausedUntil(entry.instance.id);
    status.nextPollAt = this.#nextRunAt(entry);
    if (entry.running) status.state = 'polling';
    else if (!entry.instance.enabled) status.state = 'disabled';
    else if (status.lastError && entry.nextDueAt === undefined) status.state = 'needs-attention';
    else if (status.pausedUntil !== undefined) status.state = 'paused';
    else if (status.resources.some((resource) => resource.warnings.length > 0)) status.state = 'needs-attention';
    else if (status.lastError) status.state = 'backing-off';
    else status.state = 'idle';
  }

  #emit(entry: Entry): void {
    this.#updateState(entry);
    this.emit('status', structuredClone(entry.status));
  }

  #emitAll(): void {
    for (const entry of this.#entries.values()) this.#emit(entry);
  }
}

function initialStatus(instance: StoredInstance): InstanceStatus {
  return { id: instance.id, name: instance.name, elementKey: instance.elementKey, state: 'idle', consecutiveFailures: 0, eventsLastPoll: 0, resources: [] };
}

function report(error: Error, at: number): ProblemReport {
  const kind = error instanceof ConnectorError ? error.kind : undefined;
  return { message: error.message, kind, advice: adviceFor(kind), at };
}

function updateResource(status: InstanceStatus, outcome: ResourceOutcome, now: number): void {
  let resource = status.resources.find((candidate) => candidate.name === outcome.resource);
  if (!resource) {
    resource = { name: outcome.resource, lastEvents: 0, lastRecords: 0, warnings: [] };
    status.resources.push(resource);
  }
  resource.lastPollAt = now;
  resource.lastError = outcome.error ? report(outcome.error, now) : undefined;
  const result = outcome.result;
  if (!result) return;
  resource.lastEvents = result.events;
  resource.lastRecords = result.records;
  resource.warnings = resourceWarnings(result);
}

function resourceWarnings(result: NonNullable<ResourceOutcome['result']>): string[] {
  const warnings: string[] = [];
  if (result.zoneShift) warnings.push(result.zoneShift.message);
  if (result.unreadable > 0) {
    const first = result.unreadableRecords[0];
    warnings.push(`${result.unreadable} record(s) could not be read${first ? `, e.g. ${first.objectId ?? 'a record'}: ${first.reason}` : ''}; fix the date or id settings`);
  }
  if (result.cursorHeld && !result.zoneShift) warnings.push('rows kept moving while paging; the same window is read again next poll');
  return warnings;
}
