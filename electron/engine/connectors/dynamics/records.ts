/**
 * Dataverse rows in the Cloud Elements hub shape the seed configurations read: `id`, and the columns
 * under `attributes` with `createdon`/`modifiedon` as epoch milliseconds. Deletions in a delta come
 * as `{"@odata.context": "…/$deletedEntity", "id": "…", "reason": "deleted"}`.
 */
import { ConnectorError } from '../errors.ts';
import type { JsonResponse } from '../http.ts';

export interface ODataPage {
  rows: Record<string, unknown>[];
  deletedIds: string[];
  nextLink?: string;
  deltaLink?: string;
}

const EPOCH_FIELDS = ['createdon', 'modifiedon', 'overriddencreatedon'];

export function readODataPage(response: JsonResponse, primaryKey: string): ODataPage {
  const { body, url, status } = response;
  const fail = (what: string) => new ConnectorError('protocol', `${url} answered HTTP ${status} with ${what}, not an OData collection ({"value": [...]}): check dynamics.tenant points at the Web API`, { url, status });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail(body === null ? 'an empty body' : Array.isArray(body) ? 'an array' : typeof body);
  const envelope = body as Record<string, unknown>;
  if (!Array.isArray(envelope.value)) throw fail(`an object without "value" (keys: ${Object.keys(envelope).slice(0, 6).join(', ') || 'none'})`);
  const rows: Record<string, unknown>[] = [];
  const deletedIds: string[] = [];
  for (const entry of envelope.value as unknown[]) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw fail('"value" entries that are not records');
    const record = entry as Record<string, unknown>;
    if (isDeletion(record, primaryKey)) deletedIds.push(String(record.id));
    else rows.push(record);
  }
  const base = response.finalUrl ?? url;
  return { rows, deletedIds, nextLink: link(envelope['@odata.nextLink'], url, base), deltaLink: link(envelope['@odata.deltaLink'], url, base) };
}

function isDeletion(record: Record<string, unknown>, primaryKey: string): boolean {
  const context = record['@odata.context'];
  if (typeof context === 'string' && /\$deletedEntity$/.test(context)) return true;
  return record.reason === 'deleted' && typeof record.id === 'string' && !(primaryKey in record);
}

/** A next or delta link, made absolute: OData lets a server write it relative to the request URL. */
function link(value: unknown, url: string, base: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const fail = () => new ConnectorError('protocol', `${url} names a next or delta link that is not a URL: ${JSON.stringify(value)}`, { url });
  if (typeof value !== 'string') throw fail();
  // An absolute link is followed exactly as written (re-serializing could re-encode its token).
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  try {
    return new URL(value, base).toString();
  } catch {
    throw fail();
  }
}

/** `{id, etag, attributes}`; dates the configurations read as `milliseconds` become epoch ms. */
export function toHubRecord(row: Record<string, unknown>, primaryKey: string): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (name === '@odata.etag') continue;
    attributes[name] = EPOCH_FIELDS.includes(name) && typeof value === 'string' ? epochOrText(value) : value;
  }
  const id = row[primaryKey];
  return { id: typeof id === 'string' || typeof id === 'number' ? String(id) : id, ...(row['@odata.etag'] === undefined ? {} : { etag: row['@odata.etag'] }), attributes };
}

function epochOrText(text: string): number | string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : ms;
}
