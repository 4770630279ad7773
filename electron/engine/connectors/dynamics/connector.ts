/**
 * The `dynamicscrmadfs` element: the Dynamics 365 / Dataverse Web API.
 *
 * - `where=fetchChanges='true'` polls by change tracking: the first poll reads every row with
 *   `Prefer: odata.track-changes` (pages flagged as a full listing) and keeps the `@odata.deltaLink`
 *   of its last page in the cursor; each later poll reads that delta link: changed rows, then
 *   deletions (`$deletedEntity` → DELETED). An expired delta token starts a new session, whose full
 *   listing the engine compares with the ids it knows, so unchanged rows are not announced again and
 *   rows deleted meanwhile are.
 * - Any other where clause becomes an OData `$filter` (`modifiedon >'…'` → `modifiedon gt …Z`).
 * - Pages follow `@odata.nextLink` with `Prefer: odata.maxpagesize`; a 429's Retry-After is waited
 *   out inside the poll; a 401 renews the token once.
 */
import { CeqlError } from '../../../../shared/config/ceql.ts';
import { dynamicsEndpoint, dynamicsQuery, type DynamicsEndpoint, type DynamicsEntitySet, type DynamicsQuery } from '../../../../shared/config/dynamics.ts';
import { ProblemList } from '../../../../shared/config/problems.ts';
import type { ResourceConfig } from '../../../../shared/config/types.ts';
import { readBoolean } from '../../../../shared/config/values.ts';
import { ConnectorError } from '../errors.ts';
import { HttpClient, wireUrl, type HttpOptions, type JsonResponse } from '../http.ts';
import type { Connector, ConnectorContext, FetchedPage, FetchRequest } from '../types.ts';
import { createDynamicsAuth, organizationScope, type DynamicsAuth } from './auth.ts';
import { readODataPage, toHubRecord } from './records.ts';

/** Rows per page asked for with `Prefer: odata.maxpagesize` (Dataverse serves at most 5000). */
export const DEFAULT_PAGE_SIZE = 500;
const MAX_PAGES = 100_000;

/** What the cursor keeps between change tracking polls. */
export interface TrackingState {
  deltaLink: string;
}

/**
 * Service protection asks clients to wait (Retry-After) and never retry sooner; waiting inside the
 * poll keeps a long initial sync going instead of failing it and starting over.
 */
const THROTTLE_DEFAULTS: HttpOptions = { maxInlineWaitMs: 5 * 60_000, maxInlineRetries: 8 };

export function createDynamicsConnector(context: ConnectorContext, httpOptions: HttpOptions = {}): Connector {
  const http = new HttpClient({ ...THROTTLE_DEFAULTS, ...httpOptions });
  const config = context.instance.configuration;
  let endpoint: DynamicsEndpoint | undefined;
  let auth: DynamicsAuth | undefined;
  const api = (): DynamicsEndpoint => (endpoint ??= readEndpoint(config));
  const signIn = (): DynamicsAuth => (auth ??= createDynamicsAuth(context, api(), http));

  /** One GET with the OData headers; after a 401, once more with a renewed token. */
  const get = async (url: string, prefer: string, signal?: AbortSignal): Promise<JsonResponse> => {
    const send = async () =>
      http.json({ url, headers: { ...ODATA_HEADERS, Prefer: prefer, Authorization: await signIn().authorization(signal) }, credentials: organizationScope(api()), signal });
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ConnectorError && error.status === 401)) throw explain(error);
    }
    signIn().invalidate();
    try {
      return await send();
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 401) {
        throw new ConnectorError('auth', `${error.message} (also with a newly issued token): check the user's access to Dynamics`, { status: 401, url, cause: error });
      }
      throw explain(error);
    }
  };

  async function* read(start: string, set: DynamicsEntitySet, prefer: string, flags: Pick<FetchedPage, 'fullListing'>, signal?: AbortSignal): AsyncGenerator<FetchedPage> {
    const visited = new Set<string>();
    for (let url: string | undefined = start; url !== undefined; ) {
      if (visited.size >= MAX_PAGES) throw new ConnectorError('protocol', `paging did not end after ${MAX_PAGES} pages (last ${url})`, { url });
      if (visited.has(url)) throw new ConnectorError('protocol', `paging loops: the server links back to ${url}, already fetched in this poll`, { url });
      visited.add(url);
      const response = await get(url, prefer, signal);
      const page = readODataPage(response, set.primaryKey);
      const fetched: FetchedPage = {
        url,
        records: page.rows.map((row) => toHubRecord(row, set.primaryKey)),
        serverTimeMs: response.serverTimeMs,
        ...flags,
      };
      if (page.deletedIds.length > 0) fetched.deletedIds = page.deletedIds;
      if (page.nextLink === undefined && page.deltaLink !== undefined) fetched.nextState = { deltaLink: page.deltaLink } satisfies TrackingState;
      if (page.nextLink === undefined && page.deltaLink === undefined && prefer.includes('track-changes')) {
        throw new ConnectorError('protocol', `${url}: the last page of a change tracking read has no @odata.deltaLink; check change tracking is enabled for ${set.entitySet}`, { url });
      }
      yield fetched;
      url = page.nextLink;
    }
  }

  async function* fetchChanges(request: FetchRequest): AsyncIterable<FetchedPage> {
    const query = queryFor(request.resource, request.sinceMs);
    const size = query.pageSize ?? request.resource.pageSize ?? DEFAULT_PAGE_SIZE;
    if (query.mode === 'filter') {
      yield* read(filterUrl(api(), query), query.set, `odata.maxpagesize=${size}`, {}, request.signal);
      return;
    }
    const tracking = `odata.track-changes,odata.maxpagesize=${size}`;
    const deltaLink = usableDeltaLink(request.state, api(), query.set);
    if (deltaLink !== undefined) {
      const delta = read(deltaLink, query.set, tracking, {}, request.signal);
      let first: IteratorResult<FetchedPage>;
      try {
        first = await delta.next();
      } catch (error) {
        if (!isExpiredDelta(error)) throw error;
        // The token expired (the poller was off longer than the server keeps changes): a new session
        // lists every row; the engine tells changed and deleted rows from the ones it knows.
        yield* read(`${api().apiUrl}/${query.set.entitySet}`, query.set, tracking, { fullListing: true }, request.signal);
        return;
      }
      if (!first.done) yield first.value;
      yield* delta;
      return;
    }
    yield* read(`${api().apiUrl}/${query.set.entitySet}`, query.set, tracking, { fullListing: true }, request.signal);
  }

  return {
    fetchChanges,
    describeRequest(resource, sinceMs, state) {
      const query = queryFor(resource, sinceMs);
      if (query.mode === 'filter') return wireUrl(filterUrl(api(), query));
      const deltaLink = usableDeltaLink(state, api(), query.set);
      return deltaLink === undefined ? `${wireUrl(`${api().apiUrl}/${query.set.entitySet}`)} (Prefer: odata.track-changes)` : wireUrl(deltaLink);
    },
  };
}

