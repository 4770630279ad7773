// A fast path for the patterns most APIs use ("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "...ssXXX"): text of
// exactly the pattern's fixed width, all digits where the pattern has numbers, is read by index
// arithmetic instead of the general SimpleDateFormat port (parse.ts), about ten times faster. Any
// text that does not fit that shape, or whose values are out of the ordinary ranges, goes to the
// general parser, which decides (and words the error); test/shared/dates/fixedWidth.test.ts checks
// both give the same instant on every shape this path accepts.

import type { CompiledPattern } from './pattern.ts';
import type { ResolvedTimeZone } from './timeZone.ts';

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'millis';

/** Numeric letters this path reads, with the width each must have. */
const FIXED: Readonly<Record<string, { part: Part; count: number }>> = {
  y: { part: 'year', count: 4 },
  M: { part: 'month', count: 2 },
  d: { part: 'day', count: 2 },
  H: { part: 'hour', count: 2 },
  m: { part: 'minute', count: 2 },
  s: { part: 'second', count: 2 },
  S: { part: 'millis', count: 3 },
};

export interface FixedWidthLayout {
  /** Length of the text before a trailing ISO offset (XXX), or of the whole text without one. */
  readonly width: number;
  /** Start of each numeric part, or -1 when the pattern lacks it (it is then 0). */
  readonly starts: Readonly<Record<Part, number>>;
  /** Positions that hold digits; every other position before `width` is a literal character. */
  readonly literal: string;
  readonly isoOffset: boolean;
}

const layouts = new WeakMap<CompiledPattern, FixedWidthLayout | null>();

/** The fixed-width layout of a pattern, or undefined when the general parser must read it. */
export function fixedWidthLayout(compiled: CompiledPattern): FixedWidthLayout | undefined {
  let layout = layouts.get(compiled);
  if (layout === undefined) {
    layout = computeLayout(compiled) ?? null;
    layouts.set(compiled, layout);
  }
  return layout ?? undefined;
}

function computeLayout(compiled: CompiledPattern): FixedWidthLayout | undefined {
  const starts: Record<Part, number> = { year: -1, month: -1, day: -1, hour: -1, minute: -1, second: -1, millis: -1 };
  let literal = '';
  let isoOffset = false;
  for (const [index, token] of compiled.tokens.entries()) {
    if (isoOffset) return undefined; // XXX only as the last token
    if (token.kind === 'literal') {
      // A digit in a literal would be swallowed by the general parser's greedy number reading.
      if (/\d/.test(token.text)) return undefined;
      literal += token.text;
      continue;
    }
    if (token.letter === 'X' && token.count === 3 && index === compiled.tokens.length - 1) {
      isoOffset = true;
      continue;
    }
    const fixed = FIXED[token.letter];
    if (!fixed || fixed.count !== token.count || starts[fixed.part] !== -1) return undefined;
    starts[fixed.part] = literal.length;
    literal += '0'.repeat(token.count);
  }
  if (starts.year < 0 || starts.month < 0 || starts.day < 0) return undefined;
  return { width: literal.length, starts, literal, isoOffset };
}

/**
 * The instant the text means, or undefined when the text is not in the layout's exact shape with
 * ordinary values (the general parser then reads it). Needs a fixed-offset zone unless the text
 * carries its own offset.
 */
export function parseFixedWidth(text: string, layout: FixedWidthLayout, zone: ResolvedTimeZone): number | undefined {
  let offset: number | undefined = zone.fixedOffset;
  if (layout.isoOffset) offset = isoOffset(text, layout.width);
  else if (text.length !== layout.width) return undefined;
  if (offset === undefined) return undefined;
  const { literal, starts } = layout;
  for (let i = 0; i < layout.width; i++) {
    const expected = literal.charCodeAt(i);
    const actual = text.charCodeAt(i);
    if (expected === 48 ? actual < 48 || actual > 57 : actual !== expected) return undefined;
  }
  const year = digits(text, starts.year, 4);
  const month = digits(text, starts.month, 2);
  const day = digits(text, starts.day, 2);
  const hour = digits(text, starts.hour, 2);
  const minute = digits(text, starts.minute, 2);
  const second = digits(text, starts.second, 2);
  const millis = digits(text, starts.millis, 3);
  // Before 1600 the Julian calendar and its changeover apply: the general parser handles those.
  if (year < 1600 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

/** "Z" or "±hh:mm" ending the text after `at`, as an offset in ms; undefined for anything else. */
function isoOffset(text: string, at: number): number | undefined {
  if (text.length === at + 1 && text.charCodeAt(at) === 90 /* Z */) return 0;
  if (text.length !== at + 6 || text.charCodeAt(at + 3) !== 58 /* : */) return undefined;
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return undefined;
  for (const i of [1, 2, 4, 5]) {
    const c = text.charCodeAt(at + i);
    if (c < 48 || c > 57) return undefined;
  }
  const hours = digits(text, at + 1, 2);
  const minutes = digits(text, at + 4, 2);
  const offset = (sign === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  // Calendar's ZONE_OFFSET range: the general parser rejects offsets beyond it.
  if (minutes > 59 || offset < -13 * 3_600_000 || offset > 14 * 3_600_000) return undefined;
  return offset;
}

function digits(text: string, start: number, count: number): number {
  if (start < 0) return 0;
  let value = 0;
  for (let i = start; i < start + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
