/**
 * The `generic` element (any JSON REST API): its configuration model and checks. The connector reads
 * auth and paging through the same definitions, so what validates is exactly what polls.
 *
 * Instance keys: `base.url`, `trusted.origins` (other origins the credentials may go to); `auth.type` none | basic | bearer | header | oauth2 and its keys
 * (`oauth.client.authentication` client_secret_post | client_secret_basic).
 * Resource keys: `recordsPath` (JSON path of the records array) and `paging`.
 */
import { checkFieldPath } from '../fieldPath.ts';
import type { ElementCheck } from './elementCheck.ts';
import { parseUrl } from './hosts.ts';
import { checkTrustedOrigins, credentialOrigins, originOf, TRUSTED_ORIGINS_KEY } from './origins.ts';
import { joinPath, type ProblemList } from './problems.ts';
import type { ResourceConfig } from './types.ts';
import { describeType, findPlaceholder, isPlainObject, warnIfPlaceholder } from './values.ts';

export const AUTH_TYPES = ['none', 'basic', 'bearer', 'header', 'oauth2'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** Per auth type: the keys the document must hold, the secrets (kept in the keychain) and optional keys. */
export const AUTH_KEYS: Record<AuthType, { required: string[]; secrets: string[]; optional: string[] }> = {
  none: { required: [], secrets: [], optional: [] },
  basic: { required: ['username'], secrets: ['password'], optional: [] },
  bearer: { required: [], secrets: ['token'], optional: [] },
  header: { required: ['header.name'], secrets: ['header.value'], optional: [] },
  oauth2: { required: ['oauth.token.url', 'oauth.client.id'], secrets: ['oauth.client.secret'], optional: ['oauth.scope', 'oauth.client.authentication'] },
};

/**
 * How an OAuth client proves itself to the token endpoint (RFC 6749 §2.3.1, the names of RFC 7591):
 * its id and secret in the form body (the default), or in an HTTP Basic Authorization header.
 */
export const OAUTH_CLIENT_AUTHENTICATIONS = ['client_secret_post', 'client_secret_basic'] as const;
export type OAuthClientAuthentication = (typeof OAUTH_CLIENT_AUTHENTICATIONS)[number];

const REQUIRED_HINT: Record<string, string> = {
  username: 'auth.type "basic" needs the user name (its password is kept in the keychain, not in this document)',
  'header.name': 'auth.type "header" needs the name of the header to send, e.g. "X-API-Key" (its value is kept in the keychain)',
  'oauth.token.url': 'auth.type "oauth2" needs the token endpoint, e.g. "https://auth.example.com/oauth/token"',
  'oauth.client.id': 'auth.type "oauth2" needs the client id (the client secret is kept in the keychain)',
};

export const PAGING_TYPES = ['none', 'offset', 'page', 'next', 'link'] as const;
export type PagingType = (typeof PAGING_TYPES)[number];

export type Paging =
  | { type: 'none' }
  | { type: 'offset'; offsetParam: string; limitParam: string; pageSize: number }
  | { type: 'page'; pageParam: string; sizeParam: string; pageSize: number; firstPage: number }
  | { type: 'next'; nextPath: string }
  | { type: 'link' };

export const MAX_PAGE_SIZE = 10_000;
export const DEFAULT_PAGE_SIZE = 100;

const PAGING_KEYS: Record<PagingType, string[]> = {
  none: [],
  offset: ['offsetParam', 'limitParam', 'pageSize'],
  page: ['pageParam', 'sizeParam', 'pageSize', 'firstPage'],
  next: ['nextPath'],
  link: [],
};

const PARAM_DEFAULTS: Record<string, string> = { offsetParam: 'offset', limitParam: 'limit', pageParam: 'page', sizeParam: 'per_page', nextPath: 'next' };

/** RFC 9110 token: what an HTTP header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isHeaderName(value: string): boolean {
  return HEADER_NAME.test(value);
}

/** The secrets of the chosen auth type (none for "none", or for an auth type that is not one). */
export function genericRequiredSecrets(configuration: Record<string, unknown>): string[] {
  const type = AUTH_TYPES.find((candidate) => candidate === (configuration['auth.type'] ?? 'none'));
  return type === undefined ? [] : [...AUTH_KEYS[type].secrets];
}

export const checkGenericElement: ElementCheck = (input, problems) => {
  const at = (key: string) => joinPath(input.configurationPath, key);
  checkBaseUrl(input.configuration['base.url'], at('base.url'), input.resources, problems);
  checkTrustedOrigins(input.configuration[TRUSTED_ORIGINS_KEY], at(TRUSTED_ORIGINS_KEY), problems);
  const type = checkAuthType(input.configuration['auth.type'], at('auth.type'), problems);
  if (type !== undefined) checkAuthKeys(type, input.configuration, at, problems);
  for (const resource of input.resources) {
    const path = input.resourcePath(resource.name);
    checkResourceOrigin(resource.url, input.configuration, joinPath(path, 'url'), problems);
    checkRecordsPath(resource.extra.recordsPath, joinPath(path, 'recordsPath'), problems);
    checkPaging(resource, path, problems);
  }
};

function isAbsoluteUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function checkBaseUrl(value: unknown, path: string, resources: ResourceConfig[], problems: ProblemList): void {
  if (value === undefined || value === null || value === '') {
    const relative = resources.filter((resource) => !isAbsoluteUrl(resource.url)).map((resource) => resource.name);
    if (relative.length > 0) {
      problems.error(path, `missing: ${relative.join(', ')} ${relative.length > 1 ? 'have relative urls' : 'has a relative url'}; add the API's address, e.g. "https://api.example.com/v1", or make every resource url absolute`);
    }
    return;
  }
  if (typeof value !== 'string') {
    problems.error(path, `must be the API's address as a string, e.g. "https://api.example.com/v1", got ${describeType(value)}`);
    return;
  }
  // Placeholders in configuration keys are already warned about, once, by the instance reader.
  if (findPlaceholder(value) !== undefined) return;
  const url = checkHttpUrl(value, path, 'https://api.example.com/v1', problems);
  if (url && (url.search !== '' || url.hash !== '' || value.includes('?'))) {
    problems.error(path, `"${value}" must not contain a query ("?…") or fragment ("#…"): base.url and the resource url are joined as text; put query parameters in each resource url`);
  }
}

/**
 * An absolute resource url must be on base.url's origin, or on one trusted.origins lists: the
 * instance's credentials go with every request, and only the configuration says where they may go.
 */
function checkResourceOrigin(url: string, configuration: Record<string, unknown>, path: string, problems: ProblemList): void {
  if (!isAbsoluteUrl(url) || findPlaceholder(url) !== undefined) return;
  const origin = originOf(url);
  if (origin === undefined || credentialOrigins('generic', configuration).api.includes(origin)) return;
  const base = originOf(configuration['base.url']);
  problems.error(
    path,
    base === undefined
      ? `"${url}" is on ${origin}, but base.url is not set: set base.url to "${origin}" (the url may then be relative), or add "${origin}" to trusted.origins`
      : `"${url}" is on ${origin}, not on the origin of base.url (${base}): write it relative to base.url, or add "${origin}" to trusted.origins to send the credentials there too`,
  );
}

function checkHttpUrl(value: string, path: string, example: string, problems: ProblemList): URL | undefined {
  let url: URL;
  try {
    url = parseUrl(value);
  } catch {
    problems.error(path, `"${value}" is not a URL: write the full address, e.g. ${example}`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.error(path, `"${value}" must be an http:// or https:// URL, e.g. ${example}`);
    return undefined;
  }
  return url;
}

function checkAuthType(value: unknown, path: string, problems: ProblemList): AuthType | undefined {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'string' && findPlaceholder(value) !== undefined) return undefined;
  const type = AUTH_TYPES.find((candidate) => candidate === value);
  if (type) return type;
  const lower = typeof value === 'string' ? AUTH_TYPES.find((candidate) => candidate === value.trim().toLowerCase()) : undefined;
  const hint = lower ? `; write "${lower}" in lower case` : '';
  problems.error(path, `must be one of ${AUTH_TYPES.map((t) => `"${t}"`).join(', ')}, got ${JSON.stringify(value)}${hint}`);
  return undefined;
}

function checkAuthKeys(type: AuthType, configuration: Record<string, unknown>, at: (key: string) => string, problems: ProblemList): void {
  const keys = AUTH_KEYS[type];
  for (const key of keys.required) {
    const value = configuration[key];
    if (value === undefined || value === null || value === '') problems.error(at(key), `missing: ${REQUIRED_HINT[key]}`);
    else if (typeof value !== 'string') problems.error(at(key), `must be a string, got ${describeType(value)}`);
    else if (findPlaceholder(value) === undefined) checkAuthValue(key, value, at(key), problems);
  }
  for (const key of [...keys.secrets, ...keys.optional]) {
    const value = configuration[key];
    if (value !== undefined && value !== null && typeof value !== 'string') problems.error(at(key), `must be a string, got ${describeType(value)}`);
    else if (typeof value === 'string' && value !== '' && findPlaceholder(value) === undefined) checkAuthValue(key, value, at(key), problems);
  }
  // A credential for another auth type is never sent: most likely auth.type was forgotten.
  for (const other of AUTH_TYPES) {
    if (other === type) continue;
    for (const key of [...AUTH_KEYS[other].required, ...AUTH_KEYS[other].secrets]) {
      if (configuration[key] === undefined || configuration[key] === '') continue;
      problems.warn(at(key), `is set but not sent, because auth.type is "${type}"; it is used with "auth.type": "${other}"`);
    }
  }
}

function checkAuthValue(key: string, value: string, path: string, problems: ProblemList): void {
  if (key === 'username' && value.includes(':')) {
    problems.error(path, 'must not contain ":": HTTP basic authentication separates the user name from the password with it');
  } else if (key === 'header.name' && !isHeaderName(value)) {
    problems.error(path, `${JSON.stringify(value)} is not an HTTP header name: use letters, digits and "-" only, e.g. "X-API-Key"`);
  } else if (key === 'oauth.token.url') {
    checkHttpUrl(value, path, 'https://auth.example.com/oauth/token', problems);
  } else if (key === 'oauth.client.authentication' && !OAUTH_CLIENT_AUTHENTICATIONS.some((method) => method === value)) {
    problems.error(path, `${JSON.stringify(value)} is not a client authentication method: use "client_secret_post" (id and secret in the form) or "client_secret_basic" (an HTTP Basic header)`);
  }
}

function checkRecordsPath(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.error(path, `must be the JSON path of the records array, e.g. "data" or "results.items" (leave it out when the body is the array), got ${describeType(value)}`);
    return;
  }
  if (warnIfPlaceholder(problems, path, value)) return;
  const problem = checkFieldPath(value);
  if (problem) problems.error(path, problem);
}