const ODATA_HEADERS = { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', 'If-None-Match': 'null' };

function readEndpoint(config: Record<string, unknown>): DynamicsEndpoint {
  const tenant = config['dynamics.tenant'];
  if (typeof tenant !== 'string' || tenant.trim() === '') throw new ConnectorError('config', 'dynamics.tenant is not set: add the organization host, e.g. "yourcompanyname.crm.dynamics.com"');
  const version = typeof config['dynamics.api.version'] === 'string' ? config['dynamics.api.version'] : undefined;
  const endpoint = dynamicsEndpoint(tenant, version, readBoolean(new ProblemList(), '', config['allow.insecure.http'], false));
  if ('error' in endpoint) throw new ConnectorError('config', endpoint.error.startsWith('dynamics.') ? endpoint.error : `dynamics.tenant ${endpoint.error}`);
  return endpoint;
}

function queryFor(resource: ResourceConfig, sinceMs: number): DynamicsQuery {
  try {
    return dynamicsQuery(resource, sinceMs);
  } catch (error) {
    const what = error instanceof CeqlError ? `its where clause cannot be sent to Dynamics: ${error.message}` : (error as Error).message;
    throw new ConnectorError('config', `resource "${resource.name}" (${resource.url}): ${what}`, { cause: error });
  }
}

function filterUrl(endpoint: DynamicsEndpoint, query: Extract<DynamicsQuery, { mode: 'filter' }>): string {
  const base = `${endpoint.apiUrl}/${query.set.entitySet}`;
  return query.filter === undefined ? base : `${base}?$filter=${encodeURIComponent(query.filter)}`;
}

/** The kept delta link, when it belongs to this organization and entity set (an edited instance starts over). */
function usableDeltaLink(state: unknown, endpoint: DynamicsEndpoint, set: DynamicsEntitySet): string | undefined {
  const deltaLink = (state as Partial<TrackingState> | undefined)?.deltaLink;
  if (typeof deltaLink !== 'string') return undefined;
  const prefix = `${endpoint.apiUrl}/${set.entitySet}`.toLowerCase();
  const lower = deltaLink.toLowerCase();
  return lower.startsWith(`${prefix}?`) || lower.startsWith(`${prefix}/`) || lower === prefix ? deltaLink : undefined;
}

/**
 * "Version stamp associated with the client has expired" (0x80044352), or a delta token the server no
 * longer accepts. UNCONFIRMED: the status (400 assumed, any 4xx accepted).
 */
function isExpiredDelta(error: unknown): boolean {
  if (!(error instanceof ConnectorError) || error.status === undefined || error.status < 400 || error.status >= 500) return false;
  return /version stamp associated with the client has expired|perform a full sync|0x80044352|delta ?token is not valid/i.test(error.message);
}

/** Adds what to do to the errors users can fix. */
function explain(error: unknown): unknown {
  if (error instanceof ConnectorError && error.status === 400 && /change tracking is not enabled/i.test(error.message)) {
    return new ConnectorError(
      'config',
      `${error.message}: enable change tracking on the table in Dynamics, or poll it by date with where=modifiedon>'\${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'`,
      { status: 400, url: error.url, cause: error },
    );
  }
  return error;
}
