/**
 * The HTTP transport of the API contract: `POST /api/<method>` with a JSON array of arguments, and
 * server-sent events at `/api/events` for the pushed topics. Generic over method names: exactly the
 * contract's methods are reachable, each argument list checked before the service sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_METHODS, type ApiMethod, type PollerApi, type PushTopic, type PushTopics } from '../../../shared/api.ts';
import { checkArguments, InvalidArgumentsError } from '../../../shared/apiArguments.ts';
import { SecretStoreError } from '../../engine/secrets/secretStore.ts';
import { ServiceError } from '../../engine/service/pollerService.ts';

const MAX_BODY_BYTES = 6 * 1024 * 1024;
const METHODS = new Set<string>(API_METHODS);

export interface PushSource {
  subscribe(listener: (topic: PushTopic, payload: PushTopics[PushTopic]) => void): () => void;
}

export async function handleApiCall(api: PollerApi, method: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!METHODS.has(method)) return sendJson(response, 404, { error: `no API method "${method}"` });
  if (request.method !== 'POST') return sendJson(response, 405, { error: 'use POST with a JSON array of arguments' }, { Allow: 'POST' });
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return sendJson(response, 415, { error: 'send Content-Type: application/json' });
  let args: unknown[];
  try {
    const body = await readBody(request);
    args = checkArguments(method as ApiMethod, body === '' ? [] : (JSON.parse(body) as unknown));
  } catch (error) {
    const known = error instanceof InvalidArgumentsError || error instanceof SyntaxError || error instanceof BodyTooLargeError;
    return sendJson(response, known ? 400 : 500, { error: (error as Error).message });
  }
  try {
    const call = api[method as ApiMethod] as (...parameters: unknown[]) => Promise<unknown>;
    const result = await call.apply(api, args);
    sendJson(response, 200, result ?? null);
  } catch (error) {
    if (error instanceof ServiceError) return sendJson(response, 422, { error: error.message, problems: error.problems });
    // Read-only env secrets, an unreachable keychain: the user has to act, the server is fine.
    if (error instanceof SecretStoreError) return sendJson(response, 422, { error: error.message });
    sendJson(response, 500, { error: (error as Error).message });
  }
}

/** Pushed topics as server-sent events: `event: <topic>` and the JSON payload as data. */
export function streamEvents(source: PushSource, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  response.write(': connected\n\n');
  const unsubscribe = source.subscribe((topic, payload) => response.write(`event: ${topic}\ndata: ${JSON.stringify(payload)}\n\n`));
  // A comment every 25 s keeps proxies and idle timeouts from closing the stream.
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 25_000);
  request.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }).end(JSON.stringify(body));
}

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
