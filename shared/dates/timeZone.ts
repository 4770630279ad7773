// What a resolved time zone answers: declared apart from zones.ts so that the zone kinds
// (region-zone.ts, zones.ts's fixed offsets) implement it without importing their resolver.

export interface WallOffset {
  /** Total UTC offset (ms) Java picks for the wall time. */
  readonly offset: number;
  /** An instant on the same side of any nearby transition, for asking dstAt. */
  readonly probe: number;
}

/** A time zone accepted by the date functions, resolved to what Java's TimeZone would do. */
export interface ResolvedTimeZone {
  /** The accepted zone in its normalized spelling, e.g. "America/New_York", "GMT+05:30", "PST". */
  readonly id: string;
  /** The id java.util.TimeZone.getTimeZone uses for the same zone. */
  readonly javaId: string;
  /** Offset in ms when the zone never changes offset, else undefined. */
  readonly fixedOffset: number | undefined;
  /** TimeZone.getDSTSavings(): the DST amount of the zone's current rules (ms). */
  readonly dstSavings: number;
  /** Total offset from UTC (ms) at an instant. */
  offsetAt(utcMs: number): number;
  /** The daylight-saving part of the offset at an instant (Calendar.DST_OFFSET). */
  dstAt(utcMs: number): number;
  /** Whether daylight time is in effect at an instant (DST_OFFSET != 0), cheaper than dstAt. */
  inDaylightTime(utcMs: number): boolean;
  /** The offset for a wall-clock time, chosen like ZoneInfo.getOffsetsByWall (standard time in overlaps). */
  wallOffset(wallMs: number): WallOffset;
  /** TimeZone.getDisplayName(daylight, SHORT or LONG, Locale.US). */
  displayName(daylight: boolean, long: boolean): string;
}
