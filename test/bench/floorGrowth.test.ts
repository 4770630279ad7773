/** The idle benchmark's RSS trend: a leak shows, the garbage collector's sawtooth does not. */
import { describe, expect, it } from 'vitest';
import { floorGrowth } from '../../bench/measure.ts';

/** Samples every 5 s (in minutes) for `minutes`: a sawtooth rising 16 MB over each 3 minutes and falling back, on a floor that grows `leak` MB a minute. */
function rss(minutes: number, leak: number, phaseMinutes = 0): number[] {
  const step = 5 / 60;
  return Array.from({ length: Math.round(minutes / step) + 1 }, (_, index) => {
    const at = index * step;
    return 118 + leak * at + 16 * (((at + phaseMinutes) % 3) / 3);
  });
}

describe('floorGrowth', () => {
  it('reads a sawtooth over a flat floor as flat, wherever the window starts in it', () => {
    for (const phase of [0, 0.5, 1.5, 2.5]) expect(Math.abs(floorGrowth(rss(6, 0, phase), 5 / 60))).toBeLessThan(0.5);
  });

  it('reads a floor that grows as its growth per minute', () => {
    for (const phase of [0, 1.5]) expect(floorGrowth(rss(6, 2, phase), 5 / 60)).toBeCloseTo(2, 0);
  });
});
