/**
 * HTTP for connectors (axios): timeouts, a response size cap, JSON bodies checked before use, the
 * server's Date header, Retry-After, and failures turned into ConnectorErrors that name URL and status.
 *
 * It is also the one place that keeps credentials on their origin: every request says which origins
 * its credentials (headers, form) are for, and is refused before it is sent anywhere else. Redirects
 * are followed here, not by axios, so that rule holds for every hop: a redirect to another origin is
 * refused when the request carries credentials, and never widens where later requests may go.
 */
import type { AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import { kindForStatus } from '../failurePolicy.ts';
import { ConnectorError, describeErrorBody, markupKind, snippet } from './errors.ts';

// Loaded at the first request: what only reads a configuration (validate, the CLI's start) does not pay for axios and node:http.
let axiosModule: Promise<AxiosStatic> | undefined;
const loadAxios = () => (axiosModule ??= import('axios').then((loaded) => loaded.default));

export interface HttpOptions {
  /** The whole exchange (connect, headers and body) must finish within this. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** A 429/503 asking to wait at most this long is waited out inside the poll instead of failing it. */
  maxInlineWaitMs?: number;
  /** Inline waits per request before the poll fails as throttled. */
  maxInlineRetries?: number;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers: Record<string, string | undefined>;
  serverTimeMs?: number;
  /** The URL requested (what messages name). */
  url: string;
  /** Where the answer came from after redirects; relative links in it resolve against this. */
  finalUrl?: string;
}

/** The origins a request's credentials are for, and what the user changes to send them to another one. */
export interface CredentialScope {
  origins: readonly string[];
  /** Completes "If <other origin> …": e.g. `is the API too, set base.url to it`. */
  ifElsewhere: string;
}

export interface JsonRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A form body (application/x-www-form-urlencoded), for OAuth token requests. */
  form?: Record<string, string>;
  /**
   * Whether the headers or form carry a credential, and for which origins: the request (and every
   * redirect) is refused on any other. 'none' for requests without one (they may go anywhere).
   */
  credentials: CredentialScope | 'none';
  signal?: AbortSignal;
}

type RawResponse = Omit<JsonResponse, 'body'> & { text: string };

/** One request of an exchange: the first, or one a redirect asked for. */
interface Hop {
  url: string;
  method: 'GET' | 'POST';
  form?: Record<string, string>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Headers that are credentials whatever the auth type; a request declaring none must not carry them. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

const DEFAULTS: Required<HttpOptions> = { timeoutMs: 30_000, maxResponseBytes: 64 * 1024 * 1024, maxInlineWaitMs: 60_000, maxInlineRetries: 3 };

export class HttpClient {
  readonly #options: Required<HttpOptions>;

  constructor(options: HttpOptions = {}) {
    this.#options = { ...DEFAULTS, ...withoutUndefined(options) };
  }

  /** GETs (or POSTs) JSON; any non-2xx becomes a ConnectorError, after waiting out short Retry-After asks. */
  async json(request: JsonRequest): Promise<JsonResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.#send(request);
      if (response.status >= 200 && response.status < 300) {
        const { text: _text, ...rest } = response;
        return { ...rest, body: parseJsonBody(response) };
      }
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], response.serverTimeMs);
      const waitable = (response.status === 429 || response.status === 503) && retryAfterMs !== undefined;
      if (waitable && retryAfterMs <= this.#options.maxInlineWaitMs && attempt < this.#options.maxInlineRetries) {
        await sleep(retryAfterMs, request.signal);
        continue;
      }
      throw statusError(response, retryAfterMs);
    }
  }

  /** Follows redirects itself (axios is told not to), checking every hop's origin against the request's credentials. */
  async #send(request: JsonRequest): Promise<RawResponse> {
    assertDeclared(request);
    // axios' own timeout only limits the silence between bytes; a deadline bounds the whole exchange, redirects included.
    const deadline = AbortSignal.timeout(this.#options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    let hop: Hop = { url: request.url, method: request.method ?? 'GET', form: request.form };
    assertInScope(hop.url, request.credentials);
    for (let redirects = 0; ; redirects++) {
      const response = await this.#exchange(hop, request, signal, deadline);
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.location : undefined;
      if (location === undefined) return { ...response, url: request.url, finalUrl: hop.url };
      const next = redirectTarget(hop.url, response.status, location, request.credentials);
      if (redirects >= MAX_REDIRECTS) throw new ConnectorError('protocol', `${request.url} was redirected more than ${MAX_REDIRECTS} times (last to ${next})`, { url: request.url });
      // 307 and 308 repeat the request as it was; the others become a GET without a body (RFC 9110 §15.4).
      hop = response.status === 307 || response.status === 308 ? { ...hop, url: next } : { url: next, method: 'GET' };
    }
  }

  async #exchange(hop: Hop, request: JsonRequest, signal: AbortSignal, deadline: AbortSignal): Promise<Omit<RawResponse, 'url' | 'finalUrl'>> {
    const config: AxiosRequestConfig = {
      url: wireUrl(hop.url),
      method: hop.method,
      headers: { Accept: 'application/json', ...request.headers },
      timeout: this.#options.timeoutMs,
      maxContentLength: this.#options.maxResponseBytes,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxRedirects: 0,
      signal,
    };
    if (hop.form) {
      config.data = new URLSearchParams(hop.form).toString();
      config.headers = { ...config.headers, 'Content-Type': 'application/x-www-form-urlencoded' };
    }
    let response: AxiosResponse<string>;
    try {
      response = await (await loadAxios()).request<string>(config);
    } catch (error) {
      throw transportError(error, hop.url, this.#options, deadline.aborted && !request.signal?.aborted);
    }
    const headers = Object.fromEntries(Object.entries(response.headers).map(([key, value]) => [key.toLowerCase(), value === undefined || value === null ? undefined : String(value)]));
    const date = headers.date ? Date.parse(headers.date) : Number.NaN;
    return { status: response.status, text: response.data ?? '', headers, serverTimeMs: Number.isNaN(date) ? undefined : date };
  }
}

