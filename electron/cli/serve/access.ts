/**
 * Who may call the API of `serve`: a request must name this server in its Host header (DNS
 * rebinding), and carry the session cookie that the one-time start link hands out.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'cep_session';

export class AccessControl {
  readonly #allowedHosts: Set<string>;
  readonly #session = randomBytes(32).toString('base64url');
  #loginToken: string | undefined = randomBytes(24).toString('base64url');

  constructor(host: string, port: number) {
    const names = new Set([host, 'localhost', '127.0.0.1', '[::1]']);
    this.#allowedHosts = new Set([...names].map((name) => `${name}:${port}`.toLowerCase()));
  }

  /** The token of the link printed at start; it works once, then the cookie carries the session. */
  get loginToken(): string | undefined {
    return this.#loginToken;
  }

  hostAllowed(request: IncomingMessage): boolean {
    const host = request.headers.host?.toLowerCase();
    return host !== undefined && this.#allowedHosts.has(host);
  }

  /** Exchanges the one-time token for the session cookie value. */
  redeem(token: string | null): string | undefined {
    if (token === null || this.#loginToken === undefined || !sameText(token, this.#loginToken)) return undefined;
    this.#loginToken = undefined;
    return this.#session;
  }

  hasSession(request: IncomingMessage): boolean {
    const cookie = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    return cookie !== undefined && sameText(cookie, this.#session);
  }

  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.#session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(';') ?? []) {
    const [name, ...rest] = part.trim().split('=');
    if (name) cookies[name] = rest.join('=');
  }
  return cookies;
}
