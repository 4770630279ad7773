/** Every tunable of delivery in one place, with the defaults the product ships (tests shrink the times). */
import { DEFAULT_SCHEDULE, type RetrySchedule } from './schedule.ts';

const SECOND = 1000;
const DAY = 86_400_000;

export interface DeliveryOptions {
  schedule: RetrySchedule;
  /** A 2xx must arrive within this (connect, headers and body). */
  timeoutMs: number;
  /** Requests in flight at once, over all endpoints. */
  maxInFlight: number;
  /** Requests in flight at once to one endpoint (1 keeps strict order per endpoint). */
  maxPerEndpoint: number;
  /** 429/502/503/504 without Retry-After pause the endpoint this long, doubling per level of slow-down. */
  slowDownMs: number;
  maxSlowDownMs: number;
  /** A Retry-After longer than this is taken as this. */
  maxRetryAfterMs: number;
  /** An endpoint whose every attempt failed for this long is disabled (Svix: 5 days). */
  disableAfterMs: number;
  /** A claimed notification is another process's for the timeout plus this; then it may be taken over. */
  leaseGraceMs: number;
  /** The worker looks at the outbox at least this often (rows added by other processes, expired leases). */
  maxTimerMs: number;
  /** How much of a response body each attempt keeps. */
  snippetChars: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  schedule: DEFAULT_SCHEDULE,
  timeoutMs: 15 * SECOND,
  maxInFlight: 32,
  maxPerEndpoint: 8,
  slowDownMs: 5 * SECOND,
  maxSlowDownMs: 10 * 60 * SECOND,
  maxRetryAfterMs: DAY,
  disableAfterMs: 5 * DAY,
  leaseGraceMs: 30 * SECOND,
  maxTimerMs: 30 * SECOND,
  snippetChars: 500,
};

export interface DeliveryOverrides extends Partial<Omit<DeliveryOptions, 'schedule'>> {
  schedule?: Partial<RetrySchedule>;
}

export function deliveryOptions(overrides: DeliveryOverrides = {}): DeliveryOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as DeliveryOverrides;
  const options = { ...DEFAULT_DELIVERY_OPTIONS, ...defined, schedule: { ...DEFAULT_SCHEDULE, ...withoutUndefined(overrides.schedule ?? {}) } };
  if (options.schedule.delaysMs.length === 0) throw new Error('the retry schedule needs at least one attempt');
  if (!(options.timeoutMs > 0)) throw new Error('the delivery timeout must be more than 0');
  if (options.maxInFlight < 1 || options.maxPerEndpoint < 1) throw new Error('delivery concurrency must be at least 1');
  return options;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
