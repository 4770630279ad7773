/** Small HTTP helpers for the simulator tests (real requests with fetch / node:http). */

import { request as httpRequest } from 'node:http';

export interface JsonReply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** GETs a URL and parses JSON when there is a body (body is `{}` when empty or not JSON). */
export async function getJson<T = Record<string, unknown>>(url: string, headers: Record<string, string> = {}): Promise<JsonReply<T>> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  let body: unknown = {};
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

export async function postForm(url: string, form: Record<string, string>): Promise<JsonReply> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

export async function postJson(url: string, body: unknown): Promise<JsonReply> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

/** A GET through node:http, to see repeated headers (fetch joins them) such as several WWW-Authenticate. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Values of one header name from rawHeaders (name compared case-insensitively). */
export function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === name.toLowerCase()) values.push(rawHeaders[i + 1] as string);
  }
  return values;
}
