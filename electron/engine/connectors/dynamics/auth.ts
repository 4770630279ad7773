/**
 * Signing in to Dynamics: OAuth 2 against AD FS (`/adfs/oauth2/token` with `resource`, on-premises)
 * or Azure AD (`/{tenant}/oauth2/v2.0/token` with a scope, online), with the user's name and password
 * (the password grant) or as an application (client credentials).
 *
 * The authority is `oauth.authority` when set, else discovered from the Web API's 401 challenge
 * (`WWW-Authenticate: Bearer authorization_uri=…, resource_id=…`). A discovered authority gets the
 * password (or client secret) only when it is approved: the organization's own origin, Microsoft's
 * sign-in hosts for an online organization, or an origin the user trusted for this instance after
 * the question "this server names … as its sign-in authority; trust it?". Tokens live in memory only, shared
 * by every poll of the process, renewed shortly before they expire (with the refresh token when there
 * is one) and once after a 401.
 */
import { createHash } from 'node:crypto';
import type { DynamicsEndpoint } from '../../../../shared/config/dynamics.ts';
import { isLoopbackHost } from '../../../../shared/config/hosts.ts';
import { ConnectorError, missingSecret } from '../errors.ts';
import type { CredentialScope, HttpClient } from '../http.ts';
import { TokenCache, type CachedToken } from '../tokenCache.ts';
import type { ConnectorContext } from '../types.ts';

/**
 * The client id when `oauth.client.id` is not set: Microsoft's public sample client for Dynamics,
 * usable for the password grant against Azure AD. UNCONFIRMED for AD FS, where an administrator
 * registers the client (`Add-AdfsClient`) and its id must then be set as oauth.client.id.
 */
export const DEFAULT_CLIENT_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';

export interface Authority {
  kind: 'adfs' | 'azure';
  tokenUrl: string;
  /** The CRM as the identity provider names it (`https://org.crm.dynamics.com/`). */
  resource: string;
}

interface Credentials {
  grant: 'password' | 'client_credentials';
  clientId: string;
  clientSecret?: string;
  username?: string;
  password?: string;
}

interface Token extends CachedToken {
  accessToken: string;
  refreshToken?: string;
}

/** Assumed when the token answer has no expires_in; a 401 renews it earlier. */
const DEFAULT_LIFETIME_S = 3600;
const MAX_MARGIN_MS = 5 * 60_000;

/** Tokens by token URL, resource, grant and credentials. */
const tokens = new TokenCache<Token>();
/** Discovered authorities by API URL. */
const authorities = new Map<string, Promise<Authority>>();

export interface DynamicsAuth {
  /** `Bearer …` for the next request, signing in or renewing first when needed. */
  authorization(signal?: AbortSignal): Promise<string>;
  /** After a 401: the token this connector used is renewed at the next request. */
  invalidate(): void;
}

export function createDynamicsAuth(context: ConnectorContext, endpoint: DynamicsEndpoint, http: HttpClient): DynamicsAuth {
  let authority: Promise<Authority> | undefined;
  let credentials: Promise<Credentials> | undefined;
  let used: Token | undefined;
  return {
    async authorization(signal) {
      authority ??= findAuthority(context, endpoint, http, signal);
      credentials ??= readCredentials(context);
      const [where, who] = await Promise.all([authority, credentials]);
      used = (await tokens.current(cacheKey(where, who), (previous) => obtainToken(http, where, who, previous, signal))).token;
      return `Bearer ${used.accessToken}`;
    },
    invalidate() {
      // Marks it expired rather than dropping it: its refresh token can still get the next one.
      if (used) used.expiresAt = 0;
    },
  };
}

