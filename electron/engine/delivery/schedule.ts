/**
 * When a notification is attempted: Svix's schedule (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
 * with ±20% jitter, and durations written the way people write them (`250ms`, `5s`, `2h`).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface RetrySchedule {
  /** Delay before each attempt of a round, after the previous one failed; the first is after commit. */
  delaysMs: readonly number[];
  /** A fraction: every delay but the first is moved by up to ± this much, at random. */
  jitter: number;
}

export const DEFAULT_SCHEDULE: RetrySchedule = {
  delaysMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  jitter: 0.2,
};

/**
 * The delay before attempt number `attempt` (0-based within the round) or undefined when the
 * schedule is used up. The first attempt goes at once; later ones are jittered so that a receiver
 * coming back is not hit by every retry in the same second.
 */
export function delayBefore(schedule: RetrySchedule, attempt: number, random: () => number = Math.random): number | undefined {
  const base = schedule.delaysMs[attempt];
  if (base === undefined) return undefined;
  if (attempt === 0 || base === 0) return base;
  return Math.max(0, Math.round(base * (1 + (random() * 2 - 1) * schedule.jitter)));
}

const UNITS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, min: MINUTE, h: HOUR, d: 24 * HOUR };

/** `250ms`, `5s`, `1.5m`, `2h`, `1d`; a bare number is milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration; write e.g. 250ms, 5s, 5m, 2h or 1d`);
  const unit = UNITS[(match[2] ?? 'ms').toLowerCase()] as number;
  return Math.round(Number(match[1]) * unit);
}

/** A comma-separated list of durations, e.g. `0,5s,5m,30m,2h,5h,10h,10h`. */
export function parseSchedule(text: string): number[] {
  const delays = text.split(',').map((part) => parseDuration(part));
  if (delays.length === 0) throw new Error('a retry schedule needs at least one attempt');
  return delays;
}

export function formatDuration(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${+(ms / SECOND).toFixed(1)} s`;
  if (ms < HOUR) return `${+(ms / MINUTE).toFixed(1)} min`;
  if (ms < 48 * HOUR) return `${+(ms / HOUR).toFixed(1)} h`;
  return `${+(ms / (24 * HOUR)).toFixed(1)} days`;
}
