/**
 * A configurable JSON API on 127.0.0.1 for the connector tests: each test routes paths to handlers,
 * and every request is recorded (method, path with query as sent, headers, body) to assert on.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../../support/loopback.ts';

export interface SeenRequest {
  method: string;
  /** Path and query exactly as they arrived. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse, api: TestApi) => void | Promise<void>;

export interface TestApi {
  url: string;
  requests: SeenRequest[];
  /** Requests to one path (without query). */
  requestsTo(path: string): SeenRequest[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export async function startTestApi(routes: Record<string, Handler> = {}): Promise<TestApi> {
  const handlers = new Map(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const parsed = new URL(incoming.url ?? '/', 'http://localhost');
      const request: SeenRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const handler = handlers.get(parsed.pathname);
      if (!handler) return sendJson(response, 404, { message: `no route ${parsed.pathname}` });
      Promise.resolve(handler(request, response, api)).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { message: String(error) });
      });
    });
  });
  const port = await listenOnLoopback(server);
  const api: TestApi = {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    route: (path, handler) => handlers.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function sendText(response: ServerResponse, status: number, text: string, contentType = 'text/html; charset=utf-8', headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': contentType, ...headers }).end(text);
}

/** A port nothing listens on (a server opened and closed again). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Records `r1…rN`, enough for paging tests. */
export function records(count: number): { id: string; name: string }[] {
  return Array.from({ length: count }, (_, index) => ({ id: `r${index + 1}`, name: `record ${index + 1}` }));
}

/** The usual paged handlers over a fixed list of records. */
export const paged = {
  offset:
    (items: unknown[]): Handler =>
    (request, response) => {
      const offset = Number(request.query.get('offset') ?? 0);
      const limit = Number(request.query.get('limit') ?? items.length);
      sendJson(response, 200, { data: items.slice(offset, offset + limit) });
    },
  page:
    (items: unknown[], firstPage = 1): Handler =>
    (request, response) => {
      const size = Number(request.query.get('per_page') ?? items.length);
      const page = Number(request.query.get('page') ?? firstPage) - firstPage;
      sendJson(response, 200, { data: items.slice(page * size, (page + 1) * size) });
    },
};
