// The product's date module: java.text.SimpleDateFormat patterns, as Cloud Elements polling
// configurations use them, formatted and parsed exactly like
//
//   SimpleDateFormat f = new SimpleDateFormat(pattern, Locale.US);
//   f.setLenient(false);
//   f.setTimeZone(TimeZone.getTimeZone(zone));
//
// on JDK 17 (checked by test/shared/dates.jdk-parity.test.ts against a real JVM), including
// Java's calendar rules: the Julian calendar before 1582-10-15, US weeks (Sunday first, week 1
// holds January 1), two-digit years in the century starting 80 years ago, DST gaps rejected and
// overlaps read as standard time, zone names and offsets in the text overriding the zone given.
// Pure TypeScript without I/O (it also runs in the browser renderer). Zone offsets come from the
// runtime's Intl tz data (dates/region-zone.ts says why not dayjs), zone names from a table
// generated from the JDK (dates/zone-names.ts). Layout: dates/pattern.ts compiles patterns
// (cached), dates/format.ts formats, dates/parse.ts + dates/resolve.ts parse (ports of
// SimpleDateFormat.subParse, CalendarBuilder and GregorianCalendar.computeTime) with a fast path
// for fixed-width numeric text in dates/fixedWidth.ts, and
// dates/calendar.ts holds the Julian/Gregorian calendar arithmetic.
//
// Deliberate differences from Java:
// - More than three S letters are a decimal fraction of the second: "SSSSSS" parses ".123456"
//   as 123 ms (123.456 rounded down) and formats 123 ms as "123000". Java counts them as
//   milliseconds (lenient Java shifts the time by two minutes, non-lenient Java rejects it).
//   S, SS and SSS behave as in Java: a millisecond count, zero-padded to the width.
// - Parsing rejects text left over after the pattern; SimpleDateFormat.parse(String) ignores it.
// - Zones: an unknown zone is an error (Java silently uses GMT), and offsets such as "+05:30",
//   "-8:00" or "UTC+01:00" are accepted, meaning Java's custom zone "GMT+05:30" etc.
// - The special pattern "milliseconds" means epoch milliseconds.
// - A zone name in parsed text is searched in the given zone, then UTC (Java: the JVM's default
//   zone), then all zones in the JDK's order; two-digit years use a century computed in UTC
//   (Java: the default zone); instants must fit in a JavaScript Date (years -271821 to 275760).
// - Whether daylight time applies (only visible in z names and zone names in parsed text) is
//   read from Intl's zone names and inferred where Intl has none (history before ~1950, see
//   dates/region-zone.ts). Offsets are Java's as far as the runtime's tz database release agrees
//   with the JDK's (30 zones, 1900-2100, every 3 days vs JDK 17.0.15: identical except
//   Africa/Casablanca from 2026-09 and Asia/Tehran in late 1978, where the releases differ).

import { fixedWidthLayout, parseFixedWidth } from './dates/fixedWidth.ts';
import { formatCompiled } from './dates/format.ts';
import { DateParseError, parseCompiled } from './dates/parse.ts';
import { PatternError, compilePattern } from './dates/pattern.ts';
import { resolveTimeZone } from './dates/zones.ts';

export { DateParseError } from './dates/parse.ts';
export { PatternError } from './dates/pattern.ts';
export type { ResolvedTimeZone } from './dates/timeZone.ts';
export { TimeZoneError, checkTimeZone, resolveTimeZone } from './dates/zones.ts';

/** The pattern meaning epoch milliseconds, written and read as a decimal integer. */
export const EPOCH_MILLIS_PATTERN = 'milliseconds';

const MAX_EPOCH_MS = 8.64e15;

/** Formats an instant (epoch ms) with a SimpleDateFormat pattern in a zone. */
export function formatJavaDate(epochMs: number, pattern: string, timeZone: string): string {
  if (!Number.isInteger(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
    throw new RangeError(`cannot format ${epochMs} with pattern ${JSON.stringify(pattern)}: not an epoch millisecond value`);
  }
  if (pattern === EPOCH_MILLIS_PATTERN) return String(epochMs);
  return formatCompiled(epochMs, compilePattern(pattern), resolveTimeZone(timeZone));
}

/**
 * Parses text with a SimpleDateFormat pattern; the text is wall time in timeZone unless it
 * carries a zone (z, Z, X). Returns epoch ms; throws an Error naming the pattern and the text.
 */
export function parseJavaDate(text: string | number, pattern: string, timeZone: string): number {
  const input = String(text);
  if (pattern === EPOCH_MILLIS_PATTERN) return parseEpochMillis(input);
  const zone = resolveTimeZone(timeZone);
  let compiled;
  try {
    compiled = compilePattern(pattern);
  } catch (e) {
    if (e instanceof PatternError) {
      throw new DateParseError(`cannot parse ${JSON.stringify(input)} with pattern ${JSON.stringify(pattern)}: ${e.message}`);
    }
    throw e;
  }
  const layout = fixedWidthLayout(compiled);
  const fast = layout && parseFixedWidth(input, layout, zone);
  return fast ?? parseCompiled(input, compiled, zone);
}

/** undefined when the pattern is valid, else why not, e.g. unknown pattern letter 'Q' in "yyyy-QQ-dd". */
export function checkJavaDatePattern(pattern: string): string | undefined {
  if (pattern === EPOCH_MILLIS_PATTERN) return undefined;
  try {
    compilePattern(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof PatternError) return e.message;
    throw e;
  }
}

function parseEpochMillis(text: string): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_EPOCH_MS) {
    throw new DateParseError(
      `cannot parse ${JSON.stringify(text)} with pattern "${EPOCH_MILLIS_PATTERN}": expected an integer number of epoch milliseconds`,
    );
  }
  return value === 0 ? 0 : value;
}
