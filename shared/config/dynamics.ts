/**
 * The `dynamicscrmadfs` element (Microsoft Dynamics 365 / Dataverse Web API): the organization's
 * API URL, which entity set each hub resource polls, how a hub where clause becomes an OData query
 * (or change tracking, for `fetchChanges='true'`), and the element's checks.
 *
 * Instance keys: `dynamics.tenant` (the organization host, or a URL), `dynamics.api.version`
 * (default v9.2), `user.username` / `user.password`, `oauth.authority`, `oauth.client.id`,
 * `oauth.client.secret`, `allow.insecure.http`.
 */
import { CeqlError, ceqlFields, formatUtcDateTime, parseCeql, parseHubDate, type CeqlExpression, type CeqlOperator, type CeqlValue } from './ceql.ts';
import type { ElementCheck } from './elementCheck.ts';
import entitySets from './dynamics-entity-sets.json' with { type: 'json' };
import { findHubTable } from './hubTables.ts';
import { parseHubUrl } from './hubUrl.ts';
import { joinPath, type ProblemList } from './problems.ts';
import { isLoopbackHost, parseUrl } from './hosts.ts';
import type { ResourceConfig } from './types.ts';
import { describeType, findPlaceholder, readBoolean } from './values.ts';
import { MacroError, renderUrlTemplate } from '../urlMacros.ts';

/**
 * Hub resource → Web API entity set and its primary key (`notes` → `annotations`, `annotationid`).
 * UNCONFIRMED: whether change tracking works on activitypointers.
 */
export type DynamicsEntitySet = (typeof entitySets)[number];
export const DYNAMICS_ENTITY_SETS: readonly DynamicsEntitySet[] = entitySets;

export function findDynamicsEntitySet(name: string): DynamicsEntitySet | undefined {
  return findHubTable(DYNAMICS_ENTITY_SETS, name, (set) => set.entitySet);
}

export const DEFAULT_API_VERSION = 'v9.2';
const API_VERSION = /^v\d+\.\d+$/;

export interface DynamicsEndpoint {
  /** `https://org.crm.dynamics.com/api/data/v9.2` (no trailing slash). */
  apiUrl: string;
  /** The organization URL (`https://org.crm.dynamics.com/`): the OAuth resource, unless the server names another. */
  orgUrl: string;
}

/**
 * The Web API URL for `dynamics.tenant`: a host (`org.crm.dynamics.com`) or a URL, with or without
 * an organization path (`https://server/ORG`, on-premises without IFD) or the API path itself.
 */
