/** Paging strategies of the generic element: which URL each page is fetched from, and when paging ends. */
import { checkPaging, type Paging } from '../../../../shared/config/generic.ts';
import { formatProblem, ProblemList } from '../../../../shared/config/problems.ts';
import type { ResourceConfig } from '../../../../shared/config/types.ts';
import { readFieldPath } from '../../../../shared/fieldPath.ts';
import { ConnectorError } from '../errors.ts';
import type { JsonResponse } from '../http.ts';

export type { Paging };

/** The resource's `paging` with defaults filled in; a config error for what cannot work (validation reports it earlier). */
export function readPaging(resource: Pick<ResourceConfig, 'name' | 'extra' | 'pageSize' | 'url'>): Paging {
  const problems = new ProblemList();
  const paging = checkPaging(resource, `event.poller.configuration.${resource.name}`, problems);
  if (!paging) throw new ConnectorError('config', problems.errors.map(formatProblem).join('; '));
  return paging;
}

export interface Pager {
  /** The URL of the next page to fetch; undefined once paging has ended. */
  readonly url: string | undefined;
  /** Moves on after a page that held `count` records. */
  advance(response: JsonResponse, count: number): void;
}

/**
 * `offset` and `page` end at a short (or empty) page; `offset` moves by the records actually received,
 * so a server that returns more than asked does not make pages overlap. `next` and `link` end when
 * the body or the Link header names no next page; relative links resolve against the page's URL.
 */
export function createPager(paging: Paging, startUrl: string): Pager {
  let position = paging.type === 'page' ? paging.firstPage : 0;
  const urlAt = (at: number): string => {
    if (paging.type === 'offset') return withParams(startUrl, { [paging.offsetParam]: at, [paging.limitParam]: paging.pageSize });
    if (paging.type === 'page') return withParams(startUrl, { [paging.pageParam]: at, [paging.sizeParam]: paging.pageSize });
    return startUrl;
  };
  let url: string | undefined = urlAt(position);
  return {
    get url() {
      return url;
    },
    advance(response, count) {
      switch (paging.type) {
        case 'none':
          url = undefined;
          return;
        case 'offset':
        case 'page':
          position += paging.type === 'offset' ? count : 1;
          url = count < paging.pageSize ? undefined : urlAt(position);
          return;
        case 'next':
          url = resolveLink(nextFromBody(response, paging.nextPath), response);
          return;
        case 'link':
          url = resolveLink(nextLinkFromHeader(response.headers.link), response);
          return;
      }
    },
  };
}

function nextFromBody(response: JsonResponse, nextPath: string): string | undefined {
  const next = readFieldPath(response.body, nextPath);
  if (next === undefined || next === null || next === '' || next === false) return undefined;
  if (typeof next !== 'string') {
    throw new ConnectorError('protocol', `${response.url}: "${nextPath}" in the body is ${JSON.stringify(next)}, not the URL of the next page; check paging.nextPath`, {
      url: response.url,
    });
  }
  return next;
}

function resolveLink(link: string | undefined, response: JsonResponse): string | undefined {
  if (link === undefined) return undefined;
  try {
    return new URL(link, response.finalUrl ?? response.url).toString();
  } catch {
    throw new ConnectorError('protocol', `${response.url} names the next page "${link}", which is not a URL`, { url: response.url });
  }
}

const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
const VALUE = '"(?:[^"\\\\]|\\\\.)*"|[^\\s;,"]*';
const LINK = new RegExp(`<([^>]*)>((?:\\s*;\\s*${TOKEN}\\*?\\s*(?:=\\s*(?:${VALUE}))?)*)`, 'g');
const PARAM = new RegExp(`;\\s*(${TOKEN}\\*?)\\s*(?:=\\s*(${VALUE}))?`, 'g');

/**
 * The `rel="next"` target of an RFC 8288 Link header: links separated by commas, parameters in any
 * order, `rel` holding several space-separated relations (`rel="next last"`), only its first occurrence counting.
 */
export function nextLinkFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const [, target, params] of header.matchAll(LINK)) {
    for (const [, name, value] of (params ?? '').matchAll(PARAM)) {
      if (name?.toLowerCase() !== 'rel') continue;
      const rels = unquote(value ?? '').toLowerCase().split(/\s+/);
      if (rels.includes('next')) return target;
      break;
    }
  }
  return undefined;
}

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/**
 * Sets query parameters, leaving the rest of the query exactly as written (re-serializing it would
 * re-encode values the server may read literally). A fragment is dropped: it is never sent.
 */
export function withParams(url: string, params: Record<string, string | number>): string {
  const hash = url.indexOf('#');
  const withoutHash = hash < 0 ? url : url.slice(0, hash);
  const question = withoutHash.indexOf('?');
  const path = question < 0 ? withoutHash : withoutHash.slice(0, question);
  const names = new Set(Object.keys(params));
  const kept = question < 0 ? [] : withoutHash.slice(question + 1).split('&').filter((pair) => pair !== '' && !names.has(decodeName(pair)));
  const added = Object.entries(params).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return `${path}?${[...kept, ...added].join('&')}`;
}

function decodeName(pair: string): string {
  const name = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
