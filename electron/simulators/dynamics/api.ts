/**
 * The Dataverse Web API as the product uses it: `/api/data/v9.x/{entitySet}` with OData queries,
 * server paging by `Prefer: odata.maxpagesize`, change tracking with delta links, bearer-token
 * authentication with authority discovery, and service-protection 429s.
 */

import { createRng } from '../common/prng.ts';
import type { SmallCache } from '../common/smallCache.ts';
import { headerValue, jsonResponse, parseFormBody } from '../common/http.ts';
import type { SimRequest, SimResponse } from '../common/http.ts';
import type { Authority, TokenService } from './auth.ts';
import type { ServiceProtection } from './budget.ts';
import { DV_ENTITY_SETS, findEntitySet } from './entities.ts';
import type { DvEntitySet, DvType } from './entities.ts';
import { ODataQueryError, compileFilter, parseFilter, parseOrderBy, parsePrefer, parseSelect, rowComparator } from './odata.ts';
import { decodeDeltaToken, decodeSkipToken, encodeDeltaToken, encodeQueryValue, encodeSkipToken } from './paging.ts';
import type { PageState } from './paging.ts';
import type { DataverseStore, DvRow, Tombstone } from './store.ts';

export interface DynamicsApiSettings {
  authority: Authority;
  /** The origin the 401 challenge names as the sign-in authority; default the simulator's own. */
  authorityOrigin?: string;
  /** The token endpoints are served elsewhere (an AD FS on its own host), not by this server. */
  separateAuthority?: boolean;
  tenant: string;
  fractionalSeconds: boolean;
  /** Largest page the server sends (Dataverse: 5000). */
  maxPageSize: number;
  /** Next and delta links relative to the request (`accounts?$skiptoken=…`), as OData allows. */
  relativeLinks: boolean;
  /** Delta tokens older than this (simulator clock) have expired. */
  deltaTokenMaxAgeMs: number;
  /** Delta tokens below this version have expired (control.expireDeltaTokens). */
  minDeltaVersion: number;
  /** Entity sets without change tracking enabled. */
  changeTrackingDisabled: readonly string[];
  seed: number | string;
}

export interface DynamicsApiContext {
  store: DataverseStore;
  /** Filtered, ordered results by query and data version (pages of one query reuse them). */
  results: SmallCache<DvRow[]>;
  tokens: TokenService;
  protection: ServiceProtection;
  settings: DynamicsApiSettings;
  now(): number;
}

const API_PATH = /^\/api\/data\/(v9\.[012])(?:\/(.*))?$/i;
const ODATA_HEADERS = { 'OData-Version': '4.0' };
const ODATA_JSON = 'application/json; odata.metadata=minimal';
const DELETED_CONTEXT = '$deletedEntity';
const COUNT_LIMIT = 5000;
const TRACKING_FORBIDDEN = ['$filter', '$orderby', '$expand', '$top'];
const KNOWN_OPTIONS = ['$select', '$filter', '$orderby', '$top', '$count', '$skiptoken', '$deltatoken', '$expand', '$skip', '$format'];

function odataJson(status: number, body: unknown, headers: Record<string, string | string[]> = {}): SimResponse {
  return jsonResponse(status, body, { ...ODATA_HEADERS, 'Content-Type': ODATA_JSON, ...headers });
}

/** Dataverse error body; `code` is often unrelated to the HTTP status. */
function odataError(status: number, code: string, message: string, headers: Record<string, string | string[]> = {}): SimResponse {
  return odataJson(status, { error: { code, message } }, headers);
}

/** The token endpoints (AD FS and Azure AD), issuing tokens for `crmResource`; undefined for any other request. */
export function handleTokenRequest(request: SimRequest, context: Pick<DynamicsApiContext, 'tokens' | 'now'>, crmResource: string): SimResponse | undefined {
  const path = request.url.pathname;
  if (request.method === 'POST' && /^\/adfs\/oauth2\/token\/?$/i.test(path)) {
    return context.tokens.adfsToken(parseFormBody(request.body), crmResource, context.now());
  }
  const azure = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i.exec(path);
  if (request.method === 'POST' && azure) {
    return context.tokens.azureToken(decodeURIComponent(azure[1] as string), parseFormBody(request.body), crmResource, context.now());
  }
  return undefined;
}

