// @vitest-environment node
// Pure logic of the window: no DOM needed.
import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleRange } from '../../../renderer/src/lib/virtualRange.ts';

describe('visibleRange', () => {
  it('covers the viewport plus the overscan, within the list', () => {
    expect(visibleRange({ scrollTop: 0, viewportHeight: 360, rowHeight: 36, count: 100_000, overscan: 5 })).toEqual({ start: 0, end: 16 });
    expect(visibleRange({ scrollTop: 3600, viewportHeight: 360, rowHeight: 36, count: 100_000, overscan: 5 })).toEqual({ start: 95, end: 116 });
    expect(visibleRange({ scrollTop: 36 * 99_990, viewportHeight: 360, rowHeight: 36, count: 100_000, overscan: 5 })).toEqual({ start: 99_985, end: 100_000 });
  });

  it('keeps the DOM bounded whatever the list size', () => {
    for (const count of [10, 1000, 100_000, 10_000_000]) {
      const range = visibleRange({ scrollTop: 36 * Math.floor(count / 2), viewportHeight: 800, rowHeight: 36, count, overscan: 10 });
      expect(range.end - range.start).toBeLessThanOrEqual(Math.min(count, 44));
    }
  });

  it('is empty for an empty list, and survives a scroll position past the end', () => {
    expect(visibleRange({ scrollTop: 0, viewportHeight: 500, rowHeight: 36, count: 0 })).toEqual({ start: 0, end: 0 });
    const range = visibleRange({ scrollTop: 1_000_000, viewportHeight: 500, rowHeight: 36, count: 3 });
    expect(range.start).toBeLessThanOrEqual(range.end);
    expect(range.end).toBe(3);
  });
});

describe('scrollToReveal', () => {
  it('moves as little as possible', () => {
    expect(scrollToReveal(5, 0, 360, 36)).toBe(0);
    expect(scrollToReveal(10, 0, 360, 36)).toBe(36);
    expect(scrollToReveal(2, 720, 360, 36)).toBe(72);
  });
});
