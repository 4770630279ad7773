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
import type { ClaimedOutboxEntry, OutboxEntry, OutboxStore } from './outboxStore.ts';
import { REDACTED, redact as redactText } from '../secrets/redact.ts';
import { post, requestHeaders, type Send, type SendResult } from './sender.ts';
import { signatureHeaders, SigningKeyError, type SigningKeys } from './signer.ts';

export interface WorkerDeps {
  db: Database;
  outbox: OutboxStore;
  attempts: AttemptStore;
  endpoints: EndpointStore;
  /** The instance's signing keys, read from the secret store at send time. */
  keys: (notification: OutboxEntry) => Promise<SigningKeys>;
  /** The endpoint's credential header, if the instance has one for that origin (its callback URL's user info). */
  authorization?: (notification: OutboxEntry) => Promise<Record<string, string>>;
  options: DeliveryOptions;
  now: () => number;
  send?: Send;
  random?: () => number;
  /** Hides credentials in what an attempt brought back (a receiver may echo them) before it is recorded or reported. */
  redact?: (text: string) => string;
}

/** One attempt, as it is reported to listeners (the CLI prints failures, the UI refreshes). */
export interface AttemptReport {
  notification: OutboxEntry;
  result: SendResult;
  decision: Decision;
}

interface Claim {
  notification: ClaimedOutboxEntry;
  endpoint: EndpointState;
  attemptId: number;
  startedAt: number;
}

interface Answered {
  claim: Claim;
  result: SendResult;
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
  /** POSTs waiting for an answer. */
  readonly #sending = new Set<Promise<void>>();
  /** Answered attempts not recorded yet: the next pump records them, and claims more, in one transaction. */
  readonly #answered: Answered[] = [];
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
    return this.#sending.size;
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
    if (this.#started) this.#queuePump();
  }