export function handleDynamicsRequest(request: SimRequest, context: DynamicsApiContext): SimResponse {
  const path = request.url.pathname;
  const now = context.now();

  const token = context.settings.separateAuthority ? undefined : handleTokenRequest(request, context, request.origin);
  if (token) return token;

  const api = API_PATH.exec(path);
  if (!api) return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>404 - Not Found</h1></body></html>' };

  const auth = context.tokens.check(headerValue(request.headers, 'authorization'), now);
  if (!auth.ok) return unauthorized(request, context.settings, auth.reason);

  const budget = context.protection.check(auth.principal, now);
  if (!budget.ok) {
    return odataError(429, '0x80072322', context.protection.message(), { 'Retry-After': String(budget.retryAfterSeconds) });
  }
  const extraHeaders: Record<string, string> = Number.isFinite(budget.remaining) ? { 'x-ms-ratelimit-burst-remaining-xrm-requests': String(budget.remaining) } : {};

  if (request.method !== 'GET') return odataError(405, '0x80060888', `The simulator serves GET only (got ${request.method}).`, extraHeaders);

  const apiBase = `${request.origin}/api/data/${(api[1] as string).toLowerCase()}`;
  const resource = api[2] ?? '';
  const response = route(request, context, apiBase, resource, auth.principal);
  return { ...response, headers: { ...response.headers, ...extraHeaders } };
}

/**
 * 401 with authority discovery. UNCONFIRMED: the body for bad/expired tokens; we send
 * `{"error":{"code":"InvalidAuthTicket"|"ExpiredAuthTicket",…}}` and an `error="invalid_token"` challenge.
 */
function unauthorized(request: SimRequest, settings: DynamicsApiSettings, reason: 'missing' | 'invalid' | 'expired'): SimResponse {
  const authorityOrigin = settings.authorityOrigin ?? request.origin;
  const authorizeUri = settings.authority === 'adfs' ? `${authorityOrigin}/adfs/oauth2/authorize` : `${authorityOrigin}/${settings.tenant}/oauth2/authorize`;
  const details = reason === 'missing' ? '' : `error="invalid_token", error_description="${reason === 'expired' ? 'The access token is expired' : 'Error during token validation!'}", `;
  const challenges = [`Bearer ${details}authorization_uri=${authorizeUri}, resource_id=${request.origin}/`];
  // On-premises servers also offer Windows authentication, as separate headers.
  if (settings.authority === 'adfs') challenges.push('Negotiate', 'NTLM');
  const headers = { ...ODATA_HEADERS, 'WWW-Authenticate': challenges };
  if (reason === 'missing') return { status: 401, headers, body: '' };
  const body = reason === 'expired'
    ? { error: { code: 'ExpiredAuthTicket', message: 'The access token has expired. Acquire a new token and try again.' } }
    : { error: { code: 'InvalidAuthTicket', message: 'The access token is not valid.' } };
  return jsonResponse(401, body, headers);
}

