import { describe, expect, it } from 'vitest';
import { advance, aheadOfClock, DEFAULT_OVERLAP_MS, firstOrigin, judge, overlapMs, pollSince, seenKey, type Cursor } from '../../../electron/engine/polling/cursor.ts';
import { detectZoneShift } from '../../../electron/engine/polling/zoneCheck.ts';

const HOUR = 3_600_000;
const cursor = (patch: Partial<Cursor> = {}): Cursor => ({ origin: 1_000_000, watermark: 2_000_000, seen: new Map(), ...patch });

describe('the cursor', () => {
  it('overlaps by at least five minutes, or pollDelay when longer', () => {
    expect(overlapMs(undefined)).toBe(DEFAULT_OVERLAP_MS);
    expect(overlapMs(30)).toBe(DEFAULT_OVERLAP_MS);
    expect(overlapMs(900)).toBe(900_000);
    expect(pollSince(cursor(), 60_000, 9e12)).toBe(1_940_000);
    expect(pollSince(undefined, 60_000, 5_000_000)).toBe(4_940_000);
  });

  it('judges history, seen, new and late changes', () => {
    const c = cursor({ seen: new Map([[seenKey('a', 1_990_000), 1_990_000]]) });
    expect(judge(c, 'x', 1_000_000, 60_000)).toBe('history');
    expect(judge(c, 'a', 1_990_000, 60_000)).toBe('seen');
    expect(judge(c, 'b', 1_990_000, 60_000)).toBe('new');
    expect(judge(c, 'b', 2_500_000, 60_000)).toBe('new');
    expect(judge(c, 'b', 1_500_000, 60_000)).toBe('late');
  });

  it('advances to the newest change, never past the server clock, never backwards, pruning the seen set', () => {
    const c = cursor({ seen: new Map([['old@1900000', 1_900_000], ['keep@1990000', 1_990_000]]) });
    // A change dated far ahead of the clock is kept as seen but does not carry the watermark.
    const moved = advance(c, [['n@2100000', 2_100_000], ['future@9000000', 9_000_000]], 60_000, 2_200_000);
    expect(moved.watermark).toBe(2_100_000);
    expect([...moved.seen.keys()].sort()).toEqual(['future@9000000', 'n@2100000']);
    // One a little ahead (within the overlap: a record clock running ahead) moves it as far as the clock.
    expect(advance(c, [['soon@2230000', 2_230_000]], 60_000, 2_200_000).watermark).toBe(2_200_000);
    expect(aheadOfClock(2_260_001, 2_200_000, 60_000)).toBe(true);
    expect(aheadOfClock(2_260_000, 2_200_000, 60_000)).toBe(false);
    const held = advance(c, [['n@2100000', 2_100_000]], 60_000, c.watermark);
    expect(held.watermark).toBe(2_000_000);
    expect(held.seen.has('n@2100000')).toBe(true);
    expect(advance(c, [['x@10', 10]], 60_000, 5e9).watermark).toBe(2_000_000);
  });
});

describe('where the first poll starts watching', () => {
  const now = Date.parse('2024-06-01T12:34:56.789Z');
  it('just before its clock taken to the resolution of the record dates', () => {
    expect(firstOrigin(now, { field: 'u', format: "yyyy-MM-dd'T'HH:mm:ss'Z'", timeZone: 'GMT' })).toBe(Date.parse('2024-06-01T12:34:56Z') - 1);
    expect(firstOrigin(now, { field: 'u', format: 'yyyy-MM-dd HH:mm', timeZone: 'Asia/Kolkata' })).toBe(Date.parse('2024-06-01T12:34:00Z') - 1);
    expect(firstOrigin(now, { field: 'u', format: 'yyyy-MM-dd', timeZone: 'Asia/Kolkata' })).toBe(Date.parse('2024-05-31T18:30:00Z') - 1);
    expect(firstOrigin(now, { field: 'u', format: 'milliseconds', timeZone: 'GMT' })).toBe(now - 1);
    expect(firstOrigin(now, undefined)).toBe(now - 1);
  });
});

describe('zone shift detection', () => {
  const server = Date.parse('2024-06-01T12:00:00Z');
  it('sees dates ahead of the server clock by whole hours', () => {
    expect(detectZoneShift({ changeTimes: [server + 2 * HOUR - 60_000], serverTimeMs: server, dateZone: 'GMT' })?.hours).toBe(2);
    expect(detectZoneShift({ changeTimes: [server + 10 * 60_000], serverTimeMs: server, dateZone: 'GMT' })).toBeUndefined();
  });

  it('sees dates behind a trusted filter by whole hours, and not ordinary old records', () => {
    const since = server - 20 * 60_000;
    const shifted = [since + 60_000 - 5 * HOUR, server - 5 * HOUR - 30_000];
    expect(detectZoneShift({ changeTimes: shifted, serverTimeMs: server, filteredSince: since, dateZone: 'GMT' })?.hours).toBe(-5);
    expect(detectZoneShift({ changeTimes: shifted, serverTimeMs: server, dateZone: 'GMT' })).toBeUndefined();
    const spread = [server - 30 * HOUR, server - 5 * HOUR];
    expect(detectZoneShift({ changeTimes: spread, serverTimeMs: server, filteredSince: since, dateZone: 'GMT' })).toBeUndefined();
    expect(detectZoneShift({ changeTimes: [since + 1000], serverTimeMs: server, filteredSince: since, dateZone: 'GMT' })).toBeUndefined();
  });

  it('needs one whole-hour shift over most of the records: outliers never make a verdict', () => {
    const doomsday = Date.parse('9999-12-31T23:59:59Z');
    const recent = [server - 60_000, server - 120_000, server - 180_000];
    expect(detectZoneShift({ changeTimes: [doomsday], serverTimeMs: server, dateZone: 'GMT' })).toBeUndefined();
    expect(detectZoneShift({ changeTimes: [...recent, doomsday], serverTimeMs: server, dateZone: 'GMT' })).toBeUndefined();
    // One record 9 h ahead among three that are not: odd, not a zone.
    expect(detectZoneShift({ changeTimes: [...recent, server + 9 * HOUR - 60_000], serverTimeMs: server, dateZone: 'GMT' })).toBeUndefined();
    // Three of four 9 h ahead (the fourth odd): the zone is wrong.
    const tokyo = recent.map((time) => time + 9 * HOUR);
    expect(detectZoneShift({ changeTimes: [...tokyo, doomsday], serverTimeMs: server, dateZone: 'GMT' })?.hours).toBe(9);
    // Half is not most.
    expect(detectZoneShift({ changeTimes: [...tokyo.slice(0, 2), ...recent.slice(0, 2)], serverTimeMs: server, dateZone: 'GMT' })).toBeUndefined();
    // Behind a filter: one very old record among shifted ones does not hide the shift.
    const since = server - 20 * 60_000;
    const newYork = [since + 60_000 - 5 * HOUR, server - 5 * HOUR - 30_000, server - 5 * HOUR - 90_000];
    expect(detectZoneShift({ changeTimes: [...newYork, 0], serverTimeMs: server, filteredSince: since, dateZone: 'GMT' })?.hours).toBe(-5);
  });
});
