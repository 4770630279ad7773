/**
 * OAuth 2 client credentials (RFC 6749 §4.4), the client authenticating with `client_secret_post`
 * (id and secret in the form, the default) or `client_secret_basic` (an HTTP Basic header, which
 * RFC 6749 §2.3.1 obliges every server to accept): `oauth.client.authentication`.
 * Tokens are cached per token URL, client, secret and scope for the life of the process (the engine
 * makes a connector per poll, and a token usually outlives many polls), renewed shortly before they
 * expire, and dropped after a 401 so the request is retried once with a new one.
 */
import { createHash } from 'node:crypto';
import { OAUTH_CLIENT_AUTHENTICATIONS, type OAuthClientAuthentication } from '../../../../shared/config/generic.ts';
import { ConnectorError, describeErrorBody } from '../errors.ts';
import { originOf } from '../../../../shared/config/origins.ts';
import type { CredentialScope, HttpClient } from '../http.ts';
import { TokenCache, type CachedToken } from '../tokenCache.ts';
import type { Authenticator, CredentialReader } from './authenticator.ts';

interface Token extends CachedToken {
  value: string;
}

interface TokenRequest {
  url: string;
  form: Record<string, string>;
  headers: Record<string, string>;
  method: OAuthClientAuthentication;
  cacheKey: string;
}

/** Assumed when the server does not say (RFC 6749 makes expires_in optional); a 401 renews it earlier. */
const DEFAULT_LIFETIME_S = 3600;
const MAX_MARGIN_MS = 60_000;

/** By token URL, client, secret, scope and client authentication. */
const tokens = new TokenCache<Token>();

export interface ClientCredentialsOptions {
  scope?: unknown;
  /** `oauth.client.authentication`; absent or empty means client_secret_post. */
  authentication?: unknown;
}

export function clientCredentials(read: CredentialReader, options: ClientCredentialsOptions, http: HttpClient): Authenticator {
  let request: Promise<TokenRequest> | undefined;
  let used: { key: string; entry: Promise<Token> } | undefined;
  return {
    sendsCredentials: true,
    async headers(signal) {
      request ??= tokenRequest(read, options);
      const tokenRequestValue = await request;
      const { token, entry } = await tokens.current(tokenRequestValue.cacheKey, () => fetchToken(http, tokenRequestValue, signal));
      used = { key: tokenRequestValue.cacheKey, entry };
      return { Authorization: `Bearer ${token.value}` };
    },
    invalidate() {
      // Only the token this connector used: another poll may already have renewed it.
      if (used) tokens.forget(used.key, used.entry);
      return true;
    },
  };
}

async function tokenRequest(read: CredentialReader, options: ClientCredentialsOptions): Promise<TokenRequest> {
  const method = clientAuthentication(options.authentication);
  const url = await read('oauth.token.url');
  const clientId = await read('oauth.client.id');
  const clientSecret = await read('oauth.client.secret');
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  const headers: Record<string, string> = {};
  if (method === 'client_secret_basic') {
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
    const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
    headers.Authorization = `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`, 'utf8').toString('base64')}`;
  } else {
    form.client_id = clientId;
    form.client_secret = clientSecret;
  }
  if (typeof options.scope === 'string' && options.scope.trim() !== '') form.scope = options.scope.trim();
  const cacheKey = createHash('sha256').update(JSON.stringify([url, clientId, clientSecret, form.scope ?? '', method])).digest('hex');
  return { url, form, headers, method, cacheKey };
}

function clientAuthentication(value: unknown): OAuthClientAuthentication {
  if (value === undefined || value === null || value === '') return 'client_secret_post';
  const method = OAUTH_CLIENT_AUTHENTICATIONS.find((candidate) => candidate === value);
  if (method) return method;
  throw new ConnectorError('config', `oauth.client.authentication ${JSON.stringify(value)} is not one of ${OAUTH_CLIENT_AUTHENTICATIONS.join(', ')}`);
}

async function fetchToken(http: HttpClient, request: TokenRequest, signal?: AbortSignal): Promise<Token> {
  const { url, form, headers } = request;
  const requestedAt = Date.now();
  // The client secret is for the token endpoint's origin only.
  const credentials: CredentialScope = { origins: [originOf(url) ?? url], ifElsewhere: 'is the token endpoint, set oauth.token.url to it' };
  let body: unknown;
  try {
    body = (await http.json({ url, method: 'POST', form, headers, credentials, signal })).body;
  } catch (error) {
    throw refused(error, request);
  }
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof fields.access_token !== 'string' || fields.access_token === '') {
    if (typeof fields.error === 'string') {
      throw new ConnectorError('auth', `the OAuth token request to ${url} was refused: ${describeErrorBody(JSON.stringify(fields))}; ${advice(request, fields.error)}`, { url });
    }
    throw new ConnectorError('protocol', `${url} answered the OAuth token request without an access_token; check oauth.token.url`, { url });
  }
  const lifetime = Number(fields.expires_in);
  const lifetimeMs = (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_S) * 1000;
  return { value: fields.access_token, expiresAt: requestedAt + lifetimeMs, marginMs: Math.min(MAX_MARGIN_MS, lifetimeMs / 10) };
}

/** What to check; a refused client may be one sending its secret the way this server does not take. */
function advice(request: TokenRequest, oauthError: unknown): string {
  const base = 'check oauth.client.id, the client secret and oauth.scope';
  if (oauthError !== 'invalid_client') return base;
  const other = request.method === 'client_secret_post' ? 'client_secret_basic' : 'client_secret_post';
  return `${base}; if they are right, the server may want them sent another way: set oauth.client.authentication to "${other}"`;
}

/** A 4xx from the token endpoint means the client credentials were refused (RFC 6749 §5.2), whatever its status. */
function refused(error: unknown, request: TokenRequest): unknown {
  if (!(error instanceof ConnectorError) || error.status === undefined || error.status < 400 || error.status >= 500 || error.status === 429) return error;
  const oauthError = /\binvalid_client\b/.test(error.message) ? 'invalid_client' : undefined;
  return new ConnectorError('auth', `the OAuth token request was refused: ${error.message}; ${advice(request, oauthError)}`, { status: error.status, url: request.url, cause: error });
}
