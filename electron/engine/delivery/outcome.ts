/**
 * What one attempt means: for the notification (delivered, retried when, failed, held for a disabled
 * endpoint), for its endpoint (success, failure, slow down, pause, disable), and for the user.
 * Pure: the worker applies the decision.
 */
import type { AttemptOutcome } from './attemptStore.ts';
import type { EndpointChange, EndpointState } from './endpointStore.ts';
import type { DeliveryOptions } from './options.ts';
import type { AttemptEnd } from './outboxStore.ts';
import { delayBefore, formatDuration } from './schedule.ts';
import type { SendResult } from './sender.ts';

export interface Decision {
  outcome: AttemptOutcome;
  end: Omit<AttemptEnd, 'attemptedAt' | 'status'>;
  endpoint: EndpointChange;
  /** Something the user must hear about (a disabled endpoint, a configuration error, a notification given up on). */
  problem?: string;
}

export interface DecisionInput {
  result: SendResult;
  /** Attempts already made in this round. */
  step: number;
  endpoint: EndpointState;
  now: number;
  options: DeliveryOptions;
  random?: () => number;
}

/** Statuses that ask the sender to slow down (Standard Webhooks' advice, plus 503). */
const SLOW_DOWN = new Set([429, 502, 503, 504]);
/** At this level an endpoint gets one request at a time and the longest pause. */
const MAX_THROTTLE = 5;

export function decide(input: DecisionInput): Decision {
  const { result, step, endpoint, now, options } = input;
  const status = result.status;
  if (result.failure === 'interrupted') return { outcome: 'interrupted', end: { state: 'pending', step, nextAttemptAt: now, error: result.error }, endpoint: {} };
  if (result.failure === 'config') return { outcome: 'failed', end: { state: 'failed', step: step + 1, error: result.error }, endpoint: {}, problem: result.error };
  if (status !== undefined && status >= 200 && status < 300) {
    return { outcome: 'delivered', end: { state: 'delivered', step: step + 1 }, endpoint: { success: true, throttle: Math.max(0, endpoint.throttle - 1) } };
  }
  const error = status === undefined ? (result.error ?? 'no answer') : `HTTP ${status}${result.response ? `: ${oneLine(result.response)}` : ''}`;
  if (status === 410) {
    const reason = `${endpoint.url} answered 410 Gone`;
    return { outcome: 'disabled', end: { state: 'disabled', step: step + 1, error }, endpoint: { failure: true, disable: reason }, problem: disabledMessage(reason) };
  }
  const change = slowDown(input);
  const failingFor = now - (endpoint.failingSince ?? now);
  if (failingFor >= options.disableAfterMs) {
    const reason = `every attempt to ${endpoint.url} failed for ${formatDuration(failingFor)}`;
    return { outcome: 'disabled', end: { state: 'disabled', step: step + 1, error }, endpoint: { ...change, disable: reason }, problem: disabledMessage(reason) };
  }
  const delay = delayBefore(options.schedule, step + 1, input.random);
  if (delay === undefined) {
    const problem = `a notification to ${endpoint.url} failed after ${step + 1} attempt(s) (${error}); it is kept: replay it with "crm-event-poller deliveries replay"`;
    return { outcome: 'failed', end: { state: 'failed', step: step + 1, error }, endpoint: change, problem };
  }
  const waits = [now + delay, change.pausedUntil ?? 0];
  if (result.retryAfterMs !== undefined) waits.push(now + Math.min(result.retryAfterMs, options.maxRetryAfterMs));
  return { outcome: 'retry', end: { state: 'pending', step: step + 1, nextAttemptAt: Math.max(...waits), error }, endpoint: change };
}

/** A failure; 429/502/503/504 also slow the endpoint down, and any Retry-After pauses it. */
function slowDown({ result, endpoint, now, options }: DecisionInput): EndpointChange {
  const change: EndpointChange = { failure: true };
  const retryAfter = result.retryAfterMs === undefined ? undefined : Math.min(result.retryAfterMs, options.maxRetryAfterMs);
  if (result.status !== undefined && SLOW_DOWN.has(result.status)) {
    change.throttle = Math.min(endpoint.throttle + 1, MAX_THROTTLE);
    change.pausedUntil = now + (retryAfter ?? Math.min(options.slowDownMs * 2 ** (change.throttle - 1), options.maxSlowDownMs));
  } else if (retryAfter !== undefined) {
    change.pausedUntil = now + retryAfter;
  }
  return change;
}

function disabledMessage(reason: string): string {
  return `${reason}: the endpoint is disabled and its notifications are kept; fix the receiver, then "crm-event-poller deliveries replay --since <time>"`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** How many requests may be in flight to an endpoint at its slow-down level. */
export function endpointConcurrency(endpoint: EndpointState, maxPerEndpoint: number): number {
  return Math.max(1, Math.floor(maxPerEndpoint / 2 ** endpoint.throttle));
}