async function readCredentials(context: ConnectorContext): Promise<Credentials> {
  const config = context.instance.configuration;
  const text = (key: string) => (typeof config[key] === 'string' && (config[key] as string).trim() !== '' ? (config[key] as string).trim() : undefined);
  const secret = async (key: string) => (await context.secret(key)) ?? (typeof config[key] === 'string' && config[key] !== '' ? (config[key] as string) : undefined);
  const configuredClient = text('oauth.client.id');
  const clientSecret = await secret('oauth.client.secret');
  const username = text('user.username');
  if (username !== undefined) {
    const password = await secret('user.password');
    if (password === undefined) throw missingSecret(context, 'user.password', 'the Dynamics password (user.password) is not set');
    return { grant: 'password', clientId: configuredClient ?? DEFAULT_CLIENT_ID, clientSecret, username, password };
  }
  if (configuredClient !== undefined) {
    if (clientSecret === undefined) throw missingSecret(context, 'oauth.client.secret', 'oauth.client.secret is not set (or set user.username and user.password)');
    return { grant: 'client_credentials', clientId: configuredClient, clientSecret };
  }
  throw new ConnectorError('config', 'no Dynamics credentials: set user.username and user.password, or oauth.client.id and oauth.client.secret');
}

function cacheKey(authority: Authority, credentials: Credentials): string {
  const parts = [authority.tokenUrl, authority.resource, credentials.grant, credentials.clientId, credentials.clientSecret ?? '', credentials.username ?? '', credentials.password ?? ''];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A new token: by the refresh token when there is one (falling back to signing in again), else by signing in. */
async function obtainToken(http: HttpClient, authority: Authority, credentials: Credentials, previous: Token | undefined, signal?: AbortSignal): Promise<Token> {
  if (previous?.refreshToken) {
    const form: Record<string, string> = { grant_type: 'refresh_token', client_id: credentials.clientId, refresh_token: previous.refreshToken };
    if (credentials.clientSecret) form.client_secret = credentials.clientSecret;
    if (authority.kind === 'adfs') form.resource = authority.resource;
    else form.scope = `${scopeBase(authority)}/user_impersonation offline_access`;
    try {
      return await requestToken(http, authority, form, signal);
    } catch (error) {
      if (!(error instanceof ConnectorError && error.kind === 'auth')) throw error;
    }
  }
  return requestToken(http, authority, grantForm(authority, credentials), signal);
}

function grantForm(authority: Authority, credentials: Credentials): Record<string, string> {
  const form: Record<string, string> = { grant_type: credentials.grant, client_id: credentials.clientId };
  if (credentials.clientSecret) form.client_secret = credentials.clientSecret;
  if (credentials.grant === 'password') {
    form.username = credentials.username as string;
    form.password = credentials.password as string;
  }
  if (authority.kind === 'adfs') form.resource = authority.resource;
  else form.scope = credentials.grant === 'password' ? `${scopeBase(authority)}/user_impersonation offline_access` : `${scopeBase(authority)}/.default`;
  return form;
}

function scopeBase(authority: Authority): string {
  return authority.resource.replace(/\/+$/, '');
}

async function requestToken(http: HttpClient, authority: Authority, form: Record<string, string>, signal?: AbortSignal): Promise<Token> {
  const requestedAt = Date.now();
  let body: unknown;
  try {
    const credentials: CredentialScope = { origins: [new URL(authority.tokenUrl).origin], ifElsewhere: 'is the sign-in server, set oauth.authority to it' };
    body = (await http.json({ url: authority.tokenUrl, method: 'POST', form, credentials, signal })).body;
  } catch (error) {
    throw refused(error, authority, form.grant_type as string);
  }
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof fields.access_token !== 'string' || fields.access_token === '') {
    throw new ConnectorError('protocol', `${authority.tokenUrl} answered the sign-in without an access_token: check oauth.authority`, { url: authority.tokenUrl });
  }
  const lifetime = Number(fields.expires_in);
  const lifetimeMs = (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_S) * 1000;
  return {
    accessToken: fields.access_token,
    refreshToken: typeof fields.refresh_token === 'string' && fields.refresh_token !== '' ? fields.refresh_token : undefined,
    expiresAt: requestedAt + lifetimeMs,
    marginMs: Math.min(MAX_MARGIN_MS, lifetimeMs / 10),
  };
}

