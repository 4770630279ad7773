// SimpleDateFormat.parse, non-lenient, Locale.US: text -> fields (port of subParse) -> instant.

import type { CompiledPattern, FieldToken } from './pattern.ts';
import {
  AM_PM_FIELD, DAY_OF_MONTH, DAY_OF_WEEK, DAY_OF_WEEK_IN_MONTH, DAY_OF_YEAR, DST_OFFSET, ERA, FieldBuilder, HOUR,
  HOUR_OF_DAY, MILLISECOND, MINUTE, MONTH, ResolveError, SECOND, WEEK_OF_MONTH, WEEK_OF_YEAR, WEEK_YEAR, YEAR,
  ZONE_OFFSET, establish,
} from './resolve.ts';
import { type NameEntry, PARSE_AM_PM, PARSE_ERAS, PARSE_MONTHS, PARSE_WEEKDAYS } from './symbols.ts';
import { isUnicodeDigit, parseFraction, parseJavaInteger } from './numbers.ts';
import { matchZoneName, regionMatchesIgnoreCase } from './zone-table.ts';
import type { ResolvedTimeZone } from './timeZone.ts';
import { resolveTimeZone } from './zones.ts';

/** Calendar field set by each numeric letter parsed generically (u is converted to DAY_OF_WEEK). */
const GENERIC_FIELDS: Readonly<Record<string, number>> = {
  d: DAY_OF_MONTH, H: HOUR_OF_DAY, m: MINUTE, s: SECOND, S: MILLISECOND, D: DAY_OF_YEAR,
  F: DAY_OF_WEEK_IN_MONTH, w: WEEK_OF_YEAR, W: WEEK_OF_MONTH, K: HOUR, u: DAY_OF_WEEK,
};

const EXPECTED: Readonly<Record<string, string>> = {
  G: 'an era (AD or BC)', y: 'a year', Y: 'a week year', M: 'a month', L: 'a month', w: 'a week of year',
  W: 'a week of month', D: 'a day of year', d: 'a day of month', F: 'a day of week in month',
  E: 'a day of the week', u: 'a day number (1 = Monday)', a: 'AM or PM', H: 'an hour (0-23)',
  k: 'an hour (1-24)', K: 'an hour (0-11)', h: 'an hour (1-12)', m: 'minutes', s: 'seconds',
  S: 'milliseconds', z: 'a time zone', Z: 'a zone offset such as -0800', X: 'an ISO 8601 zone offset',
};

export class DateParseError extends Error {}

interface ParseState {
  readonly text: string;
  readonly builder: FieldBuilder;
  /** The zone wall times are read in; a zone name in the text replaces it, as in Java. */
  zone: ResolvedTimeZone;
  /** A two-digit year equal to the century start's two digits: 100 years are added if needed. */
  ambiguousYear: boolean;
}

/** Parses the whole text; trailing unparsed text is an error (Java's parse(String) would ignore it). */
export function parseCompiled(text: string, compiled: CompiledPattern, zone: ResolvedTimeZone): number {
  const fail = (reason: string): DateParseError =>
    new DateParseError(`cannot parse ${JSON.stringify(text)} with pattern ${JSON.stringify(compiled.pattern)}: ${reason}`);
  const state: ParseState = { text, builder: new FieldBuilder(), zone, ambiguousYear: false };
  let pos = 0;
  for (const token of compiled.tokens) {
    if (token.kind === 'literal') {
      for (let i = 0; i < token.text.length; i++, pos++) {
        if (text.charCodeAt(pos) !== token.text.charCodeAt(i)) {
          throw fail(`expected ${JSON.stringify(token.text.slice(i))} at position ${pos}`);
        }
      }
    } else {
      const end = subParse(state, pos, token);
      if (end < 0) throw fail(`expected ${describe(token)} at position ${pos}`);
      pos = end;
    }
  }
  if (pos < text.length) throw fail(`unparsed text ${JSON.stringify(text.slice(pos))} at position ${pos}`);
  try {
    let time = establish(state.builder, state.zone);
    if (state.ambiguousYear && time < centuryStart().instant) {
      state.builder.addYears(100);
      time = establish(state.builder, state.zone);
    }
    return time;
  } catch (e) {
    if (e instanceof ResolveError) throw fail(e.message);
    throw e;
  }
}

