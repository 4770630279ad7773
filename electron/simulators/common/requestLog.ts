/**
 * A bounded log of the API requests a simulator answered, so tests can count requests
 * ("no retry storm after 401") and see exactly which query and headers were sent.
 */

import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './http.ts';

export interface RequestLogEntry {
  seq: number;
  /** Simulator-clock time the request arrived, ISO-8601 UTC. */
  at: string;
  method: string;
  /** Path and query as sent. */
  path: string;
  headers: Record<string, string>;
  /** HTTP status answered; 0 when the connection was reset on purpose. */
  status: number;
  durationMs: number;
  /** The injected fault kind, when one applied. */
  fault?: string;
}

const HEADERS_OF_INTEREST = [
  'authorization', 'prefer', 'accept', 'odata-version', 'odata-maxversion', 'if-none-match', 'content-type', 'user-agent',
];

/** Keeps the scheme and who, never a secret: Basic shows the user name, Bearer a short prefix. */
function summarizeAuthorization(value: string): string {
  const [scheme = '', credentials = ''] = value.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    return `Basic user=${user}`;
  }
  if (scheme.toLowerCase() === 'bearer') return credentials ? `Bearer ${credentials.slice(0, 8)}…` : 'Bearer (empty)';
  return scheme;
}

export function pickHeadersOfInterest(headers: IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of HEADERS_OF_INTEREST) {
    const value = headerValue(headers, name);
    if (value === undefined) continue;
    picked[name] = name === 'authorization' ? summarizeAuthorization(value) : value;
  }
  return picked;
}

export class RequestLog {
  readonly capacity: number;
  private entries: RequestLogEntry[] = [];
  private total = 0;

  constructor(capacity = 5000) {
    this.capacity = capacity;
  }

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.total, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  /** Entries still held, oldest first; `sinceSeq` keeps only later ones. */
  list(sinceSeq = 0): RequestLogEntry[] {
    return this.entries.filter((entry) => entry.seq > sinceSeq);
  }

  /** Requests answered since the last clear (including ones that fell out of the buffer). */
  count(): number {
    return this.total;
  }

  clear(): void {
    this.entries = [];
    this.total = 0;
  }
}
