/**
 * Runs each enabled instance's poll on its refresh interval: start jitter, failure backoff,
 * needs-attention on 401/403, Retry-After, pause and resume, "poll now" that joins a running poll,
 * catching up after sleep, and a graceful stop that never loses a cursor.
 *
 * Instances wait in a queue ordered by when they are next due, so re-arming after a poll costs
 * O(log N), not a look at every instance; the pauses are read once per tick from the settings in memory.
 *
 * It follows what is announced: instances added, edited or removed (instanceRepository.ts) and
 * pauses changed (the settings), by this process or, once started, another one. It announces each
 * instance's status as it changes (`status`) and the events each poll found (`events`).
 */
import { EventEmitter } from 'node:events';
import FlatQueue from 'flatqueue';
import { adviceForError, ConnectorError } from '../connectors/errors.ts';
import type { Engine, ResourceOutcome } from '../engine.ts';
import type { ChangeEvent } from '../polling/events.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from '../failurePolicy.ts';
import { activePause, clearPause, setPause, type Pauses } from './pauses.ts';
import type { InstanceStatus, ProblemReport, ResourceStatus } from '../../../shared/status.ts';
import { describeFindings, storedHealth } from '../polling/findings.ts';
import { SignInHeldError, type SignInRequest } from '../signInGate.ts';

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
  /** The run time this entry waits under in the queue; an item of the queue with another time is stale. */
  queuedAt?: number;
}

export interface SchedulerEvents {
  status: [InstanceStatus];
  events: [{ instance: StoredInstance; events: ChangeEvent[] }];
}

export class Scheduler extends EventEmitter<SchedulerEvents> {
  readonly #engine: Engine;
  readonly #options: Required<SchedulerOptions>;
  readonly #entries = new Map<number, Entry>();
  /** The revision of the last status announced. */
  #revision = 0;
  /** Instance ids by next run time. Items are never removed in place: a rescheduled entry is pushed again. */
  readonly #queue = new FlatQueue<number>();
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #unsubscribe: (() => void)[] = [];
  #stopWatching: (() => void) | undefined;

  constructor(engine: Engine, options: SchedulerOptions = {}) {
    super();
    this.#engine = engine;
    this.#options = { minuteMs: 60_000, backoff: DEFAULT_BACKOFF, maxStartJitterMs: 30_000, stopTimeoutMs: 15_000, maxTimerMs: 30_000, random: Math.random, ...options };
    this.refresh();
    this.#subscribe();
  }