/** A 4xx from the token endpoint is a refused sign-in (RFC 6749 §5.2), whatever its status. */
function refused(error: unknown, authority: Authority, grant: string): unknown {
  if (!(error instanceof ConnectorError) || error.status === undefined || error.status < 400 || error.status >= 500 || error.status === 429) return error;
  const advice =
    grant === 'client_credentials'
      ? 'check oauth.client.id and oauth.client.secret'
      : grant === 'refresh_token'
        ? 'signing in again'
        : 'check user.username and user.password (and oauth.client.id: the identity provider must know the client)';
  const detail = error.message.replace(/^.*? answered HTTP \d+: /, '');
  return new ConnectorError('auth', `${authority.kind === 'adfs' ? 'AD FS' : 'Azure AD'} refused the sign-in at ${authority.tokenUrl} (HTTP ${error.status}: ${detail}); ${advice}`, {
    status: error.status,
    url: authority.tokenUrl,
    cause: error,
  });
}

/** The configured authority (the user named it), else the discovered one once it is approved. */
async function findAuthority(context: ConnectorContext, endpoint: DynamicsEndpoint, http: HttpClient, signal?: AbortSignal): Promise<Authority> {
  const configured = context.instance.configuration['oauth.authority'];
  if (typeof configured === 'string' && configured.trim() !== '') return configuredAuthority(configured.trim(), endpoint.orgUrl);
  let discovery = authorities.get(endpoint.apiUrl);
  if (!discovery) {
    discovery = discoverAuthority(endpoint, http, signal);
    authorities.set(endpoint.apiUrl, discovery);
    discovery.catch(() => authorities.delete(endpoint.apiUrl));
  }
  const authority = await discovery;
  if (!isApprovedAuthority(authority.tokenUrl, endpoint.orgUrl, context.trustedAuthorities ?? [])) throw untrusted(authority, endpoint, context.instance.name);
  return authority;
}

/** Microsoft's sign-in hosts: Azure AD worldwide, US government, China. */
const MICROSOFT_SIGN_IN = new Set(['https://login.microsoftonline.com', 'https://login.windows.net', 'https://login.microsoftonline.us', 'https://login.chinacloudapi.cn', 'https://login.partner.microsoftonline.cn']);
/** Dynamics 365 online organizations (worldwide, US government, China). UNCONFIRMED: the sovereign cloud host suffixes. */
const ONLINE_ORGANIZATION = /\.(crm\d*\.dynamics\.com|crm\.microsoftdynamics\.us|crm\.appsplatform\.us|crm\.dynamics\.cn)$/i;

/**
 * Whether a discovered authority may get the password: it is the organization's own origin (the
 * server the user configured), one the user trusted for this instance, or Microsoft's sign-in for an
 * online organization.
 */
export function isApprovedAuthority(tokenUrl: string, orgUrl: string, trusted: readonly string[]): boolean {
  const origin = new URL(tokenUrl).origin;
  const organization = new URL(orgUrl);
  if (origin === organization.origin || trusted.includes(origin)) return true;
  return organization.protocol === 'https:' && ONLINE_ORGANIZATION.test(organization.hostname) && MICROSOFT_SIGN_IN.has(origin);
}

function untrusted(authority: Authority, endpoint: DynamicsEndpoint, instanceName: string | undefined): ConnectorError {
  const origin = new URL(authority.tokenUrl).origin;
  const command = `crm-event-poller instances trust-authority ${JSON.stringify(instanceName ?? '<instance>')} ${origin}`;
  return new ConnectorError(
    'auth',
    `this server (${new URL(endpoint.orgUrl).origin}) names ${origin} as its sign-in authority; trust it? Nothing is sent there until you do: Trust in the window, or run ${command}, or set oauth.authority`,
    { url: authority.tokenUrl, untrustedAuthority: origin },
  );
}

