/**
 * The one failure policy of a poll: which failure kind an HTTP status is, and per kind whether the
 * poll is tried again after a backoff, whether the whole instance stops at once, and what the user
 * is told to do. The connectors classify with it, the engine stops with it, the scheduler waits
 * with it, and the window, the tray and the CLI show its advice.
 */
import type { FailureKind } from '../../shared/status.ts';

export interface FailureRule {
  /** Tried again after a backoff (never sooner than the server's Retry-After), or only once the user acts (new credentials, Poll now). */
  retry: 'backoff' | 'after-user-action';
  /** The instance's other resources are not polled either. */
  stopsInstance: boolean;
  advice: string;
}

// A wrong password is not retried, nor sent for the other resources: Sage CRM and others lock the
// account after a few bad sign-ins.
export const FAILURE_POLICY: Record<FailureKind, FailureRule> = {
  auth: { retry: 'after-user-action', stopsInstance: true, advice: 'check the username and password (or token) and save them again; polling is paused until then' },
  forbidden: { retry: 'after-user-action', stopsInstance: true, advice: 'the account lacks permission for this resource: grant it in the CRM, or remove the resource' },
  throttled: { retry: 'backoff', stopsInstance: false, advice: 'the server asked to slow down; polling resumes after its Retry-After time' },
  unavailable: { retry: 'backoff', stopsInstance: false, advice: 'the server could not be reached or failed; polling retries with backoff' },
  protocol: { retry: 'backoff', stopsInstance: false, advice: 'the server answered something unexpected: check the URL points at the API, not a web page' },
  config: { retry: 'backoff', stopsInstance: false, advice: 'check the resource URL and the connection settings' },
};

const KIND_OF_STATUS: Readonly<Record<number, FailureKind>> = {
  400: 'config',
  401: 'auth',
  403: 'forbidden',
  404: 'config',
  405: 'config',
  408: 'unavailable',
  410: 'config',
  429: 'throttled',
  503: 'throttled',
};

/** The kind of an HTTP error status. A 503 without Retry-After is an outage (back off); with one it is throttling (wait as asked). */
export function kindForStatus(status: number, retryAfterMs?: number): FailureKind {
  if (status === 503 && retryAfterMs === undefined) return 'unavailable';
  return KIND_OF_STATUS[status] ?? (status >= 500 ? 'unavailable' : 'protocol');
}

/**
 * Whether the server refused the sign-in (a 401/403, or an OAuth token endpoint's 4xx: its
 * ConnectorError of kind auth or forbidden carries the status). Credentials held back, missing or
 * for an authority not trusted yet were never sent: no status, not a refusal.
 */
export function isRefusedSignIn(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { kind, status } = error as { kind?: unknown; status?: unknown };
  return (kind === 'auth' || kind === 'forbidden') && typeof status === 'number';
}

/** What the user should do about a failure of this kind (of no known kind: read its message). */
export function adviceFor(kind: FailureKind | undefined): string {
  return kind ? FAILURE_POLICY[kind].advice : 'see the message';
}

export interface BackoffPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** 5 s doubling to 30 min, as the best polling systems do. */
export const DEFAULT_BACKOFF: BackoffPolicy = { firstDelayMs: 5_000, maxDelayMs: 30 * 60_000 };

/** The delay before the next attempt, or undefined when only the user can fix it. */
export function retryDelay(kind: FailureKind | undefined, consecutiveFailures: number, retryAfterMs: number | undefined, policy: BackoffPolicy = DEFAULT_BACKOFF): number | undefined {
  if (kind !== undefined && FAILURE_POLICY[kind].retry === 'after-user-action') return undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, consecutiveFailures - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}
