/**
 * The `sagecrm` element: Sage CRM's SData REST API (`{base}company?where=…&startIndex=1&count=100`),
 * Basic authentication on every request, offset paging by `startIndex`/`count`, records in the Cloud
 * Elements hub shape, and deletions found by id reconciliation (Sage soft-deletes and hides the rows).
 *
 * A 401 ends the poll at once and is never retried: Sage CRM locks an account after a few bad
 * passwords, and a locked account stays locked until an administrator frees it.
 */
import { CeqlError } from '../../../../shared/config/ceql.ts';
import { reconcileIntervalMinutes, sageBaseUrl, sageQuery, type SageEntity } from '../../../../shared/config/sagecrm.ts';
import type { ResourceConfig } from '../../../../shared/config/types.ts';
import { readBoolean } from '../../../../shared/config/values.ts';
import { ProblemList } from '../../../../shared/config/problems.ts';
import { ConnectorError, missingSecret } from '../errors.ts';
import { repeatsPage } from '../repeatsPage.ts';
import { HttpClient, wireUrl, type CredentialScope, type HttpOptions, type JsonResponse } from '../http.ts';
import type { Connector, ConnectorContext, FetchedPage, FetchRequest, IdListing, IdListRequest } from '../types.ts';
import { readSDataPage, recordKey, toHubRecord, type SDataPage } from './records.ts';

/** Records per page asked for; SData 1.1 servers cap it at 100 and say so in `$itemsPerPage`. */
export const DEFAULT_PAGE_SIZE = 100;
/** Ids per page when listing them for reconciliation (a server may serve fewer). */
const ID_PAGE_SIZE = 500;
/**
 * Id look-ups (confirming deletions) are split so that no URL is longer than this: well under the
 * 2,000 characters that some servers, proxies and gateways refuse beyond.
 */
export const MAX_LOOKUP_URL_LENGTH = 1_500;
const MAX_PAGES = 100_000;

export function createSageCrmConnector(context: ConnectorContext, httpOptions: HttpOptions = {}): Connector {
  const http = new HttpClient(httpOptions);
  const config = context.instance.configuration;
  const base = once(() => baseUrl(config));
  const authorization = once(async () => basicAuthorization(config, context));
  const credentials = once((): CredentialScope => ({ origins: [new URL(base()).origin], ifElsewhere: 'is the Sage CRM server, set subdomain to it' }));
  const get = async (url: string, signal?: AbortSignal): Promise<JsonResponse> => {
    const headers = { Authorization: await authorization(), Accept: 'application/json' };
    try {
      return await http.json({ url, headers, credentials: credentials(), signal });
    } catch (error) {
      throw explain(error, config.username);
    }
  };

  async function* fetchChanges(request: FetchRequest): AsyncIterable<FetchedPage> {
    const { entity, where, pageSize } = query(request.resource, request.sinceMs);
    const size = pageSize ?? request.resource.pageSize ?? DEFAULT_PAGE_SIZE;
    for await (const { page, response } of pages(get, (start, count) => collectionUrl(base(), entity, { where, start, count }), size, request.signal)) {
      yield {
        url: response.url,
        records: page.resources.map((row) => toHubRecord(row, entity.keyField)),
        serverTimeMs: response.serverTimeMs,
        totalResults: page.totalResults,
        // No server order before Sage CRM 2024 R2: rows can move between pages while data changes.
        mayShift: true,
      };
    }
  }

  // UNCONFIRMED whether every Sage CRM version accepts `select`: one that answers 400 to it is asked for whole rows.
  let selectWorks = true;

  async function listIds(request: IdListRequest): Promise<IdListing> {
    const { entity } = query(request.resource, 0);
    const ids: string[] = [];
    let serverTimeMs: number | undefined;
    const collect = async (where: string | undefined): Promise<void> => {
      const select = selectWorks ? entity.keyField : undefined;
      const url = (start: number, count: number) => collectionUrl(base(), entity, { where, start, count, select });
      const listed = ids.length;
      try {
        await collectPages(url);
      } catch (error) {
        if (!(select !== undefined && error instanceof ConnectorError && error.status === 400)) throw error;
        selectWorks = false;
        ids.length = listed;
        await collect(where);
      }
    };
    const collectPages = async (url: (start: number, count: number) => string): Promise<void> => {
      for await (const { page, response } of pages(get, url, ID_PAGE_SIZE, request.signal)) {
        serverTimeMs ??= response.serverTimeMs;
        for (const row of page.resources) {
          const key = recordKey(row, entity.keyField);
          if (key === undefined) throw new ConnectorError('protocol', `${response.url} listed a ${entity.entity} without "$key" or ${entity.keyField}`, { url: response.url });
          ids.push(key);
        }
      }
    };
    if (request.among === undefined) {
      await collect(undefined);
    } else {
      const urlLength = (where: string) => collectionUrl(base(), entity, { where, start: 1, count: ID_PAGE_SIZE, select: entity.keyField }).length;
      for (const where of idLookups(request.among, entity.keyField, urlLength)) await collect(where);
    }
    return { ids: [...new Set(ids)], serverTimeMs };
  }

  return {
    caseInsensitivePaths: true,
    fetchChanges,
    reconciliation: { intervalMinutes: reconcileIntervalMinutes(config), listIds },
    describeRequest(resource, sinceMs) {
      const { entity, where, pageSize } = query(resource, sinceMs);
      return wireUrl(collectionUrl(base(), entity, { where, start: 1, count: pageSize ?? resource.pageSize ?? DEFAULT_PAGE_SIZE }));
    },
  };
}

