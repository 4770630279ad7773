// Table tests of shared/dates.ts. Expected values were taken from JDK 17's SimpleDateFormat
// (Locale.US, setLenient(false)); dates.jdk-parity.test.ts checks thousands more against a JVM.
// The long tables are test vectors in cases/ (JSON, a case a line).

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkJavaDatePattern,
  checkTimeZone,
  formatJavaDate,
  parseJavaDate,
  resolveTimeZone,
} from '../../shared/dates.ts';
import parsedDateCases from './cases/parsedDates.json' with { type: 'json' };
import timeZoneCases from './cases/timeZones.json' with { type: 'json' };
import unparsableDateCases from './cases/unparsableDates.json' with { type: 'json' };

/** A text the pattern reads in UTC, and the instant it gives (ISO 8601). */
const parsedDates: readonly { pattern: string; text: string; instant: string }[] = parsedDateCases;
/** A text the pattern refuses in UTC, and the reason the error gives. */
const unparsableDates: readonly { pattern: string; text: string; reason: string }[] = unparsableDateCases;
/** A zone as written, its offset at SUMMER, and its names there (pattern letters z and zzzz). */
const timeZones: readonly { zone: string; summerOffsetHours: number; z: string; zzzz: string }[] = timeZoneCases;

/** Sunday 2020-07-05 14:03:09.007 UTC (summer). */
const SUMMER = Date.UTC(2020, 6, 5, 14, 3, 9, 7);
/** Sunday 2021-01-03 00:30:00.120 UTC (winter, week 2 of 2021). */
const WINTER = Date.UTC(2021, 0, 3, 0, 30, 0, 120);

describe('formatJavaDate: every pattern letter', () => {
  it.each([
    ['G', SUMMER, 'AD'], ['GGGG', SUMMER, 'AD'], ['G', Date.UTC(-1, 0, 1), 'BC'],
    ['y', SUMMER, '2020'], ['yy', SUMMER, '20'], ['yyy', SUMMER, '2020'], ['yyyy', SUMMER, '2020'], ['yyyyy', SUMMER, '02020'],
    ['Y', WINTER, '2021'], ['YY', WINTER, '21'], ['YYYY', WINTER, '2021'],
    ['M', SUMMER, '7'], ['MM', SUMMER, '07'], ['MMM', SUMMER, 'Jul'], ['MMMM', SUMMER, 'July'],
    ['L', SUMMER, '7'], ['LLL', SUMMER, 'Jul'], ['LLLL', SUMMER, 'July'],
    ['w', SUMMER, '28'], ['ww', WINTER, '02'], ['W', SUMMER, '2'], ['D', SUMMER, '187'], ['DDD', WINTER, '003'],
    ['d', SUMMER, '5'], ['dd', SUMMER, '05'], ['F', SUMMER, '1'], ['E', SUMMER, 'Sun'], ['EEEE', SUMMER, 'Sunday'],
    ['u', SUMMER, '7'], ['a', SUMMER, 'PM'], ['a', WINTER, 'AM'],
    ['H', WINTER, '0'], ['HH', SUMMER, '14'], ['k', WINTER, '24'], ['kk', SUMMER, '14'],
    ['K', SUMMER, '2'], ['KK', WINTER, '00'], ['h', WINTER, '12'], ['hh', SUMMER, '02'],
    ['m', SUMMER, '3'], ['mm', SUMMER, '03'], ['s', SUMMER, '9'], ['ss', SUMMER, '09'],
    ['S', SUMMER, '7'], ['SS', SUMMER, '07'], ['SSS', SUMMER, '007'], ['S', WINTER, '120'],
    ['X', SUMMER, 'Z'],
  ])('%s at %i in UTC is %s', (pattern, instant, expected) => {
    expect(formatJavaDate(instant, pattern, 'UTC')).toBe(expected);
  });

  it.each([
    ['z', SUMMER, 'PDT'], ['zzzz', SUMMER, 'Pacific Daylight Time'], ['z', WINTER, 'PST'],
    ['zzzz', WINTER, 'Pacific Standard Time'], ['Z', SUMMER, '-0700'], ['X', SUMMER, '-07'],
    ['XX', SUMMER, '-0700'], ['XXX', SUMMER, '-07:00'], ['Z', WINTER, '-0800'],
  ])('%s at %i in America/Los_Angeles is %s', (pattern, instant, expected) => {
    expect(formatJavaDate(instant, pattern, 'America/Los_Angeles')).toBe(expected);
  });

  it('handles quotes and literals like Java', () => {
    expect(formatJavaDate(SUMMER, "'' 'o''clock' ''''", 'UTC')).toBe("' o'clock ''");
    expect(formatJavaDate(SUMMER, "hh 'o''clock' a, zzzz", 'America/New_York')).toBe("10 o'clock AM, Eastern Daylight Time");
    expect(formatJavaDate(SUMMER, 'yyyy.MM.dd G \u00e0 HH:mm:ss', 'UTC')).toBe('2020.07.05 AD \u00e0 14:03:09');
  });

  it('uses the Julian calendar before 1582-10-15, as GregorianCalendar does', () => {
    expect(formatJavaDate(Date.UTC(1582, 9, 15), 'yyyy-MM-dd', 'UTC')).toBe('1582-10-15');
    expect(formatJavaDate(Date.UTC(1582, 9, 15) - 1, 'yyyy-MM-dd', 'UTC')).toBe('1582-10-04');
    expect(formatJavaDate(-62135596800000, 'yyyy-MM-dd G', 'UTC')).toBe('0001-01-03 AD');
  });

  it("uses the zone's current standard offset before 1900, as Java's ZoneInfo does", () => {
    const y1900 = -2208988800000;
    expect(formatJavaDate(y1900, 'yyyy-MM-dd HH:mm:ss Z z', 'Asia/Kolkata')).toBe('1900-01-01 05:21:10 +0521 IST');
    expect(formatJavaDate(y1900 - 1, 'yyyy-MM-dd HH:mm:ss XXX', 'Asia/Kolkata')).toBe('1900-01-01 05:29:59 +05:30');
  });
});

