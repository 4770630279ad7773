/**
 * Sage CRM's date handling: values live in the server's time zone and are serialized with that
 * zone's UTC offset (`2024-03-01T05:00:00-05:00`), or, on a misconfigured server, as bare local
 * wall time without any offset. Literals without an offset are read as server-local time.
 */

export type SageDateStyle = 'offset' | 'local';

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a zone name Intl does not know. */
export function assertTimeZone(zone: string): void {
  formatterFor(zone);
}

const offsetCache = new Map<string, number>();
const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** The offset at exactly this instant, straight from Intl. */
function exactOffsetMinutes(at: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((wallAsUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

function cached(key: string, compute: () => number): number {
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(key, value);
  return value;
}

/** The zone's UTC offset in minutes at that instant (e.g. -300 for New York in winter). */
export function zoneOffsetMinutes(utcMs: number, zone: string): number {
  // Most days have one offset all day: check the day's two ends, and only on a transition day
  // look closer (offsets change on quarter-hour boundaries).
  const day = Math.floor(utcMs / DAY_MS);
  const startOffset = cached(`${zone}|d${day}`, () => exactOffsetMinutes(day * DAY_MS, zone));
  const endOffset = cached(`${zone}|d${day + 1}`, () => exactOffsetMinutes((day + 1) * DAY_MS, zone));
  if (startOffset === endOffset) return startOffset;
  const quarter = Math.floor(utcMs / QUARTER_HOUR_MS);
  return cached(`${zone}|q${quarter}`, () => exactOffsetMinutes(quarter * QUARTER_HOUR_MS, zone));
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Serializes an instant the way the server does: local wall time plus offset, or bare local time. */
export function formatSageDate(utcMs: number, zone: string, style: SageDateStyle): string {
  const offset = zoneOffsetMinutes(utcMs, zone);
  const wall = new Date(utcMs + offset * 60_000);
  const text = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  return style === 'offset' ? text + formatOffset(offset) : text;
}

/** The instant a server-local wall time denotes (two passes settle DST edges). */
export function wallTimeToUtc(wall: WallTime, zone: string): number {
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const firstGuess = wallAsUtc - zoneOffsetMinutes(wallAsUtc, zone) * 60_000;
  return wallAsUtc - zoneOffsetMinutes(firstGuess, zone) * 60_000;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses `2024-03-01`, `2024-03-01T10:00:00`, `…Z`, `…+05:00` (fractions allowed) into epoch ms.
 * Without an offset the text is server-local time. Undefined when it is not a date.
 */
export function parseSageDateTime(text: string, zone: string): number | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zonePart] = match;
  const wall: WallTime = {
    year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s),
    millisecond: Math.floor(Number(`0.${fraction || '0'}`) * 1000),
  };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
  if (zonePart === undefined) return wallTimeToUtc(wall, zone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (zonePart.toUpperCase() === 'Z') return wallAsUtc;
  const digits = zonePart.replace(':', '');
  const offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits.startsWith('-') ? -1 : 1);
  return wallAsUtc - offsetMinutes * 60_000;
}
