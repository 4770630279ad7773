/**
 * Detects records whose dates are read in the wrong time zone: they come out shifted by whole hours
 * against the server's clock. Cloud Elements told users to keep every zone identical or lose records;
 * here the shift is detected, shown, and the cursor held until the zone is fixed.
 *
 * The verdict needs one whole-hour shift that explains most of a page: more than half of its
 * readable records lie outside the window the poll read (ahead of the server's clock by more than
 * 30 minutes, or, when the server filters by date, before the `since` it was asked for) and fall
 * inside it once moved back by the same number of hours (1 to 14). A few odd records (a date typed
 * as 9999-12-31, one record from another system) never make a verdict: they are emitted and
 * reported, and the rest of the page is polled as usual.
 */

const HOUR = 3_600_000;
/** A record stamped more than this after the server's own "now" cannot be right. */
const FUTURE_TOLERANCE_MS = 30 * 60_000;
/** A record's date is this close to the window's edges, shifted or not. */
const EDGE_MS = 60_000;
/** The largest offset of a time zone from UTC, in hours. */
const MAX_SHIFT_HOURS = 14;

export interface ZoneShift {
  /** Positive: dates read later than they are; negative: earlier. */
  hours: number;
  message: string;
}

export interface ZoneEvidence {
  changeTimes: number[];
  serverTimeMs: number;
  /** The lower bound the server was asked to filter by, when it is trusted to apply it. */
  filteredSince?: number;
  dateZone: string;
}

export function detectZoneShift(evidence: ZoneEvidence): ZoneShift | undefined {
  const { changeTimes, serverTimeMs, filteredSince } = evidence;
  if (changeTimes.length === 0) return undefined;
  const lowest = filteredSince === undefined ? Number.NEGATIVE_INFINITY : filteredSince - EDGE_MS;
  const highest = serverTimeMs + EDGE_MS;
  const isOutside = (time: number) => time > serverTimeMs + FUTURE_TOLERANCE_MS || (filteredSince !== undefined && time < filteredSince - FUTURE_TOLERANCE_MS);
  // Only records outside the window can be explained by a shift: when they are not most of the page, no shift is (the usual page costs one pass).
  const outside = changeTimes.filter(isOutside);
  if (outside.length * 2 <= changeTimes.length) return undefined;
  let best: { hours: number; explained: number } | undefined;
  for (let magnitude = 1; magnitude <= MAX_SHIFT_HOURS; magnitude++) {
    for (const hours of [magnitude, -magnitude]) {
      // Backward shifts can only be told when the server filtered: otherwise old records are just old.
      if (hours < 0 && filteredSince === undefined) continue;
      const shift = hours * HOUR;
      const explained = outside.filter((time) => time - shift >= lowest && time - shift <= highest).length;
      if (explained > (best?.explained ?? 0)) best = { hours, explained };
    }
  }
  return best !== undefined && best.explained * 2 > changeTimes.length ? describe(best.hours, evidence.dateZone) : undefined;
}

function describe(hours: number, zone: string): ZoneShift {
  const direction = hours > 0 ? 'ahead of' : 'behind';
  return {
    hours,
    message:
      `record dates read ${Math.abs(hours)} h ${direction} the server's clock: they are probably written in another time zone than ` +
      `the configured "${zone}". Set updatedDateTimezone/createdDateTimezone to the CRM server's zone; ` +
      `polling keeps its place until then, so no change is lost`,
  };
}
