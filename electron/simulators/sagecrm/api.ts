/**
 * Sage CRM's SData REST dialect: `GET {base}company?where=…&startIndex=1&count=100` and
 * `GET {base}company('43')`, answered with the `$resources` envelope or `$diagnoses` errors.
 */

import { headerValue, jsonResponse } from '../common/http.ts';
import type { SimRequest, SimResponse } from '../common/http.ts';
import type { BasicAuthGate } from './auth.ts';
import { formatSageDate } from './dates.ts';
import type { SageDateStyle } from './dates.ts';
import { canonicalField, findSageEntity } from './entities.ts';
import type { SageEntity } from './entities.ts';
import type { SageRow, SageStore } from './store.ts';
import type { SmallCache } from '../common/smallCache.ts';
import { WhereSyntaxError, beyondDocumentedDialect, compileWhere, parseWhere } from './where.ts';

export interface SageApiSettings {
  /** `/sdata/crmj/sagecrm2/-/` */
  basePath: string;
  timeZone: string;
  dateStyle: SageDateStyle;
  maxPageSize: number;
  defaultPageSize: number;
  orderBySupport: boolean;
  deletedVisibility: 'hidden' | 'visible';
  /** Also accept `in`, `between` and `not`, beyond the documented dialect. */
  extendedWhere: boolean;
}

export interface SageApiContext {
  store: SageStore;
  auth: BasicAuthGate;
  settings: SageApiSettings;
  /** Filtered, ordered results by query and table version (pages of one query reuse them). */
  results: SmallCache<SageRow[] | string>;
}

type SDataCode = 'BadWhereSyntax' | 'BadQueryParameter' | 'BadUrlSyntax' | 'ResourceKindNotFound' | 'ApplicationNotFound' | 'ApplicationDiagnosis';

/**
 * SData error body. UNCONFIRMED for Sage CRM (reference: shape as in the SData spec); we keep the
 * reference's exact `$message` for bad where clauses and put our detail in `X-Simulator-Detail`.
 */
function diagnosis(status: number, code: SDataCode, message: string, applicationCode: string, detail?: string, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(
    status,
    { $diagnoses: [{ $severity: 'error', $sdataCode: code, $message: message, $applicationCode: applicationCode }] },
    detail ? { 'X-Simulator-Detail': detail.replace(/[^\x20-\x7e]/g, '?'), ...headers } : headers,
  );
}

export function handleSageRequest(request: SimRequest, context: SageApiContext): SimResponse {
  const { settings } = context;
  const path = request.url.pathname;
  if (!path.toLowerCase().startsWith('/sdata/')) return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>404 - File or directory not found.</h1></body></html>' };

  // The API is stateless: every request carries Basic credentials.
  const outcome = context.auth.check(headerValue(request.headers, 'authorization'));
  if (!outcome.ok) {
    // UNCONFIRMED: Sage CRM's 401 body and WWW-Authenticate; we send a Basic challenge and a $diagnoses body.
    const message = outcome.reason === 'locked' ? 'User account is locked' : 'Invalid username or password';
    return diagnosis(401, 'ApplicationDiagnosis', message, outcome.reason === 'locked' ? '401.2' : '401.1', undefined, { 'WWW-Authenticate': 'Basic realm="SageCRM"' });
  }

  if (!path.toLowerCase().startsWith(settings.basePath.toLowerCase())) {
    return diagnosis(404, 'ApplicationNotFound', `No SData application at ${path}`, '404');
  }
  if (request.method !== 'GET') return diagnosis(405, 'ApplicationDiagnosis', `Method ${request.method} is not supported by this simulator`, '405');

  let resource: string;
  try {
    resource = decodeURIComponent(path.slice(settings.basePath.length));
  } catch {
    return diagnosis(400, 'BadUrlSyntax', 'Invalid URL', '400');
  }
  const match = /^([A-Za-z]+)(?:\(\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\))?\/?$/.exec(resource);
  if (!match) return diagnosis(400, 'BadUrlSyntax', `Invalid resource path '${resource}'`, '400');
  const definition = findSageEntity(match[1] as string);
  if (!definition) return diagnosis(404, 'ResourceKindNotFound', `Resource kind '${match[1]}' not found`, '404');
  const key = match[2] ?? match[3] ?? match[4];
  return key === undefined ? collection(request, context, definition) : single(request, context, definition, key);
}

/** Query parameters by lower-cased name (ASP.NET reads them case-insensitively); `$select` = `select`. */
function queryParams(request: SimRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of request.url.searchParams) params.set(name.toLowerCase().replace(/^\$/, ''), value);
  return params;
}

function isVisible(row: SageRow, definition: SageEntity, settings: SageApiSettings): boolean {
  return settings.deletedVisibility === 'visible' || row[definition.deletedField] !== 1;
}

function single(request: SimRequest, context: SageApiContext, definition: SageEntity, key: string): SimResponse {
  const id = Number(key);
  const row = Number.isInteger(id) ? context.store.get(definition.name, id) : undefined;
  if (!row || !isVisible(row, definition, context.settings)) return diagnosis(404, 'ApplicationDiagnosis', `${definition.name} '${key}' not found`, '404');
  return jsonResponse(200, serializeRow(row, definition, request, context.settings));
}

