/** Reads a record's id and change times through the resource's configured paths and date patterns. */
import { parseJavaDate } from '../../../shared/dates.ts';
import { readFieldPath } from '../../../shared/fieldPath.ts';
import type { DateField, ResourceConfig } from '../../../shared/config/types.ts';
import type { EventType } from './events.ts';

export interface ReadRecord {
  objectId: string;
  /** The time the poll filters by: the updated date, or the created date with `filterByUpdatedDate: false`. */
  changeTime: number;
  /** The created date, when configured and readable. */
  createdTime?: number;
  eventType: EventType;
  raw: unknown;
}

/** A record that cannot be placed in time or identified: reported, never dropped silently. */
export interface UnreadableRecord {
  objectId?: string;
  field: string;
  value: unknown;
  reason: string;
  /** The page it came in, and its place there (1 = first). */
  url?: string;
  position?: number;
}

export type RecordReading = { record: ReadRecord } | { unreadable: UnreadableRecord };

export interface ReaderOptions {
  /** Fall back to a key matching without case (Sage CRM field names differ in case from the seed configuration). */
  caseInsensitivePaths?: boolean;
}

export function createRecordReader(resource: ResourceConfig, options: ReaderOptions = {}): (raw: unknown) => RecordReading {
  const read = (path: string) => (raw: unknown) => readFieldPath(raw, path, { caseInsensitive: options.caseInsensitivePaths });
  const readId = read(resource.idField);
  const filterField = resource.filterByUpdatedDate ? resource.updated : resource.created;
  const toleranceMs = resource.createdCheckTolerance * 1000;
  return (raw) => {
    const id = readId(raw);
    if (typeof id !== 'string' && typeof id !== 'number') {
      return { unreadable: { field: resource.idField, value: id ?? null, reason: `no record id at "${resource.idField}"` } };
    }
    const objectId = String(id);
    if (!filterField) return { unreadable: { objectId, field: '', value: null, reason: 'no date field configured' } };
    const change = readDate(raw, filterField, options);
    if ('reason' in change) return { unreadable: { objectId, ...change } };
    if (!resource.filterByUpdatedDate) return { record: { objectId, changeTime: change.ms, createdTime: change.ms, eventType: 'CREATED', raw } };
    const created = resource.created ? readDate(raw, resource.created, options) : undefined;
    const createdTime = created !== undefined && 'ms' in created ? created.ms : undefined;
    const isNew = createdTime !== undefined && Math.abs(change.ms - createdTime) <= toleranceMs;
    return { record: { objectId, changeTime: change.ms, createdTime, eventType: isNew ? 'CREATED' : 'UPDATED', raw } };
  };
}

/** Why a record that JSON cannot write back could be neither stored nor sent. */
export const TOO_DEEP_TO_WRITE = 'the record is nested too deep to store or send (values inside values, thousands of levels down)';

/**
 * The record as JSON; undefined when it is nested too deep for JSON.stringify (a stack overflow):
 * such a record is reported as unreadable, never allowed to fail the poll that read it.
 */
export function writeRecord(raw: unknown): string | undefined {
  try {
    return JSON.stringify(raw);
  } catch {
    return undefined;
  }
}

function readDate(raw: unknown, date: DateField, options: ReaderOptions): { ms: number } | { field: string; value: unknown; reason: string } {
  const value = readFieldPath(raw, date.field, { caseInsensitive: options.caseInsensitivePaths });
  const fail = (reason: string) => ({ field: date.field, value: value ?? null, reason });
  if (value === undefined || value === null || value === '') return fail(`no date at "${date.field}"`);
  if (date.format === 'milliseconds') {
    const ms = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    return Number.isSafeInteger(ms) ? { ms } : fail(`"${date.field}" is ${JSON.stringify(value)}, not epoch milliseconds`);
  }
  if (typeof value !== 'string') return fail(`"${date.field}" is ${JSON.stringify(value)}, not text in the pattern "${date.format}"`);
  try {
    return { ms: parseJavaDate(value, date.format, date.timeZone) };
  } catch (error) {
    return fail((error as Error).message);
  }
}