function describe(token: FieldToken): string {
  if (token.letter === 'S' && token.count > 3) return 'a fraction of a second';
  if ((token.letter === 'M' || token.letter === 'L') && token.count >= 3) return 'a month name';
  return EXPECTED[token.letter] ?? 'a value';
}

/**
 * Two-digit years fall in the 100 years starting 80 years ago (SimpleDateFormat's default
 * century, computed in UTC like a JVM whose default zone is UTC).
 */
function centuryStart(): { instant: number; year: number } {
  const now = new Date(Date.now());
  const year = now.getUTCFullYear() - 80;
  const month = now.getUTCMonth();
  // Calendar.add(YEAR, -80) keeps the day of month, except February 29 becomes the 28th.
  const day = month === 1 && now.getUTCDate() === 29 && !isLeap(year) ? 28 : now.getUTCDate();
  const instant = Date.UTC(year, month, day, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds());
  return { instant, year };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Port of SimpleDateFormat.subParse: returns the index after the field, or -1. */
function subParse(state: ParseState, start: number, token: FieldToken): number {
  const { text, builder } = state;
  const { letter, count } = token;
  // Spaces and tabs before any field are skipped; numbers and zones start after them.
  let pos = start;
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  if (pos >= text.length) return -1;
  // A numeric field followed directly by another numeric field reads at most `count` characters
  // (counted from before the skipped spaces), and fails when fewer remain.
  const limit = token.obeyCount ? start + count : text.length;
  const numeric = (parse: () => number): number => (limit > text.length ? -1 : parse());

  switch (letter) {
    case 'G':
      return matchName(text, start, PARSE_ERAS, builder, ERA);
    case 'M':
    case 'L':
      if (count >= 3) return matchName(text, start, PARSE_MONTHS, builder, MONTH);
      return numeric(() => setNumber(text, pos, limit, (v) => builder.set(MONTH, v - 1)));
    case 'E':
      return matchName(text, start, PARSE_WEEKDAYS, builder, DAY_OF_WEEK);
    case 'a':
      return matchName(text, start, PARSE_AM_PM, builder, AM_PM_FIELD);
    case 'y':
    case 'Y':
      return numeric(() => parseYear(state, pos, limit, token));
    case 'k':
      return numeric(() => setNumber(text, pos, limit, (v) => (v >= 1 && v <= 24 ? builder.set(HOUR_OF_DAY, v % 24) : false)));
    case 'h':
      return numeric(() => setNumber(text, pos, limit, (v) => (v >= 1 && v <= 12 ? builder.set(HOUR, v % 12) : false)));
    case 'z':
    case 'Z':
      return parseZone(state, start, pos);
    case 'X':
      return parseIsoZone(state, pos, count);
    case 'S':
      // More than three S: a decimal fraction of the second (our deliberate difference from Java).
      if (count > 3) return numeric(() => setNumber(text, pos, limit, (v) => builder.set(MILLISECOND, v), parseFraction));
      return numeric(() => setNumber(text, pos, limit, (v) => builder.set(MILLISECOND, v)));
    case 'u':
      // CalendarBuilder converts ISO days (1 = Monday) to Calendar days (1 = Sunday).
      return numeric(() => setNumber(text, pos, limit, (v) => builder.set(DAY_OF_WEEK, v >= 1 && v <= 7 ? (v % 7) + 1 : v)));
    default: {
      const field = GENERIC_FIELDS[letter];
      if (field === undefined) return -1;
      return numeric(() => setNumber(text, pos, limit, (v) => builder.set(field, v)));
    }
  }
}

/** Parses a Java integer at pos; `accept` returning false rejects the value. */
function setNumber(
  text: string,
  pos: number,
  limit: number,
  accept: (value: number) => void | false,
  parse = parseJavaInteger,
): number {
  const n = parse(text, pos, limit);
  if (!n || accept(n.value) === false) return -1;
  return n.end;
}

/** Text fields match at the field's start (no space skipping), ignoring case, longest name first. */
function matchName(text: string, start: number, names: readonly NameEntry[], builder: FieldBuilder, field: number): number {
  for (const [name, value] of names) {
    if (regionMatchesIgnoreCase(text, start, name)) {
      builder.set(field, value);
      return start + name.length;
    }
  }
  return -1;
}

function parseYear(state: ParseState, pos: number, limit: number, token: FieldToken): number {
  const n = parseJavaInteger(state.text, pos, limit);
  if (!n) return -1;
  let value = n.value;
  // y and yy read exactly two digits as a year in the default century; anything else literally.
  if (token.count <= 2 && n.end - pos === 2 && isUnicodeDigit(state.text, pos) && isUnicodeDigit(state.text, pos + 1)) {
    const startYear = centuryStart().year;
    const ambiguous = startYear % 100;
    state.ambiguousYear = value === ambiguous;
    value += Math.floor(startYear / 100) * 100 + (value < ambiguous ? 100 : 0);
  }
  state.builder.set(token.letter === 'Y' ? WEEK_YEAR : YEAR, value);
  return n.end;
}

/** z and Z: "GMT", "GMT+hh:mm", "+hhmm" (RFC 822) or a zone name, as SimpleDateFormat accepts. */
function parseZone(state: ParseState, start: number, pos: number): number {
  const { text, builder } = state;
  const c = text[pos];
  if (c === '+' || c === '-') return numericZone(state, pos + 1, c === '-' ? -1 : 1, 0, false);
  if ((c === 'G' || c === 'g') && regionMatchesIgnoreCase(text, start, 'GMT')) {
    const after = start + 3;
    const sign = text[after] === '+' ? 1 : text[after] === '-' ? -1 : 0;
    if (sign === 0) {
      builder.set(ZONE_OFFSET, 0);
      builder.set(DST_OFFSET, 0);
      return after;
    }
    return numericZone(state, after + 1, sign, 0, true);
  }
  const match = matchZoneName(text, pos, state.zone.javaId);
  const tz = match && tryResolve(match.zone.id);
  if (!match || !tz) return -1;
  state.zone = tz;
  const names = [match.zone.longStandard, match.zone.shortStandard, match.zone.longDaylight, match.zone.shortDaylight];
  const i = match.nameIndex - 1;
  // Same standard and daylight name, or a daylight name of a zone without DST: the zone decides.
  const sameName = i < 2 && (names[i] ?? '').toLowerCase() === (names[i + 2] ?? '').toLowerCase();
  const dstAmount = i >= 2 ? tz.dstSavings : 0;
  if (!(sameName || (i >= 2 && dstAmount === 0))) {
    builder.clear(ZONE_OFFSET);
    builder.set(DST_OFFSET, dstAmount);
  }
  return pos + match.length;
}

/** A JDK zone id the runtime's Intl may not know (an older browser's tz data). */
function tryResolve(id: string): ResolvedTimeZone | undefined {
  try {
    return resolveTimeZone(id);
  } catch {
    return undefined;
  }
}

/** X: "Z", or "+hh", "+hhmm", "+hh:mm" for X, XX, XXX. */
function parseIsoZone(state: ParseState, pos: number, count: number): number {
  const c = state.text[pos];
  if (c === 'Z') {
    state.builder.set(ZONE_OFFSET, 0);
    state.builder.set(DST_OFFSET, 0);
    return pos + 1;
  }
  if (c !== '+' && c !== '-') return -1;
  return numericZone(state, pos + 1, c === '-' ? -1 : 1, count, count === 3);
}

/** SimpleDateFormat.subParseNumericZone: hh[[:]mm] with ASCII digits; hours <= 23, minutes <= 59. */
function numericZone(state: ParseState, start: number, sign: number, count: number, colon: boolean): number {
  const text = state.text;
  const digit = (i: number): number => {
    const d = text.charCodeAt(i) - 48;
    return d >= 0 && d <= 9 ? d : -1;
  };
  let i = start;
  let hours = digit(i++);
  if (hours < 0) return -1;
  const second = digit(i++);
  if (second >= 0) hours = hours * 10 + second;
  else if (count > 0 || !colon || i > text.length) return -1;
  else i--;
  if (hours > 23) return -1;
  let minutes = 0;
  if (count !== 1) {
    if (colon && text[i++] !== ':') return -1;
    const m1 = digit(i++);
    const m2 = digit(i++);
    if (m1 < 0 || m2 < 0) return -1;
    minutes = m1 * 10 + m2;
    if (minutes > 59) return -1;
  }
  state.builder.set(ZONE_OFFSET, sign * (hours * 60 + minutes) * 60_000);
  state.builder.set(DST_OFFSET, 0);
  return i;
}