describe('the formats Cloud Elements users use', () => {
  // [pattern, zone, formatted SUMMER, what parsing that text gives back]
  it.each([
    ["yyyy-MM-dd'T'HH:mm:ssXXX", 'America/New_York', '2020-07-05T10:03:09-04:00', SUMMER - 7],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", 'UTC', '2020-07-05T14:03:09Z', SUMMER - 7],
    ['milliseconds', 'America/New_York', '1593957789007', SUMMER],
    ["yyyy-MM-dd'T'HH:mm:ss'Z'", 'UTC', '2020-07-05T14:03:09Z', SUMMER - 7],
    ['yyyy-MM-dd HH:mm:ss', 'America/New_York', '2020-07-05 10:03:09', SUMMER - 7],
    ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", 'UTC', '2020-07-05T14:03:09.007Z', SUMMER],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'America/New_York', '2020-07-05T10:03:09.007-0400', SUMMER],
    ['MM/dd/yyyy HH:mm:ss', 'America/New_York', '07/05/2020 10:03:09', SUMMER - 7],
    ['EEE, dd MMM yyyy HH:mm:ss Z', 'UTC', 'Sun, 05 Jul 2020 14:03:09 +0000', SUMMER - 7],
    ['EEE, dd MMM yyyy HH:mm:ss Z', 'Europe/Berlin', 'Sun, 05 Jul 2020 16:03:09 +0200', SUMMER - 7],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", 'America/New_York', '2020-07-05T10:03:09.007000-04:00', SUMMER],
    ['yyyy-MM-dd', 'America/New_York', '2020-07-05', Date.UTC(2020, 6, 5, 4)],
    ['yyyy-MM-dd', 'Asia/Kolkata', '2020-07-05', Date.UTC(2020, 6, 4, 18, 30)],
  ])('%s in %s', (pattern, zone, text, parsed) => {
    expect(formatJavaDate(SUMMER, pattern, zone)).toBe(text);
    expect(parseJavaDate(text, pattern, zone)).toBe(parsed);
  });

  it('reads an offset in the text instead of the zone given', () => {
    const pattern = "yyyy-MM-dd'T'HH:mm:ssXXX";
    expect(parseJavaDate('2020-07-05T10:03:09-04:00', pattern, 'Asia/Tokyo')).toBe(SUMMER - 7);
    expect(parseJavaDate('2020-07-05T10:03:09+05:30', pattern, 'UTC')).toBe(Date.UTC(2020, 6, 5, 4, 33, 9));
    expect(parseJavaDate('Sun, 05 Jul 2020 14:03:09 GMT', 'EEE, dd MMM yyyy HH:mm:ss Z', 'America/Chicago')).toBe(SUMMER - 7);
  });

  it("reads 'Z' as a literal, so the text is wall time in the zone given", () => {
    expect(parseJavaDate('2020-07-05T14:03:09Z', "yyyy-MM-dd'T'HH:mm:ss'Z'", 'America/New_York')).toBe(Date.UTC(2020, 6, 5, 18, 3, 9));
  });
});

