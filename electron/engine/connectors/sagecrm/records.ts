/**
 * Sage CRM records in the Cloud Elements hub shape, so the seed configurations read them unchanged:
 * every vendor field kept, `key` = `$key`, and dates in UTC as `yyyy-MM-dd'T'HH:mm:ss'Z'`.
 */
import { ConnectorError } from '../errors.ts';
import type { JsonResponse } from '../http.ts';

export interface SDataPage {
  resources: Record<string, unknown>[];
  totalResults?: number;
  itemsPerPage?: number;
}

/** The `$resources` envelope of an SData collection; a protocol error for anything else. */
export function readSDataPage(response: JsonResponse): SDataPage {
  const { body, url, status } = response;
  const fail = (what: string) => new ConnectorError('protocol', `${url} answered HTTP ${status} with ${what}, not an SData collection ({"$resources": [...]}): check subdomain points at the Sage CRM REST API`, { url, status });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail(body === null ? 'an empty body' : Array.isArray(body) ? 'an array' : `${typeof body}`);
  const envelope = body as Record<string, unknown>;
  const resources = envelope.$resources;
  if (!Array.isArray(resources)) throw fail(`an object without "$resources" (keys: ${Object.keys(envelope).slice(0, 6).join(', ') || 'none'})`);
  if (resources.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) throw fail('"$resources" entries that are not records');
  return { resources: resources as Record<string, unknown>[], totalResults: count(envelope.$totalResults), itemsPerPage: count(envelope.$itemsPerPage) };
}

function count(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

/** A Sage row as the hub showed it: `key` first, then every field, date-times in UTC. */
export function toHubRecord(row: Record<string, unknown>, keyField: string): Record<string, unknown> {
  const record: Record<string, unknown> = { key: recordKey(row, keyField) };
  for (const [name, value] of Object.entries(row)) {
    if (name === 'key') continue;
    record[name] = typeof value === 'string' ? (toHubDate(value) ?? value) : value;
  }
  return record;
}

/** `$key`, else the primary key column (any case); undefined when the row has neither. */
export function recordKey(row: Record<string, unknown>, keyField: string): string | undefined {
  const key = row.$key ?? row[Object.keys(row).find((name) => name.toLowerCase() === keyField) ?? keyField];
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

const SAGE_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `2024-03-01T05:00:00-05:00` → `2024-03-01T10:00:00Z`. A date-time without an offset (a server whose
 * zone is configured so that it sends none) keeps its wall time and is written with `Z`: its zone is
 * then the one the resource's updatedDateTimezone names, and until that is set right the poller
 * reports the dates as shifted by whole hours and keeps its place.
 */
export function toHubDate(text: string): string | undefined {
  const match = SAGE_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, date, time, zone] = match;
  if (zone === undefined) return `${date}T${time}Z`;
  const ms = Date.parse(`${date}T${time}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(ms) ? undefined : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
