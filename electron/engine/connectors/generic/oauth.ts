/**
 * OAuth 2 client credentials (RFC 6749 §4.4), the client authenticating with `client_secret_post`.
 * Tokens are cached per token URL, client, secret and scope for the life of the process (the engine
 * makes a connector per poll, and a token usually outlives many polls), renewed shortly before they
 * expire, and dropped after a 401 so the request is retried once with a new one.
 */
import { createHash } from 'node:crypto';
import { ConnectorError, describeErrorBody } from '../errors.ts';
import type { HttpClient } from '../http.ts';
import type { Authenticator, CredentialReader } from './auth.ts';

interface Token {
  value: string;
  expiresAt: number;
  /** Renew this long before expiresAt, so a token never expires between the check and the request. */
  marginMs: number;
}

interface TokenRequest {
  url: string;
  form: Record<string, string>;
  cacheKey: string;
}

/** Assumed when the server does not say (RFC 6749 makes expires_in optional); a 401 renews it earlier. */
const DEFAULT_LIFETIME_S = 3600;
const MAX_MARGIN_MS = 60_000;
const MAX_CACHED = 64;

/** In-flight or settled token requests; one request serves every poll that needs the same token. */
const tokens = new Map<string, Promise<Token>>();

export function clientCredentials(read: CredentialReader, scope: unknown, http: HttpClient): Authenticator {
  let request: Promise<TokenRequest> | undefined;
  let used: { key: string; entry: Promise<Token> } | undefined;
  return {
    sendsCredentials: true,
    async headers(signal) {
      request ??= tokenRequest(read, scope);
      const { cacheKey, url, form } = await request;
      const { token, entry } = await currentToken(cacheKey, () => fetchToken(http, url, form, signal));
      used = { key: cacheKey, entry };
      return { Authorization: `Bearer ${token.value}` };
    },
    invalidate() {
      // Only the token this connector used: another poll may already have renewed it.
      if (used && tokens.get(used.key) === used.entry) tokens.delete(used.key);
      return true;
    },
  };
}

async function tokenRequest(read: CredentialReader, scope: unknown): Promise<TokenRequest> {
  const url = await read('oauth.token.url');
  const form: Record<string, string> = { grant_type: 'client_credentials', client_id: await read('oauth.client.id'), client_secret: await read('oauth.client.secret') };
  if (typeof scope === 'string' && scope.trim() !== '') form.scope = scope.trim();
  const cacheKey = createHash('sha256').update(JSON.stringify([url, form.client_id, form.client_secret, form.scope ?? ''])).digest('hex');
  return { url, form, cacheKey };
}

/** The cached token while it is fresh, else a new request, shared by every caller until it settles. */
async function currentToken(key: string, fetch: () => Promise<Token>): Promise<{ token: Token; entry: Promise<Token> }> {
  for (let entry = tokens.get(key); entry !== undefined; entry = tokens.get(key)) {
    const token = await entry.catch(() => undefined);
    if (tokens.get(key) !== entry) continue; // failed and removed, or replaced meanwhile: look again
    if (token && Date.now() < token.expiresAt - token.marginMs) return { token, entry };
    tokens.delete(key);
  }
  const entry = fetch();
  tokens.set(key, entry);
  entry.catch(() => {
    if (tokens.get(key) === entry) tokens.delete(key);
  });
  if (tokens.size > MAX_CACHED) tokens.delete(tokens.keys().next().value as string);
  return { token: await entry, entry };
}

async function fetchToken(http: HttpClient, url: string, form: Record<string, string>, signal?: AbortSignal): Promise<Token> {
  const requestedAt = Date.now();
  let body: unknown;
  try {
    body = (await http.json({ url, method: 'POST', form, signal })).body;
  } catch (error) {
    throw refused(error, url);
  }
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof fields.access_token !== 'string' || fields.access_token === '') {
    if (typeof fields.error === 'string') {
      throw new ConnectorError('auth', `the OAuth token request to ${url} was refused: ${describeErrorBody(JSON.stringify(fields))}; ${ADVICE}`, { url });
    }
    throw new ConnectorError('protocol', `${url} answered the OAuth token request without an access_token; check oauth.token.url`, { url });
  }
  const lifetime = Number(fields.expires_in);
  const lifetimeMs = (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_S) * 1000;
  return { value: fields.access_token, expiresAt: requestedAt + lifetimeMs, marginMs: Math.min(MAX_MARGIN_MS, lifetimeMs / 10) };
}

const ADVICE = 'check oauth.client.id, the client secret and oauth.scope';

/** A 4xx from the token endpoint means the client credentials were refused (RFC 6749 §5.2), whatever its status. */
function refused(error: unknown, url: string): unknown {
  if (!(error instanceof ConnectorError) || error.status === undefined || error.status < 400 || error.status >= 500 || error.status === 429) return error;
  return new ConnectorError('auth', `the OAuth token request was refused: ${error.message}; ${ADVICE}`, { status: error.status, url, cause: error });
}
