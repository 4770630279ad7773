// Time zones as java.util.TimeZone sees them, with offsets from the runtime's Intl (tz database).
//
// Why not dayjs's timezone plugin here: measured on Node 24 it costs ~130 µs per instant
// (it builds a new Intl formatter through toLocaleString on every call), it is one second off
// for pre-1970 instants with milliseconds, it reads offsets of 16 minutes or less as hours
// (Europe/Paris was +00:09:21 until 1911), and dayjs.tz(wallTime, zone) resolves DST gaps and
// overlaps from today's offset, not the way Java does. The offset lookup it wraps is a single
// Intl call, so that call is made directly below and the Java rules are written around it.

import { DAY_MS, floorDiv } from './calendar.ts';
import { type JdkZone, jdkZone, jdkZoneById } from './zone-table.ts';

/** Java's ZoneInfo has no data before 1900: earlier instants use the zone's current raw offset. */
const UTC_1900_MS = -2_208_988_800_000;
const HOUR_MS = 3_600_000;
const MAX_DATE_MS = 8.64e15;

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

class FixedZone implements ResolvedTimeZone {
  readonly id: string;
  readonly javaId: string;
  readonly fixedOffset: number;
  readonly dstSavings = 0;
  private readonly names: JdkZone | undefined;

  constructor(id: string, javaId: string, offset: number) {
    this.id = id;
    this.javaId = javaId;
    this.fixedOffset = offset;
    this.names = jdkZoneById(javaId);
  }

  offsetAt(): number {
    return this.fixedOffset;
  }

  dstAt(): number {
    return 0;
  }

  inDaylightTime(): boolean {
    return false;
  }

  wallOffset(wallMs: number): WallOffset {
    return { offset: this.fixedOffset, probe: wallMs - this.fixedOffset };
  }

  displayName(daylight: boolean, long: boolean): string {
    return this.names ? pickName(this.names, daylight, long) : this.javaId;
  }
}

class RegionZone implements ResolvedTimeZone {
  readonly id: string;
  readonly javaId: string;
  readonly fixedOffset = undefined;
  readonly dstSavings: number;
  private readonly intlId: string;
  private readonly jdk: JdkZone | undefined;
  private readonly rawOffset: number;
  private readonly offsetFormat: Intl.DateTimeFormat;
  private nameFormat: Intl.DateTimeFormat | undefined;
  /** Offset at the start of each UTC day, by day number. */
  private readonly dayStartOffsets = new Map<number, number>();
  private readonly dstByDay = new Map<number, number>();
  private readonly daylightByDay = new Map<number, number>();

