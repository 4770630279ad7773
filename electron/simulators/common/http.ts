/** Request/response values the simulators work with, so handlers stay pure and faults can rewrite answers. */

import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  method: string;
  /** Absolute URL, built from the Host header the client sent. */
  url: URL;
  /** Path and query exactly as received (for the request log). */
  rawPath: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `http://host:port` as the client addressed us; used to build links. */
  origin: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string | string[]> = {}): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function textResponse(status: number, body: string, contentType = 'text/plain; charset=utf-8'): SimResponse {
  return { status, headers: { 'Content-Type': contentType }, body };
}

/** One header value (the first when repeated), or undefined. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses a JSON request body; an empty body is `{}`. Throws a 400-worthy message otherwise. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** Parses an `application/x-www-form-urlencoded` body (OAuth token requests). */
export function parseFormBody(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) out[key] = value;
  return out;
}
