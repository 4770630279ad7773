/**
 * Which "now" a poll goes by. The server's clock (its HTTP Date header) is the right one: record
 * dates come from the server's side, and the local clock may be off. But a Date header can be wrong
 * too (a proxy, a misconfigured host, a hostile server answering "2100"): one such answer must not
 * move the cursor for good. So the server's clock is trusted only while it agrees with the local
 * clock within a day; otherwise the local clock is used, and the poll says so.
 */

/** How far the server's and the local clock may disagree before the server's is not believed. */
export const CLOCK_TRUST_MS = 86_400_000;

/**
 * The Date header counts whole seconds: the instant it names may be up to this much before the
 * moment it was written, so only a change stamped this much after it surely came later.
 */
export const DATE_HEADER_RESOLUTION_MS = 1000;

export interface PollClock {
  /** The instant the poll goes by. */
  now: number;
  /** The server's Date when it was not believed. */
  distrusted?: number;
}

export function pollClock(serverTimeMs: number | undefined, localNow: number): PollClock {
  if (serverTimeMs === undefined) return { now: localNow };
  if (Math.abs(serverTimeMs - localNow) <= CLOCK_TRUST_MS) return { now: serverTimeMs };
  return { now: localNow, distrusted: serverTimeMs };
}

/** The status warning for a server clock that was not believed. */
export function distrustedClockWarning(serverTimeMs: number, localNow: number): string {
  const direction = serverTimeMs > localNow ? 'ahead of' : 'behind';
  return (
    `the server's clock (its Date header) said ${new Date(serverTimeMs).toISOString()}, ${describeGap(Math.abs(serverTimeMs - localNow))} ${direction} ` +
    "this computer's: the local clock was used instead; check the server's clock (and this computer's)"
  );
}

function describeGap(ms: number): string {
  const days = ms / 86_400_000;
  if (days >= 730) return `${Math.round(days / 365.25)} years`;
  return `${Math.round(days)} days`;
}
