/**
 * The `sagecrm` element (Sage CRM's SData REST API): where its server is, which Sage entity each hub
 * resource polls, how a hub where clause becomes an SData `where` expression, and the element's checks.
 *
 * Instance keys: `subdomain` (a host, `sagecrm-0.example.com` → `https://{host}/sdata/crmj/sagecrm2/-/`,
 * or a full URL), `username`, `password`, `allow.insecure.http`, `event.poller.reconcile_interval`.
 */
import { CeqlError, formatUtcDateTime, parseCeql, parseHubDate, type CeqlExpression, type CeqlOperator, type CeqlValue } from './ceql.ts';
import type { ElementCheck } from './elementCheck.ts';
import { findHubTable } from './hubTables.ts';
import { isLoopbackHost, parseUrl } from './hosts.ts';
import { parseHubUrl } from './hubUrl.ts';
import { joinPath, type ProblemList } from './problems.ts';
import type { ResourceConfig } from './types.ts';
import entities from './sagecrm-entities.json' with { type: 'json' };
import { describeType, findPlaceholder, readBoolean, readNumber } from './values.ts';
import { MacroError, renderUrlTemplate } from '../urlMacros.ts';

/**
 * Hub resource → SData resource kind and its primary key (`accounts` → `company`, `comp_companyid`).
 * UNCONFIRMED: the entity spelling for users (`user`).
 */
export type SageEntity = (typeof entities)[number];
export const SAGE_ENTITIES: readonly SageEntity[] = entities;

/** By hub resource name or Sage entity name, ignoring case. */
export function findSageEntity(name: string): SageEntity | undefined {
  return findHubTable(SAGE_ENTITIES, name, (entity) => entity.entity);
}

export const SAGE_DEFAULT_PATH = '/sdata/crmj/sagecrm2/-/';
export const RECONCILE_INTERVAL_KEY = 'event.poller.reconcile_interval';
/** Minutes between id reconciliations (deletions), when the instance does not say. */
export const DEFAULT_RECONCILE_INTERVAL_MINUTES = 360;

/** The SData base URL (ending in `/`) for `subdomain`, or what is wrong with it. */
export function sageBaseUrl(subdomain: string, allowInsecureHttp: boolean): { url: string } | { error: string } {
  const text = subdomain.trim();
  if (text === '') return { error: 'is empty: write the Sage CRM server, e.g. "crm.example.com" or "https://crm.example.com/sdata/crmj/sagecrm2/-/"' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = parseUrl(hasScheme ? text : `https://${text}`);
  } catch {
    return { error: `"${text}" is neither a host name nor a URL: write e.g. "crm.example.com" or "https://crm.example.com"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `"${text}" must be an https:// URL (or a host name)` };
  if (url.search !== '' || url.hash !== '') return { error: `"${text}" must not contain a query ("?…") or fragment ("#…")` };
  if (url.username !== '' || url.password !== '') return { error: `"${text}" must not contain credentials: set username and password instead` };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    return { error: `"${text}" is plain http://, which sends the password readable by anyone on the network: use https://, or set "allow.insecure.http": true if you must` };
  }
  const path = url.pathname === '/' || url.pathname === '' ? SAGE_DEFAULT_PATH : url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { url: `${url.origin}${path}` };
}

/** `event.poller.reconcile_interval` in minutes; 0 turns scheduled reconciliation off. */
export function reconcileIntervalMinutes(configuration: Record<string, unknown>): number {
  const value = configuration[RECONCILE_INTERVAL_KEY];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) && number >= 0 ? number : DEFAULT_RECONCILE_INTERVAL_MINUTES;
}

const SDATA_OPERATORS: Record<CeqlOperator, string> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

/**
 * A hub where clause as an SData expression: `Comp_UpdatedDate>'2024-03-01T10:00:00Z'` →
 * `Comp_UpdatedDate gt @2024-03-01T10:00:00Z@`. Quoted dates become `@…Z@` timestamp literals in UTC
 * (so the server's own zone never matters); other text stays quoted, numbers bare. Throws CeqlError
 * for what SData cannot express.
 */
export function toSDataWhere(where: string): string {
  return renderSData(parseCeql(where), false);
}

function renderSData(expression: CeqlExpression, insideAnd: boolean): string {
  switch (expression.type) {
    case 'and':
      return `${renderSData(expression.left, true)} and ${renderSData(expression.right, true)}`;
    case 'or':
      return orChain([renderSData(expression.left, false), renderSData(expression.right, false)], insideAnd);
    case 'compare': {
      checkSageField(expression.field, expression.position);
      if (expression.value.kind === 'null' && expression.op !== '=' && expression.op !== '!=') {
        throw new CeqlError(`"${expression.field} ${expression.op} null" compares with nothing: only = null and != null can be translated`, expression.position);
      }
      return `${expression.field} ${SDATA_OPERATORS[expression.op]} ${sdataLiteral(expression.value, expression.field, expression.position)}`;
    }
    case 'like':
      checkSageField(expression.field, expression.position);
      if (expression.pattern.kind !== 'string') throw new CeqlError(`"${expression.field} like …" needs a quoted pattern such as '%Acme%'`, expression.position);
      return `${expression.field} like ${quoteSData(expression.pattern.value)}`;
    case 'in':
      checkSageField(expression.field, expression.position);
      if (expression.values.some((value) => value.kind === 'null')) throw new CeqlError(`"${expression.field} in (…)" cannot list null: add "or ${expression.field} = null"`, expression.position);
      // The documented dialect has no in (…), which servers may refuse: a list is a chain of eq … or.
      return orChain(expression.values.map((value) => `${expression.field} eq ${sdataLiteral(value, expression.field, expression.position)}`), insideAnd);
  }
}