/**
 * The URL exactly as it goes on the wire: percent-encoded the way the WHATWG URL parser (and so
 * axios) encodes it, without a fragment. What previews show, and what requests send.
 */
export function wireUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

function originOrUndefined(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A credential header on a request that says it carries none is a bug in the caller: never send it. */
function assertDeclared(request: JsonRequest): void {
  if (request.credentials !== 'none') return;
  const name = Object.keys(request.headers ?? {}).find((header) => CREDENTIAL_HEADERS.has(header.toLowerCase()));
  if (name) throw new Error(`a request to ${request.url} carries ${name} but declares no credentials; say which origins they are for`);
}

/** Refuses, before anything is sent, a request whose credentials are for other origins. */
function assertInScope(url: string, credentials: JsonRequest['credentials']): void {
  if (credentials === 'none') return;
  const origin = originOrUndefined(url);
  // A URL that does not parse fails in axios, before anything is sent.
  if (origin === undefined || credentials.origins.includes(origin)) return;
  throw new ConnectorError('config', `${url} is on another origin than the credentials for ${credentials.origins.join(', ')}: they are not sent there. If ${origin} ${credentials.ifElsewhere}`, { url });
}

/** Where a redirect leads, when it may be followed: http(s) only, and with credentials only on their origins. */
function redirectTarget(from: string, status: number, location: string, credentials: JsonRequest['credentials']): string {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new ConnectorError('protocol', `${from} redirected (HTTP ${status}) to "${location}", which is not a URL`, { url: from, status });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new ConnectorError('protocol', `${from} redirected (HTTP ${status}) to ${location}, which is not an http(s) URL`, { url: from, status });
  }
  if (credentials !== 'none' && !credentials.origins.includes(target.origin)) {
    const fromOrigin = new URL(from).origin;
    throw new ConnectorError(
      'config',
      `${from} redirected (HTTP ${status}) to ${target.href}, another origin: the credentials for ${fromOrigin} are not sent to ${target.origin}. If ${target.origin} ${credentials.ifElsewhere}`,
      { url: from, status },
    );
  }
  return target.href;
}

function withoutUndefined(options: HttpOptions): HttpOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function parseJsonBody(response: RawResponse): unknown {
  const text = response.text.replace(/^\uFEFF/, '').trim();
  const { url, status } = response;
  if (text === '') return null;
  const markup = markupKind(text, response.headers['content-type']);
  if (markup) {
    throw new ConnectorError('protocol', `${url} answered HTTP ${status} with ${markup}, not JSON ("${snippet(text)}"): check the URL points at the API, not a web or login page`, {
      status,
      url,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConnectorError('protocol', `${url} answered HTTP ${status} with a body that is not valid JSON (${(error as Error).message}): "${snippet(text)}"`, { status, url });
  }
}

function statusError(response: RawResponse, retryAfterMs: number | undefined): ConnectorError {
  const { url, status } = response;
  const markup = markupKind(response.text, response.headers['content-type']);
  const detail = markup ? `${markup} ("${snippet(response.text)}")` : describeErrorBody(response.text);
  const kind = kindForStatus(status, retryAfterMs);
  const wait = retryAfterMs === undefined ? '' : `; it asks to retry in ${formatDuration(retryAfterMs)}`;
  return new ConnectorError(kind, `${url} answered HTTP ${status}${detail ? `: ${detail}` : ''}${wait}`, { status, url, retryAfterMs, headers: response.headers });
}

function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

const TRANSPORT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, and the port right?)',
  ENOTFOUND: 'host not found (check the host name)',
  EAI_AGAIN: 'host name lookup failed (check the network)',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host name",
};

function transportError(error: unknown, url: string, options: Required<HttpOptions>, deadlinePassed: boolean): ConnectorError {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (deadlinePassed || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new ConnectorError('unavailable', `${url} did not answer within ${options.timeoutMs / 1000} s`, { url, cause: error });
  }
  if (code === 'ERR_CANCELED') return new ConnectorError('unavailable', `request to ${url} was cancelled`, { url, cause: error });
  if (/maxContentLength/i.test(message)) {
    return new ConnectorError('protocol', `${url} answered more than ${formatBytes(options.maxResponseBytes)}, the most one response may be; lower the page size`, { url, cause: error });
  }
  if (code === 'ERR_INVALID_URL' || code === 'ERR_BAD_OPTION_VALUE') return new ConnectorError('config', `"${url}" is not a valid URL`, { url, cause: error });
  if (code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_INVALID_CHAR') {
    return new ConnectorError('config', `a request header for ${url} is invalid (${message}); check the header name and value`, { url, cause: error });
  }
  const reason = (code && TRANSPORT_CODES[code]) ?? code ?? message;
  return new ConnectorError('unavailable', `cannot reach ${url}: ${reason}`, { url, cause: error });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Retry-After in seconds or as an HTTP date (measured against the server's own clock when known). */
export function parseRetryAfter(value: string | undefined, serverTimeMs: number | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  // An HTTP date names a weekday and a GMT time; anything else (e.g. "-5") is not a date.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - (serverTimeMs ?? Date.now()));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
