/**
 * The identity provider side: an AD FS token endpoint (`POST /adfs/oauth2/token`, on-premises) and
 * an Azure AD v2 one (`POST /{tenant}/oauth2/v2.0/token`, online), both issuing JWT-shaped bearer
 * tokens that the Web API accepts until they expire on the simulator clock. Errors are OAuth JSON
 * with the MSIS… (AD FS) or AADSTS… (Azure AD) texts clients see in the field.
 */

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { jsonResponse } from '../common/http.ts';
import type { SimResponse } from '../common/http.ts';

export type Authority = 'adfs' | 'azure';

export interface DynamicsUser {
  username: string;
  password: string;
}

export interface DynamicsClient {
  clientId: string;
  /** Confidential clients (client_credentials) have a secret; public ones (password grant) need none. */
  clientSecret?: string;
}

export interface TokenSettings {
  tenant: string;
  users: readonly DynamicsUser[];
  clients: readonly DynamicsClient[];
  accessTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
}

interface Grant {
  principal: string;
  clientId: string;
  resource: string;
  scope: string;
}

interface IssuedToken extends Grant {
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; principal: string }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

const TENANT_ALIASES = ['common', 'organizations'];

export class TokenService {
  settings: TokenSettings;
  private readonly signingKey = randomBytes(32);
  private accessTokens = new Map<string, IssuedToken>();
  private refreshTokens = new Map<string, IssuedToken>();
  private issuedCount = 0;

  constructor(settings: TokenSettings) {
    this.settings = settings;
  }

  /** Validates `Authorization: Bearer …` against tokens this server issued. */
  check(authorization: string | undefined, now: number): TokenCheck {
    const match = /^Bearer(?:\s+(\S*))?\s*$/i.exec(authorization ?? '');
    if (!match || !match[1]) return { ok: false, reason: 'missing' };
    const token = this.accessTokens.get(match[1]);
    if (!token) return { ok: false, reason: 'invalid' };
    if (now >= token.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, principal: token.principal };
  }

