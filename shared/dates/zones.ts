// Time zones as java.util.TimeZone sees them: the accepted spellings, fixed offsets, and the
// region zones of region-zone.ts.

import { RegionZone } from './region-zone.ts';
import type { ResolvedTimeZone, WallOffset } from './timeZone.ts';
import { type JdkZone, jdkZone, jdkZoneById, pickName } from './zone-table.ts';
import { problemOf } from '../problemOf.ts';

const HOUR_MS = 3_600_000;

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
  return problemOf(resolveTimeZone, zone);
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
