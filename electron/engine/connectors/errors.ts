/** Connector failures, classified so the scheduler knows whether and when to try again. */

export type FailureKind =
  /** 401: wrong or expired credentials. No retries until the credentials change or someone polls by hand. */
  | 'auth'
  /** 403: the account lacks a permission. Same handling as auth. */
  | 'forbidden'
  /** 429/503: the server asks us to slow down (Retry-After). */
  | 'throttled'
  /** 5xx, timeouts, refused connections: try again with backoff. */
  | 'unavailable'
  /** The server answered something that is not what the protocol promises (HTML, bad JSON, wrong shape). */
  | 'protocol'
  /** The configuration cannot work (bad URL, unknown resource); retrying will not help. */
  | 'config';

export class ConnectorError extends Error {
  readonly kind: FailureKind;
  readonly status?: number;
  readonly url?: string;
  readonly retryAfterMs?: number;

  constructor(kind: FailureKind, message: string, details: { status?: number; url?: string; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'ConnectorError';
    this.kind = kind;
    this.status = details.status;
    this.url = details.url;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function kindForStatus(status: number): FailureKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 429 || status === 503) return 'throttled';
  if (status >= 500 || status === 408) return 'unavailable';
  if (status === 404 || status === 400 || status === 405 || status === 410) return 'config';
  return 'protocol';
}

/** What the user should do about a failure of this kind. */
export function adviceFor(kind: FailureKind): string {
  switch (kind) {
    case 'auth':
      return 'check the username and password (or token) and save them again; polling is paused until then';
    case 'forbidden':
      return 'the account lacks permission for this resource: grant it in the CRM, or remove the resource';
    case 'throttled':
      return 'the server asked to slow down; polling resumes after its Retry-After time';
    case 'unavailable':
      return 'the server could not be reached or failed; polling retries with backoff';
    case 'protocol':
      return 'the server answered something unexpected: check the URL points at the API, not a web page';
    case 'config':
      return 'check the resource URL and the connection settings';
  }
}
