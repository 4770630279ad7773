/**
 * The delivery worker: wakes when a commit adds notifications and on a timer for due retries,
 * leases due rows from SQLite (bounded per endpoint and overall, in order per object), POSTs them
 * signed, records every attempt and schedules the next. Leases make two processes on one data dir
 * safe, and rows leased by a process that died are taken back at once.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { inTransaction, type Database } from '../store/database.ts';
import type { AttemptStore } from './attemptStore.ts';
import type { EndpointState, EndpointStore } from './endpointStore.ts';
import type { DeliveryOptions } from './options.ts';
import { decide, endpointConcurrency, type Decision } from './outcome.ts';
import type { ClaimedNotification, Notification, OutboxStore } from './outboxStore.ts';
import { post, type Send, type SendResult } from './sender.ts';
import { signatureHeaders, SigningKeyError, type SigningKeys } from './signer.ts';

export interface WorkerDeps {
  db: Database;
  outbox: OutboxStore;
  attempts: AttemptStore;
  endpoints: EndpointStore;
  /** The instance's signing keys, read from the secret store at send time. */
  keys: (notification: Notification) => Promise<SigningKeys>;
  options: DeliveryOptions;
  now: () => number;
  send?: Send;
  random?: () => number;
}

/** One attempt, as it is reported to listeners (the CLI prints failures, the UI refreshes). */
export interface AttemptReport {
  notification: Notification;
  result: SendResult;
  decision: Decision;
}

interface Claim {
  notification: ClaimedNotification;
  endpoint: EndpointState;
  attemptId: number;
  startedAt: number;
}

export interface DeliveryProblem {
  instanceId: number;
  instanceName: string;
  url: string;
  message: string;
}

export interface WorkerEvents {
  attempt: [AttemptReport];
  problem: [DeliveryProblem];
}

export class DeliveryWorker extends EventEmitter<WorkerEvents> {
  /** Names this worker's leases: process id (to see whether the holder still lives) and a random part. */
  readonly owner = `${process.pid}:${randomBytes(6).toString('hex')}`;
  readonly #deps: WorkerDeps;
  readonly #send: Send;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #perEndpoint = new Map<number, number>();
  #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #pumpQueued = false;
  #started = false;
  #closed = false;

  constructor(deps: WorkerDeps) {
    super();
    this.#deps = deps;
    this.#send = deps.send ?? post;
  }

  get running(): boolean {
    return this.#started;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#abort = new AbortController();
    LIVE_OWNERS.add(this.owner);
    this.#reclaimDeadLeases();
    this.#pump();
  }

