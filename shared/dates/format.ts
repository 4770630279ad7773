// SimpleDateFormat.format (port of subFormat), Locale.US.

import { type CalendarFields, fieldsFromWallMillis } from './calendar.ts';
import type { CompiledPattern, FieldToken } from './pattern.ts';
import { AM_PM, ERAS, MONTHS_LONG, MONTHS_SHORT, WEEKDAYS_LONG, WEEKDAYS_SHORT } from './symbols.ts';
import type { ResolvedTimeZone } from './timeZone.ts';

interface FormatContext {
  readonly fields: CalendarFields;
  readonly zone: ResolvedTimeZone;
  readonly utcMs: number;
  /** Total UTC offset in ms (Calendar.ZONE_OFFSET + DST_OFFSET). */
  readonly offset: number;
}

export function formatCompiled(epochMs: number, compiled: CompiledPattern, zone: ResolvedTimeZone): string {
  const offset = zone.fixedOffset ?? zone.offsetAt(epochMs);
  const ctx: FormatContext = { fields: fieldsFromWallMillis(epochMs + offset), zone, utcMs: epochMs, offset };
  let out = '';
  for (const token of compiled.tokens) {
    out += token.kind === 'literal' ? token.text : formatField(token, ctx);
  }
  return out;
}

/** The letters that print a calendar number, zero-padded to the letter count. */
const NUMBERS: Readonly<Record<string, (f: CalendarFields) => number>> = {
  d: (f) => f.dayOfMonth,
  k: (f) => (f.hourOfDay === 0 ? 24 : f.hourOfDay),
  H: (f) => f.hourOfDay,
  m: (f) => f.minute,
  s: (f) => f.second,
  u: (f) => (f.dayOfWeek === 1 ? 7 : f.dayOfWeek - 1),
  D: (f) => f.dayOfYear,
  F: (f) => f.dayOfWeekInMonth,
  w: (f) => f.weekOfYear,
  W: (f) => f.weekOfMonth,
  h: (f) => (f.hourOfDay % 12 === 0 ? 12 : f.hourOfDay % 12),
  K: (f) => f.hourOfDay % 12,
};

function formatField({ letter, count }: FieldToken, ctx: FormatContext): string {
  const f = ctx.fields;
  const number = NUMBERS[letter];
  if (number !== undefined) return pad(number(f), count);
  switch (letter) {
    case 'G':
      return ERAS[f.era] ?? '';
    case 'y':
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case 'Y':
      return count === 2 ? pad(f.weekYear % 100, 2) : pad(f.weekYear, count);
    case 'M':
    case 'L':
      if (count >= 4) return MONTHS_LONG[f.month] ?? '';
      if (count === 3) return MONTHS_SHORT[f.month] ?? '';
      return pad(f.month + 1, count);
    case 'S':
      return formatMillis(f.millisecond, count);
    case 'E':
      return (count >= 4 ? WEEKDAYS_LONG : WEEKDAYS_SHORT)[f.dayOfWeek] ?? '';
    case 'a':
      return AM_PM[f.hourOfDay >= 12 ? 1 : 0];
    case 'z':
      return ctx.zone.displayName(ctx.zone.inDaylightTime(ctx.utcMs), count >= 4);
    case 'Z':
      return rfc822Offset(ctx.offset);
    case 'X':
      return isoOffset(ctx.offset, count);
    default:
      throw new Error(`unsupported pattern letter '${letter}'`);
  }
}

/**
 * S, SS, SSS: milliseconds zero-padded to the count, as in Java. More S letters: a decimal
 * fraction of the second (123 ms as SSSSSS is "123000"), where Java would print "000123".
 */
function formatMillis(ms: number, count: number): string {
  return count <= 3 ? pad(ms, count) : pad(ms, 3).padEnd(count, '0');
}

/** Z: "-0800"; minutes truncated toward zero, like SimpleDateFormat. */
function rfc822Offset(offsetMs: number): string {
  const minutes = Math.trunc(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  return (minutes < 0 ? '-' : '+') + pad(Math.floor(abs / 60) * 100 + (abs % 60), 4);
}

/** X: "Z" for zero, else "-08", "-0800" or "-08:00" by count. */
function isoOffset(offsetMs: number, count: number): string {
  if (offsetMs === 0) return 'Z';
  const minutes = Math.trunc(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  const sign = minutes < 0 ? '-' : '+';
  const hh = pad(Math.floor(abs / 60), 2);
  if (count === 1) return sign + hh;
  return sign + hh + (count === 3 ? ':' : '') + pad(abs % 60, 2);
}

/** Zero-pads to at least `digits` digits; a negative number keeps its '-' in front, as DecimalFormat does. */
export function pad(value: number, digits: number): string {
  const text = String(Math.abs(value)).padStart(digits, '0');
  return value < 0 ? '-' + text : text;
}
