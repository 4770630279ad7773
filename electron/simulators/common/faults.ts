/**
 * Faults injected for the next N API requests: what proxies, overloaded servers and flaky networks
 * do to a connector. Control requests are never faulted.
 */

import type { SimRequest, SimResponse } from './http.ts';

export type FaultKind = 'status' | 'html' | 'malformed' | 'delay' | 'reset';

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching requests it applies to (default 1). */
  count?: number;
  /** Only requests whose path+query contains this text (e.g. `/api/data/` to spare the token endpoint). */
  match?: string;
  /** `status`: the HTTP status (any); `html`: 500 or 502 (default 502). */
  status?: number;
  /** `status`: body to send; an object is sent as JSON, a string as is (default: empty). */
  body?: unknown;
  /** `status`: extra response headers. */
  headers?: Record<string, string>;
  /** `status`: a Retry-After value (seconds, or an HTTP date). */
  retryAfter?: number | string;
  /** `delay`: how long to hold the response, in ms. */
  delayMs?: number;
}

interface PendingFault {
  spec: FaultSpec;
  remaining: number;
}

const FAULT_KINDS: readonly FaultKind[] = ['status', 'html', 'malformed', 'delay', 'reset'];

/** Checks a fault spec from a control call; throws with a message saying what is wrong. */
export function validateFaultSpec(input: Record<string, unknown>): FaultSpec {
  const kind = input.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const spec = { ...input, kind } as FaultSpec;
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1)) throw new Error('fault count must be a positive integer');
  if (kind === 'status' && (!Number.isInteger(spec.status) || (spec.status ?? 0) < 100 || (spec.status ?? 0) > 599)) {
    throw new Error('a status fault needs status (100-599)');
  }
  if (kind === 'html' && spec.status !== undefined && spec.status !== 500 && spec.status !== 502) throw new Error('an html fault answers 500 or 502');
  if (kind === 'delay' && (typeof spec.delayMs !== 'number' || spec.delayMs < 0)) throw new Error('a delay fault needs delayMs (>= 0)');
  return spec;
}

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(spec: FaultSpec): void {
    this.pending.push({ spec, remaining: spec.count ?? 1 });
  }

  /** The first queued fault that matches this request, consuming one of its uses. */
  take(request: SimRequest): FaultSpec | undefined {
    const index = this.pending.findIndex((fault) => fault.spec.match === undefined || request.rawPath.includes(fault.spec.match));
    if (index < 0) return undefined;
    const fault = this.pending[index] as PendingFault;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    return fault.spec;
  }

  list(): Array<FaultSpec & { remaining: number }> {
    return this.pending.map((fault) => ({ ...fault.spec, remaining: fault.remaining }));
  }

  clear(): void {
    this.pending = [];
  }
}

/** The answer for `status` and `html` faults. */
export function faultResponse(spec: FaultSpec): SimResponse {
  if (spec.kind === 'html') {
    const status = spec.status ?? 502;
    return { status, headers: { 'Content-Type': 'text/html' }, body: htmlErrorPage(status) };
  }
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.retryAfter !== undefined) headers['Retry-After'] = String(spec.retryAfter);
  if (spec.body === undefined) return { status: spec.status ?? 500, headers, body: '' };
  if (typeof spec.body === 'string') return { status: spec.status ?? 500, headers: { 'Content-Type': 'text/plain', ...headers }, body: spec.body };
  return { status: spec.status ?? 500, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(spec.body) };
}

/** A 200 whose JSON stops part way, as when a proxy or a crashed worker cuts the body. */
export function truncateResponse(response: SimResponse): SimResponse {
  const body = response.body ?? '';
  const cut = body.length > 2 ? body.slice(0, Math.max(1, Math.floor(body.length * 0.6))) : '{"value":[';
  return { status: 200, headers: { ...response.headers, 'Content-Type': 'application/json; charset=utf-8' }, body: cut };
}

/** What IIS / ARR in front of an on-premises CRM sends instead of JSON. */
function htmlErrorPage(status: number): string {
  const title = status === 502 ? '502 - Web server received an invalid response while acting as a gateway or proxy server.' : '500 - Internal server error.';
  return [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>' + (status === 502 ? '502 - Bad Gateway' : '500 - Internal server error.') + '</title></head>',
    '<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset>',
    `<h2>${title}</h2>`,
    '<h3>There is a problem with the page you are looking for, and it cannot be displayed.</h3>',
    '</fieldset></div></body></html>',
  ].join('\n');
}