describe('parseJavaDate', () => {
  // As rows, so that each title quotes its text (%j).
  it.each(parsedDates.map(({ pattern, text, instant }) => [pattern, text, instant]))('%s reads %j', (pattern, text, instant) => {
    expect(parseJavaDate(text, pattern, 'UTC')).toBe(Date.parse(instant));
  });

  it.each(unparsableDates.map(({ pattern, text, reason }) => [pattern, text, reason]))('%s rejects %j (%s)', (pattern, text, reason) => {
    expect(() => parseJavaDate(text, pattern, 'UTC')).toThrow(reason);
  });

  it('names the pattern and the text in its errors', () => {
    expect(() => parseJavaDate('2020-13-05', 'yyyy-MM-dd', 'UTC')).toThrow(
      'cannot parse "2020-13-05" with pattern "yyyy-MM-dd": month 13 is out of range',
    );
    expect(() => parseJavaDate('x', 'yyyy-QQ', 'UTC')).toThrow(
      `cannot parse "x" with pattern "yyyy-QQ": unknown pattern letter 'Q' in "yyyy-QQ"`,
    );
  });

  it('rejects wall times skipped by DST and reads repeated ones as standard time', () => {
    expect(() => parseJavaDate('2020-03-08 02:30', 'yyyy-MM-dd HH:mm', 'America/Los_Angeles')).toThrow(
      'hour of day 2 would become 3',
    );
    expect(() => parseJavaDate('2020-03-29 01:30', 'yyyy-MM-dd HH:mm', 'Europe/London')).toThrow('hour of day 1 would become 2');
    expect(parseJavaDate('2020-11-01 01:30', 'yyyy-MM-dd HH:mm', 'America/Los_Angeles')).toBe(Date.UTC(2020, 10, 1, 9, 30));
    expect(parseJavaDate('2020-10-25 01:30', 'yyyy-MM-dd HH:mm', 'Europe/London')).toBe(Date.UTC(2020, 9, 25, 1, 30));
    expect(parseJavaDate('2020-04-05 02:30', 'yyyy-MM-dd HH:mm', 'Australia/Sydney')).toBe(Date.UTC(2020, 3, 4, 16, 30));
    // Midnight skipped (Sao Paulo 2018): the date alone is fine, the time moves to 01:00.
    expect(parseJavaDate('2018-11-04', 'yyyy-MM-dd', 'America/Sao_Paulo')).toBe(Date.UTC(2018, 10, 4, 3));
    // An offset in the text decides: no gap, no ambiguity.
    expect(parseJavaDate('2020-03-08 02:30 -0800', 'yyyy-MM-dd HH:mm Z', 'America/Los_Angeles')).toBe(Date.UTC(2020, 2, 8, 10, 30));
  });

  it('reads zone names as SimpleDateFormat does', () => {
    const pattern = 'yyyy-MM-dd HH:mm z';
    expect(parseJavaDate('2020-07-05 10:00 PST', pattern, 'UTC')).toBe(Date.UTC(2020, 6, 5, 18));
    expect(parseJavaDate('2020-07-05 10:00 PDT', pattern, 'UTC')).toBe(Date.UTC(2020, 6, 5, 17));
    expect(parseJavaDate('2020-01-05 10:00 PDT', pattern, 'UTC')).toBe(Date.UTC(2020, 0, 5, 17));
    expect(parseJavaDate('2020-07-05 10:00 CEST', pattern, 'UTC')).toBe(Date.UTC(2020, 6, 5, 8));
    expect(parseJavaDate('2020-07-05 10:00 BST', pattern, 'UTC')).toBe(Date.UTC(2020, 6, 5, 9));
    expect(parseJavaDate('2020-07-05 10:00 Pacific Standard Time', pattern, 'UTC')).toBe(Date.UTC(2020, 6, 5, 18));
    expect(parseJavaDate('2020-07-05 10:00 GMT-08:00', pattern, 'UTC')).toBe(Date.UTC(2020, 6, 5, 18));
    // Ambiguous abbreviations: the zone given first, then the JDK's order (IST is Israel there).
    expect(parseJavaDate('2020-01-05 10:00 IST', pattern, 'Asia/Kolkata')).toBe(Date.UTC(2020, 0, 5, 4, 30));
    expect(parseJavaDate('2020-01-05 10:00 IST', pattern, 'UTC')).toBe(Date.UTC(2020, 0, 5, 8));
    expect(parseJavaDate('2020-01-05 10:00 CST', pattern, 'Asia/Shanghai')).toBe(Date.UTC(2020, 0, 5, 2));
    expect(parseJavaDate('2020-01-05 10:00 CST', pattern, 'UTC')).toBe(Date.UTC(2020, 0, 5, 16));
  });

  it('accepts epoch milliseconds for the pattern "milliseconds"', () => {
    expect(parseJavaDate('1593957789007', 'milliseconds', 'UTC')).toBe(SUMMER);
    expect(parseJavaDate('-1', 'milliseconds', 'UTC')).toBe(-1);
    expect(parseJavaDate(1593957789007, 'milliseconds', 'UTC')).toBe(SUMMER);
    expect(() => parseJavaDate('1593957789007.5', 'milliseconds', 'UTC')).toThrow('with pattern "milliseconds"');
    expect(() => parseJavaDate(' 12', 'milliseconds', 'UTC')).toThrow('expected an integer');
    expect(() => parseJavaDate('', 'milliseconds', 'UTC')).toThrow('expected an integer');
    expect(formatJavaDate(-5, 'milliseconds', 'UTC')).toBe('-5');
  });
});