  constructor(id: string, javaId: string, intlId: string) {
    this.id = id;
    this.javaId = javaId;
    this.intlId = intlId;
    this.jdk = jdkZoneById(javaId);
    this.offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: intlId, timeZoneName: 'longOffset' });
    this.dstSavings = this.jdk ? this.jdk.dstSavings : 0;
    this.rawOffset = this.jdk ? this.jdk.rawOffset : this.standardOffsetAround(Date.now());
  }

  offsetAt(utcMs: number): number {
    if (utcMs < UTC_1900_MS) return this.rawOffset;
    // Offsets change at most once a day: when both ends of the UTC day agree, the day is uniform.
    const day = floorDiv(utcMs, DAY_MS);
    const start = this.dayStartOffset(day);
    return start === this.dayStartOffset(day + 1) ? start : this.intlOffset(utcMs);
  }

  dstAt(utcMs: number): number {
    return this.byDay(this.dstByDay, utcMs, (t) => (this.daylightAt(t) ? this.savingAt(t) : 0));
  }

  inDaylightTime(utcMs: number): boolean {
    return this.byDay(this.daylightByDay, utcMs, (t) => (this.daylightAt(t) ? 1 : 0)) !== 0;
  }

  /** A value of the instant, computed once per UTC day unless the offset changes that day. */
  private byDay(cache: Map<number, number>, utcMs: number, compute: (utcMs: number) => number): number {
    if (utcMs < UTC_1900_MS) return 0;
    const day = floorDiv(utcMs, DAY_MS);
    if (this.dayStartOffset(day) !== this.dayStartOffset(day + 1)) return compute(utcMs);
    let value = cache.get(day);
    if (value === undefined) {
      value = compute(day * DAY_MS);
      remember(cache, day, value);
    }
    return value;
  }

  wallOffset(wallMs: number): WallOffset {
    const before = this.offsetAt(wallMs - DAY_MS);
    const after = this.offsetAt(wallMs + DAY_MS);
    if (before === after) return { offset: before, probe: wallMs - before };
    // A transition is near: Java uses the later offset once the wall time has reached the
    // transition's wall time in that offset (so overlaps resolve to standard time), else the
    // earlier one (so a time in a gap gets the pre-transition offset).
    const afterInstant = wallMs - after;
    if (this.offsetAt(afterInstant) === after) return { offset: after, probe: afterInstant };
    return { offset: before, probe: wallMs - DAY_MS };
  }

  displayName(daylight: boolean, long: boolean): string {
    if (this.jdk) return pickName(this.jdk, daylight, long);
    // Java's fallback for a zone without names (TimeZone.getDisplayName).
    return customId(this.rawOffset + (daylight ? this.dstSavings : 0));
  }

  private dayStartOffset(day: number): number {
    let offset = this.dayStartOffsets.get(day);
    if (offset === undefined) {
      offset = day * DAY_MS < UTC_1900_MS ? this.rawOffset : this.intlOffset(day * DAY_MS);
      remember(this.dayStartOffsets, day, offset);
    }
    return offset;
  }

  private intlOffset(utcMs: number): number {
    // e.g. "1/1/1900, GMT+05:21:10"; "GMT" alone for zero. (Clamped to what a Date can hold.)
    const text = this.offsetFormat.format(Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, utcMs)));
    const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (!m) return 0;
    const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
    return (m[1] === '-' ? -seconds : seconds) * 1000;
  }

  /**
   * Whether Java counts the instant as daylight time. Intl does not expose the tz database's
   * standard/daylight split, but it names the zone: the JDK's daylight or standard name for the
   * zone decides, then any other daylight ("… Daylight Time", "… Summer Time") or standard name.
   * In periods Intl only names "GMT+02:00" (history before the zone's modern names), an offset
   * is daylight time when a lower offset is seen both within three years before and after it
   * (a permanent change is not DST), by a whole number of ten minutes (local mean time changes
   * have odd seconds). Measured against JDK 17 over 30 zones, 1900-2100 every 3 days, this
   * misjudges 0.4% of instants, all before 1972; z names and zone-name parsing depend on it.
   */
  private daylightAt(utcMs: number): boolean {
    const experiment = britishStandardTime(this.javaId, utcMs);
    if (experiment !== undefined) return experiment !== 0;
    const name = this.longName(utcMs) ?? '';
    if (this.jdk && name === this.jdk.longDaylight && name !== this.jdk.longStandard) return true;
    if (this.jdk && name === this.jdk.longStandard) return false;
    if (!/^GMT([+-]|$)/.test(name)) return /(Daylight|Summer) Time$/.test(name);
    const lower = this.lowerOffsetsAround(utcMs);
    return lower.some((s) => s.at < utcMs) && lower.some((s) => s.at > utcMs);
  }

  /** The daylight saving in effect: down to the nearest lower offset seen around (the standard time then). */
  private savingAt(utcMs: number): number {
    const experiment = britishStandardTime(this.javaId, utcMs);
    if (experiment !== undefined) return experiment;
    const offset = this.intlOffset(utcMs);
    // Usually the zone's current saving, with standard time four to six months away.
    const usual = offset - this.dstSavings;
    if (this.dstSavings > 0 && [-182, -120, 120, 182].some((days) => this.intlOffset(utcMs + days * DAY_MS) === usual)) {
      return this.dstSavings;
    }
    const standard = Math.max(...this.lowerOffsetsAround(utcMs).map((s) => s.offset));
    return Number.isFinite(standard) ? offset - standard : this.dstSavings || HOUR_MS;
  }

  /** Offsets around an instant lower than its offset by a DST-like amount. */
  private lowerOffsetsAround(utcMs: number): { at: number; offset: number }[] {
    const offset = this.intlOffset(utcMs);
    return this.offsetsAround(utcMs).filter((s) => isDstLike(offset - s.offset));
  }

  private longName(utcMs: number): string | undefined {
    this.nameFormat ??= new Intl.DateTimeFormat('en-US', { timeZone: this.intlId, timeZoneName: 'long' });
    return this.nameFormat.formatToParts(utcMs).find((p) => p.type === 'timeZoneName')?.value;
  }

  /** Offsets on the first day of each quarter, three years either side of an instant. */
  private offsetsAround(utcMs: number): { at: number; offset: number }[] {
    const year = new Date(utcMs).getUTCFullYear();
    const samples: { at: number; offset: number }[] = [];
    for (let y = year - 3; y <= year + 3; y++) {
      for (const month of [0, 3, 6, 9]) {
        const at = Date.UTC(y, month, 1);
        if (at >= UTC_1900_MS && at <= MAX_DATE_MS) samples.push({ at, offset: this.intlOffset(at) });
      }
    }
    return samples;
  }

  /** The smallest offset around an instant: its standard offset, usually. */
  private standardOffsetAround(utcMs: number): number {
    return Math.min(this.intlOffset(utcMs), ...this.offsetsAround(utcMs).map((s) => s.offset));
  }
}

/** A positive difference of whole ten minutes (local mean time changes have odd seconds). */
function isDstLike(difference: number): boolean {
  return difference > 0 && difference % 600_000 === 0;
}

/**
 * 1968-10-27 to 1971-10-31 the UK and Ireland kept UTC+1 all year. Intl names it "GMT+01:00"
 * only, and it contains 1970-01-01, the date time-only patterns parse to: the JDK counts it as
 * standard time in Britain and as daylight time (IST) in Ireland.
 */