  /**
   * Stops taking new work and lets attempts in flight finish; after `timeoutMs` they are aborted
   * (recorded as interrupted, due again at once, sent again with the same webhook-id next time).
   */
  async stop(timeoutMs = this.#deps.options.timeoutMs): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    const sending = Promise.allSettled([...this.#sending]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    if ((await Promise.race([sending, timeout])) === 'timeout') this.#abort.abort(new Error('the delivery worker is stopping'));
    clearTimeout(timer);
    await sending;
    this.#pump();
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

  #queuePump(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    // After the current transaction commits (the hook that wakes the worker runs inside it), and
    // batching every answer that arrived meanwhile.
    setImmediate(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  /** Records the answered attempts and claims what is due, in one transaction; then sends and reports. */
  #pump(): void {
    if (this.#closed) return;
    const answered = this.#answered.splice(0);
    const now = this.#deps.now();
    const mayClaim = this.#started && this.#sending.size < this.#deps.options.maxInFlight;
    if (answered.length === 0 && !(mayClaim && this.#deps.outbox.dueEndpoints(now).length > 0)) return this.#arm();
    let work: { reports: AttemptReport[]; claims: Claim[] };
    try {
      work = inTransaction(this.#deps.db, () => ({ reports: answered.map((entry) => this.#record(entry, now)), claims: mayClaim ? this.#claim(now) : [] }));
    } catch (error) {
      // The rows stay leased; when the leases run out they are attempted again.
      process.emitWarning(`delivery: the outbox could not be updated: ${(error as Error).message}`);
      return this.#arm();
    }
    for (const claim of work.claims) this.#launch(claim);
    for (const report of work.reports) {
      this.emit('attempt', report);
      const { notification, decision } = report;
      if (decision.problem) this.emit('problem', { instanceId: notification.instanceId, instanceName: notification.instanceName, url: notification.url, message: decision.problem });
    }
    this.#arm();
  }

  /** Leases due notifications, as many as each endpoint and the worker have room for. Inside the pump's transaction. */
  #claim(now: number): Claim[] {
    const { outbox, endpoints, attempts, options } = this.#deps;
    const claimed: Claim[] = [];
    for (const endpointId of outbox.dueEndpoints(now)) {
      const endpoint = endpoints.get(endpointId);
      if (!endpoint || endpoint.state !== 'active' || (endpoint.pausedUntil ?? 0) > now) continue;
      const room = Math.min(
        endpointConcurrency(endpoint, options.maxPerEndpoint) - (this.#perEndpoint.get(endpointId) ?? 0),
        options.maxInFlight - this.#sending.size - claimed.length,
      );
      if (room <= 0) continue;
      const leaseUntil = now + options.timeoutMs + options.leaseGraceMs;
      for (const notification of outbox.claim(endpointId, room, this.owner, now, leaseUntil)) {
        claimed.push({ notification, endpoint, attemptId: attempts.begin(notification.id, notification.url, now), startedAt: now });
      }
      if (this.#sending.size + claimed.length >= options.maxInFlight) break;
    }
    return claimed;
  }

  /** What an answer means, written down: the attempt, the notification, the endpoint. Inside the pump's transaction. */
  #record({ claim, result }: Answered, now: number): AttemptReport {
    const { outbox, attempts, endpoints, options } = this.#deps;
    const { notification, attemptId, startedAt } = claim;
    const endpoint = endpoints.get(notification.endpointId) as EndpointState;
    const decision = decide({ result, step: notification.step, endpoint, now, options, random: this.#deps.random });
    const requestHeaders = result.headers === undefined ? undefined : JSON.stringify(result.headers);
    attempts.end(attemptId, { durationMs: result.durationMs, status: result.status, outcome: decision.outcome, response: result.response, error: result.error, requestHeaders });
    const held = decision.end.state === 'pending' && endpoint.state === 'disabled';
    outbox.finish(notification.id, this.owner, { ...decision.end, state: held ? 'disabled' : decision.end.state, attemptedAt: startedAt, status: result.status });
    endpoints.apply(notification.endpointId, decision.endpoint, now);
    if (decision.endpoint.disable !== undefined) outbox.holdForDisabledEndpoint(notification.endpointId);
    return { notification, result, decision };
  }

  #launch(claim: Claim): void {
    const endpointId = claim.endpoint.id;
    this.#perEndpoint.set(endpointId, (this.#perEndpoint.get(endpointId) ?? 0) + 1);
    const sending = this.#post(claim.notification, claim.startedAt)
      .then((result) => void this.#answered.push({ claim, result }))
      .finally(() => {
        this.#sending.delete(sending);
        const left = (this.#perEndpoint.get(endpointId) ?? 1) - 1;
        if (left > 0) this.#perEndpoint.set(endpointId, left);
        else this.#perEndpoint.delete(endpointId);
        if (!this.#closed) this.#queuePump();
      });
    this.#sending.add(sending);
  }

  /** Never throws: every failure becomes a result, redacted like any message. */
  async #post(notification: ClaimedOutboxEntry, startedAt: number): Promise<SendResult> {
    const result = await this.#attempt(notification, startedAt);
    // Credential headers (the callback's Authorization) are hidden even without the engine's redaction: the one rule knows them.
    const redact = this.#deps.redact ?? ((text: string) => redactText(text));
    return {
      ...result,
      error: result.error === undefined ? undefined : redact(result.error),
      response: result.response === undefined ? undefined : redact(result.response),
      headers: result.headers === undefined ? undefined : redactedHeaders(result.headers, redact),
    };
  }

  async #attempt(notification: ClaimedOutboxEntry, startedAt: number): Promise<SendResult> {
    const { options } = this.#deps;
    try {
      const [keys, authorization] = await Promise.all([this.#deps.keys(notification), this.#deps.authorization?.(notification) ?? {}]);
      const body = Buffer.from(notification.body, 'utf8');
      const headers = { ...authorization, ...signatureHeaders(keys, notification.messageId, body, startedAt) };
      const result = await this.#send({ url: notification.url, body, headers, timeoutMs: options.timeoutMs, signal: this.#abort.signal, snippetChars: options.snippetChars });
      return { ...result, headers: requestHeaders(headers) };
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
  }
}

/** Each header as `Name: value` through the redaction (credential headers by name, secret values wherever they are). */
function redactedHeaders(headers: Record<string, string>, redact: (text: string) => string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      const line = redact(`${name}: ${value}`);
      return [name, line.startsWith(`${name}: `) ? line.slice(name.length + 2) : REDACTED];
    }),
  );
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
