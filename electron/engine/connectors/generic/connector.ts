/**
 * The `generic` element: any JSON REST API, configured in the Cloud Elements style so the
 * differences between APIs live in data (base URL, records path, paging, auth), not code.
 */
import { readFieldPath } from '../../../../shared/fieldPath.ts';
import { renderUrlTemplate } from '../../../../shared/urlMacros.ts';
import { ConnectorError } from '../errors.ts';
import { HttpClient, type HttpOptions, type JsonResponse } from '../http.ts';
import type { Connector, ConnectorContext, FetchedPage, FetchRequest } from '../types.ts';
import { createAuthenticator, type Authenticator } from './auth.ts';
import { nextLinkFromHeader, readPaging, withParams, type Paging } from './paging.ts';

/** A guard against servers whose "next" never ends. */
const MAX_PAGES = 100_000;

export function createGenericConnector(context: ConnectorContext, httpOptions: HttpOptions = {}): Connector {
  const http = new HttpClient(httpOptions);
  const auth = createAuthenticator(context, http);
  const baseUrl = String(context.instance.configuration['base.url'] ?? '');
  return {
    async *fetchChanges(request: FetchRequest): AsyncIterable<FetchedPage> {
      const paging = readPaging(request.resource.extra.paging, request.resource.pageSize);
      const recordsPath = request.resource.extra.recordsPath as string | undefined;
      let url: string | undefined = resolveUrl(baseUrl, renderQuerySafe(request.resource.url, request.sinceMs));
      const visited = new Set<string>();
      for (let index = 0; url !== undefined && index < MAX_PAGES; index++) {
        const pageUrl = pageUrlFor(paging, url, index);
        if (visited.has(pageUrl)) throw new ConnectorError('protocol', `paging loops: ${pageUrl} was already fetched in this poll`, { url: pageUrl });
        visited.add(pageUrl);
        const response = await get(http, auth, pageUrl, request.signal);
        const records = extractRecords(response, recordsPath);
        yield { records, serverTimeMs: response.serverTimeMs, mayShift: paging.type === 'offset' || paging.type === 'page' };
        url = nextUrl(paging, url, response, records.length);
      }
    },
  };
}

/** Macro values in the query string are percent-encoded (a `+` in an offset would otherwise read as a space). */
function renderQuerySafe(template: string, sinceMs: number): string {
  const query = template.indexOf('?');
  if (query < 0) return renderUrlTemplate(template, sinceMs);
  return renderUrlTemplate(template.slice(0, query), sinceMs) + renderUrlTemplate(template.slice(query), sinceMs, { encode: encodeURIComponent });
}

function resolveUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  if (baseUrl === '') throw new ConnectorError('config', `"${path}" is relative but base.url is not set`);
  return baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

function pageUrlFor(paging: Paging, url: string, index: number): string {
  if (paging.type === 'offset') return withParams(url, { [paging.offsetParam]: index * paging.pageSize, [paging.limitParam]: paging.pageSize });
  if (paging.type === 'page') return withParams(url, { [paging.pageParam]: paging.firstPage + index, [paging.sizeParam]: paging.pageSize });
  return url;
}

function nextUrl(paging: Paging, url: string, response: JsonResponse, count: number): string | undefined {
  switch (paging.type) {
    case 'none':
      return undefined;
    case 'offset':
    case 'page':
      // A short page is the last one; the index moves the offset, so the base URL stays.
      return count < paging.pageSize ? undefined : url;
    case 'next': {
      const next = readFieldPath(response.body, paging.nextPath);
      if (next === undefined || next === null || next === '') return undefined;
      if (typeof next !== 'string') throw new ConnectorError('protocol', `"${paging.nextPath}" in ${response.url} is ${JSON.stringify(next)}, not a URL`);
      return new URL(next, response.url).toString();
    }
    case 'link': {
      const next = nextLinkFromHeader(response.headers.link);
      return next === undefined ? undefined : new URL(next, response.url).toString();
    }
  }
}

async function get(http: HttpClient, auth: Authenticator, url: string, signal?: AbortSignal): Promise<JsonResponse> {
  try {
    return await http.json({ url, headers: await auth.headers(signal), signal });
  } catch (error) {
    // A token may have been revoked or expired early: fetch a new one once.
    if (error instanceof ConnectorError && error.status === 401 && auth.invalidate()) {
      return http.json({ url, headers: await auth.headers(signal), signal });
    }
    throw error;
  }
}

function extractRecords(response: JsonResponse, recordsPath: string | undefined): unknown[] {
  const records = recordsPath ? readFieldPath(response.body, recordsPath) : response.body;
  if (Array.isArray(records)) return records;
  const where = recordsPath ? `"${recordsPath}"` : 'the body';
  throw new ConnectorError('protocol', `${response.url}: expected an array of records at ${where}, got ${records === undefined ? 'nothing' : typeof records}; set recordsPath`, {
    url: response.url,
  });
}
