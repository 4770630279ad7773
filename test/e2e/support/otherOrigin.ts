/**
 * The attacker of the session tests: another local HTTP server (same host, another port, so
 * another origin but the same site for cookies) that records everything a browser sends it, and a
 * replay of those requests from outside the browser to `serve`.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { listenOnLoopback } from '../../support/loopback.ts';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface OtherOrigin {
  url: string;
  received: CapturedRequest[];
  close(): Promise<void>;
}

export async function startOtherOrigin(): Promise<OtherOrigin> {
  const received: CapturedRequest[] = [];
  const server: Server = createServer((request, response) => {
    received.push({ method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers });
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Another local server</title><h1>Another local server</h1>');
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Headers that describe the connection or the body, not who is asking: never replayed. */
const CONNECTION_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade']);

/**
 * Sends `headers` (everything another server received from the browser) to `serve` at `target`,
 * as a request from outside the browser would, and returns the status. An event stream that opens
 * (200) is closed at once: its status is the answer.
 */
export function replay(target: string, options: { method: 'GET' | 'POST'; path: string; headers: IncomingHttpHeaders; body?: string }): Promise<number> {
  const url = new URL(options.path, target);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(options.headers)) if (value !== undefined && !CONNECTION_HEADERS.has(name)) headers[name] = value;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method: options.method, path: url.pathname, headers: { ...headers, host: url.host }, agent: false }, (response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
