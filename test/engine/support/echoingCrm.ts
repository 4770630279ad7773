/**
 * A hostile (or merely careless) CRM on a real local port: every request fails, and the error page
 * echoes what the request carried: each header (Authorization, the API key…), the password of a
 * Basic credential in plain and percent-encoded, a token the client sent. What a debug page of a
 * misconfigured server does.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenOnLoopback } from '../../support/loopback.ts';

/** How the failure looks: an HTML page (500), an OAuth/OData-style JSON error (401), a form-style text (400). */
export type EchoShape = 'html' | 'json' | 'text';

export interface EchoingCrm {
  url: string;
  shape: EchoShape;
  /** Every request's headers, in arrival order. */
  requests: IncomingMessage['headers'][];
  close(): Promise<void>;
}

function basicPassword(authorization: string | undefined): string {
  const match = /^Basic (.+)$/.exec(authorization ?? '');
  if (!match?.[1]) return '';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

function headerDump(request: IncomingMessage): string {
  return Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
}

function page(shape: EchoShape, request: IncomingMessage): { status: number; type: string; body: string } {
  const password = basicPassword(request.headers.authorization);
  const said = `you sent ${headerDump(request).replace(/\n/g, '; ')}; password ${password} (${encodeURIComponent(password)})`;
  switch (shape) {
    case 'html':
      return {
        status: 500,
        type: 'text/html',
        body: `<html><body><h1>Error</h1><pre>${headerDump(request)}</pre><p>login as ${password} / ${encodeURIComponent(password)}</p></body></html>`,
      };
    case 'json':
      return { status: 401, type: 'application/json', body: JSON.stringify({ error: { code: 'denied', message: `access denied: ${said}` }, headers: request.headers }) };
    case 'text':
      return { status: 400, type: 'text/plain', body: `bad request: password=${encodeURIComponent(password)}&authorization=${encodeURIComponent(request.headers.authorization ?? '')} ${said}` };
  }
}

export async function startEchoingCrm(shape: EchoShape): Promise<EchoingCrm> {
  const requests: IncomingMessage['headers'][] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    const { status, type, body } = page(shape, request);
    response.writeHead(status, { 'Content-Type': type, Date: new Date().toUTCString() }).end(body);
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    shape,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
