/** How `serve` answers: the headers every response carries, JSON replies, and request bodies read up to a cap. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../../../shared/contentSecurityPolicy.ts';
import type { ApiErrorBody } from '../../../shared/transport.ts';

/** On every response: no page of another origin frames, sniffs or learns where the window was (no Referer). */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * Answers with JSON once the request's body is all read (what is left of it is dropped): a client
 * still sending when the answer comes would otherwise have the connection closed under it (Node
 * closes one whose request was not read to the end) and see a reset, not this answer. The server's
 * requestTimeout bounds how long a client may keep sending.
 */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const send = () => response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...headers }).end(JSON.stringify(body));
  const request = response.req;
  if (request.complete) return void send();
  request.removeAllListeners('data');
  request.once('end', send);
  request.resume();
}

/** A request whose body is larger than its route takes: answered 413. */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`the request body is over the limit of ${formatBytes(limit)}; send less (import or save fewer or smaller instances at a time)`);
  }
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** The body as text, refused with BodyTooLargeError once it passes `limit` bytes (announced or counted); sendJson drops the rest. */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) return reject(new BodyTooLargeError(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        request.removeAllListeners('data');
        reject(new BodyTooLargeError(limit));
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Refuses (and answers) a request that is not a POST of JSON; true when it may go on. */
export function acceptsJsonPost(request: IncomingMessage, response: ServerResponse, what: string): boolean {
  if (request.method !== 'POST') {
    sendJson(response, 405, { kind: 'invalid-request', error: `use POST with ${what}` } satisfies ApiErrorBody, { Allow: 'POST' });
    return false;
  }
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
    sendJson(response, 415, { kind: 'invalid-request', error: 'send Content-Type: application/json' } satisfies ApiErrorBody);
    return false;
  }
  return true;
}
