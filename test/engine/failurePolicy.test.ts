/** The failure policy: what an HTTP status is, and per kind when a poll is tried again. */
import { describe, expect, it } from 'vitest';
import { adviceFor, FAILURE_POLICY, kindForStatus, retryDelay } from '../../electron/engine/failurePolicy.ts';
import type { FailureKind } from '../../shared/status.ts';

describe('the kind of an HTTP status', () => {
  const kinds: [number, FailureKind][] = [
    [400, 'config'],
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'config'],
    [405, 'config'],
    [408, 'unavailable'],
    [409, 'protocol'],
    [410, 'config'],
    [418, 'protocol'],
    [429, 'throttled'],
    [500, 'unavailable'],
    [502, 'unavailable'],
    [504, 'unavailable'],
  ];
  for (const [status, kind] of kinds) it(`${status} is ${kind}`, () => expect(kindForStatus(status)).toBe(kind));

  it('503 is throttling when the server says how long to wait, an outage otherwise', () => {
    expect(kindForStatus(503, 120_000)).toBe('throttled');
    expect(kindForStatus(503)).toBe('unavailable');
  });
});

describe('when a failed poll is tried again', () => {
  const policy = { firstDelayMs: 5_000, maxDelayMs: 60_000 };

  it('never on its own after a refused sign-in or permission (a wrong password can lock the CRM account), and those stop the instance', () => {
    for (const kind of ['auth', 'forbidden'] as const) {
      expect(retryDelay(kind, 1, undefined, policy)).toBeUndefined();
      expect(retryDelay(kind, 1, 1_000, policy)).toBeUndefined();
      expect(FAILURE_POLICY[kind].stopsInstance).toBe(true);
    }
  });

  it('otherwise after a delay doubling to a cap, never sooner than the server asked', () => {
    for (const kind of ['throttled', 'unavailable', 'protocol', 'config', undefined] as const) {
      expect([1, 2, 3, 4, 5, 9].map((failures) => retryDelay(kind, failures, undefined, policy)), String(kind)).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
      expect(retryDelay(kind, 1, 45_000, policy)).toBe(45_000);
      if (kind) expect(FAILURE_POLICY[kind].stopsInstance, kind).toBe(false);
    }
  });

  it('says what to do, and for a failure of no known kind to read its message', () => {
    expect(adviceFor('auth')).toMatch(/save them again/);
    expect(adviceFor(undefined)).toBe('see the message');
  });
});
