/**
 * The attacker: a second local HTTP server on another port (so another origin) that records every
 * request it receives, and a search of those requests for secrets in any form a client may send
 * them (plain, form-encoded, inside a Basic header).
 */
import { startTestApi, type Handler, type SeenRequest, type TestApi } from './testApi.ts';

export type Attacker = TestApi;

export function startAttacker(routes: Record<string, Handler> = {}): Promise<Attacker> {
  return startTestApi(routes);
}

/** Everything a request carried, as text: path and query, every header value (Basic decoded), the body (form decoded). */
function carried(request: SeenRequest): string {
  const headers = Object.values(request.headers).flat().filter((value): value is string => typeof value === 'string');
  const basic = headers.flatMap((value) => {
    const match = /^Basic\s+(\S+)/i.exec(value);
    return match ? [Buffer.from(match[1] as string, 'base64').toString('utf8')] : [];
  });
  let form = '';
  try {
    form = decodeURIComponent(request.body.replace(/\+/g, ' '));
  } catch {
    form = request.body;
  }
  let url = request.url;
  try {
    url = decodeURIComponent(request.url);
  } catch {
    // kept as sent
  }
  return [url, ...headers, ...basic, request.body, form].join('\n');
}

/** The secrets (of those given) that reached the attacker in any request. */
export function secretsReceived(attacker: Attacker, secrets: readonly string[]): string[] {
  const seen = attacker.requests.map(carried).join('\n');
  return secrets.filter((secret) => seen.includes(secret));
}

/** Names of credential-bearing headers the attacker received (Authorization, Cookie, the custom header given). */
export function credentialHeadersReceived(attacker: Attacker, extra: readonly string[] = []): string[] {
  const names = ['authorization', 'proxy-authorization', 'cookie', ...extra.map((name) => name.toLowerCase())];
  return attacker.requests.flatMap((request) => names.filter((name) => request.headers[name] !== undefined));
}
