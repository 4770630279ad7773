/** The retry schedule: Svix's delays, ±20% jitter, and durations as users write them. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, delayBefore, parseDuration, parseSchedule } from '../../../electron/engine/delivery/schedule.ts';

describe('the retry schedule', () => {
  it('is 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with the first attempt at once', () => {
    expect(DEFAULT_SCHEDULE.delaysMs).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(delayBefore(DEFAULT_SCHEDULE, 0, () => 1)).toBe(0);
    expect(delayBefore(DEFAULT_SCHEDULE, 8)).toBeUndefined();
  });

  it('moves every later delay by at most ±20%', () => {
    expect(delayBefore(DEFAULT_SCHEDULE, 1, () => 0)).toBe(4_000);
    expect(delayBefore(DEFAULT_SCHEDULE, 1, () => 0.5)).toBe(5_000);
    expect(delayBefore(DEFAULT_SCHEDULE, 7, () => 0.999_999)).toBeCloseTo(43_200_000, -2);
    for (let i = 0; i < 200; i++) {
      const delay = delayBefore(DEFAULT_SCHEDULE, 2) as number;
      expect(delay).toBeGreaterThanOrEqual(240_000);
      expect(delay).toBeLessThanOrEqual(360_000);
    }
  });

  it('reads durations and schedules', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('40')).toBe(40);
    expect(parseSchedule('0, 5s,5m')).toEqual([0, 5000, 300_000]);
    expect(() => parseDuration('soon')).toThrow(/not a duration; write e.g. 250ms/);
  });
});