/** The resource's entity and where clause; a config error naming the resource for what cannot work. */
function query(resource: ResourceConfig, sinceMs: number): { entity: SageEntity; where?: string; pageSize?: number } {
  try {
    return sageQuery(resource, sinceMs);
  } catch (error) {
    const what = error instanceof CeqlError ? `its where clause cannot be sent to Sage CRM: ${error.message}` : (error as Error).message;
    throw new ConnectorError('config', `resource "${resource.name}" (${resource.url}): ${what}`, { cause: error });
  }
}

function baseUrl(config: Record<string, unknown>): string {
  const subdomain = config.subdomain;
  if (typeof subdomain !== 'string' || subdomain.trim() === '') throw new ConnectorError('config', 'subdomain is not set: add the Sage CRM server, e.g. "crm.example.com"');
  const allowInsecure = readBoolean(new ProblemList(), '', config['allow.insecure.http'], false);
  const base = sageBaseUrl(subdomain, allowInsecure);
  if ('error' in base) throw new ConnectorError('config', `subdomain ${base.error}`);
  return base.url;
}

async function basicAuthorization(config: Record<string, unknown>, context: ConnectorContext): Promise<string> {
  const username = config.username;
  if (typeof username !== 'string' || username === '') throw new ConnectorError('config', 'username is not set: add the Sage CRM user the poller signs in as');
  const inDocument = typeof config.password === 'string' && config.password !== '' ? config.password : undefined;
  const password = (await context.secret('password')) ?? inDocument;
  if (password === undefined) throw missingSecret(context, 'password', 'the Sage CRM password is not set');
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** A 401 says what happened and why polling stopped; other failures pass through. */
function explain(error: unknown, username: unknown): unknown {
  if (!(error instanceof ConnectorError) || error.status !== 401) return error;
  return new ConnectorError(
    'auth',
    `Sage CRM refused the sign-in of "${String(username)}" (${error.message}). Polling stopped at once: more attempts with a wrong password lock the account. ` +
      'Save the right password (or have an administrator unlock the account) and poll again',
    { status: 401, url: error.url, cause: error },
  );
}

interface CollectionQuery {
  where?: string;
  start: number;
  count: number;
  select?: string;
}

export function collectionUrl(base: string, entity: SageEntity, query: CollectionQuery): string {
  const params = [query.select ? `select=${encodeURIComponent(query.select)}` : '', query.where ? `where=${encodeURIComponent(query.where)}` : '', `startIndex=${query.start}`, `count=${query.count}`];
  return `${base}${entity.entity}?${params.filter(Boolean).join('&')}`;
}

/**
 * Offset paging: `startIndex` is 1-based and moves by the rows actually received (a server may serve
 * fewer than asked: `$itemsPerPage`); paging ends at `$totalResults`, or at a short or empty page.
 */
async function* pages(
  get: (url: string, signal?: AbortSignal) => Promise<JsonResponse>,
  urlFor: (start: number, count: number) => string,
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ page: SDataPage; response: JsonResponse }> {
  let start = 1;
  let previous: readonly unknown[] | undefined;
  for (let fetched = 0; ; fetched++) {
    const url = urlFor(start, pageSize);
    if (fetched >= MAX_PAGES) throw new ConnectorError('protocol', `paging did not end after ${MAX_PAGES} pages (last ${url})`, { url });
    const response = await get(url, signal);
    const page = readSDataPage(response);
    const received = page.resources.length;
    if (repeatsPage(previous, page.resources)) {
      throw new ConnectorError('protocol', `${url} returned the same rows as the page before: the server ignores startIndex`, { url });
    }
    previous = page.resources;
    yield { page, response };
    if (received === 0) return;
    start += received;
    const done = page.totalResults !== undefined ? start > page.totalResults : received < (page.itemsPerPage ?? pageSize);
    if (done) return;
  }
}

/**
 * `comp_companyid eq 1 or comp_companyid eq 2 …` for the ids, in as few clauses as keep each URL
 * within MAX_LOOKUP_URL_LENGTH. The documented dialect has `eq` and `or` but no `in (…)`, which
 * servers may refuse (400 BadWhereSyntax).
 */
export function idLookups(ids: string[], keyField: string, urlLength: (where: string) => number): string[] {
  const clauses: string[] = [];
  let clause = '';
  for (const id of ids) {
    const term = `${keyField} eq ${sdataKey(id)}`;
    const longer = clause === '' ? term : `${clause} or ${term}`;
    if (clause !== '' && urlLength(longer) > MAX_LOOKUP_URL_LENGTH) {
      clauses.push(clause);
      clause = term;
    } else {
      clause = longer;
    }
  }
  if (clause !== '') clauses.push(clause);
  return clauses;
}

function sdataKey(id: string): string {
  return /^\d+$/.test(id) ? id : `'${id.replaceAll("'", "''")}'`;
}

/** Computes a value at its first use and keeps it (or its error) for the connector's life (one poll). */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