describe('two-digit years', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fall in the century starting 80 years before now', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 22, 12));
    const parse = (text: string): number => parseJavaDate(text, 'yy-MM-dd', 'UTC');
    expect(parse('45-01-05')).toBe(Date.UTC(2045, 0, 5));
    expect(parse('46-01-05')).toBe(Date.UTC(2046, 0, 5)); // 1946-01-05 is before 1946-11-22: +100 years
    expect(parse('46-12-05')).toBe(Date.UTC(1946, 11, 5));
    expect(parse('47-01-05')).toBe(Date.UTC(1947, 0, 5));
    expect(parse('99-01-05')).toBe(Date.UTC(1999, 0, 5));
    // Only exactly two digits are adjusted.
    expect(parse('2020-01-05')).toBe(Date.UTC(2020, 0, 5));
    expect(parseJavaDate('5-01-05', 'yy-MM-dd', 'UTC')).toBe(-62009193600000);
    expect(parseJavaDate('20-01-05', 'yyy-MM-dd', 'UTC')).toBe(-61535894400000);
  });
});

describe('S letters', () => {
  it('S, SS and SSS are milliseconds, as in Java', () => {
    expect(formatJavaDate(Date.UTC(2020, 0, 1, 0, 0, 0, 5), 'ss.S ss.SS ss.SSS', 'UTC')).toBe('00.5 00.05 00.005');
    expect(parseJavaDate('00.5', 'ss.S', 'UTC')).toBe(5);
    expect(parseJavaDate('00.50', 'ss.SS', 'UTC')).toBe(50);
  });

  it('more than three S are a decimal fraction of the second (Java: a millisecond count)', () => {
    expect(formatJavaDate(Date.UTC(2020, 0, 1, 0, 0, 0, 123), 'SSSSSS', 'UTC')).toBe('123000');
    expect(formatJavaDate(Date.UTC(2020, 0, 1, 0, 0, 0, 5), 'SSSS', 'UTC')).toBe('0050');
    const pattern = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";
    expect(parseJavaDate('2020-01-05T10:00:00.123456+01:00', pattern, 'UTC')).toBe(Date.UTC(2020, 0, 5, 9, 0, 0, 123));
    expect(parseJavaDate('2020-01-05T10:00:00.999999+01:00', pattern, 'UTC')).toBe(Date.UTC(2020, 0, 5, 9, 0, 0, 999));
    expect(parseJavaDate('2020-01-05T10:00:00.5+01:00', pattern, 'UTC')).toBe(Date.UTC(2020, 0, 5, 9, 0, 0, 500));
    expect(parseJavaDate('2020-01-05T10:00:00.1234567890+01:00', pattern, 'UTC')).toBe(Date.UTC(2020, 0, 5, 9, 0, 0, 123));
    expect(() => parseJavaDate('2020-01-05T10:00:00.+01:00', pattern, 'UTC')).toThrow('expected a fraction of a second');
  });
});

