// @vitest-environment node
// Pure logic of the window: no DOM needed.
import { describe, expect, it } from 'vitest';
import { count, duration, isoToLocalInput, localInputToIso, plural, relativeTime } from '../../../renderer/src/lib/format.ts';

describe('format', () => {
  const now = Date.UTC(2024, 4, 1, 12, 0, 0);

  it('reads relative times the short way', () => {
    expect(relativeTime(now - 500, now)).toBe('just now');
    expect(relativeTime(now - 12_000, now)).toBe('12 s ago');
    expect(relativeTime(now - 59_700, now)).toBe('1 min ago');
    expect(relativeTime(now + 4 * 60_000, now)).toBe('in 4 min');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3.0 h ago');
    expect(relativeTime(now + 2 * 86_400_000, now)).toBe('in 2 d');
    expect(relativeTime(undefined, now)).toBe('—');
    expect(relativeTime(now + 800, now, 'past')).toBe('just now');
  });

  it('reads durations and counts', () => {
    expect(duration(850)).toBe('850 ms');
    expect(duration(2345)).toBe('2.35 s');
    expect(duration(125_000)).toBe('2 min 5 s');
    expect(count(100000)).toBe('100,000');
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(2, 'event')).toBe('2 events');
  });

  it('turns datetime-local values into instants and back', () => {
    const iso = localInputToIso('2024-05-01T10:30');
    expect(iso).toBeDefined();
    expect(isoToLocalInput(iso)).toBe('2024-05-01T10:30');
    expect(localInputToIso('')).toBeUndefined();
  });
});
