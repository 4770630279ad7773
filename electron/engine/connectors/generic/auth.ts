/** Authentication of the generic element: none, basic, bearer, a custom header, or OAuth 2 client credentials. */
import type { ConnectorContext } from '../types.ts';
import { ConnectorError } from '../errors.ts';
import type { HttpClient } from '../http.ts';

export const AUTH_TYPES = ['none', 'basic', 'bearer', 'header', 'oauth2'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface Authenticator {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** After a 401: drop a cached token so the next request fetches a new one; false when nothing can change. */
  invalidate(): boolean;
}

export function createAuthenticator(context: ConnectorContext, http: HttpClient): Authenticator {
  const config = context.instance.configuration;
  const type = String(config['auth.type'] ?? 'none') as AuthType;
  const required = async (key: string): Promise<string> => {
    const value = (await context.secret(key)) ?? (typeof config[key] === 'string' ? (config[key] as string) : undefined);
    if (!value) throw new ConnectorError('auth', `"${key}" is not set: save it in the instance's credentials`);
    return value;
  };
  const fixed = (make: () => Promise<Record<string, string>>): Authenticator => ({ headers: make, invalidate: () => false });
  switch (type) {
    case 'none':
      return fixed(async () => ({}));
    case 'basic':
      return fixed(async () => ({ Authorization: `Basic ${Buffer.from(`${await required('username')}:${await required('password')}`).toString('base64')}` }));
    case 'bearer':
      return fixed(async () => ({ Authorization: `Bearer ${await required('token')}` }));
    case 'header':
      return fixed(async () => ({ [await required('header.name')]: await required('header.value') }));
    case 'oauth2':
      return clientCredentials(config, required, http);
    default:
      throw new ConnectorError('config', `auth.type "${type}" is not one of ${AUTH_TYPES.join(', ')}`);
  }
}

/** Refresh a minute early so a token never expires between the check and the request. */
const EXPIRY_MARGIN_MS = 60_000;

function clientCredentials(config: Record<string, unknown>, required: (key: string) => Promise<string>, http: HttpClient): Authenticator {
  let token: { value: string; expiresAt: number } | undefined;
  return {
    async headers(signal) {
      if (!token || Date.now() >= token.expiresAt - EXPIRY_MARGIN_MS) token = await fetchToken(config, required, http, signal);
      return { Authorization: `Bearer ${token.value}` };
    },
    invalidate() {
      token = undefined;
      return true;
    },
  };
}

async function fetchToken(config: Record<string, unknown>, required: (key: string) => Promise<string>, http: HttpClient, signal?: AbortSignal) {
  const url = await required('oauth.token.url');
  const form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: await required('oauth.client.id'),
    client_secret: await required('oauth.client.secret'),
  };
  if (typeof config['oauth.scope'] === 'string' && config['oauth.scope'] !== '') form.scope = config['oauth.scope'];
  let response;
  try {
    response = await http.json({ url, method: 'POST', form, signal });
  } catch (error) {
    if (error instanceof ConnectorError && (error.status === 400 || error.status === 401)) {
      throw new ConnectorError('auth', `the OAuth token request was refused: ${error.message}`, { status: error.status, url });
    }
    throw error;
  }
  const body = response.body as { access_token?: unknown; expires_in?: unknown };
  if (typeof body?.access_token !== 'string') throw new ConnectorError('protocol', `${url} returned no access_token`, { url });
  const lifetimeSeconds = Number(body.expires_in ?? 3600);
  return { value: body.access_token, expiresAt: Date.now() + (Number.isFinite(lifetimeSeconds) ? lifetimeSeconds : 3600) * 1000 };
}
