/** What the tray, the window and `status` show about each instance and resource (shared by the engine and the UI). */
/**
 * What went wrong in a poll. How each kind is handled (retried after a backoff or only once the
 * user acts, whether the whole instance stops, the advice shown) is said in one place, the
 * failure policy (electron/engine/failurePolicy.ts).
 */
export type FailureKind =
  /** 401: wrong or expired credentials. */
  | 'auth'
  /** 403: the account lacks a permission. */
  | 'forbidden'
  /** 429, or 503 with Retry-After: the server asks us to slow down (retryAfterMs says for how long, when it says). */
  | 'throttled'
  /** 5xx (503 without Retry-After), timeouts, refused connections. */
  | 'unavailable'
  /** The server answered something that is not what the protocol promises (HTML, bad JSON, wrong shape). */
  | 'protocol'
  /** The request cannot work as configured (400, 404, 405, 410: a bad URL, an unknown resource). */
  | 'config';

export type InstanceState = 'idle' | 'polling' | 'paused' | 'needs-attention' | 'backing-off' | 'disabled';

export interface ProblemReport {
  message: string;
  kind?: FailureKind;
  /** What the user should do about it. */
  advice: string;
  at: number;
  /** The sign-in authority (an origin) the server named and the user has not approved: the question to ask, with a Trust action. */
  untrustedAuthority?: string;
}

/** A cursor whose watermark was kept (not advanced) by the last polls: since when, how many in a row, why. */
export interface CursorHold {
  since: number;
  polls: number;
  reason: string;
}

export interface ResourceStatus {
  name: string;
  lastPollAt?: number;
  lastEvents: number;
  lastRecords: number;
  lastDurationMs?: number;
  lastError?: ProblemReport;
  /** A held cursor, dates that look read in the wrong zone, unreadable records, dates ahead of the clock, a clock not believed. */
  warnings: string[];
  held?: CursorHold;
  /** Why the resource needs attention (the instance then shows "needs attention"), when it does. */
  attention?: string;
}

/**
 * Refused sign-ins (401/403, an OAuth token endpoint's 4xx), kept across restarts: a CRM locks the
 * account after a few. `confirm-first`: the credentials as saved were refused last; nothing tries
 * them by itself, and Test connection or Poll now ask first. `untried`: credentials changed since
 * (or never tried): tried once, by whichever comes first. `ok`: they signed in last time.
 */
export interface SignInStatus {
  state: 'ok' | 'untried' | 'confirm-first';
  /** Refused sign-ins since the last one that succeeded. */
  refused: number;
  lastRefusedAt?: number;
}

export interface InstanceStatus {
  id: number;
  name: string;
  elementKey: string;
  state: InstanceState;
  lastPollAt?: number;
  nextPollAt?: number;
  pausedUntil?: number | null;
  lastError?: ProblemReport;
  consecutiveFailures: number;
  eventsLastPoll: number;
  resources: ResourceStatus[];
  signIn?: SignInStatus;
  /**
   * Grows with every status the scheduler announces (from the clock, so also across restarts): of
   * a pushed status and a list fetched meanwhile, a view keeps the one with the higher revision.
   */
  revision?: number;
}
