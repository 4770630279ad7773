/** The HTTP server of `crm-event-poller serve`: the API, its event stream and the window, on loopback by default. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PollerApi } from '../../../shared/api.ts';
import { AccessControl } from './access.ts';
import { handleApiCall, sendJson, streamEvents, type PushSource } from './httpApi.ts';
import { serveStatic } from './staticFiles.ts';

export interface ServeOptions {
  host: string;
  port: number;
  /** The built renderer. */
  staticRoot: string;
}

export interface RunningServer {
  url: string;
  /** The one-time link that lets a browser in. */
  loginUrl: string;
  port: number;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startHttpServer(api: PollerApi & PushSource, options: ServeOptions): Promise<RunningServer> {
  // Made once the port is known; no request is handled before listen() has returned.
  const guards: { access?: AccessControl } = {};
  const server: Server = createServer((request, response) => {
    const guard = guards.access as AccessControl;
    if (!guard.hostAllowed(request)) return sendJson(response, 403, { error: 'this server answers only requests addressed to it by its own host name' });
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.searchParams.has('token')) {
      const session = guard.redeem(url.searchParams.get('token'));
      if (!session) return sendJson(response, 401, { error: 'this link was already used or is wrong: restart `crm-event-poller serve` for a new one' });
      response.writeHead(303, { Location: '/', 'Set-Cookie': guard.sessionCookie(), 'Cache-Control': 'no-store' }).end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!guard.hasSession(request)) return sendJson(response, 401, { error: 'open the link printed by `crm-event-poller serve` to sign in' });
      if (url.pathname === '/api/events') return streamEvents(api, request, response);
      void handleApiCall(api, url.pathname.slice('/api/'.length), request, response);
      return;
    }
    void serveStatic(options.staticRoot, url.pathname, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const access = new AccessControl(options.host, port);
  guards.access = access;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    loginUrl: `${url}/?token=${access.loginToken}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