function route(request: SimRequest, context: DynamicsApiContext, apiBase: string, resource: string, principal: string): SimResponse {
  if (resource === '') {
    return odataJson(200, { '@odata.context': `${apiBase}/$metadata`, value: DV_ENTITY_SETS.map((set) => ({ name: set.setName, kind: 'EntitySet', url: set.setName })) });
  }
  if (/^WhoAmI(\(\))?$/.test(resource)) {
    const rng = createRng(`${String(context.settings.seed)}:whoami:${principal}`);
    return odataJson(200, { '@odata.context': `${apiBase}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: rng.guid(), UserId: rng.guid(), OrganizationId: rng.guid() });
  }
  if (resource === 'EntityDefinitions') return entityDefinitions(request, context, apiBase);

  const match = /^([A-Za-z_]+)(?:\(([^)]*)\))?$/.exec(resource);
  const set = match ? findEntitySet(match[1] as string) : undefined;
  if (!match || !set || set.setName !== match[1]) {
    return odataError(404, '0x8006088a', `Resource not found for the segment '${resource.split(/[/(]/)[0]}'.`);
  }
  try {
    if (match[2] !== undefined) return single(request, context, apiBase, set, match[2]);
    return collection(request, context, apiBase, set);
  } catch (error) {
    if (error instanceof ODataQueryError) return odataError(400, '0x80060888', error.message);
    throw error;
  }
}

function single(request: SimRequest, context: DynamicsApiContext, apiBase: string, set: DvEntitySet, key: string): SimResponse {
  const id = key.trim();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    return odataError(400, '0x80060888', `Bad Request - Error in query syntax.`);
  }
  const select = request.url.searchParams.get('$select');
  const fields = select ? parseSelect(select, set) : undefined;
  const row = context.store.get(set.setName, id);
  if (!row) return odataError(404, '0x80040217', `Entity '${set.logicalName}' With Id = ${id.toLowerCase()} Does Not Exist`);
  return odataJson(200, {
    '@odata.context': `${apiBase}/$metadata#${set.setName}${fields ? `(${fields.join(',')})` : ''}/$entity`,
    ...serializeRow(row, set, context.settings.fractionalSeconds, fields),
  });
}

/** Query options by name; unknown `$` options are an error, other names are custom options (ignored). */
function queryOptions(request: SimRequest): Map<string, string> {
  const options = new Map<string, string>();
  for (const [name, value] of request.url.searchParams) {
    if (!name.startsWith('$')) continue;
    if (!KNOWN_OPTIONS.includes(name)) throw new ODataQueryError(`The query parameter '${name}' is not supported.`);
    options.set(name, value);
  }
  return options;
}

function collection(request: SimRequest, context: DynamicsApiContext, apiBase: string, set: DvEntitySet): SimResponse {
  const { settings } = context;
  const options = queryOptions(request);
  if (options.has('$skip')) throw new ODataQueryError('The query parameter $skip is not supported.');

  const prefer = parsePrefer(headerValue(request.headers, 'prefer'));
  const requestedPageSize = prefer.maxPageSize !== undefined && prefer.maxPageSize <= settings.maxPageSize ? prefer.maxPageSize : undefined;
  const pageSize = requestedPageSize ?? settings.maxPageSize;
  const select = options.has('$select') ? parseSelect(options.get('$select') as string, set) : undefined;
  const skipToken = options.get('$skiptoken');
  const state = skipToken === undefined ? undefined : decodeSkipToken(skipToken);
  if (skipToken !== undefined && !state) throw new ODataQueryError('The $skiptoken is not valid.');
  const deltaToken = options.get('$deltatoken');

  const tracking = prefer.trackChanges || deltaToken !== undefined || (state !== undefined && state.mode !== 'query');
  const applied: string[] = [];
  if (tracking) {
    for (const option of TRACKING_FORBIDDEN) {
      if (options.has(option)) throw new ODataQueryError(`The "${option}" query parameter isn't supported when Change Tracking is enabled.`);
    }
    if (settings.changeTrackingDisabled.includes(set.setName)) {
      return odataError(400, '0x80060888', `Change tracking is not enabled for the entity '${set.logicalName}'. Enable change tracking on the table to use odata.track-changes.`);
    }
    if (prefer.trackChanges) applied.push('odata.track-changes');
  }
  if (requestedPageSize !== undefined && !options.has('$top')) applied.push(`odata.maxpagesize=${requestedPageSize}`);
  const headers: Record<string, string> = applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {};
  const contextUrl = `${apiBase}/$metadata#${set.setName}${select ? `(${select.join(',')})` : ''}`;
  const linkBase = (extra: string): string => {
    const params: string[] = [];
    for (const [name, value] of request.url.searchParams) {
      if (name === '$skiptoken' || name === '$deltatoken') continue;
      params.push(`${name}=${encodeQueryValue(value)}`);
    }
    params.push(extra);
    return `${settings.relativeLinks ? '' : `${apiBase}/`}${set.setName}?${params.join('&')}`;
  };
  const serialize = (row: DvRow): Record<string, unknown> => serializeRow(row, set, settings.fractionalSeconds, select);

  if (deltaToken !== undefined || state?.mode === 'delta') {
    return deltaPage(context, set, { deltaToken, state, pageSize, contextUrl, apiBase, headers, linkBase, serialize });
  }

  if (tracking) {
    // Initial read of a tracking session: everything, by primary key; the last page ends with a deltaLink.
    const initial = state?.mode === 'track-initial' ? state : undefined;
    const snapshot = initial?.snapshot ?? context.store.version();
    const issuedAt = initial?.issuedAt ?? context.now();
    const key = set.primaryKey;
    const rows = context.results.getOrCompute(`${set.setName}|${context.store.version()}|tracking`, () =>
      [...context.store.rows(set.setName)].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0)));
    const start = initial ? rows.findIndex((row) => String(row[key]) > initial.afterId) : 0;
    const page = start < 0 ? [] : rows.slice(start, start + pageSize);
    const hasMore = start >= 0 && start + pageSize < rows.length;
    const body: Record<string, unknown> = { '@odata.context': contextUrl, value: page.map(serialize) };
    const last = page[page.length - 1];
    if (hasMore && last) {
      body['@odata.nextLink'] = linkBase(`$skiptoken=${encodeQueryValue(encodeSkipToken({ mode: 'track-initial', page: (initial?.page ?? 1) + 1, afterId: String(last[key]), snapshot, issuedAt }))}`);
    } else {
      body['@odata.deltaLink'] = linkBase(`$deltatoken=${encodeQueryValue(encodeDeltaToken(snapshot, issuedAt))}`);
    }
    return odataJson(200, body, headers);
  }

  // A plain query.
  if (state !== undefined && state.mode !== 'query') throw new ODataQueryError('The $skiptoken is not valid.');
  const predicate = options.has('$filter') ? compileFilter(parseFilter(options.get('$filter') as string), set) : undefined;
  const orderKeys = options.has('$orderby') ? parseOrderBy(options.get('$orderby') as string, set) : [];
  if (options.has('$expand')) throw new ODataQueryError('The simulator does not support $expand.');
  let top: number | undefined;
  if (options.has('$top')) {
    const text = options.get('$top') as string;
    if (!/^\d+$/.test(text)) throw new ODataQueryError(`Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`);
    top = Number(text);
  }
  const countRequested = options.get('$count') === 'true';
  if (options.has('$count') && !['true', 'false'].includes(options.get('$count') as string)) {
    throw new ODataQueryError(`'${options.get('$count')}' is not a valid count option.`);
  }

  const compare = rowComparator(orderKeys, set.primaryKey);
  const cacheKey = [set.setName, context.store.version(), options.get('$filter') ?? '', options.get('$orderby') ?? ''].join('\u0000');
  const rows = context.results.getOrCompute(cacheKey, () => context.store.rows(set.setName).filter((row) => !predicate || predicate(row)).sort(compare));
  const body: Record<string, unknown> = { '@odata.context': contextUrl };
  if (countRequested) {
    body['@odata.count'] = Math.min(rows.length, COUNT_LIMIT);
    if (rows.length > COUNT_LIMIT) body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'] = true;
  }
  if (top !== undefined) {
    // $top is a total limit: one response, no nextLink (clients that treat it as a page size stop early).
    body.value = rows.slice(0, Math.min(top, settings.maxPageSize)).map(serialize);
    return odataJson(200, body, headers);
  }
  const start = state ? rows.findIndex((row) => compare(row, state.after) > 0) : 0;
  const page = start < 0 ? [] : rows.slice(start, start + pageSize);
  body.value = page.map(serialize);
  const last = page[page.length - 1];
  if (start >= 0 && start + pageSize < rows.length && last) {
    const after = Object.fromEntries([...orderKeys.map((key) => key.field), set.primaryKey].map((field) => [field, last[field] ?? null]));
    body['@odata.nextLink'] = linkBase(`$skiptoken=${encodeQueryValue(encodeSkipToken({ mode: 'query', page: (state?.page ?? 1) + 1, after }))}`);
  }
  return odataJson(200, body, headers);
}