function britishStandardTime(javaId: string, utcMs: number): number | undefined {
  if (utcMs < -37_242_000_000 || utcMs >= 57_722_400_000) return undefined;
  if (BRITISH_ZONES.has(javaId)) return 0;
  if (javaId === 'Europe/Dublin' || javaId === 'Eire') return HOUR_MS;
  return undefined;
}

const BRITISH_ZONES = new Set(['Europe/London', 'GB', 'GB-Eire', 'Europe/Belfast', 'Europe/Jersey', 'Europe/Guernsey', 'Europe/Isle_of_Man']);

function remember(map: Map<number, number>, key: number, value: number): void {
  if (map.size >= 100_000) map.clear();
  map.set(key, value);
}

function pickName(zone: JdkZone, daylight: boolean, long: boolean): string {
  if (long) return daylight ? zone.longDaylight : zone.longStandard;
  return daylight ? zone.shortDaylight : zone.shortStandard;
}

/** ZoneInfoFile.toCustomID: "GMT+hh:mm" for an offset in ms. */
export function customId(offsetMs: number): string {
  const minutes = Math.trunc(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `GMT${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * The JDK's three-letter ids (java.time.ZoneId.SHORT_IDS as java.util.TimeZone uses them in
 * JDK 17): EST, MST and HST are fixed offsets, the others are the regions they alias.
 */
const JDK_SHORT_IDS: Readonly<Record<string, string | number>> = {
  EST: -5 * HOUR_MS,
  MST: -7 * HOUR_MS,
  HST: -10 * HOUR_MS,
  ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney',
  AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo',
  AST: 'America/Anchorage',
  BET: 'America/Sao_Paulo',
  BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare',
  CNT: 'America/St_Johns',
  CST: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia',
  NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix',
  PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh',
};

export class TimeZoneError extends Error {}

const resolved = new Map<string, ResolvedTimeZone>();

/** Resolves a zone string (see checkTimeZone for the accepted forms); throws TimeZoneError. */
export function resolveTimeZone(zone: string): ResolvedTimeZone {
  let tz = resolved.get(zone);
  if (tz === undefined) {
    tz = resolve(zone.trim());
    if (tz === undefined) throw new TimeZoneError(unknownZoneMessage(zone));
    if (resolved.size >= 1000) resolved.clear();
    resolved.set(zone, tz);
  }
  return tz;
}

/** undefined when the zone is accepted, else a message saying what is accepted. */
export function checkTimeZone(zone: string): string | undefined {
  try {
    resolveTimeZone(zone);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function unknownZoneMessage(zone: string): string {
  return (
    `unknown time zone ${JSON.stringify(zone)}: use an IANA name such as "America/New_York", ` +
    `"GMT", "UTC", "Z", a JDK id such as "PST" or "EST", or an offset such as "+05:30", ` +
    `"-08:00", "GMT-08:00" or "UTC+01:00"`
  );
}

function resolve(zone: string): ResolvedTimeZone | undefined {
  const upper = zone.toUpperCase();
  if (upper === 'GMT' || upper === 'UTC') return new FixedZone(upper, upper, 0);
  // TimeZone.getTimeZone("Z") is GMT (Java's fallback for unknown ids happens to be right).
  if (upper === 'Z') return new FixedZone('Z', 'GMT', 0);
  const offset = parseOffsetZone(zone);
  if (offset !== undefined) return offset;
  const short = JDK_SHORT_IDS[upper];
  if (typeof short === 'number') return new FixedZone(upper, upper, short);
  if (typeof short === 'string') return new RegionZone(upper, upper, short);
  return regionZone(zone);
}

/**
 * Offsets: "+05:30", "-8:00", "+0530", "-08", "GMT-08:00", "GMT+5", "UTC+01:00". They mean what
 * Java's custom ids "GMT+hh:mm" mean: hours 0-23, minutes 0-59, digits without a colon read
 * as h, hh, hmm or hhmm.
 */
function parseOffsetZone(zone: string): ResolvedTimeZone | undefined {
  const m = /^(?:GMT|UTC)?([+-])(?:(\d{1,2}):(\d{2})|(\d{1,4}))$/i.exec(zone);
  if (!m) return undefined;
  let hours: number;
  let minutes: number;
  if (m[4] !== undefined) {
    const digits = Number(m[4]);
    hours = m[4].length <= 2 ? digits : Math.floor(digits / 100);
    minutes = m[4].length <= 2 ? 0 : digits % 100;
  } else {
    hours = Number(m[2]);
    minutes = Number(m[3]);
  }
  if (hours > 23 || minutes > 59) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const id = `GMT${m[1]}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  return new FixedZone(id, id, sign * (hours * 60 + minutes) * 60_000);
}

function regionZone(zone: string): ResolvedTimeZone | undefined {
  // Intl also takes "+05:30"-style offsets; ours were read above, anything else is malformed.
  if (/^[+-]/.test(zone)) return undefined;
  let intlId: string;
  try {
    intlId = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // Keep the JDK's spelling of the id (its names are keyed by it), else Intl's.
  const javaId = jdkZone(zone)?.id ?? intlId;
  return new RegionZone(javaId, javaId, zone);
}
