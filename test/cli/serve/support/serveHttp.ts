/** Plain HTTP to `crm-event-poller serve`, as a client outside any browser sends it: the sign-in exchange and API calls. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Outgoing {
  method?: string;
  path: string;
  /** The Host header; this server's own name by default. */
  host?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function send(port: number, options: Outgoing): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { Host: options.host ?? `127.0.0.1:${port}`, ...options.headers }, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** The one-time token of a sign-in link (`…/#sign-in=<token>`). */
export function tokenOf(loginUrl: string): string {
  const match = /^#sign-in=([\w-]+)$/.exec(new URL(loginUrl).hash);
  if (!match?.[1]) throw new Error(`not a sign-in link: ${loginUrl}`);
  return match[1];
}

export function exchange(port: number, token: string): Promise<Reply> {
  return send(port, { method: 'POST', path: '/session/sign-in', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
}

/** Signs in with the link's token, as the window's page does, and returns the session secret. */
export async function signIn(loginUrl: string): Promise<string> {
  const port = Number(new URL(loginUrl).port);
  const reply = await exchange(port, tokenOf(loginUrl));
  const session = reply.status === 200 ? (JSON.parse(reply.body) as { session?: string }).session : undefined;
  if (!session) throw new Error(`sign-in failed: ${reply.status} ${reply.body}`);
  return session;
}

export function bearer(session: string): Record<string, string> {
  return { Authorization: `Bearer ${session}` };
}

export function callApi(port: number, session: string, method: string, args: unknown[] = []): Promise<Reply> {
  return send(port, { method: 'POST', path: `/api/${method}`, headers: { ...bearer(session), 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
}
