// Parsed fields -> instant: ports of java.text.CalendarBuilder.establish and the non-lenient
// GregorianCalendar.computeTime (field selection, hybrid calendar, zone offsets, validation).

import {
  AD, BC, CUTOVER_FIXED, CUTOVER_YEAR, DAY_MS, EPOCH_OFFSET, FIRST_DAY_OF_WEEK, MINIMAL_DAYS_IN_FIRST_WEEK,
  type CalendarFields, dayOfWeekOnOrBefore, fieldsFromWallMillis, firstDayOfYear, gregorianFixed,
  julianFixed, monthLength,
} from './calendar.ts';
import { AM_PM, ERAS, WEEKDAYS_LONG } from './symbols.ts';
import type { ResolvedTimeZone } from './timeZone.ts';

// java.util.Calendar field numbers, plus CalendarBuilder's pseudo field for the week year.
export const ERA = 0;
export const YEAR = 1;
export const MONTH = 2;
export const WEEK_OF_YEAR = 3;
export const WEEK_OF_MONTH = 4;
export const DAY_OF_MONTH = 5;
export const DAY_OF_YEAR = 6;
export const DAY_OF_WEEK = 7;
export const DAY_OF_WEEK_IN_MONTH = 8;
export const AM_PM_FIELD = 9;
export const HOUR = 10;
export const HOUR_OF_DAY = 11;
export const MINUTE = 12;
export const SECOND = 13;
export const MILLISECOND = 14;
export const ZONE_OFFSET = 15;
export const DST_OFFSET = 16;
export const WEEK_YEAR = 17;
const FIELD_COUNT = 17;

const FIELD_NAMES = [
  'era', 'year', 'month', 'week of year', 'week of month', 'day of month', 'day of year', 'day of week',
  'day of week in month', 'AM/PM', 'hour', 'hour of day', 'minute', 'second', 'millisecond', 'zone offset',
  'DST offset',
];
// GregorianCalendar.getMinimum/getMaximum, checked for every field the text set.
const MIN = [BC, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, -13 * 3_600_000, 0];
const MAX = [AD, 292_278_994, 11, 53, 6, 31, 366, 7, 6, 1, 11, 23, 59, 59, 999, 14 * 3_600_000, 2 * 3_600_000];

/** Largest |epoch ms| a JavaScript Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

/** The fields a parse has set, each with the order it was set in (CalendarBuilder). */
export class FieldBuilder {
  /** 0 = unset; otherwise increasing in the order fields were set (later wins). */
  readonly stamp: number[] = new Array<number>(FIELD_COUNT + 1).fill(0);
  readonly value: number[] = new Array<number>(FIELD_COUNT + 1).fill(0);
  private nextStamp = 2;

  set(field: number, value: number): void {
    this.stamp[field] = this.nextStamp++;
    this.value[field] = value;
  }

  clear(field: number): void {
    this.stamp[field] = 0;
    this.value[field] = 0;
  }

  isSet(field: number): boolean {
    return (this.stamp[field] ?? 0) > 0;
  }

  addYears(years: number): void {
    this.value[YEAR] = (this.value[YEAR] ?? 0) + years;
    this.value[WEEK_YEAR] = (this.value[WEEK_YEAR] ?? 0) + years;
  }
}

/** The parsed fields do not make a valid date/time (Java's IllegalArgumentException). */
export class ResolveError extends Error {}

/** Fields of a calendar being resolved: stamps and values of the 17 Calendar fields. */
interface Calendar {
  stamp: number[];
  value: number[];
  nextStamp: number;
}

/** CalendarBuilder.establish(calendar).getTime(), non-lenient. */
export function establish(builder: FieldBuilder, zone: ResolvedTimeZone): number {
  const stamp = builder.stamp.slice(0, FIELD_COUNT);
  const cal: Calendar = { stamp, value: builder.value.slice(0, FIELD_COUNT), nextStamp: Math.max(...stamp) + 1 };
  if (builder.isSet(WEEK_YEAR) && (builder.stamp[WEEK_YEAR] ?? 0) > (builder.stamp[YEAR] ?? 0)) {
    const weekOfYear = builder.isSet(WEEK_OF_YEAR) ? (builder.value[WEEK_OF_YEAR] ?? 0) : 1;
    const dayOfWeek = builder.isSet(DAY_OF_WEEK) ? (builder.value[DAY_OF_WEEK] ?? 0) : FIRST_DAY_OF_WEEK;
    setWeekDate(cal, builder.value[WEEK_YEAR] ?? 0, weekOfYear, dayOfWeek);
  }
  return computeTime(cal, zone);
}