function collection(request: SimRequest, context: SageApiContext, definition: SageEntity): SimResponse {
  const { settings, store } = context;
  const params = queryParams(request);

  const startIndex = parseNonNegativeInt(params.get('startindex') ?? '1');
  if (startIndex === undefined || startIndex < 1) return diagnosis(400, 'BadQueryParameter', `Invalid startIndex '${params.get('startindex')}'`, '400');
  const requestedCount = parseNonNegativeInt(params.get('count') ?? String(settings.defaultPageSize));
  if (requestedCount === undefined) return diagnosis(400, 'BadQueryParameter', `Invalid count '${params.get('count')}'`, '400');
  // SData 1.1 servers cap the page; clients must read $itemsPerPage.
  const pageSize = Math.min(requestedCount, settings.maxPageSize);

  let select: string[] | undefined;
  const selectParam = params.get('select');
  if (selectParam !== undefined && selectParam.trim() !== '') {
    select = [];
    for (const name of selectParam.split(',').map((part) => part.trim()).filter(Boolean)) {
      const field = canonicalField(definition, name);
      if (!field) return diagnosis(400, 'BadQueryParameter', `Invalid select: unknown property '${name}'`, '400');
      select.push(field);
    }
  }

  let predicate: ((row: SageRow) => boolean) | undefined;
  const where = params.get('where');
  if (where !== undefined && where.trim() !== '') {
    try {
      const expression = parseWhere(where);
      const beyond = settings.extendedWhere ? undefined : beyondDocumentedDialect(expression);
      if (beyond !== undefined) throw new WhereSyntaxError(`'${beyond}' is not an operator of this server's dialect (eq ne gt ge lt le like and or)`);
      predicate = compileWhere(expression, (name) => {
        const field = canonicalField(definition, name);
        const type = field && definition.fields[field];
        return field && type ? { name: field, type } : undefined;
      }, settings.timeZone);
    } catch (error) {
      if (error instanceof WhereSyntaxError) return diagnosis(400, 'BadWhereSyntax', 'Invalid query syntax', '2403', error.message);
      throw error;
    }
  }

  // Without orderBy support (before 2024 R2) the parameter is ignored: the order stays arbitrary.
  const orderBy = settings.orderBySupport ? params.get('orderby') : undefined;
  const cacheKey = [definition.name, store.tableVersion(definition.name), where ?? '', orderBy ?? '', settings.timeZone, settings.deletedVisibility].join('\u0000');
  const rows = context.results.getOrCompute(cacheKey, () => {
    const matching = store.rowsInServerOrder(definition.name).filter((row) => isVisible(row, definition, settings) && (!predicate || predicate(row)));
    return orderBy ? sortRows(matching, orderBy, definition) : matching;
  });
  if (typeof rows === 'string') return diagnosis(400, 'BadQueryParameter', rows, '400');

  const page = rows.slice(startIndex - 1, startIndex - 1 + pageSize);
  return jsonResponse(200, {
    $totalResults: rows.length,
    $startIndex: startIndex,
    $itemsPerPage: pageSize,
    $resources: page.map((row) => serializeRow(row, definition, request, settings, select)),
  });
}

function parseNonNegativeInt(text: string): number | undefined {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
}

/** `orderBy=Comp_UpdatedDate desc, Comp_CompanyId` (2024 R2 and later); a message when invalid. */
function sortRows(rows: SageRow[], orderBy: string, definition: SageEntity): SageRow[] | string {
  const keys: Array<{ field: string; direction: number }> = [];
  for (const part of orderBy.split(',').map((text) => text.trim()).filter(Boolean)) {
    const [name = '', direction = 'asc', ...rest] = part.split(/\s+/);
    const field = canonicalField(definition, name);
    if (!field || rest.length > 0 || !/^(asc|desc)$/i.test(direction)) return `Invalid orderBy '${part}'`;
    keys.push({ field, direction: direction.toLowerCase() === 'desc' ? -1 : 1 });
  }
  const compare = (a: unknown, b: unknown): number => {
    if (a === b) return 0;
    if (a === null || a === undefined) return -1;
    if (b === null || b === undefined) return 1;
    return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { sensitivity: 'accent' });
  };
  return [...rows].sort((x, y) => {
    for (const key of keys) {
      const order = compare(x[key.field], y[key.field]) * key.direction;
      if (order !== 0) return order;
    }
    return 0;
  });
}

/**
 * A row as Sage serializes it: `$key`, `$url` (always http://, a known quirk even behind https),
 * then the columns, dates in the server zone with offset (or bare local time on a misconfigured server).
 */
export function serializeRow(row: SageRow, definition: SageEntity, request: Pick<SimRequest, 'headers' | 'url'>, settings: Pick<SageApiSettings, 'basePath' | 'timeZone' | 'dateStyle'>, select?: string[]): Record<string, unknown> {
  const key = String(row[definition.keyField]);
  const host = headerValue(request.headers, 'host') ?? request.url.host;
  const out: Record<string, unknown> = { $key: key, $url: `http://${host}${settings.basePath}${definition.name}('${key}')` };
  for (const [field, type] of Object.entries(definition.fields)) {
    if (select && !select.includes(field)) continue;
    const value = row[field] ?? null;
    out[field] = type === 'datetime' && typeof value === 'number' ? formatSageDate(value, settings.timeZone, settings.dateStyle) : value;
  }
  return out;
}
