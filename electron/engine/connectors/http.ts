/**
 * HTTP for connectors (axios): timeouts, a response size cap, JSON bodies checked before use, the
 * server's Date header, Retry-After, and failures turned into ConnectorErrors that name URL and status.
 */
import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { kindForStatus } from '../failurePolicy.ts';
import { ConnectorError, describeErrorBody, markupKind, snippet } from './errors.ts';

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

export interface JsonRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A form body (application/x-www-form-urlencoded), for OAuth token requests. */
  form?: Record<string, string>;
  signal?: AbortSignal;
}

type RawResponse = Omit<JsonResponse, 'body'> & { text: string };

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

  async #send(request: JsonRequest): Promise<RawResponse> {
    // axios' own timeout only limits the silence between bytes; a deadline bounds the whole exchange.
    const deadline = AbortSignal.timeout(this.#options.timeoutMs);
    const config: AxiosRequestConfig = {
      url: request.url,
      method: request.method ?? 'GET',
      headers: { Accept: 'application/json', ...request.headers },
      timeout: this.#options.timeoutMs,
      maxContentLength: this.#options.maxResponseBytes,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      maxRedirects: 5,
      signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline,
    };
    if (request.form) {
      config.data = new URLSearchParams(request.form).toString();
      config.headers = { ...config.headers, 'Content-Type': 'application/x-www-form-urlencoded' };
    }
    let response: AxiosResponse<string>;
    try {
      response = await axios.request<string>(config);
    } catch (error) {
      throw transportError(error, request.url, this.#options, deadline.aborted && !request.signal?.aborted);
    }
    const headers = Object.fromEntries(Object.entries(response.headers).map(([key, value]) => [key.toLowerCase(), value === undefined || value === null ? undefined : String(value)]));
    const date = headers.date ? Date.parse(headers.date) : Number.NaN;
    const finalUrl = (response.request as { res?: { responseUrl?: string } } | undefined)?.res?.responseUrl ?? request.url;
    return { status: response.status, text: response.data ?? '', headers, serverTimeMs: Number.isNaN(date) ? undefined : date, url: request.url, finalUrl };
  }
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
