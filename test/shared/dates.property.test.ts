// Property tests of shared/dates.ts: format -> parse round trips over random instants
// (1900-2100), zones of every accepted form and patterns that carry enough to round-trip.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJavaDate, parseJavaDate, resolveTimeZone } from '../../shared/dates.ts';

const Y1900 = Date.UTC(1900, 0, 1);
const Y2100 = Date.UTC(2100, 0, 1) - 1;
const Y1972 = Date.UTC(1972, 0, 1);
const Y2037 = Date.UTC(2038, 0, 1) - 1;

const ZONES = [
  'GMT', 'UTC', 'Z', 'EST', 'MST', 'HST', 'PST', 'CST', 'IST', 'America/New_York', 'America/Los_Angeles',
  'America/Chicago', 'America/Denver', 'America/Phoenix', 'Europe/London', 'Europe/Berlin', 'Europe/Paris',
  'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Auckland',
  '+05:30', '-8:00', '+0530', '-08', 'GMT-08:00', 'GMT+5', 'UTC+01:00', '+00:00',
];

const instant = fc.integer({ min: Y1900, max: Y2100 });
const zone = fc.constantFrom(...ZONES);

/** The offset can be written in hours and minutes (not, e.g., Kolkata's +05:21:10 of 1900-1905). */
function wholeMinuteOffset(t: number, z: string): boolean {
  return resolveTimeZone(z).offsetAt(t) % 60_000 === 0;
}

describe('round trips', () => {
  it('patterns with an offset give back the instant', () => {
    const pattern = fc.constantFrom(
      "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'EEE, dd MMM yyyy HH:mm:ss.SSS Z', 'yyyyMMddHHmmssSSSXX',
      "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", 'G yyyy-MM-dd hh:mm:ss.SSS a XXX', 'milliseconds',
    );
    fc.assert(
      fc.property(instant, zone, pattern, (t, z, p) => {
        fc.pre(wholeMinuteOffset(t, z));
        expect(parseJavaDate(formatJavaDate(t, p, z), p, z)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('wall-time patterns give back the text, and the instant unless the hour repeats (DST overlap)', () => {
    const pattern = fc.constantFrom(
      'yyyy-MM-dd HH:mm:ss.SSS', 'MM/dd/yyyy hh:mm:ss.SSS a', 'yyyy-DDD HH:mm:ss.SSS', "YYYY-'W'ww-u HH:mm:ss.SSS",
      'd MMMM yyyy kk:mm:ss.SSS', 'EEEE, MMMM d, yyyy KK:mm:ss.SSS a', 'yyyyMMddHHmmssSSS', 'yyyy-MM-F-EEE HH:mm:ss.SSS',
    );
    fc.assert(
      fc.property(instant, zone, pattern, (t, z, p) => {
        const text = formatJavaDate(t, p, z);
        const parsed = parseJavaDate(text, p, z);
        expect(formatJavaDate(parsed, p, z)).toBe(text);
        const tz = resolveTimeZone(z);
        // In an overlap Java reads the later (standard time) instant.
        if (parsed !== t) expect(tz.offsetAt(parsed)).toBeLessThan(tz.offsetAt(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('patterns with a zone name give back the instant (1972-2037)', () => {
    const pattern = fc.constantFrom('yyyy-MM-dd HH:mm:ss.SSS z', 'yyyy-MM-dd HH:mm:ss.SSS zzzz');
    const named = fc.constantFrom(
      'GMT', 'UTC', 'EST', 'MST', 'HST', 'PST', 'America/New_York', 'America/Los_Angeles', 'America/Chicago',
      'America/Denver', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney',
      '+05:30', 'GMT-08:00', 'UTC+01:00',
    );
    fc.assert(
      fc.property(fc.integer({ min: Y1972, max: Y2037 }), named, pattern, (t, z, p) => {
        expect(parseJavaDate(formatJavaDate(t, p, z), p, z)).toBe(t);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('robustness', () => {
  it('formats any instant a Date can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), zone, (t, z) => {
        const text = formatJavaDate(t, "G yyyy-MM-dd'T'HH:mm:ss.SSS Y-ww-u D F W E a h K k z Z XXX", z);
        expect(text).toMatch(/^(AD|BC) \d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} /);
      }),
      { numRuns: 500 },
    );
  });

  it('parsing any text returns an instant or throws an Error naming the pattern and the text', () => {
    const pattern = fc.constantFrom(
      "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 'EEE, dd MMM yyyy HH:mm:ss Z', 'yyyyMMddHHmmss', 'yy-M-d h:m a z', 'YYYY-ww-u',
    );
    const text = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[0-9 :TZ+\-.,/A-Za-z]{0,30}$/),
      fc.tuple(instant, fc.string({ maxLength: 3 })).map(([t, junk]) => formatJavaDate(t, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 'UTC') + junk),
    );
    fc.assert(
      fc.property(text, pattern, zone, (s, p, z) => {
        try {
          expect(Number.isSafeInteger(parseJavaDate(s, p, z))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          expect((e as Error).message).toContain(`cannot parse ${JSON.stringify(s)} with pattern ${JSON.stringify(p)}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
