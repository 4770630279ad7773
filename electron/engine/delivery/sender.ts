/**
 * One POST of a notification: the exact body bytes, a deadline over the whole exchange, no
 * redirects followed (a 3xx is a failure, as at Svix), and what came back: status, Retry-After, the
 * start of the answer, or the reason nothing did.
 */
import { maskedCallbackUrl, splitUserInfo } from '../../../shared/config/callbackUrl.ts';
import { parseRetryAfter } from '../connectors/http.ts';

export interface PostRequest {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request when the worker stops. */
  signal?: AbortSignal;
  snippetChars: number;
}

/** Why no status came back: `config` needs the user (a URL that is not one), the others may pass. */
export type SendFailure = 'config' | 'timeout' | 'network' | 'interrupted';

export interface SendResult {
  status?: number;
  durationMs: number;
  retryAfterMs?: number;
  response?: string;
  error?: string;
  failure?: SendFailure;
  /** The request headers as sent (the worker records them redacted). */
  headers?: Record<string, string>;
}

export type Send = (request: PostRequest) => Promise<SendResult>;

const USER_AGENT = 'crm-event-poller (webhook delivery)';

/** Every header a POST carries: the fixed ones, then the worker's (signatures, Authorization). */
export function requestHeaders(headers: Record<string, string>): Record<string, string> {
  return { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT, ...headers };
}

/** Why a callback URL cannot be used, or undefined when it can. */
export function callbackUrlProblem(url: string): string | undefined {
  if (url.trim() === '') return 'events are enabled but no callback URL is set: set event.notification.callback.url, or disable events';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `the callback URL "${maskedCallbackUrl(url)}" is not a URL: set event.notification.callback.url to the full address, e.g. https://example.com/crm-events`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `the callback URL "${maskedCallbackUrl(url)}" must start with http:// or https://`;
  return undefined;
}

export const post: Send = async (request) => {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const problem = callbackUrlProblem(request.url);
  if (problem) return { durationMs: 0, failure: 'config', error: problem };
  // A credential is never sent in the URL; the worker adds the instance's as an Authorization header.
  const url = splitUserInfo(request.url).url;
  const deadline = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: request.body as Uint8Array<ArrayBuffer>,
      headers: requestHeaders(request.headers),
      redirect: 'manual',
      signal,
    });
    const text = await readStart(response, request.snippetChars);
    const serverTime = Date.parse(response.headers.get('date') ?? '');
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after') ?? undefined, Number.isNaN(serverTime) ? undefined : serverTime);
    return { status: response.status, durationMs: elapsed(), retryAfterMs, response: text || undefined };
  } catch (error) {
    if (request.signal?.aborted) return { durationMs: elapsed(), failure: 'interrupted', error: 'interrupted: the delivery worker stopped' };
    if (deadline.aborted) return { durationMs: elapsed(), failure: 'timeout', error: `no 2xx answer within ${request.timeoutMs / 1000} s` };
    return { durationMs: elapsed(), failure: 'network', error: networkReason(error, url) };
  }
};

/** The start of the body (the rest is dropped), so a huge answer costs nothing and the connection is freed. */
async function readStart(response: Response, chars: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < chars) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, chars);
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the receiver running, and the port right?)',
  ENOTFOUND: 'host not found (check the host name in the callback URL)',
  EAI_AGAIN: 'host name lookup failed (check the network)',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'the receiver closed the connection',
  CERT_HAS_EXPIRED: "the receiver's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the receiver's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the receiver's TLS certificate chain is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the receiver's TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "the receiver's TLS certificate is for another host name",
};

function networkReason(error: unknown, url: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  const reason = (code && REASONS[code]) ?? cause?.message ?? (error as Error).message;
  return `cannot reach ${new URL(url).origin}: ${reason}`;
}
