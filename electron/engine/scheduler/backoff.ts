/** When to try again after a failed poll. */
import type { FailureKind } from '../connectors/errors.ts';

export interface BackoffPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** 5 s doubling to 30 min, as the best polling systems do. */
export const DEFAULT_BACKOFF: BackoffPolicy = { firstDelayMs: 5_000, maxDelayMs: 30 * 60_000 };

/**
 * The delay before the next attempt, or undefined when only the user can fix it (401/403: retrying
 * a wrong password can lock the CRM account).
 */
export function retryDelay(kind: FailureKind | undefined, consecutiveFailures: number, retryAfterMs: number | undefined, policy: BackoffPolicy = DEFAULT_BACKOFF): number | undefined {
  if (kind === 'auth' || kind === 'forbidden') return undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, consecutiveFailures - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}