  /** Makes every access token issued so far expired (refresh tokens stay valid). */
  expireAccessTokens(now: number): void {
    for (const token of this.accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  stats(now: number): { issued: number; active: number; refreshTokens: number } {
    return { issued: this.issuedCount, active: [...this.accessTokens.values()].filter((token) => token.expiresAt > now).length, refreshTokens: this.refreshTokens.size };
  }

  /** `POST /adfs/oauth2/token` (AD FS 2016+: `resource` names the CRM; 2019 also accepts it in `scope`). */
  adfsToken(form: Record<string, string>, crmResource: string, now: number): SimResponse {
    const error = (code: string, description: string, status = 400): SimResponse => jsonResponse(status, { error: code, error_description: description });
    const grantType = form.grant_type;
    if (grantType === 'refresh_token') return this.refresh(form, now, 'adfs', error);

    const client = this.settings.clients.find((candidate) => candidate.clientId === form.client_id);
    if (grantType !== 'password' && grantType !== 'client_credentials') return error('unsupported_grant_type', `MSIS9611: The authorization server does not support the requested 'grant_type'. The authorization server only supports 'authorization_code' or 'refresh_token' or 'client_credentials' or 'password' as the grant type.`);
    if (!client) return error('invalid_client', `MSIS9607: The 'client_id' parameter in the request is invalid. No registered client is found with this identifier.`);
    const resource = form.resource ?? resourceFromScope(form.scope);
    if (!resource) return error('invalid_request', `MSIS9609: The 'resource' parameter is missing from the request.`);
    if (!sameResource(resource, crmResource)) return error('unauthorized_client', `MSIS9605: The client is not allowed to access the requested resource.`);

    let principal: string;
    if (grantType === 'client_credentials') {
      if (!client.clientSecret || form.client_secret !== client.clientSecret) return error('invalid_client', `MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid.`, 401);
      principal = `app:${client.clientId}`;
    } else {
      const user = this.findUser(form.username, form.password);
      if (!user) return error('invalid_grant', `MSIS9659: Invalid 'username' or 'password'.`);
      principal = user.username;
    }
    const grant: Grant = { principal, clientId: client.clientId, resource: crmResource, scope: 'openid' };
    const { accessToken, refreshToken } = this.issue(grant, now, 'adfs', grantType === 'password');
    return jsonResponse(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.settings.accessTokenLifetimeSeconds,
      resource: crmResource,
      ...(refreshToken ? { refresh_token: refreshToken, refresh_token_expires_in: this.settings.refreshTokenLifetimeSeconds } : {}),
      scope: 'openid',
    }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  }

  /** `POST /{tenant}/oauth2/v2.0/token`: password (public client) and client_credentials grants, and refresh. */
  azureToken(tenant: string, form: Record<string, string>, crmResource: string, now: number): SimResponse {
    const traceId = randomUUID();
    const error = (code: string, description: string, status = 400): SimResponse => {
      const aadCode = Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0);
      const stamp = new Date(now).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
      return jsonResponse(status, {
        error: code, error_description: `${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${traceId}\r\nTimestamp: ${stamp}`,
        error_codes: [aadCode], timestamp: stamp, trace_id: traceId, correlation_id: traceId,
      });
    };
    if (tenant.toLowerCase() !== this.settings.tenant.toLowerCase() && !TENANT_ALIASES.includes(tenant.toLowerCase())) {
      return error('invalid_request', `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    const grantType = form.grant_type;
    if (grantType === 'refresh_token') return this.refresh(form, now, 'azure', error);
    if (grantType !== 'password' && grantType !== 'client_credentials') return error('unsupported_grant_type', `AADSTS70003: The app requested an unsupported grant type '${grantType ?? ''}'.`);
    const client = this.settings.clients.find((candidate) => candidate.clientId === form.client_id);
    if (!client) return error('unauthorized_client', `AADSTS700016: Application with identifier '${form.client_id ?? ''}' was not found in the directory '${this.settings.tenant}'.`);

    const scopes = (form.scope ?? '').split(/\s+/).filter(Boolean);
    const crmScope = scopes.find((scope) => sameResource(resourceFromScope(scope) ?? '', crmResource));
    const scopeName = crmScope?.slice(crmScope.lastIndexOf('/') + 1);
    if (!crmScope || (grantType === 'client_credentials' ? scopeName !== '.default' : scopeName !== '.default' && scopeName !== 'user_impersonation')) {
      return error('invalid_scope', `AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${form.scope ?? ''} is not valid.`);
    }

    let principal: string;
    if (grantType === 'client_credentials') {
      if (!client.clientSecret || form.client_secret !== client.clientSecret) return error('invalid_client', `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`, 401);
      principal = `app:${client.clientId}`;
    } else {
      const user = this.findUser(form.username, form.password);
      if (!user) return error('invalid_grant', 'AADSTS50126: Error validating credentials due to invalid username or password.');
      principal = user.username;
    }
    const scope = `${crmResource}/user_impersonation`;
    // UNCONFIRMED detail: Azure AD only returns a refresh token for ROPC when offline_access is asked; we always do for password grants.
    const { accessToken, refreshToken } = this.issue({ principal, clientId: client.clientId, resource: crmResource, scope }, now, 'azure', grantType === 'password');
    return jsonResponse(200, {
      token_type: 'Bearer',
      scope,
      expires_in: this.settings.accessTokenLifetimeSeconds,
      ext_expires_in: this.settings.accessTokenLifetimeSeconds,
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    }, { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' });
  }

  private refresh(form: Record<string, string>, now: number, authority: Authority, error: (code: string, description: string, status?: number) => SimResponse): SimResponse {
    const stored = this.refreshTokens.get(form.refresh_token ?? '');
    if (!stored || now >= stored.expiresAt) {
      return authority === 'adfs'
        ? error('invalid_grant', `MSIS9615: The refresh token received in 'refresh_token' parameter is invalid.`)
        : error('invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.');
    }
    if (form.client_id !== undefined && form.client_id !== stored.clientId) {
      return error('invalid_grant', authority === 'adfs' ? `MSIS9616: The refresh token was issued to a different client.` : 'AADSTS70000: Provided grant is invalid or malformed.');
    }
    const { accessToken, refreshToken } = this.issue(stored, now, authority, true);
    return jsonResponse(200, {
      access_token: accessToken,
      token_type: authority === 'adfs' ? 'bearer' : 'Bearer',
      expires_in: this.settings.accessTokenLifetimeSeconds,
      ...(authority === 'adfs' ? { resource: stored.resource } : { scope: stored.scope }),
      refresh_token: refreshToken,
    });
  }

  private findUser(username: string | undefined, password: string | undefined): DynamicsUser | undefined {
    // UPNs compare case-insensitively; passwords do not.
    return this.settings.users.find((user) => user.username.toLowerCase() === (username ?? '').toLowerCase() && user.password === password);
  }

  private issue(grant: Grant, now: number, authority: Authority, withRefresh: boolean): { accessToken: string; refreshToken?: string } {
    this.issuedCount++;
    const expiresAt = now + this.settings.accessTokenLifetimeSeconds * 1000;
    const issuer = authority === 'adfs' ? `${grant.resource}/adfs/services/trust` : `https://sts.windows.net/${this.settings.tenant}/`;
    const accessToken = this.sign({
      aud: grant.resource, iss: issuer, iat: Math.floor(now / 1000), nbf: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000),
      appid: grant.clientId, upn: grant.principal.startsWith('app:') ? undefined : grant.principal, unique_name: grant.principal,
      scp: grant.scope, tid: this.settings.tenant, jti: randomUUID(),
    });
    this.accessTokens.set(accessToken, { ...grant, expiresAt });
    if (!withRefresh) return { accessToken };
    const refreshToken = randomBytes(48).toString('base64url');
    this.refreshTokens.set(refreshToken, { ...grant, expiresAt: now + this.settings.refreshTokenLifetimeSeconds * 1000 });
    return { accessToken, refreshToken };
  }

  /** JWT-shaped so clients that peek at `exp` work; the server checks its own list, not the signature. */
  private sign(payload: Record<string, unknown>): string {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode(payload)}`;
    return `${body}.${createHmac('sha256', this.signingKey).update(body).digest('base64url')}`;
  }
}

/** `https://org.example/.default` → `https://org.example`. */
function resourceFromScope(scope: string | undefined): string | undefined {
  if (!scope) return undefined;
  const first = scope.split(/\s+/).find((part) => /^https?:\/\//i.test(part));
  if (!first) return undefined;
  const slash = first.lastIndexOf('/');
  return slash > first.indexOf('//') + 1 ? first.slice(0, slash) : first;
}

/** Resource URIs match ignoring case and trailing slashes (`https://org/` = `https://org`). */
function sameResource(a: string, b: string): boolean {
  const normalize = (text: string): string => text.trim().replace(/\/+$/, '').toLowerCase();
  return normalize(a) === normalize(b);
}
