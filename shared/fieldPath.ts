/**
 * JSON field paths as Cloud Elements wrote them: dot form (`attributes.modifiedon`), bracket form
 * (`['Modified Time']`, `["x"]`), array indexes (`items[0].id`) and an optional leading `$`.
 */

import { problemOf } from './problemOf.ts';

export type PathSegment = string | number;

export class FieldPathError extends Error {}

const compiled = new Map<string, PathSegment[]>();

/** Parses a path into segments; throws FieldPathError saying where the path is malformed. */
export function parseFieldPath(path: string): PathSegment[] {
  const cached = compiled.get(path);
  if (cached) return cached;
  const segments = scanSegments(path);
  compiled.set(path, segments);
  return segments;
}

/** Returns undefined when the path is well formed, else what is wrong with it. */
export function checkFieldPath(path: string): string | undefined {
  return problemOf(parseFieldPath, path);
}

function scanSegments(path: string): PathSegment[] {
  const fail = (what: string, at: number): never => {
    throw new FieldPathError(`${what} at position ${at + 1} in field path "${path}"`);
  };
  if (path.trim() === '') fail('empty path', 0);
  const segments: PathSegment[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  let expectName = i === 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      if (expectName) fail('unexpected "."', i);
      expectName = true;
      i++;
    } else if (ch === '[') {
      i = scanBracket(path, i, segments, fail);
      expectName = false;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      segments.push(path.slice(i, end));
      expectName = false;
      i = end;
    }
    if (expectName && i === path.length) fail('path ends with "."', i - 1);
  }
  if (segments.length === 0) fail('no field named', 0);
  return segments;
}

function scanBracket(path: string, open: number, segments: PathSegment[], fail: (what: string, at: number) => never): number {
  const quote = path[open + 1];
  if (quote === "'" || quote === '"') {
    let text = '';
    let i = open + 2;
    for (; i < path.length && path[i] !== quote; i++) {
      // A backslash escapes the quote character or itself inside a quoted key.
      if (path[i] === '\\' && i + 1 < path.length) i++;
      text += path[i];
    }
    if (i >= path.length) fail(`unterminated ${quote} quote`, open + 1);
    if (path[i + 1] !== ']') fail('expected "]" after quoted key', i + 1);
    segments.push(text);
    return i + 2;
  }
  const close = path.indexOf(']', open);
  if (close < 0) fail('unterminated "["', open);
  const inner = path.slice(open + 1, close).trim();
  if (!/^\d+$/.test(inner)) fail(`"[${inner}]" is neither an array index nor a quoted key`, open);
  segments.push(Number(inner));
  return close + 1;
}

/**
 * Reads the value at `path`. With `caseInsensitive`, a key that is absent falls back to the one key
 * that matches ignoring case (Sage CRM's seed configuration names `lead_createddate` for the record's
 * `Lead_CreatedDate`).
 */
export function readFieldPath(record: unknown, path: string, options: { caseInsensitive?: boolean } = {}): unknown {
  let value: unknown = record;
  for (const segment of parseFieldPath(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = readSegment(value as Record<string, unknown>, segment, options.caseInsensitive === true);
  }
  return value;
}

function readSegment(container: Record<string | number, unknown>, segment: PathSegment, caseInsensitive: boolean): unknown {
  if (Array.isArray(container)) return typeof segment === 'number' ? container[segment] : undefined;
  const key = String(segment);
  if (Object.hasOwn(container, key)) return container[key];
  if (!caseInsensitive) return undefined;
  const wanted = key.toLowerCase();
  const match = Object.keys(container).find((candidate) => candidate.toLowerCase() === wanted);
  return match === undefined ? undefined : container[match];
}
