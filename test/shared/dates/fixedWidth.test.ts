// The fixed-width fast path (shared/dates/fixedWidth.ts) against the general SimpleDateFormat port:
// wherever the fast path gives an instant, the general parser gives the same one; wherever the
// general parser rejects the text, the fast path declines it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedWidthLayout, parseFixedWidth } from '../../../shared/dates/fixedWidth.ts';
import { parseCompiled } from '../../../shared/dates/parse.ts';
import { compilePattern } from '../../../shared/dates/pattern.ts';
import { parseJavaDate, resolveTimeZone } from '../../../shared/dates.ts';

const PATTERNS = [
  "yyyy-MM-dd'T'HH:mm:ss'Z'",
  "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
  "yyyy-MM-dd'T'HH:mm:ssXXX",
  "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  'yyyy-MM-dd HH:mm:ss',
  'yyyyMMddHHmmss',
  'dd/MM/yyyy',
  "yyyy-MM-dd'T'HH:mm",
];
const ZONES = ['GMT', 'UTC', '+05:30', '-8:00', 'GMT-03:00', 'America/New_York', 'Asia/Kolkata'];

function general(text: string, pattern: string, zone: string): number | 'rejected' {
  try {
    return parseCompiled(text, compilePattern(pattern), resolveTimeZone(zone));
  } catch {
    return 'rejected';
  }
}

function fast(text: string, pattern: string, zone: string): number | undefined {
  const layout = fixedWidthLayout(compilePattern(pattern));
  return layout && parseFixedWidth(text, layout, resolveTimeZone(zone));
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Text in the pattern's shape with values around and beyond the valid ranges (Feb 30, hour 24, …). */
function shapedText(pattern: string) {
  return fc
    .record({
      year: fc.integer({ min: 1500, max: 2999 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 24 }),
      minute: fc.integer({ min: 0, max: 60 }),
      second: fc.integer({ min: 0, max: 60 }),
      millis: fc.integer({ min: 0, max: 999 }),
      offset: fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+14:00', '+14:01', '-13:00', '-13:30', '+24:00', '+05:60'),
    })
    .map((v) =>
      pattern
        .replace('yyyy', pad(v.year, 4))
        .replace('MM', pad(v.month, 2))
        .replace('dd', pad(v.day, 2))
        .replace('HH', pad(v.hour, 2))
        .replace('mm', pad(v.minute, 2))
        .replace('ss', pad(v.second, 2))
        .replace('SSS', pad(v.millis, 3))
        .replace('XXX', v.offset)
        .replaceAll("'", ''),
    );
}

describe('the fixed-width fast path', () => {
  it('agrees with the general parser on every text of the pattern shape', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATTERNS).chain((pattern) => fc.tuple(fc.constant(pattern), shapedText(pattern), fc.constantFrom(...ZONES))),
        ([pattern, text, zone]) => {
          const quick = fast(text, pattern, zone);
          const slow = general(text, pattern, zone);
          if (quick !== undefined) expect(quick).toBe(slow);
          if (slow === 'rejected') expect(() => parseJavaDate(text, pattern, zone)).toThrow();
          else expect(parseJavaDate(text, pattern, zone)).toBe(slow);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('reads the usual shapes itself, in fixed-offset zones or with an offset in the text', () => {
    expect(fast('2024-02-29T23:59:58.123Z', "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", 'GMT')).toBe(Date.UTC(2024, 1, 29, 23, 59, 58, 123));
    expect(fast('2024-03-10T02:30:00-05:00', "yyyy-MM-dd'T'HH:mm:ssXXX", 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 7, 30));
    expect(fast('2024-03-10 02:30:00', 'yyyy-MM-dd HH:mm:ss', '+05:30')).toBe(Date.UTC(2024, 2, 9, 21, 0));
    expect(fast('20240310023000', 'yyyyMMddHHmmss', 'UTC')).toBe(Date.UTC(2024, 2, 10, 2, 30));
  });

  it('leaves to the general parser what only it can judge', () => {
    // A zone with daylight time (02:30 does not exist on that day in New York).
    expect(fast('2024-03-10 02:30:00', 'yyyy-MM-dd HH:mm:ss', 'America/New_York')).toBeUndefined();
    // Text not in the fixed shape, which Java still reads (a one-digit month).
    expect(fast('2024-3-10 02:30:00', 'yyyy-MM-dd HH:mm:ss', 'UTC')).toBeUndefined();
    expect(parseJavaDate('2024-3-10 02:30:00', 'yyyy-MM-dd HH:mm:ss', 'UTC')).toBe(Date.UTC(2024, 2, 10, 2, 30));
    // The Julian calendar, two-digit years, month names.
    expect(fast('1582-10-04', 'yyyy-MM-dd', 'UTC')).toBeUndefined();
    expect(fixedWidthLayout(compilePattern('yy-MM-dd'))).toBeUndefined();
    expect(fixedWidthLayout(compilePattern('dd MMM yyyy'))).toBeUndefined();
    // Invalid dates are rejected by the general parser, with its wording.
    expect(fast('2023-02-29', 'yyyy-MM-dd', 'UTC')).toBeUndefined();
    expect(() => parseJavaDate('2023-02-29', 'yyyy-MM-dd', 'UTC')).toThrow(/cannot parse "2023-02-29"/);
  });
});