  /** New notifications were committed (or made due): look at the outbox soon. */
  wake(): void {
    if (!this.#started || this.#pumpQueued) return;
    this.#pumpQueued = true;
    // After the current transaction commits: the hook that calls this runs inside it.
    setImmediate(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  /**
   * Stops taking new work and lets attempts in flight finish; after `timeoutMs` they are aborted
   * (recorded as interrupted, due again at once, sent again with the same webhook-id next time).
   */
  async stop(timeoutMs = this.#deps.options.timeoutMs): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    const running = Promise.allSettled([...this.#inFlight]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    if ((await Promise.race([running, timeout])) === 'timeout') this.#abort.abort(new Error('the delivery worker is stopping'));
    clearTimeout(timer);
    await running;
    LIVE_OWNERS.delete(this.owner);
  }

  /** Abandons attempts in flight without touching the database again (it is about to close). */
  close(): void {
    this.#closed = true;
    this.#started = false;
    clearTimeout(this.#timer);
    this.#abort.abort(new Error('the delivery worker is closing'));
    LIVE_OWNERS.delete(this.owner);
  }

  #pump(): void {
    if (!this.#started || this.#closed) return;
    try {
      for (const claimed of this.#claim()) this.#launch(claimed);
    } finally {
      this.#arm();
    }
  }

  #claim(): Claim[] {
    const { db, outbox, endpoints, attempts, options } = this.#deps;
    const now = this.#deps.now();
    if (this.#inFlight.size >= options.maxInFlight) return [];
    const due = outbox.dueEndpoints(now);
    if (due.length === 0) return [];
    return inTransaction(db, () => {
      const claimed: Claim[] = [];
      for (const endpointId of due) {
        const endpoint = endpoints.get(endpointId);
        if (!endpoint || endpoint.state !== 'active' || (endpoint.pausedUntil ?? 0) > now) continue;
        const room = Math.min(
          endpointConcurrency(endpoint, options.maxPerEndpoint) - (this.#perEndpoint.get(endpointId) ?? 0),
          options.maxInFlight - this.#inFlight.size - claimed.length,
        );
        if (room <= 0) continue;
        const leaseUntil = now + options.timeoutMs + options.leaseGraceMs;
        for (const notification of outbox.claim(endpointId, room, this.owner, now, leaseUntil)) {
          claimed.push({ notification, endpoint, attemptId: attempts.begin(notification.id, notification.url, now), startedAt: now });
        }
        if (this.#inFlight.size + claimed.length >= options.maxInFlight) break;
      }
      return claimed;
    });
  }

  #launch(claim: Claim): void {
    const { notification } = claim;
    const endpointId = claim.endpoint.id;
    this.#perEndpoint.set(endpointId, (this.#perEndpoint.get(endpointId) ?? 0) + 1);
    const attempt = this.#attempt(claim)
      .catch((error: unknown) => {
        // Only a database failure gets here; the row's lease runs out and it is attempted again.
        if (!this.#closed) process.emitWarning(`delivery of notification ${notification.id} could not be recorded: ${(error as Error).message}`);
      })
      .finally(() => {
        this.#inFlight.delete(attempt);
        const left = (this.#perEndpoint.get(endpointId) ?? 1) - 1;
        if (left > 0) this.#perEndpoint.set(endpointId, left);
        else this.#perEndpoint.delete(endpointId);
        this.wake();
      });
    this.#inFlight.add(attempt);
  }

  async #attempt({ notification, attemptId, startedAt }: Claim): Promise<void> {
    const { options } = this.#deps;
    const result = await this.#post(notification, startedAt);
    if (this.#closed) return;
    const now = this.#deps.now();
    const { db, outbox, attempts, endpoints } = this.#deps;
    let decision: Decision | undefined;
    inTransaction(db, () => {
      const endpoint = endpoints.get(notification.endpointId) as EndpointState;
      decision = decide({ result, step: notification.step, endpoint, now, options, random: this.#deps.random });
      attempts.end(attemptId, { durationMs: result.durationMs, status: result.status, outcome: decision.outcome, response: result.response, error: result.error });
      const held = decision.end.state === 'pending' && endpoint.state === 'disabled';
      const end = { ...decision.end, state: held ? ('disabled' as const) : decision.end.state, attemptedAt: startedAt, status: result.status };
      outbox.finish(notification.id, this.owner, end);
      endpoints.apply(notification.endpointId, decision.endpoint, now);
      if (decision.endpoint.disable !== undefined) outbox.holdForDisabledEndpoint(notification.endpointId);
    });
    const made = decision as Decision;
    this.emit('attempt', { notification, result, decision: made });
    if (made.problem) this.emit('problem', { instanceId: notification.instanceId, instanceName: notification.instanceName, url: notification.url, message: made.problem });
  }

  async #post(notification: ClaimedNotification, startedAt: number): Promise<SendResult> {
    const { options } = this.#deps;
    try {
      const keys = await this.#deps.keys(notification);
      const body = Buffer.from(notification.body, 'utf8');
      const headers = signatureHeaders(keys, notification.messageId, body, startedAt);
      return await this.#send({ url: notification.url, body, headers, timeoutMs: options.timeoutMs, signal: this.#abort.signal, snippetChars: options.snippetChars });
    } catch (error) {
      const message = `${notification.instanceName}: ${(error as Error).message}`;
      // A malformed key needs the user; a keychain that cannot be read now may work later.
      return error instanceof SigningKeyError ? { durationMs: 0, failure: 'config', error: message } : { durationMs: 0, failure: 'network', error: message };
    }
  }

  /** Sleeps until the next retry is due, a paused endpoint opens, or another worker's lease runs out. */
  #arm(): void {
    clearTimeout(this.#timer);
    if (!this.#started) return;
    const { outbox, endpoints, options } = this.#deps;
    const now = this.#deps.now();
    const next = [outbox.nextDue(now), endpoints.nextUnpause(now), outbox.nextLeaseExpiry(now, this.owner), now + options.maxTimerMs];
    const at = Math.min(...next.filter((value): value is number => value !== undefined));
    this.#timer = setTimeout(() => {
      this.#reclaimDeadLeases();
      this.#pump();
    }, Math.max(1, at - now));
    this.#timer.unref();
  }

  /** Rows leased by a process that no longer runs go out again now, not when the lease would run out. */
  #reclaimDeadLeases(): void {
    const { db, outbox, attempts } = this.#deps;
    const dead = outbox.leaseOwners(this.owner).filter((owner) => !ownerAlive(owner));
    if (dead.length === 0) return;
    const now = this.#deps.now();
    inTransaction(db, () => {
      for (const owner of dead) {
        attempts.interruptLeasedBy(owner, now);
        outbox.dropLeases(owner);
      }
    });
    this.wake();
  }
}

/** Workers of this process that are running (a process may hold several engines, e.g. in tests). */
const LIVE_OWNERS = new Set<string>();

/**
 * A lease owner `pid:random` lives while its process does. With this process's pid it lives only if
 * it is one of ours: otherwise it was an earlier process that had the same pid (containers reuse them).
 */
function ownerAlive(owner: string): boolean {
  const pid = Number(owner.split(':')[0]);
  if (pid === process.pid) return LIVE_OWNERS.has(owner);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
