/** Connector failures, classified (by the kinds of failurePolicy.ts) so the scheduler knows whether and when to try again. */

/** The kinds (auth, forbidden, throttled, unavailable, protocol, config) live with the status types the UI shares. */
import type { FailureKind } from '../../../shared/status.ts';
import type { ConnectorContext } from './types.ts';
import { adviceFor } from '../failurePolicy.ts';

export type { FailureKind };

export class ConnectorError extends Error {
  readonly kind: FailureKind;
  readonly status?: number;
  readonly url?: string;
  readonly retryAfterMs?: number;
  /** The response headers (lower-case names) of an HTTP error, e.g. a 401's WWW-Authenticate challenge. */
  readonly headers?: Record<string, string | undefined>;
  /** A sign-in authority the server named that the user has not approved yet (its origin): the poll waits for the answer. */
  readonly untrustedAuthority?: string;

  constructor(
    kind: FailureKind,
    message: string,
    details: { status?: number; url?: string; retryAfterMs?: number; headers?: Record<string, string | undefined>; untrustedAuthority?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'ConnectorError';
    this.kind = kind;
    this.status = details.status;
    this.url = details.url;
    this.retryAfterMs = details.retryAfterMs;
    this.headers = details.headers;
    this.untrustedAuthority = details.untrustedAuthority;
  }
}

/** A secret the connector needs is not there: no request was made, and the message says how to provide it. */
export function missingSecret(context: Pick<ConnectorContext, 'howToSet'>, key: string, problem: string): ConnectorError {
  return new ConnectorError('auth', `${problem}: ${context.howToSet?.(key) ?? "save it with the instance's credentials"}`);
}

/** What the user should do about this failure: its kind's advice, or the question it asks. */
export function adviceForError(error: Error): string {
  if (!(error instanceof ConnectorError)) return 'see the message';
  if (error.untrustedAuthority !== undefined) return "trust it only if it is your organization's sign-in server (AD FS); polling waits until you answer";
  return adviceFor(error.kind);
}

/** The message inside the JSON error shapes APIs use (OAuth, OData, SData, plain), else a snippet of the body. */
export function describeErrorBody(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return snippet(text);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return snippet(text);
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  // OAuth 2 (RFC 6749 §5.2): {"error": "invalid_client", "error_description": "…"}.
  const description = typeof record.error_description === 'string' ? record.error_description : undefined;
  if (typeof error === 'string') return description ? `${error}: ${description}` : error;
  if (description) return description;
  const diagnoses = record.$diagnoses as { $message?: unknown }[] | undefined;
  if (Array.isArray(diagnoses) && typeof diagnoses[0]?.$message === 'string') return diagnoses[0].$message;
  if (typeof record.message === 'string') return record.message;
  return snippet(text);
}

/** A short, single-line excerpt of a body, tags stripped. */
export function snippet(text: string): string {
  const flat = text.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/** "an HTML page" or "an XML document" when a body is markup (not JSON), else undefined. */
export function markupKind(text: string, contentType: string | undefined): string | undefined {
  if (!/^\s*</.test(text)) return undefined;
  return /^\s*<\?xml/i.test(text) || /\bxml\b/i.test(contentType ?? '') ? 'an XML document' : 'an HTML page';
}
