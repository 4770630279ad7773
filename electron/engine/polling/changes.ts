/**
 * What changed between two versions of a record: the JSON paths of the fields that differ, each
 * with its old and new value. Fields that change on every write are left out (they would make every
 * UPDATED look alike), and so are the resource's `ignoreFields`; values of its `secretFields` are
 * masked.
 */
import type { ResourceConfig } from '../../../shared/config/types.ts';
import { parseFieldPath, type PathSegment } from '../../../shared/fieldPath.ts';
import { isPlainObject } from '../../../shared/config/values.ts';
import { REDACTED } from '../secrets/redact.ts';
import type { ChangeEvent } from './events.ts';
import type { Changes, FieldChange } from '../../../shared/fieldChange.ts';

export type { Changes, FieldChange };

/**
 * Keys that change on every write, wherever they sit: Dynamics' `modifiedon`, `versionnumber` and
 * `@odata.etag` (which its records, in the Cloud Elements shape, carry as `etag`).
 */
const VOLATILE_KEYS = new Set(['modifiedon', 'versionnumber', '@odata.etag', 'etag']);

export interface ChangeRules {
  ignored: PathSegment[][];
  secret: PathSegment[][];
  caseInsensitive: boolean;
}

export function changeRules(resource: ResourceConfig, options: { caseInsensitivePaths?: boolean } = {}): ChangeRules {
  const ignored = [...(resource.ignoreFields ?? [])];
  if (resource.updated) ignored.push(resource.updated.field);
  return { ignored: ignored.map(parseFieldPath), secret: (resource.secretFields ?? []).map(parseFieldPath), caseInsensitive: options.caseInsensitivePaths === true };
}

/**
 * Objects are compared key by key, arrays of the same length item by item; an array whose length
 * changed is one change of the whole array (an item inserted at the front would otherwise shift
 * every later item into a "change").
 */
export function diffRecords(previous: unknown, current: unknown, rules: ChangeRules): FieldChange[] {
  const changes: FieldChange[] = [];
  walk([], previous, current, rules, changes);
  return changes;
}

function walk(path: PathSegment[], before: unknown, after: unknown, rules: ChangeRules, out: FieldChange[]): void {
  if (path.length > 0 && isIgnored(path, rules)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) walk([...path, key], before[key], after[key], rules, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let index = 0; index < before.length; index++) walk([...path, index], before[index], after[index], rules, out);
    return;
  }
  if (sameValue(before, after)) return;
  const secret = startsWithAny(path, rules.secret, rules.caseInsensitive);
  const change: FieldChange = { path: formatPath(path) };
  if (before !== undefined) change.old = secret ? REDACTED : before;
  if (after !== undefined) change.new = secret ? REDACTED : after;
  out.push(change);
}

function isIgnored(path: PathSegment[], rules: ChangeRules): boolean {
  const last = path[path.length - 1];
  if (typeof last === 'string' && VOLATILE_KEYS.has(last.toLowerCase())) return true;
  return startsWithAny(path, rules.ignored, rules.caseInsensitive);
}

/** Whether `path` is one of `prefixes` or lies inside one. */
export function startsWithAny(path: readonly PathSegment[], prefixes: readonly (readonly PathSegment[])[], caseInsensitive: boolean): boolean {
  return prefixes.some((prefix) => prefix.length <= path.length && prefix.every((segment, index) => sameSegment(segment, path[index] as PathSegment, caseInsensitive)));
}

function sameSegment(a: PathSegment, b: PathSegment, caseInsensitive: boolean): boolean {
  if (a === b) return true;
  return caseInsensitive && typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** Leaves only (objects and same-length arrays were walked): primitives equal, or both empty containers of one kind. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

/** `address.city`, `lines[0].qty`, `['Modified By']`: the form `idField` and the other paths are written in. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$@][\w$@-]*$/.test(segment) && !segment.startsWith('$')) text += text === '' ? segment : `.${segment}`;
    else text += `['${segment.replace(/[\\']/g, (ch) => `\\${ch}`)}']`;
  }
  return text;
}

/** The previous version of an object, as stored. */
export type LatestVersion = (objectId: string) => { changeTime: number; raw: unknown } | undefined;

/**
 * Sets `changes` on the created and updated events of one resource, in order: each against the
 * object's latest stored version, or the one before it in `events`. A late arrival (older than the
 * version stored) is left without `changes`: compared with a newer version it would read backwards.
 */
export function attachChanges(events: readonly ChangeEvent[], latest: LatestVersion, rules: ChangeRules): void {
  const inBatch = new Map<string, { changeTime: number; raw: unknown }>();
  for (const event of events) {
    if (event.eventType === 'DELETED') {
      inBatch.set(event.objectId, { changeTime: event.changeTime, raw: undefined });
      continue;
    }
    // A creation has no earlier version to speak of (and skipping the lookup keeps backfills fast).
    const previous = inBatch.has(event.objectId) ? inBatch.get(event.objectId) : event.eventType === 'CREATED' ? undefined : latest(event.objectId);
    if (previous !== undefined && previous.raw !== undefined && previous.changeTime > event.changeTime) continue;
    event.changes = previous?.raw === undefined ? null : diffRecords(previous.raw, event.raw, rules);
    inBatch.set(event.objectId, { changeTime: event.changeTime, raw: event.raw });
  }
}
