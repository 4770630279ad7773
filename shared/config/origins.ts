/**
 * Where an instance's credentials may go: the origins (scheme, host and port) of the servers its
 * configuration names. The connectors send credentials only there (the HTTP layer refuses any
 * other origin, redirects included), and the stored secrets are bound to them: another server is
 * another set of credentials.
 *
 * - generic: `base.url` (plus `trusted.origins`, the explicit opt-in for more) for the API
 *   credentials and the access token; `oauth.token.url` for the OAuth client secret.
 * - sagecrm: the server named by `subdomain`.
 * - dynamicscrmadfs: the organization (`dynamics.tenant`) for tokens; `oauth.authority` for the
 *   password or client secret (a discovered authority needs the user's approval, kept per instance).
 */
import { dynamicsEndpoint } from './dynamics.ts';
import { joinPath, type ProblemList } from './problems.ts';
import { sageBaseUrl } from './sagecrm.ts';
import { describeType, findPlaceholder } from './values.ts';

/** Other origins the generic element's requests, redirects and next-page links may go to, with the credentials. */
export const TRUSTED_ORIGINS_KEY = 'trusted.origins';

export interface CredentialOrigins {
  /** Where API requests go with the API credentials (Basic, bearer, custom header, access token). */
  api: string[];
  /** Where sign-in secrets go (the OAuth token endpoint, the Dynamics authority), when configured. */
  signIn: string[];
}

/** The origin of an http(s) URL, else undefined. */
export function originOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export function credentialOrigins(elementKey: string | undefined, configuration: Record<string, unknown>): CredentialOrigins {
  const text = (key: string) => (typeof configuration[key] === 'string' ? (configuration[key] as string) : '');
  const known = (...origins: (string | undefined)[]) => [...new Set(origins.filter((origin): origin is string => origin !== undefined))];
  switch (elementKey) {
    case 'sagecrm': {
      const base = sageBaseUrl(text('subdomain'), true);
      return { api: known('url' in base ? originOf(base.url) : undefined), signIn: [] };
    }
    case 'dynamicscrmadfs': {
      const endpoint = dynamicsEndpoint(text('dynamics.tenant'), undefined, true);
      return { api: known('apiUrl' in endpoint ? originOf(endpoint.apiUrl) : undefined), signIn: known(originOf(configuration['oauth.authority'])) };
    }
    default:
      return { api: known(originOf(configuration['base.url']), ...readTrustedOrigins(configuration[TRUSTED_ORIGINS_KEY])), signIn: known(originOf(configuration['oauth.token.url'])) };
  }
}

/** Whether two http(s) URLs are on the same origin (scheme, host, port); false when either is not one. */
export function sameOrigin(a: string, b: string): boolean {
  const origin = originOf(a);
  return origin !== undefined && origin === originOf(b);
}

/** Every origin the instance's saved secrets are for, sorted: two configurations with the same binding share their credentials. */
export function credentialBinding(elementKey: string | undefined, configuration: Record<string, unknown>): string[] {
  const { api, signIn } = credentialOrigins(elementKey, configuration);
  return [...new Set([...api, ...signIn])].sort();
}

export function sameBinding(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((origin, index) => origin === b[index]);
}

/** The origins of `trusted.origins` that can be read (what validation accepts); the rest is ignored. */
export function readTrustedOrigins(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const origin = originOf(entry);
    return origin !== undefined && origin === String(entry).trim().replace(/\/$/, '') ? [origin] : [];
  });
}

/** `trusted.origins`: an array of origins such as "https://files.example.com" (no path, query or credentials). */
export function checkTrustedOrigins(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined || value === null) return;
  const example = '["https://files.example.com"]';
  if (!Array.isArray(value)) {
    problems.error(path, `must be an array of origins, e.g. ${example}, got ${describeType(value)}`);
    return;
  }
  value.forEach((entry, index) => {
    const at = joinPath(path, index);
    if (typeof entry !== 'string') return problems.error(at, `must be an origin as a string, e.g. "https://files.example.com", got ${describeType(entry)}`);
    if (findPlaceholder(entry) !== undefined) return;
    const origin = originOf(entry);
    if (origin === undefined) return problems.error(at, `"${entry}" is not an http:// or https:// origin, e.g. "https://files.example.com"`);
    if (origin !== entry.trim().replace(/\/$/, '')) {
      problems.error(at, `"${entry}" must be an origin only (scheme, host and port): write "${origin}"; credentials are trusted to a whole origin, never to a path`);
    }
  });
}