interface DeltaArgs {
  deltaToken: string | undefined;
  state: PageState | undefined;
  pageSize: number;
  contextUrl: string;
  apiBase: string;
  headers: Record<string, string>;
  linkBase(extra: string): string;
  serialize(row: DvRow): Record<string, unknown>;
}

type DeltaItem = { phase: 0; version: number; id: string; row: DvRow } | { phase: 1; version: number; id: string; tombstone: Tombstone };

/** Rows created or changed in (since, upto], then deletions in that range, paged; the last page carries the next deltaLink. */
function deltaPage(context: DynamicsApiContext, set: DvEntitySet, args: DeltaArgs): SimResponse {
  const { settings, store } = context;
  let window: { since: number; upto: number; issuedAt: number; page: number; after?: { phase: number; version: number; id: string } };
  if (args.state?.mode === 'delta') {
    window = args.state;
  } else {
    const token = decodeDeltaToken(args.deltaToken ?? '');
    if (!token || token.version > store.version()) return odataError(400, '0x80060888', 'The delta token is not valid.');
    const expired = token.version < settings.minDeltaVersion || context.now() - token.issuedAt > settings.deltaTokenMaxAgeMs;
    if (expired) return odataError(400, '0x80044352', 'Version stamp associated with the client has expired. Please perform a full sync.');
    window = { since: token.version, upto: store.version(), issuedAt: context.now(), page: 1 };
  }

  const key = set.primaryKey;
  const inWindow = (version: number): boolean => version > window.since && version <= window.upto;
  const items: DeltaItem[] = [
    ...store.rows(set.setName).filter((row) => inWindow(row.versionnumber as number))
      .map((row): DeltaItem => ({ phase: 0, version: row.versionnumber as number, id: String(row[key]), row })),
    ...store.tombstones(set.setName).filter((tombstone) => inWindow(tombstone.version))
      .map((tombstone): DeltaItem => ({ phase: 1, version: tombstone.version, id: tombstone.id, tombstone })),
  ];
  const order = (a: { phase: number; version: number; id: string }, b: { phase: number; version: number; id: string }): number =>
    a.phase - b.phase || a.version - b.version || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  items.sort(order);
  const after = window.after;
  const start = after ? items.findIndex((item) => order(item, after) > 0) : 0;
  const page = start < 0 ? [] : items.slice(start, start + args.pageSize);
  const deletedContext = `${args.apiBase}/$metadata#${set.setName}/${DELETED_CONTEXT}`;
  const body: Record<string, unknown> = {
    '@odata.context': `${args.contextUrl}/$delta`,
    value: page.map((item) => (item.phase === 0 ? args.serialize(item.row) : { '@odata.context': deletedContext, id: item.id, reason: 'deleted' })),
  };
  const last = page[page.length - 1];
  if (start >= 0 && start + args.pageSize < items.length && last) {
    const next: PageState = { mode: 'delta', page: window.page + 1, since: window.since, upto: window.upto, issuedAt: window.issuedAt, after: { phase: last.phase, version: last.version, id: last.id } };
    body['@odata.nextLink'] = args.linkBase(`$skiptoken=${encodeQueryValue(encodeSkipToken(next))}`);
  } else {
    // UNCONFIRMED shape for an empty delta: `value: []` plus a new deltaLink, like any last page.
    body['@odata.deltaLink'] = args.linkBase(`$deltatoken=${encodeQueryValue(encodeDeltaToken(window.upto, window.issuedAt))}`);
  }
  return odataJson(200, body, args.headers);
}