export function dynamicsEndpoint(tenant: string, version: string | undefined, allowInsecureHttp: boolean): DynamicsEndpoint | { error: string } {
  const text = tenant.trim();
  const apiVersion = version === undefined || version.trim() === '' ? DEFAULT_API_VERSION : version.trim();
  if (!API_VERSION.test(apiVersion)) return { error: `dynamics.api.version "${apiVersion}" is not a Web API version such as v9.2 or v9.0` };
  if (text === '') return { error: 'is empty: write the organization host, e.g. "yourcompanyname.crm.dynamics.com"' };
  let url: URL;
  try {
    url = parseUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { error: `"${text}" is neither a host name nor a URL: write e.g. "yourcompanyname.crm.dynamics.com"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `"${text}" must be an https:// URL (or a host name)` };
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return { error: `"${text}" must be the organization's address only (no query, fragment or credentials)` };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    return { error: `"${text}" is plain http://, which sends the password and tokens readable by anyone on the network: use https://, or set "allow.insecure.http": true if you must` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  const api = /^(.*?)\/api\/data(?:\/(v\d+\.\d+))?$/i.exec(path);
  const orgPath = api ? (api[1] as string) : path;
  return { apiUrl: `${url.origin}${orgPath}/api/data/${api?.[2] ?? apiVersion}`, orgUrl: `${url.origin}/` };
}

export type DynamicsQuery =
  | { mode: 'tracking'; set: DynamicsEntitySet; pageSize?: number }
  | { mode: 'filter'; set: DynamicsEntitySet; filter?: string; pageSize?: number };

/** The resource's entity set, and either change tracking (`fetchChanges='true'`) or an OData `$filter`. */
export function dynamicsQuery(resource: Pick<ResourceConfig, 'url' | 'name'>, sinceMs: number): DynamicsQuery {
  const hub = parseHubUrl(renderUrlTemplate(resource.url, sinceMs));
  const set = findDynamicsEntitySet(hub.resource);
  if (!set) {
    throw new Error(`"${hub.resource}" is not a Dynamics resource this product polls; use one of ${DYNAMICS_ENTITY_SETS.map((candidate) => candidate.hub).join(', ')}`);
  }
  const size = hub.params.has('pageSize') ? Number(hub.params.get('pageSize')) : undefined;
  const pageSize = Number.isInteger(size) && (size as number) > 0 ? size : undefined;
  const where = hub.params.get('where');
  if (where === undefined || where.trim() === '') return { mode: 'filter', set, pageSize };
  const translated = toODataQuery(where);
  return translated.tracking ? { mode: 'tracking', set, pageSize } : { mode: 'filter', set, filter: translated.filter, pageSize };
}

const ODATA_OPERATORS: Record<CeqlOperator, string> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

/**
 * A hub where clause as OData: `fetchChanges='true'` (alone) asks for change tracking; anything else
 * becomes a `$filter` (`modifiedon >'2024-03-01T10:00:00Z'` → `modifiedon gt 2024-03-01T10:00:00Z`).
 * Field names are written in lower case (Dataverse logical names). Throws CeqlError for what OData
 * cannot express.
 */
export function toODataQuery(where: string): { tracking: boolean; filter?: string } {
  const expression = parseCeql(where);
  const fetch = fetchChangesValue(expression);
  if (fetch !== undefined) return fetch ? { tracking: true } : { tracking: false };
  const mentions = ceqlFields(expression).some((field) => field.toLowerCase() === 'fetchchanges');
  if (mentions) {
    throw new CeqlError("fetchChanges='true' must be the whole where clause: change tracking returns every change and does not allow a $filter; poll a second resource for a filtered query");
  }
  return { tracking: false, filter: renderOData(expression, false) };
}

/** true/false when the clause is exactly `fetchChanges = 'true'|'false'|true|false`. */
function fetchChangesValue(expression: CeqlExpression): boolean | undefined {
  if (expression.type !== 'compare' || expression.field.toLowerCase() !== 'fetchchanges' || expression.op !== '=') return undefined;
  const value = expression.value;
  if (value.kind === 'boolean') return value.value;
  if (value.kind === 'string' && /^(true|false)$/i.test(value.value.trim())) return value.value.trim().toLowerCase() === 'true';
  throw new CeqlError(`fetchChanges must be 'true' or 'false'`, expression.position);
}

function renderOData(expression: CeqlExpression, insideAnd: boolean): string {
  switch (expression.type) {
    case 'and':
      return `${renderOData(expression.left, true)} and ${renderOData(expression.right, true)}`;
    case 'or': {
      const text = `${renderOData(expression.left, false)} or ${renderOData(expression.right, false)}`;
      return insideAnd ? `(${text})` : text;
    }
    case 'compare':
      if (expression.value.kind === 'null' && expression.op !== '=' && expression.op !== '!=') {
        throw new CeqlError(`"${expression.field} ${expression.op} null" compares with nothing: only = null and != null can be translated`, expression.position);
      }
      return `${odataField(expression.field)} ${ODATA_OPERATORS[expression.op]} ${odataLiteral(expression.value)}`;
    case 'like':
      return odataLike(expression.field, expression.pattern, expression.position);
    case 'in': {
      const field = odataField(expression.field);
      const alternatives = expression.values.map((value) => `${field} eq ${odataLiteral(value)}`);
      return alternatives.length === 1 ? (alternatives[0] as string) : `(${alternatives.join(' or ')})`;
    }
  }
}

function odataField(field: string): string {
  return field.toLowerCase().replaceAll('.', '/');
}

function odataLiteral(value: CeqlValue): string {
  switch (value.kind) {
    case 'string': {
      const ms = parseHubDate(value.value);
      return ms === undefined ? quoteOData(value.value) : formatUtcDateTime(ms);
    }
    case 'number':
      return value.text;
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
  }
}

/** `like` patterns OData has functions for: `%x%` contains, `x%` startswith, `%x` endswith, `x` equality. */
function odataLike(field: string, pattern: CeqlValue, position: number): string {
  if (pattern.kind !== 'string') throw new CeqlError(`"${field} like …" needs a quoted pattern such as '%Contoso%'`, position);
  const text = pattern.value;
  const leading = text.startsWith('%');
  const trailing = text.length > 1 && text.endsWith('%');
  const inner = text.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (inner.includes('%') || inner.includes('_') || inner === '') {
    throw new CeqlError(`the like pattern '${text}' cannot be written in OData: only '%text%', 'text%' and '%text' (no "_", no "%" in the middle) translate`, position);
  }
  const name = odataField(field);
  const literal = quoteOData(inner);
  if (leading && trailing) return `contains(${name},${literal})`;
  if (trailing) return `startswith(${name},${literal})`;
  if (leading) return `endswith(${name},${literal})`;
  return `${name} eq ${literal}`;
}

function quoteOData(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const CHECK_INSTANT = Date.UTC(2024, 0, 1);

/** A user signs in with its password; an application user (a client id alone) with the client secret. */
export function dynamicsRequiredSecrets(configuration: Record<string, unknown>): string[] {
  if (present(configuration['user.username'])) return ['user.password'];
  return present(configuration['oauth.client.id']) ? ['oauth.client.secret'] : [];
}

export const checkDynamicsElement: ElementCheck = (input, problems) => {
  const config = input.configuration;
  const at = (key: string) => joinPath(input.configurationPath, key);
  const allowInsecure = readBoolean(problems, at('allow.insecure.http'), config['allow.insecure.http'], false);
  checkTenant(config['dynamics.tenant'], config['dynamics.api.version'], at, allowInsecure, problems);
  checkCredentials(config, at, problems);
  for (const resource of input.resources) checkDynamicsResource(resource, joinPath(input.resourcePath(resource.name), 'url'), problems);
};

function checkTenant(tenant: unknown, version: unknown, at: (key: string) => string, allowInsecure: boolean, problems: ProblemList): void {
  if (version !== undefined && version !== null && typeof version !== 'string') problems.error(at('dynamics.api.version'), `must be a string such as "v9.2", got ${describeType(version)}`);
  if (tenant === undefined || tenant === null || tenant === '') {
    problems.error(at('dynamics.tenant'), 'missing: add the organization host, e.g. "yourcompanyname.crm.dynamics.com"');
    return;
  }
  if (typeof tenant !== 'string') {
    problems.error(at('dynamics.tenant'), `must be the organization host as a string, got ${describeType(tenant)}`);
    return;
  }
  if (findPlaceholder(tenant) !== undefined) return;
  const endpoint = dynamicsEndpoint(tenant, typeof version === 'string' ? version : undefined, allowInsecure);
  if ('error' in endpoint) problems.error(endpoint.error.startsWith('dynamics.api.version') ? at('dynamics.api.version') : at('dynamics.tenant'), endpoint.error);
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

function checkCredentials(config: Record<string, unknown>, at: (key: string) => string, problems: ProblemList): void {
  for (const key of ['user.username', 'user.password', 'oauth.authority', 'oauth.client.id', 'oauth.client.secret']) {
    if (present(config[key]) && typeof config[key] !== 'string') problems.error(at(key), `must be a string, got ${describeType(config[key])}`);
  }
  if (!present(config['user.username']) && !present(config['oauth.client.id'])) {
    problems.error(at('user.username'), 'missing: add the user the poller signs in as (user.username; its password is kept in the keychain), or oauth.client.id with oauth.client.secret for an application user');
  }
  const authority = config['oauth.authority'];
  if (typeof authority === 'string' && authority !== '' && findPlaceholder(authority) === undefined) {
    try {
      const url = new URL(authority);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) throw new Error('not https');
    } catch {
      problems.error(at('oauth.authority'), `"${authority}" must be an https:// URL, e.g. "https://adfs.contoso.com/adfs" or "https://login.microsoftonline.com/contoso.onmicrosoft.com"; leave it out to discover it`);
    }
  }
}

function checkDynamicsResource(resource: ResourceConfig, path: string, problems: ProblemList): void {
  if (resource.url === '' || findPlaceholder(resource.url) !== undefined) return;
  try {
    const hub = parseHubUrl(renderUrlTemplate(resource.url, CHECK_INSTANT));
    for (const name of hub.params.keys()) {
      if (name !== 'where' && name !== 'pageSize') problems.warn(path, `the query parameter "${name}" is not used by the Dynamics connector (it reads where and pageSize)`);
    }
    if (!findDynamicsEntitySet(hub.resource)) {
      problems.warn(path, `"${hub.resource}" is not a Dynamics resource this connector polls, so polling it will fail; use one of ${DYNAMICS_ENTITY_SETS.map((set) => set.hub).join(', ')}`);
      return;
    }
    dynamicsQuery(resource, CHECK_INSTANT);
  } catch (error) {
    if (error instanceof MacroError) return;
    problems.error(path, error instanceof CeqlError ? `the where clause cannot be sent to Dynamics: ${error.message}` : (error as Error).message);
  }
}
