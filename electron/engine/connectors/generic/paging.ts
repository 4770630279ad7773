/** Paging strategies of the generic element, read from the resource's `paging` key. */
import { ConnectorError } from '../errors.ts';

export type Paging =
  | { type: 'none' }
  | { type: 'offset'; offsetParam: string; limitParam: string; pageSize: number }
  | { type: 'page'; pageParam: string; sizeParam: string; pageSize: number; firstPage: number }
  | { type: 'next'; nextPath: string }
  | { type: 'link' };

export const PAGING_TYPES = ['none', 'offset', 'page', 'next', 'link'] as const;

/** Normalizes `paging`, filling defaults; throws a config error for what cannot work (validation reports it earlier). */
export function readPaging(value: unknown, resourcePageSize: number | undefined): Paging {
  if (value === undefined) return { type: 'none' };
  const paging = (value ?? {}) as Record<string, unknown>;
  const pageSize = Number(paging.pageSize ?? resourcePageSize ?? 100);
  const text = (key: string, fallback: string) => (typeof paging[key] === 'string' && paging[key] !== '' ? (paging[key] as string) : fallback);
  switch (paging.type) {
    case 'none':
    case 'link':
      return { type: paging.type };
    case 'offset':
      return { type: 'offset', offsetParam: text('offsetParam', 'offset'), limitParam: text('limitParam', 'limit'), pageSize };
    case 'page':
      return { type: 'page', pageParam: text('pageParam', 'page'), sizeParam: text('sizeParam', 'per_page'), pageSize, firstPage: Number(paging.firstPage ?? 1) };
    case 'next':
      return { type: 'next', nextPath: text('nextPath', 'next') };
    default:
      throw new ConnectorError('config', `paging.type ${JSON.stringify(paging.type)} is not one of ${PAGING_TYPES.join(', ')}`);
  }
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLinkFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

export function withParams(url: string, params: Record<string, string | number>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, String(value));
  return parsed.toString();
}