/** The origin of a sign-in authority the user may trust; a config error saying what is wrong with it. */
export function trustableAuthority(text: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ConnectorError('config', `"${text}" is not a URL: give the sign-in server's address, e.g. https://adfs.contoso.com`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    throw new ConnectorError('config', `"${text}" is plain http://: the password would cross the network readable; trust only an https:// sign-in server`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConnectorError('config', `"${text}" is not an https:// URL`);
  return url.origin;
}

/** `https://adfs.contoso.com/adfs`, `https://login.microsoftonline.com/{tenant}`, or a token endpoint itself. */
export function configuredAuthority(text: string, orgUrl: string): Authority {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectorError('config', `oauth.authority "${text}" is not a URL, e.g. https://adfs.contoso.com/adfs or https://login.microsoftonline.com/contoso.onmicrosoft.com`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  const adfs = /\/adfs(\/|$)/i.test(path) || path === '';
  if (/\/token$/i.test(path)) return { kind: adfs ? 'adfs' : 'azure', tokenUrl: `${url.origin}${path}`, resource: orgUrl };
  if (adfs) return { kind: 'adfs', tokenUrl: `${url.origin}/adfs/oauth2/token`, resource: orgUrl };
  const tenant = path.split('/').filter(Boolean)[0] as string;
  return { kind: 'azure', tokenUrl: `${url.origin}/${tenant}/oauth2/v2.0/token`, resource: orgUrl };
}

/** Asks the Web API without a token; its 401 challenge names the authority and the resource. */
async function discoverAuthority(endpoint: DynamicsEndpoint, http: HttpClient, signal?: AbortSignal): Promise<Authority> {
  const url = `${endpoint.apiUrl}/`;
  try {
    await http.json({ url, headers: { Authorization: 'Bearer', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' }, credentials: organizationScope(endpoint), signal });
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.status !== 401) throw error;
    const challenge = parseBearerChallenge(error.headers?.['www-authenticate']);
    if (!challenge) {
      throw new ConnectorError('config', `${url} asks for a sign-in but names no authority (no "Bearer authorization_uri=…" challenge): set oauth.authority`, { url, status: 401 });
    }
    return authorityFromChallenge(challenge.authorizationUri, challenge.resourceId ?? endpoint.orgUrl);
  }
  throw new ConnectorError('config', `${url} answered without asking for a sign-in, so the authority cannot be discovered: check dynamics.tenant, or set oauth.authority`, { url });
}

/**
 * `Bearer authorization_uri=https://…/authorize, resource_id=https://org/` among the challenges of
 * WWW-Authenticate (Node joins repeated headers with ", "; on-premises servers add Negotiate and NTLM).
 */
export function parseBearerChallenge(header: string | undefined): { authorizationUri: string; resourceId?: string } | undefined {
  if (!header) return undefined;
  const bearer = /\bBearer\b([^]*)/i.exec(header)?.[1] ?? '';
  const param = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|([^\\s,]+))`, 'i').exec(bearer);
  const uri = param('authorization_uri');
  if (!uri) return undefined;
  const resource = param('resource_id');
  return { authorizationUri: (uri[1] ?? uri[2]) as string, resourceId: resource ? ((resource[1] ?? resource[2]) as string) : undefined };
}

/** `…/adfs/oauth2/authorize` → AD FS' token endpoint; `…/{tenant}/oauth2/authorize` → Azure AD v2's. */
export function authorityFromChallenge(authorizationUri: string, resource: string): Authority {
  let url: URL;
  try {
    url = new URL(authorizationUri);
  } catch {
    throw new ConnectorError('protocol', `the sign-in challenge names "${authorizationUri}", which is not a URL: set oauth.authority`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/adfs\/oauth2\/authorize$/i.test(path)) return { kind: 'adfs', tokenUrl: `${url.origin}${path.replace(/authorize$/i, 'token')}`, resource };
  const azure = /^\/([^/]+)\/oauth2(?:\/v2\.0)?\/authorize$/i.exec(path);
  if (azure) return { kind: 'azure', tokenUrl: `${url.origin}/${azure[1]}/oauth2/v2.0/token`, resource };
  return { kind: /\/adfs\//i.test(path) ? 'adfs' : 'azure', tokenUrl: `${url.origin}${path.replace(/authorize$/i, 'token')}`, resource };
}

/** The access token is for the organization's origin only (its next links and redirects included). */
export function organizationScope(endpoint: DynamicsEndpoint): CredentialScope {
  return { origins: [new URL(endpoint.apiUrl).origin], ifElsewhere: 'is the Dynamics organization, set dynamics.tenant to it' };
}

/** Forgets every token and discovered authority (tests). */
export function clearDynamicsAuthCache(): void {
  tokens.clear();
  authorities.clear();
}