describe('time zones', () => {
  it.each(timeZones)('$zone', ({ zone, summerOffsetHours, z, zzzz }) => {
    expect(checkTimeZone(zone)).toBeUndefined();
    expect(resolveTimeZone(zone).offsetAt(SUMMER)).toBe(summerOffsetHours * 3_600_000);
    expect(formatJavaDate(SUMMER, 'z|zzzz', zone)).toBe(`${z}|${zzzz}`);
  });

  it('names winter time in the common zones like Java', () => {
    const names = (zone: string): string => formatJavaDate(WINTER, 'z|zzzz|XXX', zone);
    expect(names('America/New_York')).toBe('EST|Eastern Standard Time|-05:00');
    expect(names('America/Los_Angeles')).toBe('PST|Pacific Standard Time|-08:00');
    expect(names('Europe/London')).toBe('GMT|Greenwich Mean Time|Z');
    expect(names('Europe/Berlin')).toBe('CET|Central European Standard Time|+01:00');
    expect(names('Australia/Sydney')).toBe('AEDT|Australian Eastern Daylight Time|+11:00');
    expect(names('CST')).toBe('CST|Central Standard Time|-06:00');
  });

  it.each(['Foo/Bar', 'PDT', 'GMT+24:00', '+5:3', 'UTC+', '', 'America/New York', 'Etc/GMT+99'])('rejects %j', (zone) => {
    const message = checkTimeZone(zone);
    expect(message).toContain(`unknown time zone ${JSON.stringify(zone)}`);
    expect(message).toContain('IANA name');
    expect(() => formatJavaDate(SUMMER, 'yyyy', zone)).toThrow('unknown time zone');
    expect(() => parseJavaDate('2020', 'yyyy', zone)).toThrow('unknown time zone');
  });
});

describe('checkJavaDatePattern', () => {
  it.each(["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 'milliseconds', "'quoted text with Q'", "yyyy'''T'", 'GyYMLwWDdFEuaHkKhmsSzZX', ''])('accepts %j', (pattern) => {
    expect(checkJavaDatePattern(pattern)).toBeUndefined();
  });

  it.each([
    ['yyyy-QQ-dd', `unknown pattern letter 'Q' in "yyyy-QQ-dd"`],
    ['YYYY-MM-dd HH:mm:ss.fff', `unknown pattern letter 'f' in "YYYY-MM-dd HH:mm:ss.fff"`],
    ['yyyy-MM-ddTHH:mm', `unknown pattern letter 'T' in "yyyy-MM-ddTHH:mm"`],
    ["yyyy-MM-dd'T", `unterminated quote in "yyyy-MM-dd'T"`],
    ['XXXX', `invalid ISO 8601 zone 'XXXX' (at most XXX) in "XXXX"`],
  ])('rejects %j', (pattern, message) => {
    expect(checkJavaDatePattern(pattern)).toBe(message);
    expect(() => formatJavaDate(SUMMER, pattern, 'UTC')).toThrow(message);
  });
});

describe('formatJavaDate input', () => {
  it('rejects values that are not epoch milliseconds', () => {
    expect(() => formatJavaDate(1.5, 'yyyy', 'UTC')).toThrow('not an epoch millisecond value');
    expect(() => formatJavaDate(Number.NaN, 'yyyy', 'UTC')).toThrow('not an epoch millisecond value');
    expect(() => formatJavaDate(9e15, 'yyyy', 'UTC')).toThrow('not an epoch millisecond value');
  });
});