function set(cal: Calendar, field: number, value: number): void {
  cal.stamp[field] = cal.nextStamp++;
  cal.value[field] = value;
}

const get = (cal: Calendar, field: number): number => cal.value[field] ?? 0;
const isSet = (cal: Calendar, field: number): boolean => (cal.stamp[field] ?? 0) > 0;

/** GregorianCalendar.setWeekDate: the week date becomes year, month and day, set last. */
function setWeekDate(cal: Calendar, weekYear: number, weekOfYear: number, dayOfWeek: number): void {
  if (dayOfWeek < 1 || dayOfWeek > 7) throw new ResolveError(`invalid day of week ${dayOfWeek}`);
  const era = isSet(cal, ERA) ? get(cal, ERA) : AD;
  const jan1 = firstDayOfYear(era === BC ? 1 - weekYear : weekYear);
  let weekStart = dayOfWeekOnOrBefore(jan1 + 6, FIRST_DAY_OF_WEEK);
  if (weekStart - jan1 >= MINIMAL_DAYS_IN_FIRST_WEEK) weekStart -= 7;
  const fd = weekStart + ((dayOfWeek - FIRST_DAY_OF_WEEK + 7) % 7) + 7 * (weekOfYear - 1);
  const f = fieldsFromWallMillis((fd - EPOCH_OFFSET) * DAY_MS);
  if (f.weekYear !== weekYear || f.weekOfYear !== weekOfYear || f.dayOfWeek !== dayOfWeek) {
    throw new ResolveError(`week ${weekOfYear} of week year ${weekYear} has no such day`);
  }
  set(cal, ERA, f.era);
  set(cal, YEAR, f.year);
  set(cal, MONTH, f.month);
  set(cal, DAY_OF_MONTH, f.dayOfMonth);
  cal.value[WEEK_OF_YEAR] = weekOfYear;
}

function computeTime(cal: Calendar, zone: ResolvedTimeZone): number {
  for (let field = 0; field < FIELD_COUNT; field++) {
    const v = get(cal, field);
    if (isSet(cal, field) && (v < (MIN[field] ?? 0) || v > (MAX[field] ?? 0))) {
      throw new ResolveError(`${FIELD_NAMES[field]} ${show(field, v)} is out of range`);
    }
  }
  const mask = selectFields(cal.stamp);
  const has = (field: number): boolean => (mask & (1 << field)) !== 0;

  let year = isSet(cal, YEAR) ? get(cal, YEAR) : 1970;
  if ((isSet(cal, ERA) ? get(cal, ERA) : AD) === BC) year = 1 - year;
  let timeOfDay = has(HOUR_OF_DAY) ? get(cal, HOUR_OF_DAY) : get(cal, HOUR) + (has(AM_PM_FIELD) ? 12 * get(cal, AM_PM_FIELD) : 0);
  timeOfDay = ((timeOfDay * 60 + get(cal, MINUTE)) * 60 + get(cal, SECOND)) * 1000 + get(cal, MILLISECOND);
  const wall = (hybridFixedDate(cal, year, has) - EPOCH_OFFSET) * DAY_MS + timeOfDay;

  const zoneSet = (cal.stamp[ZONE_OFFSET] ?? 0) >= 2;
  const dstSet = (cal.stamp[DST_OFFSET] ?? 0) >= 2;
  const withSetOffsets = (raw: number, dst: number): number =>
    (zoneSet ? get(cal, ZONE_OFFSET) : raw) + (dstSet ? get(cal, DST_OFFSET) : dst);

  let offset: number;
  if (zoneSet && dstSet) offset = withSetOffsets(0, 0);
  else {
    const w = zone.wallOffset(wall);
    const dst = zoneSet || dstSet ? zone.dstAt(w.probe) : 0;
    offset = zoneSet || dstSet ? withSetOffsets(w.offset - dst, dst) : w.offset;
  }
  const time = wall - offset;
  if (!(Math.abs(time) <= MAX_EPOCH_MS)) throw new ResolveError('the date is outside the supported range');

  // Recompute the fields from the instant; every field the text set must come back unchanged.
  let actualOffset: number;
  if (zoneSet && dstSet) actualOffset = offset;
  else {
    actualOffset = zone.offsetAt(time);
    if (zoneSet || dstSet) {
      const dst = zone.dstAt(time);
      actualOffset = withSetOffsets(actualOffset - dst, dst);
    }
  }
  checkFields(cal, fieldsFromWallMillis(time + actualOffset), zone.id);
  return time;
}

