/**
 * HTTP for connectors (axios): timeouts, a response size cap, JSON bodies checked before use, the
 * server's Date header, Retry-After, and failures turned into ConnectorErrors that name URL and status.
 */
import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { ConnectorError, kindForStatus } from './errors.ts';

export interface HttpOptions {
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
  url: string;
}

export interface JsonRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A form body (application/x-www-form-urlencoded), for OAuth token requests. */
  form?: Record<string, string>;
  signal?: AbortSignal;
}

const DEFAULTS: Required<HttpOptions> = { timeoutMs: 30_000, maxResponseBytes: 64 * 1024 * 1024, maxInlineWaitMs: 60_000, maxInlineRetries: 3 };

export class HttpClient {
  readonly #options: Required<HttpOptions>;

  constructor(options: HttpOptions = {}) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /** GETs (or POSTs) JSON; any non-2xx becomes a ConnectorError, after waiting out short Retry-After asks. */
  async json(request: JsonRequest): Promise<JsonResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.#send(request);
      if (response.status >= 200 && response.status < 300) return { ...response, body: parseJsonBody(response, request.url) };
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], response.serverTimeMs);
      const waitable = (response.status === 429 || response.status === 503) && retryAfterMs !== undefined;
      if (waitable && retryAfterMs <= this.#options.maxInlineWaitMs && attempt < this.#options.maxInlineRetries) {
        await sleep(retryAfterMs, request.signal);
        continue;
      }
      throw statusError(response, request.url, retryAfterMs);
    }
  }

  async #send(request: JsonRequest): Promise<Omit<JsonResponse, 'body'> & { text: string }> {
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
      signal: request.signal,
    };
    if (request.form) {
      config.data = new URLSearchParams(request.form).toString();
      config.headers = { ...config.headers, 'Content-Type': 'application/x-www-form-urlencoded' };
    }
    let response: AxiosResponse<string>;
    try {
      response = await axios.request<string>(config);
    } catch (error) {
      throw transportError(error, request.url, this.#options);
    }
    const headers = Object.fromEntries(Object.entries(response.headers).map(([key, value]) => [key.toLowerCase(), value === undefined ? undefined : String(value)]));
    const date = headers.date ? Date.parse(headers.date) : Number.NaN;
    return { status: response.status, text: response.data ?? '', headers, serverTimeMs: Number.isNaN(date) ? undefined : date, url: request.url };
  }
}

function parseJsonBody(response: { text: string; status: number; headers: Record<string, string | undefined> }, url: string): unknown {
  const text = response.text.trim();
  if (text === '') return null;
  if (text.startsWith('<')) {
    throw new ConnectorError('protocol', `${url} answered ${response.status} with an HTML page, not JSON ("${snippet(text)}")`, { status: response.status, url });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConnectorError('protocol', `${url} answered ${response.status} with a body that is not valid JSON (${(error as Error).message})`, {
      status: response.status,
      url,
    });
  }
}

function statusError(response: { text: string; status: number }, url: string, retryAfterMs: number | undefined): ConnectorError {
  const detail = describeErrorBody(response.text);
  const kind = kindForStatus(response.status);
  return new ConnectorError(kind, `${url} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`, { status: response.status, url, retryAfterMs });
}

/** The message inside the JSON error shapes CRMs use, else a snippet of the body. */
function describeErrorBody(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | string | undefined;
    if (typeof error === 'object' && error && typeof error.message === 'string') return error.message;
    if (typeof body.error_description === 'string') return body.error_description;
    if (typeof error === 'string') return error;
    const diagnoses = body.$diagnoses as { $message?: string }[] | undefined;
    if (Array.isArray(diagnoses) && typeof diagnoses[0]?.$message === 'string') return diagnoses[0].$message;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall through to a snippet
  }
  return snippet(text);
}

function snippet(text: string): string {
  const flat = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function transportError(error: unknown, url: string, options: Required<HttpOptions>): ConnectorError {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    return new ConnectorError('unavailable', `${url} did not answer within ${options.timeoutMs / 1000} s`, { url, cause: error });
  }
  if (code === 'ERR_CANCELED') return new ConnectorError('unavailable', `request to ${url} was cancelled`, { url, cause: error });
  if (/maxContentLength/i.test(message)) {
    return new ConnectorError('protocol', `${url} answered more than ${options.maxResponseBytes} bytes; lower the page size`, { url, cause: error });
  }
  if (code === 'ERR_INVALID_URL' || code === 'ERR_BAD_OPTION_VALUE') return new ConnectorError('config', `"${url}" is not a valid URL`, { url, cause: error });
  return new ConnectorError('unavailable', `cannot reach ${url}: ${code ?? message}`, { url, cause: error });
}

/** Retry-After in seconds or as an HTTP date (measured against the server's own clock when known). */
export function parseRetryAfter(value: string | undefined, serverTimeMs: number | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
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