/** Reports every problem of a resource's `paging`; returns the paging with defaults filled in when it can work. */
export function checkPaging(resource: Pick<ResourceConfig, 'extra' | 'pageSize' | 'url'>, path: string, problems: ProblemList): Paging | undefined {
  const value = resource.extra.paging;
  const pagingPath = joinPath(path, 'paging');
  if (value === undefined) return { type: 'none' };
  if (!isPlainObject(value)) {
    problems.error(pagingPath, `must be an object, e.g. {"type": "offset", "pageSize": 100}, or {"type": "none"}, got ${describeType(value)}`);
    return undefined;
  }
  const typePath = joinPath(pagingPath, 'type');
  const type = PAGING_TYPES.find((candidate) => candidate === value.type);
  if (type === undefined) {
    const choices = PAGING_TYPES.map((t) => `"${t}"`).join(', ');
    problems.error(typePath, value.type === undefined ? `missing: say how pages are fetched, one of ${choices}` : `must be one of ${choices}, got ${JSON.stringify(value.type)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key === 'type' || PAGING_KEYS[type].includes(key)) continue;
    problems.warn(joinPath(pagingPath, key), `unknown key "${key}" for paging type "${type}" is kept but not used; known keys: ${['type', ...PAGING_KEYS[type]].join(', ')}`);
  }
  const errorsBefore = problems.errors.length;
  const paging = readPagingFields(type, value, resource, pagingPath, problems);
  if (paging.type === 'offset') warnParamsInUrl(resource.url, [paging.offsetParam, paging.limitParam], joinPath(path, 'url'), problems);
  if (paging.type === 'page') warnParamsInUrl(resource.url, [paging.pageParam, paging.sizeParam], joinPath(path, 'url'), problems);
  return problems.errors.length === errorsBefore ? paging : undefined;
}

function readPagingFields(type: PagingType, value: Record<string, unknown>, resource: Pick<ResourceConfig, 'pageSize' | 'url'>, path: string, problems: ProblemList): Paging {
  const param = (key: string) => readParam(value[key], joinPath(path, key), PARAM_DEFAULTS[key] ?? key, problems);
  switch (type) {
    case 'none':
    case 'link':
      return { type };
    case 'next':
      return { type, nextPath: readNextPath(value.nextPath, joinPath(path, 'nextPath'), problems) };
    case 'offset': {
      const paging = { type, offsetParam: param('offsetParam'), limitParam: param('limitParam'), pageSize: readPageSize(value, resource, path, problems) };
      checkDistinct(paging.offsetParam, paging.limitParam, ['offsetParam', 'limitParam'], path, problems);
      return paging;
    }
    case 'page': {
      const paging = { type, pageParam: param('pageParam'), sizeParam: param('sizeParam'), pageSize: readPageSize(value, resource, path, problems), firstPage: 1 };
      paging.firstPage = readFirstPage(value.firstPage, joinPath(path, 'firstPage'), problems);
      checkDistinct(paging.pageParam, paging.sizeParam, ['pageParam', 'sizeParam'], path, problems);
      return paging;
    }
  }
}

function readParam(value: unknown, path: string, fallback: string, problems: ProblemList): string {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.error(path, `must be the name of a query parameter, a non-empty string such as "${fallback}", got ${describeType(value)}`);
  return fallback;
}

function readNextPath(value: unknown, path: string, problems: ProblemList): string {
  if (value === undefined) return 'next';
  if (typeof value !== 'string' || value.trim() === '') {
    problems.error(path, `must be the JSON path of the next page's URL in the body, e.g. "next" or "links.next", got ${describeType(value)}`);
    return 'next';
  }
  const problem = checkFieldPath(value);
  if (problem) problems.error(path, problem);
  return value;
}

/** `paging.pageSize`, else the resource's `pageSize`, else 100. */
function readPageSize(value: Record<string, unknown>, resource: Pick<ResourceConfig, 'pageSize'>, path: string, problems: ProblemList): number {
  const fallback = resource.pageSize ?? DEFAULT_PAGE_SIZE;
  if (value.pageSize === undefined) return fallback;
  const size = value.pageSize;
  const sizePath = joinPath(path, 'pageSize');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    problems.error(sizePath, `must be a whole number of records from 1 to ${MAX_PAGE_SIZE}, got ${describeType(size)}`);
    return fallback;
  }
  if (resource.pageSize !== undefined && resource.pageSize !== size) {
    problems.warn(sizePath, `differs from the resource's pageSize (${resource.pageSize}); ${size} is used`);
  }
  return size;
}

function readFirstPage(value: unknown, path: string, problems: ProblemList): number {
  if (value === undefined) return 1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  problems.error(path, `must be the number of the first page, a whole number 0 or more (usually 1, or 0 for zero-based APIs), got ${describeType(value)}`);
  return 1;
}

function checkDistinct(a: string, b: string, keys: [string, string], path: string, problems: ProblemList): void {
  if (a === b) problems.error(joinPath(path, keys[1]), `must differ from ${keys[0]} (both are "${a}"): they are two different query parameters`);
}

/** The pager sets these parameters on every page: a value already in the url would be overwritten. */
function warnParamsInUrl(url: string, params: string[], urlPath: string, problems: ProblemList): void {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const names = new Set(query.split('&').map((pair) => safeDecode(pair.split('=')[0] ?? '')));
  for (const param of params) {
    if (names.has(param)) problems.warn(urlPath, `its "${param}" query parameter is replaced on every page by the paging; remove it from the url`);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
