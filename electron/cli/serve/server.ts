/**
 * The HTTP server of `crm-event-poller serve`: the API, its event stream and the window, on loopback
 * by default. Every request must name this server (HostCheck); the API and the event stream also
 * need a live session's secret as `Authorization: Bearer` (sessions.ts says why never a cookie);
 * the window's static files are public, they hold no secret.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGN_IN_FRAGMENT, SIGN_IN_PATH, SIGN_OUT_PATH } from '../../../shared/serveSession.ts';
import type { ApiErrorBody } from '../../../shared/transport.ts';
import type { ApiDispatcher } from '../../engine/service/dispatcher.ts';
import { bearerSecret, HostCheck } from './access.ts';
import { ConnectionCap } from './connections.ts';
import { EventStreams } from './eventStream.ts';
import { handleApiCall } from './httpApi.ts';
import { sendJson } from './responses.ts';
import { newLink, notSignedIn, signIn, signOut, type Control } from './sessionRoutes.ts';
import { DEFAULT_SESSION_IDLE_MS, digest, newSecret, Sessions } from './sessions.ts';
import { serveStatic } from './staticFiles.ts';

/** Connections held at most: far below the open-file limits of desktops, far above what a few browser tabs use. */
export const MAX_CONNECTIONS = 256;

/**
 * A client gets this long to send its headers, then its whole request; an idle keep-alive
 * connection is closed after KEEP_ALIVE_MS; the timeouts are checked every second.
 */
const TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 60_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 };

export interface ServeOptions {
  host: string;
  port: number;
  /** The built renderer. */
  staticRoot: string;
  /** A session unused this long ends (default 30 minutes). */
  sessionIdleMs?: number;
  /** The clock of the sessions and links (tests move it). */
  now?: () => number;
}

export interface RunningServer {
  url: string;
  /** The first one-time link that lets a browser in. */
  loginUrl: string;
  port: number;
  /** Makes a new one-time link (an unused earlier one stops working). */
  newSignInLink(): string;
  /** The secret that `/control/new-link` asks for (kept in the data dir's control file). */
  controlToken: string;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startHttpServer(dispatcher: ApiDispatcher, options: ServeOptions): Promise<RunningServer> {
  const sessions = new Sessions({ idleMs: options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS, now: options.now ?? Date.now });
  const streams = new EventStreams(dispatcher);
  const controlToken = newSecret();
  const controlDigest = digest(controlToken);
  // Set once the port is known; no request is handled before listen() has returned.
  const known: { hosts?: HostCheck; control?: Control } = {};

  const server: Server = createServer(TIMEOUTS, (request, response) => {
    if (!(known.hosts as HostCheck).allows(request)) return sendJson(response, 403, { kind: 'refused', error: 'this server answers only requests addressed to it by its own host name' } satisfies ApiErrorBody);
    const { pathname } = new URL(request.url ?? '/', 'http://placeholder');
    if (pathname === SIGN_IN_PATH) return void signIn(sessions, request, response);
    if (pathname === SIGN_OUT_PATH) return signOut(sessions, request, response);
    if (pathname === '/control/new-link') return newLink(known.control as Control, request, response);
    if (pathname.startsWith('/api/')) return apiRequest(pathname.slice('/api/'.length), request, response);
    cap.hold(request, response);
    void serveStatic(options.staticRoot, pathname, response);
  });

  const cap = new ConnectionCap(server, MAX_CONNECTIONS);

  function apiRequest(method: string, request: IncomingMessage, response: ServerResponse): void {
    const session = sessions.use(bearerSecret(request));
    if (!session) return notSignedIn(response, sessions);
    cap.hold(request, response);
    if (method !== 'events') return void handleApiCall(dispatcher, method, request, response);
    const forget = sessions.onEnd(session, streams.open(request, response));
    request.on('close', forget);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}`;
  // The token rides in the fragment, which a browser never sends: not to this server's logs, not in a Referer.
  const newSignInLink = () => `${url}/${SIGN_IN_FRAGMENT}${sessions.newLinkToken()}`;
  known.hosts = new HostCheck(options.host, port);
  known.control = { allows: (secret) => secret !== undefined && digest(secret) === controlDigest, newLink: newSignInLink };
  // Sessions also end on their own, so that an open event stream of an unused one closes on time.
  const sweep = setInterval(() => sessions.endIdle(), Math.min(sessions.idleMs, 60_000)).unref();

  return {
    url,
    loginUrl: newSignInLink(),
    port,
    newSignInLink,
    controlToken,
    close: () =>
      new Promise((resolve) => {
        clearInterval(sweep);
        sessions.endAll();
        streams.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