function orChain(terms: string[], insideAnd: boolean): string {
  const text = terms.join(' or ');
  return insideAnd && terms.length > 1 ? `(${text})` : text;
}

function checkSageField(field: string, position: number): void {
  if (field.toLowerCase() === 'fetchchanges') {
    throw new CeqlError("fetchChanges='true' is Dynamics change tracking; Sage CRM has none: poll by an updated date (e.g. Comp_UpdatedDate>'${gmtDate:…}'); deletions are found by id reconciliation", position);
  }
}

function sdataLiteral(value: CeqlValue, field: string, position: number): string {
  switch (value.kind) {
    case 'string': {
      const ms = parseHubDate(value.value);
      return ms === undefined ? quoteSData(value.value) : `@${formatUtcDateTime(ms)}@`;
    }
    case 'number':
      return value.text;
    case 'null':
      return 'null';
    case 'boolean':
      throw new CeqlError(`"${field}" is compared with ${value.value}, but Sage CRM has no true/false values: compare with 'Y' or 1 as the column holds them`, position);
  }
}

function quoteSData(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The resource's Sage entity and its SData where clause for changes since `sinceMs`. */
export function sageQuery(resource: Pick<ResourceConfig, 'url' | 'name'>, sinceMs: number): { entity: SageEntity; where?: string; pageSize?: number } {
  const hub = parseHubUrl(renderUrlTemplate(resource.url, sinceMs));
  const entity = findSageEntity(hub.resource);
  if (!entity) {
    throw new Error(`"${hub.resource}" is not a Sage CRM resource this product polls; use one of ${SAGE_ENTITIES.map((candidate) => candidate.hub).join(', ')}`);
  }
  const where = hub.params.get('where');
  const pageSize = hub.params.has('pageSize') ? Number(hub.params.get('pageSize')) : undefined;
  return { entity, where: where === undefined || where.trim() === '' ? undefined : toSDataWhere(where), pageSize: Number.isInteger(pageSize) && (pageSize as number) > 0 ? pageSize : undefined };
}

/** An instant to fill macros with when checking a URL (any will do: only the shape is checked). */
const CHECK_INSTANT = Date.UTC(2024, 0, 1);

/** Sage CRM signs in with a password on every request. */
export const sageCrmRequiredSecrets = (): string[] => ['password'];

export const checkSageCrmElement: ElementCheck = (input, problems) => {
  const at = (key: string) => joinPath(input.configurationPath, key);
  const allowInsecure = readBoolean(problems, at('allow.insecure.http'), input.configuration['allow.insecure.http'], false);
  checkSubdomain(input.configuration.subdomain, at('subdomain'), allowInsecure, problems);
  checkUsername(input.configuration.username, at('username'), problems);
  readNumber(problems, at(RECONCILE_INTERVAL_KEY), input.configuration[RECONCILE_INTERVAL_KEY], { unit: 'minutes', min: 0 });
  for (const resource of input.resources) checkSageResource(resource, joinPath(input.resourcePath(resource.name), 'url'), problems);
};

function checkSubdomain(value: unknown, path: string, allowInsecure: boolean, problems: ProblemList): void {
  if (value === undefined || value === null || value === '') {
    problems.error(path, 'missing: add the Sage CRM server, e.g. "crm.example.com" or "https://crm.example.com/sdata/crmj/sagecrm2/-/"');
    return;
  }
  if (typeof value !== 'string') {
    problems.error(path, `must be the Sage CRM server as a string, got ${describeType(value)}`);
    return;
  }
  if (findPlaceholder(value) !== undefined) return;
  const base = sageBaseUrl(value, allowInsecure);
  if ('error' in base) problems.error(path, base.error);
}

function checkUsername(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined || value === null || value === '') {
    problems.error(path, 'missing: add the Sage CRM user name the poller signs in as (its password is kept in the keychain)');
  } else if (typeof value !== 'string') {
    problems.error(path, `must be a string, got ${describeType(value)}`);
  } else if (value.includes(':') && findPlaceholder(value) === undefined) {
    problems.error(path, 'must not contain ":": HTTP basic authentication separates the user name from the password with it');
  }
}

function checkSageResource(resource: ResourceConfig, path: string, problems: ProblemList): void {
  if (resource.url === '' || findPlaceholder(resource.url) !== undefined) return;
  try {
    const hub = parseHubUrl(renderUrlTemplate(resource.url, CHECK_INSTANT));
    for (const name of hub.params.keys()) {
      if (name !== 'where' && name !== 'pageSize') problems.warn(path, `the query parameter "${name}" is not used by the Sage CRM connector (it reads where and pageSize)`);
    }
    // Cloud Elements' hub knew more objects; polling one this connector does not map fails, but the rest still works.
    if (!findSageEntity(hub.resource)) {
      problems.warn(path, `"${hub.resource}" is not a Sage CRM resource this connector polls, so polling it will fail; use one of ${SAGE_ENTITIES.map((entity) => entity.hub).join(', ')}`);
      return;
    }
    sageQuery(resource, CHECK_INSTANT);
  } catch (error) {
    // Macro problems are reported by the resource checks already.
    if (error instanceof MacroError) return;
    problems.error(path, error instanceof CeqlError ? `the where clause cannot be sent to Sage CRM: ${error.message}` : (error as Error).message);
  }
}