function checkFields(cal: Calendar, f: CalendarFields, zoneId: string): void {
  const actual = [
    f.era, f.year, f.month, f.weekOfYear, f.weekOfMonth, f.dayOfMonth, f.dayOfYear, f.dayOfWeek,
    f.dayOfWeekInMonth, f.hourOfDay >= 12 ? 1 : 0, f.hourOfDay % 12, f.hourOfDay, f.minute, f.second,
    f.millisecond,
  ];
  const changed: string[] = [];
  for (let field = 0; field < actual.length; field++) {
    const v = actual[field] ?? 0;
    if (isSet(cal, field) && get(cal, field) !== v) {
      changed.push(`${FIELD_NAMES[field]} ${show(field, get(cal, field))} would become ${show(field, v)}`);
    }
  }
  if (changed.length > 0) {
    throw new ResolveError(`the fields do not form a valid date/time in ${zoneId}: ${changed.join(', ')}`);
  }
}

function show(field: number, v: number): string {
  if (field === MONTH) return String(v + 1);
  if (field === DAY_OF_WEEK) return WEEKDAYS_LONG[v] ?? String(v);
  if (field === AM_PM_FIELD) return AM_PM[v] ?? String(v);
  if (field === ERA) return ERAS[v] ?? String(v);
  if (field === ZONE_OFFSET || field === DST_OFFSET) {
    const minutes = Math.abs(v) / 60_000;
    return `${v < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  }
  return String(v);
}

/** Calendar.selectFields: which fields decide the date and the time of day (latest set wins). */
function selectFields(stamp: readonly number[]): number {
  const s = (field: number): number => stamp[field] ?? 0;
  const aggregate = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : Math.max(a, b));
  let mask = 1 << YEAR;
  if (s(ERA) !== 0) mask |= 1 << ERA;

  const dowStamp = s(DAY_OF_WEEK);
  let domStamp = s(DAY_OF_MONTH);
  let womStamp = aggregate(s(WEEK_OF_MONTH), dowStamp);
  let dowimStamp = aggregate(s(DAY_OF_WEEK_IN_MONTH), dowStamp);
  const doyStamp = s(DAY_OF_YEAR);
  let woyStamp = aggregate(s(WEEK_OF_YEAR), dowStamp);
  let best = Math.max(domStamp, womStamp, dowimStamp, doyStamp, woyStamp);
  if (best === 0) {
    womStamp = s(WEEK_OF_MONTH);
    dowimStamp = Math.max(s(DAY_OF_WEEK_IN_MONTH), dowStamp);
    woyStamp = s(WEEK_OF_YEAR);
    best = Math.max(womStamp, dowimStamp, woyStamp);
    if (best === 0) best = domStamp = s(MONTH);
  }

  if (
    best === domStamp ||
    (best === womStamp && s(WEEK_OF_MONTH) >= s(WEEK_OF_YEAR)) ||
    (best === dowimStamp && s(DAY_OF_WEEK_IN_MONTH) >= s(WEEK_OF_YEAR))
  ) {
    mask |= 1 << MONTH;
    if (best === domStamp) mask |= 1 << DAY_OF_MONTH;
    else {
      if (dowStamp !== 0) mask |= 1 << DAY_OF_WEEK;
      if (womStamp === dowimStamp) {
        mask |= 1 << (s(WEEK_OF_MONTH) >= s(DAY_OF_WEEK_IN_MONTH) ? WEEK_OF_MONTH : DAY_OF_WEEK_IN_MONTH);
      } else if (best === womStamp) mask |= 1 << WEEK_OF_MONTH;
      else if (s(DAY_OF_WEEK_IN_MONTH) !== 0) mask |= 1 << DAY_OF_WEEK_IN_MONTH;
    }
  } else if (best === doyStamp) mask |= 1 << DAY_OF_YEAR;
  else {
    if (dowStamp !== 0) mask |= 1 << DAY_OF_WEEK;
    mask |= 1 << WEEK_OF_YEAR;
  }

  const hourOfDayStamp = s(HOUR_OF_DAY);
  const hourStamp = aggregate(s(HOUR), s(AM_PM_FIELD));
  let bestHour = Math.max(hourStamp, hourOfDayStamp);
  if (bestHour === 0) bestHour = Math.max(s(HOUR), s(AM_PM_FIELD));
  if (bestHour !== 0) {
    if (bestHour === hourOfDayStamp) mask |= 1 << HOUR_OF_DAY;
    else {
      mask |= 1 << HOUR;
      if (s(AM_PM_FIELD) !== 0) mask |= 1 << AM_PM_FIELD;
    }
  }
  for (const field of [MINUTE, SECOND, MILLISECOND]) if (s(field) !== 0) mask |= 1 << field;
  return mask;
}

/** The fixed date in the Julian/Gregorian hybrid (GregorianCalendar.computeTime's middle part). */
function hybridFixedDate(cal: Calendar, year: number, has: (field: number) => boolean): number {
  let gfd: number;
  let jfd: number;
  if (year > CUTOVER_YEAR) {
    gfd = fixedDateFromFields(cal, year, has, gregorianFixed);
    if (gfd >= CUTOVER_FIXED) return gfd;
    jfd = fixedDateFromFields(cal, year, has, julianFixed);
  } else if (year < CUTOVER_YEAR) {
    jfd = fixedDateFromFields(cal, year, has, julianFixed);
    if (jfd < CUTOVER_FIXED) return jfd;
    gfd = jfd;
  } else {
    jfd = fixedDateFromFields(cal, year, has, julianFixed);
    gfd = fixedDateFromFields(cal, year, has, gregorianFixed);
  }
  // Day-of-year and week-of-year count on from the Julian January 1 of 1582.
  if (has(DAY_OF_YEAR) || has(WEEK_OF_YEAR)) return jfd;
  if (gfd >= CUTOVER_FIXED) return gfd;
  if (jfd < CUTOVER_FIXED) return jfd;
  throw new ResolveError('the date falls in the days dropped by the 1582 Gregorian reform');
}

/** GregorianCalendar.getFixedDate for one calendar system. */
function fixedDateFromFields(
  cal: Calendar,
  year: number,
  has: (field: number) => boolean,
  fixed: (y: number, m: number, d: number) => number,
): number {
  const month = has(MONTH) ? get(cal, MONTH) : 0;
  let fd = fixed(year, month + 1, 1);
  if (has(MONTH)) {
    if (has(DAY_OF_MONTH)) {
      if (isSet(cal, DAY_OF_MONTH)) fd += get(cal, DAY_OF_MONTH) - 1;
    } else if (has(WEEK_OF_MONTH)) {
      let weekStart = firstWeekStart(fd);
      if (has(DAY_OF_WEEK)) weekStart = dayOfWeekOnOrBefore(weekStart + 6, get(cal, DAY_OF_WEEK));
      fd = weekStart + 7 * (get(cal, WEEK_OF_MONTH) - 1);
    } else {
      const dow = has(DAY_OF_WEEK) ? get(cal, DAY_OF_WEEK) : FIRST_DAY_OF_WEEK;
      const dowim = has(DAY_OF_WEEK_IN_MONTH) ? get(cal, DAY_OF_WEEK_IN_MONTH) : 1;
      fd =
        dowim >= 0
          ? dayOfWeekOnOrBefore(fd + 7 * dowim - 1, dow)
          : dayOfWeekOnOrBefore(fd + monthLength(year, month + 1) + 7 * (dowim + 1) - 1, dow);
    }
  } else if (has(DAY_OF_YEAR)) {
    fd += get(cal, DAY_OF_YEAR) - 1;
  } else {
    let weekStart = firstWeekStart(fd);
    if (has(DAY_OF_WEEK) && get(cal, DAY_OF_WEEK) !== FIRST_DAY_OF_WEEK) {
      weekStart = dayOfWeekOnOrBefore(weekStart + 6, get(cal, DAY_OF_WEEK));
    }
    fd = weekStart + 7 * (get(cal, WEEK_OF_YEAR) - 1);
  }
  return fd;
}

/** First day of week 1 of the period starting at fd (which may lie in the period before). */
function firstWeekStart(fd: number): number {
  const start = dayOfWeekOnOrBefore(fd + 6, FIRST_DAY_OF_WEEK);
  return start - fd >= MINIMAL_DAYS_IN_FIRST_WEEK ? start - 7 : start;
}
