import { describe, expect, it } from 'vitest';
import { advance, DEFAULT_OVERLAP_MS, judge, overlapMs, pollSince, seenKey, type Cursor } from '../../../electron/engine/polling/cursor.ts';
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
    const moved = advance(c, [['n@2100000', 2_100_000], ['future@9000000', 9_000_000]], 60_000, 2_200_000);
    expect(moved.watermark).toBe(2_200_000);
    expect([...moved.seen.keys()].sort()).toEqual(['future@9000000']);
    const held = advance(c, [['n@2100000', 2_100_000]], 60_000, c.watermark);
    expect(held.watermark).toBe(2_000_000);
    expect(held.seen.has('n@2100000')).toBe(true);
    expect(advance(c, [['x@10', 10]], 60_000, 5e9).watermark).toBe(2_000_000);
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
});