  start(): void {
    this.#subscribe();
    this.#started = true;
    const now = this.#engine.now();
    for (const entry of this.#entries.values()) {
      if (entry.instance.enabled) entry.nextDueAt = now + Math.floor(this.#options.random() * this.#options.maxStartJitterMs);
    }
    // Instances and pauses changed by another process sharing the data dir (the CLI, the app) are picked up.
    this.#stopWatching ??= this.#engine.settings.watchOtherProcesses();
    this.#scheduleAll();
    this.#arm();
  }

  /** Stops scheduling; running polls finish (or are interrupted after the timeout, which is safe: the cursor only moves on success). */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    const running = [...this.#entries.values()].filter((entry) => entry.running);
    const finished = Promise.allSettled(running.map((entry) => entry.running));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.#options.stopTimeoutMs).unref());
    if ((await Promise.race([finished, timeout])) === 'timeout') {
      for (const entry of running) entry.abort?.abort(new Error('the poller is stopping'));
      await finished;
    }
  }

  /** Picks up added, removed and edited instances from the repository (done on each change it announces). */
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
        this.#entries.set(instance.id, { instance, status: this.#initialStatus(instance), nextDueAt: this.#started ? this.#engine.now() : undefined });
      }
    }
    const pauses = this.#pauses();
    for (const entry of this.#entries.values()) this.#updateState(entry, pauses);
    if (this.#started) {
      this.#scheduleAll();
      this.#arm();
    }
    // Credentials refused last may have been changed since (by another process, in the environment): tried at once.
    void this.#engine.signIns
      .recheckHeld(instances)
      .then((released) => {
        for (const instance of released) {
          const entry = this.#entries.get(instance.id);
          if (entry) this.#newCredentials(entry);
        }
        if (released.length === 0 || !this.#started) return;
        this.#scheduleAll();
        this.#emitAll();
        this.#arm();
      })
      .catch(() => undefined);
  }

  status(): InstanceStatus[] {
    const pauses = this.#pauses();
    return [...this.#entries.values()].map((entry) => {
      this.#updateState(entry, pauses);
      return structuredClone(entry.status);
    });
  }

  /**
   * Polls now, even when paused or needing attention (the user asked); joins a poll already running.
   * Credentials refused last are tried only when `signIn` says the user confirmed (signInGate.ts).
   */
  pollNow(instanceId: number, resource?: string, signIn: SignInRequest = { by: 'user' }): Promise<ResourceOutcome[]> {
    const entry = this.#require(instanceId);
    return entry.running ?? this.#run(entry, resource, signIn);
  }

  /** Saves the pause; the change it announces re-arms the timers (#pausesChanged). */
  pause(target: number | 'all', until: number | null): void {
    if (target !== 'all') this.#require(target);
    setPause(this.#engine.settings, target, until);
  }

  /** Polls the resumed instances at once; ending a pause announces the change that re-arms the timers. */
  resume(target: number | 'all'): void {
    const now = this.#engine.now();
    for (const entry of this.#entries.values()) if (target === 'all' || entry.instance.id === target) entry.nextDueAt = Math.min(entry.nextDueAt ?? now, now);
    // Nothing was paused, so nothing is announced: the times moved above still count.
    if (!clearPause(this.#engine.settings, target)) this.#pausesChanged();
  }

  /** New credentials may fix a 401: schedule the instance again, unless they are the ones refused last. */
  async credentialsChanged(instanceId: number): Promise<void> {
    const entry = this.#require(instanceId);
    const signIn = await this.#engine.signIns.check(entry.instance).catch(() => this.#engine.signIns.known(instanceId));
    if (signIn.state === 'confirm-first') entry.nextDueAt = this.#engine.now();
    else this.#newCredentials(entry);
    this.#schedule(entry, this.#pauses());
    this.#emit(entry);
    this.#arm();
  }

  /** Credentials other than those refused last: the failure they may fix is forgotten, and they are tried at once. */
  #newCredentials(entry: Entry): void {
    entry.status.consecutiveFailures = 0;
    entry.status.lastError = undefined;
    entry.nextDueAt = this.#engine.now();
  }

  /** Idempotent: from the constructor, and again in a start after a stop. */
  #subscribe(): void {
    if (this.#unsubscribe.length > 0) return;
    this.#unsubscribe = [
      this.#engine.instances.onChange(() => this.refresh()),
      this.#engine.settings.onChange((change) => {
        if (change.keys.has('pauses')) this.#pausesChanged();
      }),
    ];
  }

  /** A pause began or ended (here or in another process): every entry may run at another time. */
  #pausesChanged(): void {
    this.#scheduleAll();
    this.#emitAll();
    this.#arm();
  }

  #require(instanceId: number): Entry {
    const entry = this.#entries.get(instanceId);
    if (!entry) throw new Error(`no instance with id ${instanceId}`);
    return entry;
  }

  /** From the settings in memory: no file is read. */
  #pauses(): Pauses {
    return this.#engine.settings.get('pauses');
  }

  #pausedUntil(instanceId: number, pauses: Pauses): number | null | undefined {
    return activePause(pauses, instanceId, this.#engine.now());
  }

  /** Queues the entry under its run time, if that changed (O(log N)). */
  #schedule(entry: Entry, pauses: Pauses): void {
    const at = this.#nextRunAt(entry, pauses);
    if (at === entry.queuedAt) return;
    entry.queuedAt = at;
    if (at !== undefined) this.#queue.push(entry.instance.id, at);
  }

  /** After a change that can move every entry (start, refresh, pause, resume); the queue is rebuilt without its stale items. */
  #scheduleAll(): void {
    const pauses = this.#pauses();
    this.#queue.clear();
    for (const entry of this.#entries.values()) {
      entry.queuedAt = undefined;
      this.#schedule(entry, pauses);
    }
    this.#queue.shrink();
  }

  /** The earliest run time in the queue, dropping stale items on the way. */
  #nextQueued(): number | undefined {
    for (;;) {
      const id = this.#queue.peek();
      const at = this.#queue.peekValue();
      if (id === undefined || at === undefined) return undefined;
      if (this.#entries.get(id)?.queuedAt === at) return at;
      this.#queue.pop();
    }
  }

  #arm(): void {
    clearTimeout(this.#timer);
    if (!this.#started) return;
    const next = this.#nextQueued();
    const delay = next === undefined ? this.#options.maxTimerMs : Math.min(this.#options.maxTimerMs, Math.max(0, next - this.#engine.now()));
    this.#timer = setTimeout(() => this.#tick(), delay);
  }

  /** A missed interval (sleep, shutdown) is due at once: it is caught up, not skipped. */
  #tick(): void {
    const now = this.#engine.now();
    const pauses = this.#pauses();
    for (let at = this.#nextQueued(); at !== undefined && at <= now; at = this.#nextQueued()) {
      const entry = this.#entries.get(this.#queue.pop() as number) as Entry;
      entry.queuedAt = undefined;
      // Pauses written by another process since the entry was queued apply at once.
      const due = this.#nextRunAt(entry, pauses);
      if (due !== undefined && due <= now) void this.#run(entry);
      else this.#schedule(entry, pauses);
    }
    this.#arm();
  }

  #nextRunAt(entry: Entry, pauses: Pauses): number | undefined {
    if (!entry.instance.enabled || entry.running || entry.nextDueAt === undefined) return undefined;
    // Credentials refused last are never tried by themselves: a CRM locks the account after a few.
    if (this.#engine.signIns.known(entry.instance.id).state === 'confirm-first') return undefined;
    const paused = this.#pausedUntil(entry.instance.id, pauses);
    if (paused === null) return undefined;
    return paused === undefined ? entry.nextDueAt : Math.max(entry.nextDueAt, paused);
  }

  #run(entry: Entry, resource?: string, signIn: SignInRequest = { by: 'automatic' }): Promise<ResourceOutcome[]> {
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
        signIn,
      })
      .catch((error: Error): ResourceOutcome[] => [{ resource: resource ?? '*', error }])
      .then((outcomes) => {
        this.#record(entry, outcomes);
        return outcomes;
      })
      .finally(() => {
        entry.running = undefined;
        entry.abort = undefined;
        this.#schedule(entry, this.#pauses());
        this.#emit(entry);
        this.#arm();
      });
    entry.running = running;
    entry.queuedAt = undefined;
    this.#emit(entry);
    return running;
  }

  #record(entry: Entry, outcomes: ResourceOutcome[]): void {
    // Not tried (credentials refused last): nothing was polled, the refusal that holds it is shown.
    if (outcomes.some((outcome) => outcome.error instanceof SignInHeldError)) return;
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

  #updateState(entry: Entry, pauses: Pauses): void {
    const { status } = entry;
    status.pausedUntil = this.#pausedUntil(entry.instance.id, pauses);
    status.nextPollAt = this.#nextRunAt(entry, pauses);
    status.signIn = this.#engine.signIns.known(entry.instance.id);
    if (entry.running) status.state = 'polling';
    else if (!entry.instance.enabled) status.state = 'disabled';
    else if (status.signIn.state === 'confirm-first') status.state = 'needs-attention';
    else if (status.lastError && entry.nextDueAt === undefined) status.state = 'needs-attention';
    else if (status.pausedUntil !== undefined) status.state = 'paused';
    else if (status.resources.some((resource) => resource.attention !== undefined)) status.state = 'needs-attention';
    else if (status.lastError) status.state = 'backing-off';
    else status.state = 'idle';
  }

  /** What the stores say of each resource since the last start: a cursor held before a restart is still held. */
  #initialStatus(instance: StoredInstance): InstanceStatus {
    const { config } = this.#engine.instances.load(instance);
    const resources = config.resources.flatMap((resource): ResourceStatus[] => {
      const { lastRun, warnings, held, attention } = storedHealth(this.#engine.stores, instance.id, resource.name);
      if (!lastRun) return [];
      return [{ name: resource.name, lastPollAt: lastRun.startedAt, lastEvents: lastRun.events, lastRecords: lastRun.records, warnings, held, attention }];
    });
    // A refused sign-in kept from before the restart is still the instance's problem.
    const lastError = this.#engine.signIns.lastRefusal(instance.id);
    return { id: instance.id, name: instance.name, elementKey: instance.elementKey, state: 'idle', consecutiveFailures: 0, eventsLastPoll: 0, resources, ...(lastError ? { lastError } : {}) };
  }

  #emit(entry: Entry, pauses = this.#pauses()): void {
    this.#updateState(entry, pauses);
    // At least the clock: a restarted app's statuses outrank those a window still holds from before.
    this.#revision = Math.max(this.#revision + 1, this.#engine.now());
    entry.status.revision = this.#revision;
    this.emit('status', structuredClone(entry.status));
  }

  #emitAll(): void {
    const pauses = this.#pauses();
    for (const entry of this.#entries.values()) this.#emit(entry, pauses);
  }
}


function report(error: Error, at: number): ProblemReport {
  const kind = error instanceof ConnectorError ? error.kind : undefined;
  const untrustedAuthority = error instanceof ConnectorError ? error.untrustedAuthority : undefined;
  return { message: error.message, kind, advice: adviceForError(error), at, ...(untrustedAuthority === undefined ? {} : { untrustedAuthority }) };
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
  const { warnings, attention } = describeFindings(result);
  resource.warnings = warnings;
  resource.held = result.hold;
  resource.attention = attention;
}
