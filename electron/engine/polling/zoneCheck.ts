/**
 * Detects records whose dates are read in the wrong time zone: they come out shifted by whole hours
 * against the server's clock. Cloud Elements told users to keep every zone identical or lose records;
 * here the shift is detected, shown, and the cursor held until the zone is fixed.
 */

const HOUR = 3_600_000;
/** A record stamped more than this after the server's own "now" cannot be right. */
const FUTURE_TOLERANCE_MS = 30 * 60_000;
const EDGE_MS = 60_000;

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
  if (evidence.changeTimes.length === 0) return undefined;
  const newest = Math.max(...evidence.changeTimes);
  if (newest > evidence.serverTimeMs + FUTURE_TOLERANCE_MS) {
    const hours = Math.max(1, Math.round((newest - evidence.serverTimeMs) / HOUR));
    return describe(hours, evidence.dateZone);
  }
  if (evidence.filteredSince !== undefined) return detectBackwardShift(evidence.changeTimes, evidence.filteredSince, evidence.serverTimeMs, evidence.dateZone);
  return undefined;
}

/**
 * The server said these records changed after `since`; if every one reads a whole number of hours
 * earlier, inside the same window shifted back, their dates are read in the wrong zone.
 */
function detectBackwardShift(changeTimes: number[], since: number, serverTime: number, zone: string): ZoneShift | undefined {
  const newest = Math.max(...changeTimes);
  const oldest = Math.min(...changeTimes);
  if (newest >= since - FUTURE_TOLERANCE_MS) return undefined;
  for (let hours = 1; hours <= 14; hours++) {
    const shift = hours * HOUR;
    if (oldest >= since - shift - EDGE_MS && newest <= serverTime - shift + EDGE_MS) return describe(-hours, zone);
  }
  return undefined;
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