/** `GET EntityDefinitions?$select=SchemaName&$filter=ChangeTrackingEnabled eq true` (how clients check tracking). */
function entityDefinitions(request: SimRequest, context: DynamicsApiContext, apiBase: string): SimResponse {
  const metadataSet = {
    logicalName: 'EntityMetadata',
    fields: { MetadataId: 'guid', LogicalName: 'string', SchemaName: 'string', EntitySetName: 'string', PrimaryIdAttribute: 'string', ChangeTrackingEnabled: 'bool' } as Record<string, DvType>,
  };
  try {
    const select = request.url.searchParams.get('$select');
    const filter = request.url.searchParams.get('$filter');
    const fields = select ? parseSelect(select, metadataSet) : Object.keys(metadataSet.fields);
    const predicate = filter ? compileFilter(parseFilter(filter), metadataSet) : undefined;
    const rows = DV_ENTITY_SETS.map((set) => ({
      MetadataId: createRng(`metadata:${set.logicalName}`).guid(), LogicalName: set.logicalName, SchemaName: set.schemaName,
      EntitySetName: set.setName, PrimaryIdAttribute: set.primaryKey, ChangeTrackingEnabled: !context.settings.changeTrackingDisabled.includes(set.setName),
    } as Record<string, unknown>)).filter((row) => !predicate || predicate(row));
    return odataJson(200, {
      '@odata.context': `${apiBase}/$metadata#EntityDefinitions${select ? `(${fields.join(',')})` : ''}`,
      value: rows.map((row) => Object.fromEntries([...new Set([...fields, 'MetadataId'])].map((field) => [field, row[field]]))),
    });
  } catch (error) {
    if (error instanceof ODataQueryError) return odataError(400, '0x80060888', error.message);
    throw error;
  }
}

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A row on the wire: etag first, then the columns (all, or the selected ones plus the primary key). */
export function serializeRow(row: DvRow, set: DvEntitySet, fractionalSeconds: boolean, select?: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': `W/"${String(row.versionnumber)}"` };
  const fields = select ? [...new Set([...select, set.primaryKey])] : Object.keys(set.fields);
  for (const field of fields) {
    const value = row[field] ?? null;
    const type = set.fields[field];
    if (typeof value === 'number' && type === 'datetime') out[field] = fractionalSeconds ? new Date(value).toISOString() : isoSeconds(value);
    else if (typeof value === 'number' && type === 'date') out[field] = new Date(value).toISOString().slice(0, 10);
    else out[field] = value;
  }
  return out;
}
