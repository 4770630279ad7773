// Lookups over the JDK's zone names (zone-names.ts, generated from JDK 17).

import { JDK_ZONE_TABLE } from './zone-names.ts';

export interface JdkZone {
  readonly id: string;
  readonly shortStandard: string;
  readonly shortDaylight: string;
  readonly longStandard: string;
  readonly longDaylight: string;
  /** TimeZone.getRawOffset() of the zone's current rules, ms. */
  readonly rawOffset: number;
  /** TimeZone.getDSTSavings(), ms. */
  readonly dstSavings: number;
  /** Position in DateFormatSymbols.getZoneStrings(), or -1 when not searched by parsing. */
  readonly parseOrder: number;
}

/** A zone name found in text, as SimpleDateFormat.subParseZoneString finds it. */
export interface ZoneNameMatch {
  readonly zone: JdkZone;
  /** 1 long standard, 2 short standard, 3 long daylight, 4 short daylight (Java's zoneStrings columns). */
  readonly nameIndex: number;
  readonly length: number;
}

interface Table {
  readonly byId: Map<string, JdkZone>;
  readonly byLowerId: Map<string, JdkZone>;
  /** Lower-cased name -> the first (zone, column) carrying it in search order. */
  readonly firstByName: Map<string, ZoneNameMatch>;
  readonly nameLengths: readonly number[];
}

let table: Table | undefined;

function load(): Table {
  if (table) return table;
  const byId = new Map<string, JdkZone>();
  const byLowerId = new Map<string, JdkZone>();
  const firstByName = new Map<string, ZoneNameMatch>();
  let parseOrder = 0;
  for (const line of JDK_ZONE_TABLE.split('\n')) {
    const f = line.split('|');
    if (f.length !== 8) continue;
    const [flag, id, shortStandard, shortDaylight, longStandard, longDaylight, raw, dst] = f as [
      string, string, string, string, string, string, string, string,
    ];
    const zone: JdkZone = {
      id,
      shortStandard,
      shortDaylight,
      longStandard,
      longDaylight,
      rawOffset: Number(raw) * 1000,
      dstSavings: Number(dst) * 1000,
      parseOrder: flag === 'P' ? parseOrder++ : -1,
    };
    byId.set(id, zone);
    byLowerId.set(id.toLowerCase(), zone);
    if (zone.parseOrder >= 0) {
      zoneNames(zone).forEach((name, i) => {
        const key = name.toLowerCase();
        if (!firstByName.has(key)) firstByName.set(key, { zone, nameIndex: i + 1, length: name.length });
      });
    }
  }
  const nameLengths = [...new Set([...firstByName.values()].map((m) => m.length))];
  table = { byId, byLowerId, firstByName, nameLengths };
  return table;
}

/** Names in Java's zoneStrings column order (long standard, short standard, long daylight, short daylight). */
function zoneNames(zone: JdkZone): [string, string, string, string] {
  return [zone.longStandard, zone.shortStandard, zone.longDaylight, zone.shortDaylight];
}

export function jdkZoneById(id: string): JdkZone | undefined {
  return load().byId.get(id);
}

/** Case-insensitive id lookup, for keeping the JDK's spelling of an accepted IANA id. */
export function jdkZone(id: string): JdkZone | undefined {
  return load().byLowerId.get(id.toLowerCase());
}

/**
 * Port of SimpleDateFormat.subParseZoneString's search: the formatter's zone first, then the
 * default zone (taken as UTC here; the JVM's default is machine-dependent), then every zone in
 * getZoneStrings() order, each checking long standard, short standard, long daylight, short
 * daylight; a name matches when the text continues with it, ignoring case.
 */
export function matchZoneName(text: string, start: number, currentJavaId: string): ZoneNameMatch | undefined {
  const t = load();
  for (const id of [currentJavaId, 'UTC']) {
    const zone = t.byId.get(id);
    if (zone && zone.parseOrder >= 0) {
      const names = zoneNames(zone);
      for (let i = 0; i < 4; i++) {
        const name = names[i] ?? '';
        if (regionMatchesIgnoreCase(text, start, name)) return { zone, nameIndex: i + 1, length: name.length };
      }
    }
  }
  let best: ZoneNameMatch | undefined;
  for (const length of t.nameLengths) {
    const match = t.firstByName.get(text.slice(start, start + length).toLowerCase());
    if (match && match.length === length && (!best || isEarlier(match, best))) best = match;
  }
  return best;
}

function isEarlier(a: ZoneNameMatch, b: ZoneNameMatch): boolean {
  return a.zone.parseOrder < b.zone.parseOrder || (a.zone.parseOrder === b.zone.parseOrder && a.nameIndex < b.nameIndex);
}

export function regionMatchesIgnoreCase(text: string, start: number, name: string): boolean {
  return text.length - start >= name.length && text.slice(start, start + name.length).toLowerCase() === name.toLowerCase();
}

export function pickName(zone: JdkZone, daylight: boolean, long: boolean): string {
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
