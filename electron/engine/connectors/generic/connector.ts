/**
 * The `generic` element: any JSON REST API, configured in the Cloud Elements style so the
 * differences between APIs live in data (base URL, records path, paging, auth), not code.
 */
import { ConnectorError } from '../errors.ts';
import { pageFingerprint } from '../pageFingerprint.ts';
import { HttpClient, type HttpOptions, type JsonResponse } from '../http.ts';
import type { Connector, ConnectorContext, FetchedPage, FetchRequest } from '../types.ts';
import { createAuthenticator, type Authenticator } from './auth.ts';
import { createPager, readPaging, type Paging } from './paging.ts';
import { extractRecords, firstUrl } from './requests.ts';

/** A guard against servers whose paging never ends. */
export const MAX_PAGES = 100_000;

export function createGenericConnector(context: ConnectorContext, httpOptions: HttpOptions = {}): Connector {
  const http = new HttpClient(httpOptions);
  const auth = createAuthenticator(context, http);
  const baseUrl = context.instance.configuration['base.url'];
  return {
    async *fetchChanges(request: FetchRequest): AsyncIterable<FetchedPage> {
      const paging = readPaging(request.resource);
      const recordsPath = request.resource.extra.recordsPath;
      const start = firstUrl(baseUrl, request.resource.url, request.sinceMs);
      const pager = createPager(paging, start);
      const guard = loopGuard(paging, start, auth.sendsCredentials);
      for (let url = pager.url; url !== undefined; url = pager.url) {
        guard.beforeFetch(url);
        const response = await get(http, auth, url, request.signal);
        const records = extractRecords(response, recordsPath);
        guard.afterFetch(url, records, response.finalUrl);
        yield { url, records, serverTimeMs: response.serverTimeMs, mayShift: paging.type === 'offset' || paging.type === 'page' };
        pager.advance(response, records.length);
      }
    },
  };
}

/**
 * Paging that never ends would poll forever: a next link seen before, offset/page parameters the
 * server ignores (the same page again), or simply too many pages. Links to another host are not
 * followed with credentials.
 */
function loopGuard(paging: Paging, start: string, sendsCredentials: boolean) {
  const visited = new Set<string>();
  const origins = new Set([new URL(start).origin]);
  let previous: string | undefined;
  return {
    beforeFetch(url: string) {
      if (visited.size >= MAX_PAGES) throw new ConnectorError('protocol', `paging did not end after ${MAX_PAGES} pages (last ${url}); check the resource's paging`, { url });
      if (visited.has(url)) throw new ConnectorError('protocol', `paging loops: the server links back to ${url}, already fetched in this poll`, { url });
      if (sendsCredentials && !origins.has(new URL(url).origin)) {
        throw new ConnectorError('protocol', `the next page is on another server (${url}); credentials for ${[...origins].join(', ')} are not sent there`, { url });
      }
      visited.add(url);
    },
    afterFetch(url: string, records: unknown[], finalUrl: string | undefined) {
      // Where the server redirected us (http → https, a new host name) is the server too.
      if (finalUrl !== undefined) origins.add(new URL(finalUrl).origin);
      if (paging.type !== 'offset' && paging.type !== 'page') return;
      const fingerprint = pageFingerprint(records);
      if (fingerprint !== undefined && fingerprint === previous) {
        const param = paging.type === 'offset' ? paging.offsetParam : paging.pageParam;
        throw new ConnectorError('protocol', `${url} returned the same records as the page before: the server ignores the "${param}" parameter; check paging.${paging.type}Param`, { url });
      }
      previous = fingerprint;
    },
  };
}

/** One authenticated GET; after a 401 with a token that can be renewed, once more with a new token. */
async function get(http: HttpClient, auth: Authenticator, url: string, signal?: AbortSignal): Promise<JsonResponse> {
  const headers = await auth.headers(signal);
  try {
    return await http.json({ url, headers, signal });
  } catch (error) {
    if (!(error instanceof ConnectorError && error.status === 401 && auth.invalidate())) throw error;
  }
  const renewed = await auth.headers(signal);
  try {
    return await http.json({ url, headers: renewed, signal });
  } catch (error) {
    if (error instanceof ConnectorError && error.status === 401) {
      throw new ConnectorError('auth', `${error.message} (also with a newly issued OAuth token)`, { status: 401, url, cause: error });
    }
    throw error;
  }
}
