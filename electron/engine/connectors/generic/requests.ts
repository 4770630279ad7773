/** The generic element's first URL (macros filled, joined to base.url) and the records read from a page. */
import { describeType } from '../../../../shared/config/values.ts';
import { readFieldPath } from '../../../../shared/fieldPath.ts';
import { parseUrlTemplate, renderMacro } from '../../../../shared/urlMacros.ts';
import { ConnectorError } from '../errors.ts';
import type { JsonResponse } from '../http.ts';

/** The resource URL with its macros filled for `sinceMs`, made absolute against base.url. */
export function firstUrl(baseUrl: unknown, template: string, sinceMs: number): string {
  let rendered: string;
  try {
    rendered = renderUrl(template, sinceMs);
  } catch (error) {
    throw new ConnectorError('config', `the resource url "${template}" cannot be filled in: ${(error as Error).message}`, { cause: error });
  }
  const url = resolveUrl(typeof baseUrl === 'string' ? baseUrl.trim() : '', rendered);
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new ConnectorError('config', `"${url}" is not an http(s) URL; check base.url and the resource url`, { url });
  }
  return url;
}

/**
 * Macro values are percent-encoded: in the query completely (a `+05:30` offset would otherwise
 * arrive as " 05:30"), in the path only what would end or break it.
 */
function renderUrl(template: string, sinceMs: number): string {
  let inQuery = false;
  return parseUrlTemplate(template)
    .map((part) => {
      if ('text' in part) {
        inQuery ||= part.text.includes('?');
        return part.text;
      }
      const value = renderMacro(part.macro, sinceMs);
      return inQuery ? encodeURIComponent(value) : encodeURI(value).replace(/[?#]/g, encodeURIComponent);
    })
    .join('');
}

/** base.url and the resource url are joined as text (as Cloud Elements did); an absolute resource url stands alone. */
function resolveUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  if (baseUrl === '') throw new ConnectorError('config', `the resource url "${path}" is relative but base.url is not set: add the API's address as base.url`);
  return baseUrl.replace(/\/+$/, '') + (path.startsWith('/') || path.startsWith('?') ? path : `/${path}`);
}

/** The records array of a page: the body itself, or what `recordsPath` points at. */
export function extractRecords(response: JsonResponse, recordsPath: unknown): unknown[] {
  const path = typeof recordsPath === 'string' && recordsPath !== '' ? recordsPath : undefined;
  const { url, status, body } = response;
  const fail = (what: string) => new ConnectorError('protocol', `${url} answered HTTP ${status} with ${what}`, { url, status });
  if (status === 204) return []; // No Content: nothing changed
  if (body === null) throw fail('an empty body, not an array of records');
  const records = path === undefined ? body : readFieldPath(body, path);
  if (Array.isArray(records)) return records;
  if (path === undefined) throw fail(`${describeType(body)}, not an array of records${keysOf(body)}: set the resource's recordsPath to the path of the array`);
  if (records === undefined) throw fail(`no "${path}" in the body${keysOf(body)}: check the resource's recordsPath`);
  throw fail(`${describeType(records)} at "${path}", not an array of records: check the resource's recordsPath`);
}

function keysOf(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return '';
  const keys = Object.keys(body);
  return keys.length === 0 ? '' : ` (its keys: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''})`;
}
