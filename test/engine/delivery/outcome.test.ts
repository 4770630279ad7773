/** What one attempt means for the notification, its endpoint and the user. */
import { describe, expect, it } from 'vitest';
import type { EndpointState } from '../../../electron/engine/delivery/endpointStore.ts';
import { deliveryOptions } from '../../../electron/engine/delivery/options.ts';
import { decide, endpointConcurrency } from '../../../electron/engine/delivery/outcome.ts';
import type { SendResult } from '../../../electron/engine/delivery/sender.ts';

const NOW = 1_700_000_000_000;
const options = deliveryOptions();
const endpoint: EndpointState = { id: 1, url: 'https://example.com/hook', state: 'active', throttle: 0, updatedAt: NOW };
const at = (result: Partial<SendResult>, step = 0, state: Partial<EndpointState> = {}) =>
  decide({ result: { durationMs: 5, ...result }, step, endpoint: { ...endpoint, ...state }, now: NOW, options, random: () => 0.5 });

describe('the outcome of an attempt', () => {
  it('delivers on any 2xx and eases a slowed endpoint', () => {
    expect(at({ status: 204 }, 0, { throttle: 2 })).toMatchObject({ outcome: 'delivered', end: { state: 'delivered', step: 1 }, endpoint: { success: true, throttle: 1 } });
  });

  it('retries a 500, a 3xx, a timeout and a refused connection on the schedule', () => {
    expect(at({ status: 500 })).toMatchObject({ outcome: 'retry', end: { state: 'pending', step: 1, nextAttemptAt: NOW + 5000 }, endpoint: { failure: true } });
    expect(at({ status: 302 }, 1).end).toMatchObject({ state: 'pending', nextAttemptAt: NOW + 300_000 });
    expect(at({ failure: 'timeout', error: 'no 2xx answer within 15 s' }).end.error).toBe('no 2xx answer within 15 s');
    expect(at({ failure: 'network', error: 'cannot reach' }).outcome).toBe('retry');
  });

  it('fails after the last attempt, keeping the notification and telling the user', () => {
    const decision = at({ status: 500, response: 'boom' }, 7);
    expect(decision).toMatchObject({ outcome: 'failed', end: { state: 'failed', step: 8, error: 'HTTP 500: boom' } });
    expect(decision.problem).toMatch(/failed after 8 attempt\(s\).*replay/);
  });

  it('disables the endpoint on 410 Gone', () => {
    const decision = at({ status: 410 });
    expect(decision).toMatchObject({ outcome: 'disabled', end: { state: 'disabled' }, endpoint: { disable: 'https://example.com/hook answered 410 Gone' } });
    expect(decision.problem).toMatch(/disabled.*replay/);
  });

  it('slows the endpoint down on 429/502/503/504, doubling the pause, and honours Retry-After', () => {
    expect(at({ status: 503 }).endpoint).toEqual({ failure: true, throttle: 1, pausedUntil: NOW + 5000 });
    expect(at({ status: 502 }, 0, { throttle: 2 }).endpoint).toEqual({ failure: true, throttle: 3, pausedUntil: NOW + 20_000 });
    const throttled = at({ status: 429, retryAfterMs: 120_000 });
    expect(throttled.endpoint).toEqual({ failure: true, throttle: 1, pausedUntil: NOW + 120_000 });
    expect(throttled.end.nextAttemptAt).toBe(NOW + 120_000);
    expect(at({ status: 500, retryAfterMs: 9_000 }).endpoint).toEqual({ failure: true, pausedUntil: NOW + 9_000 });
    expect(at({ status: 429, retryAfterMs: 10 * 86_400_000 }).end.nextAttemptAt).toBe(NOW + 86_400_000);
  });

  it('disables an endpoint that has failed for 5 days', () => {
    const decision = at({ status: 500 }, 2, { failingSince: NOW - 5 * 86_400_000 });
    expect(decision).toMatchObject({ outcome: 'disabled', end: { state: 'disabled' } });
    expect(decision.endpoint.disable).toMatch(/failed for 5 days/);
    expect(at({ status: 500 }, 2, { failingSince: NOW - 4 * 86_400_000 }).outcome).toBe('retry');
  });

  it('fails a configuration error at once and retries an interrupted attempt at once', () => {
    expect(at({ failure: 'config', error: 'the callback URL "x" is not a URL' })).toMatchObject({ outcome: 'failed', problem: 'the callback URL "x" is not a URL' });
    expect(at({ failure: 'interrupted' }, 3)).toMatchObject({ outcome: 'interrupted', end: { state: 'pending', step: 3, nextAttemptAt: NOW } });
  });

  it('halves the requests in flight per level of slow-down, down to one', () => {
    expect([0, 1, 2, 3, 9].map((throttle) => endpointConcurrency({ ...endpoint, throttle }, 8))).toEqual([8, 4, 2, 1, 1]);
  });
});
