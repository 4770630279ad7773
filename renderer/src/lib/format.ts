/** How times, durations and counts read in the window. Pure, so tests pin them down. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function toMs(time: number | string | undefined | null): number | undefined {
  if (time === undefined || time === null) return undefined;
  const ms = typeof time === 'number' ? time : Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * "in 4 min", "12 s ago", "just now". A time known to be past (a last poll) never reads as future
 * when the ticking clock lags behind it.
 */
export function relativeTime(time: number | string | undefined | null, now: number, tense: 'past' | 'any' = 'any'): string {
  const ms = toMs(time);
  if (ms === undefined) return '—';
  const delta = tense === 'past' ? Math.min(0, ms - now) : ms - now;
  const size = Math.abs(delta);
  if (size < 2 * SECOND) return delta > 0 ? 'now' : 'just now';
  // Thresholds on the rounded value, so 59.6 s reads "1 min", not "60 s".
  const seconds = Math.round(size / SECOND);
  const minutes = Math.round(size / MINUTE);
  const text = seconds < 60 ? `${seconds} s` : minutes < 60 ? `${minutes} min` : size < DAY ? `${(size / HOUR).toFixed(size < 10 * HOUR ? 1 : 0)} h` : `${Math.round(size / DAY)} d`;
  return delta > 0 ? `in ${text}` : `${text} ago`;
}

/** A local date and time to the second, e.g. "2024-05-01 10:30:00". */
export function dateTime(time: number | string | undefined | null): string {
  const ms = toMs(time);
  if (ms === undefined) return '—';
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The time of day only, for rows of today. */
export function timeOfDay(time: number | string | undefined | null): string {
  return dateTime(time).slice(11);
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(ms / SECOND).toFixed(ms < 10 * SECOND ? 2 : 1)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ${Math.round((ms % MINUTE) / SECOND)} s`;
  return `${Math.floor(ms / HOUR)} h ${Math.round((ms % HOUR) / MINUTE)} min`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** `<input type="datetime-local">` value ⇄ ISO instant. */
export function localInputToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function isoToLocalInput(iso: string | number | undefined): string {
  const ms = toMs(iso);
  if (ms === undefined) return '';
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
