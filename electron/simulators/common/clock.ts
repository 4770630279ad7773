/**
 * The simulator's clock: real time plus an adjustable offset, so tests can move "server time"
 * (stamps on changed records, the HTTP Date header, token and delta-token expiry) without waiting.
 */

export interface SimClock {
  /** Epoch milliseconds on the simulator's clock. */
  now(): number;
  offsetMs(): number;
  setOffset(offsetMs: number): void;
  /** RFC 7231 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`, for the Date header. */
  httpDate(): string;
}

export function createSimClock(initialOffsetMs = 0): SimClock {
  let offset = initialOffsetMs;
  const now = (): number => Date.now() + offset;
  return {
    now,
    offsetMs: () => offset,
    setOffset(offsetMs) {
      if (!Number.isFinite(offsetMs)) throw new TypeError(`clock offset must be a finite number of ms, got ${offsetMs}`);
      offset = offsetMs;
    },
    // Date#toUTCString produces exactly the IMF-fixdate format.
    httpDate: () => new Date(now()).toUTCString(),
  };
}

/** Accepts epoch ms, a Date or an ISO string: how options and control calls may give a time. */
export function toEpochMs(value: number | string | Date): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(ms)) throw new TypeError(`not a time: ${String(value)}`);
  return ms;
}
