/**
 * The `generic` element: any JSON REST API, configured in the Cloud Elements style so the
 * differences between APIs live in data (base URL, records path, paging, auth), not code.
 */
import { credentialOrigins } from '../../../../shared/config/origins.ts';
import { ConnectorError } from '../errors.ts';
import { repeatsPage } from '../repeatsPage.ts';
import { HttpClient, wireUrl, type CredentialScope, type HttpOptions, type JsonRequest, type JsonResponse } from '../http.ts';
import type { Connector, ConnectorContext, FetchedPage, FetchRequest } from '../types.ts';
import { createAuthenticator } from './auth.ts';
import type { Authenticator } from './authenticator.ts';
import { createPager, readPaging, type Paging } from './paging.ts';
import { extractRecords, firstUrl } from './requests.ts';

/** A guard against servers whose paging never ends. */
export const MAX_PAGES = 100_000;

export function createGenericConnector(context: ConnectorContext, httpOptions: HttpOptions = {}): Connector {
  const http = new HttpClient(httpOptions);
  const auth = createAuthenticator(context, http);
  const configuration = context.instance.configuration;
  const baseUrl = configuration['base.url'];
  // The credentials (and the access token) are for base.url's origin and those trusted.origins lists.
  const scope: CredentialScope = { origins: credentialOrigins('generic', configuration).api, ifElsewhere: 'is the API too, set base.url to it, or add it to "trusted.origins"' };
  const credentials = () => (auth.sendsCredentials ? scope : 'none');
  return {
    async *fetchChanges(request: FetchRequest): AsyncIterable<FetchedPage> {
      const paging = readPaging(request.resource);
      const recordsPath = request.resource.extra.recordsPath;
      const start = firstUrl(baseUrl, request.resource.url, request.sinceMs);
      const pager = createPager(paging, start);
      const guard = loopGuard(paging);
      for (let url = pager.url; url !== undefined; url = pager.url) {
        guard.beforeFetch(url);
        const response = await get(http, auth, { url, credentials: credentials(), signal: request.signal });
        const records = extractRecords(response, recordsPath);
        guard.afterFetch(url, records);
        yield { url, records, serverTimeMs: response.serverTimeMs, mayShift: paging.type === 'offset' || paging.type === 'page' };
        pager.advance(response, records.length);
      }
    },
    describeRequest(resource, sinceMs) {
      const url = createPager(readPaging(resource), firstUrl(baseUrl, resource.url, sinceMs)).url as string;
      return wireUrl(url);
    },
  };
}

/**
 * Paging that never ends would poll forever: a next link seen before, offset/page parameters the
 * server ignores (the same page again), or simply too many pages. (Where a next link may go with
 * credentials is the HTTP layer's rule, as for every request.)
 */
function loopGuard(paging: Paging) {
  const visited = new Set<string>();
  let previous: readonly unknown[] | undefined;
  return {
    beforeFetch(url: string) {
      if (visited.size >= MAX_PAGES) throw new ConnectorError('protocol', `paging did not end after ${MAX_PAGES} pages (last ${url}); check the resource's paging`, { url });
      if (visited.has(url)) throw new ConnectorError('protocol', `paging loops: the server links back to ${url}, already fetched in this poll`, { url });
      visited.add(url);
    },
    afterFetch(url: string, records: unknown[]) {
      if (paging.type !== 'offset' && paging.type !== 'page') return;
      if (repeatsPage(previous, records)) {
        const param = paging.type === 'offset' ? paging.offsetParam : paging.pageParam;
        throw new ConnectorError('protocol', `${url} returned the same records as the page before: the server ignores the "${param}" parameter; check paging.${paging.type}Param`, { url });
      }
      previous = records;
    },
  };
}

/** One authenticated GET; after a 401 with a token that can be renewed, once more with a new token. */
async function get(http: HttpClient, auth: Authenticator, request: Omit<JsonRequest, 'headers'>): Promise<JsonResponse> {
  const { url, signal } = request;
  const headers = await auth.headers(signal);
  try {
    return await http.json({ ...request, headers });
  } catch (error) {
    if (!(error instanceof ConnectorError && error.status === 401 && auth.invalidate())) throw error;
  }
  const renewed = await auth.headers(signal);
  try {
    return await http.json({ ...request, headers: renewed });
  } catch (error) {
    if (error instanceof ConnectorError && error.status === 401) {
      throw new ConnectorError('auth', `${error.message} (also with a newly issued OAuth token)`, { status: 401, url, cause: error });
    }
    throw error;
  }
}
