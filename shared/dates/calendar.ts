// The calendar arithmetic of java.util.GregorianCalendar with Locale.US week rules.
//
// Java's GregorianCalendar is a hybrid: dates before 1582-10-15 are Julian (so "0001-01-01"
// is two days away from the proleptic Gregorian date that JavaScript's Date uses). Days are
// counted as "fixed dates" like sun.util.calendar does: fixed date 1 is 0001-01-01 in the
// proleptic Gregorian calendar. Years are "normalized": 0 is 1 BC, -1 is 2 BC, and so on.

export const DAY_MS = 86_400_000;
/** Fixed date of 1970-01-01. */
export const EPOCH_OFFSET = 719_163;
/** Fixed date of 1582-10-15, the first Gregorian day; the day before is Julian 1582-10-04. */
export const CUTOVER_FIXED = 577_736;
export const CUTOVER_YEAR = 1582;
/** Locale.US: weeks start on Sunday and week 1 is the week containing January 1. */
export const FIRST_DAY_OF_WEEK = 1;
export const MINIMAL_DAYS_IN_FIRST_WEEK = 1;

export const BC = 0;
export const AD = 1;

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

export function mod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

export function isGregorianLeap(year: number): boolean {
  return mod(year, 4) === 0 && (mod(year, 100) !== 0 || mod(year, 400) === 0);
}

export function isJulianLeap(year: number): boolean {
  return mod(year, 4) === 0;
}

/** Fixed date of a proleptic Gregorian date (month 1-12). */
export function gregorianFixed(year: number, month: number, day: number): number {
  const y = year - 1;
  let fd = 365 * y + floorDiv(y, 4) - floorDiv(y, 100) + floorDiv(y, 400) + floorDiv(367 * month - 362, 12) + day;
  if (month > 2) fd -= isGregorianLeap(year) ? 1 : 2;
  return fd;
}

/** Fixed date of a Julian date (normalized year, month 1-12). */
export function julianFixed(year: number, month: number, day: number): number {
  const y = year - 1;
  let fd = -2 + 365 * y + floorDiv(y, 4) + floorDiv(367 * month - 362, 12) + day;
  if (month > 2) fd -= isJulianLeap(year) ? 1 : 2;
  return fd;
}

export interface YearMonthDay {
  year: number; // normalized
  month: number; // 1-12
  day: number;
}

function gregorianFromFixed(fd: number): YearMonthDay {
  const d0 = fd - 1;
  const n400 = floorDiv(d0, 146_097);
  const d1 = mod(d0, 146_097);
  const n100 = floorDiv(d1, 36_524);
  const d2 = mod(d1, 36_524);
  const n4 = floorDiv(d2, 1461);
  const n1 = floorDiv(mod(d2, 1461), 365);
  let year = 400 * n400 + 100 * n100 + 4 * n4 + n1;
  if (n100 !== 4 && n1 !== 4) year++;
  return monthAndDay(fd, year, gregorianFixed, isGregorianLeap(year));
}

function julianFromFixed(fd: number): YearMonthDay {
  const year = floorDiv(4 * (fd + 1) + 1464, 1461);
  return monthAndDay(fd, year, julianFixed, isJulianLeap(year));
}

function monthAndDay(
  fd: number,
  year: number,
  fixed: (y: number, m: number, d: number) => number,
  leap: boolean,
): YearMonthDay {
  const priorDays = fd - fixed(year, 1, 1);
  const correction = fd < fixed(year, 3, 1) ? 0 : leap ? 1 : 2;
  const month = floorDiv(12 * (priorDays + correction) + 373, 367);
  return { year, month, day: fd - fixed(year, month, 1) + 1 };
}

/** The date of a fixed date in Java's hybrid calendar. */
export function dateFromFixed(fd: number): YearMonthDay {
  return fd >= CUTOVER_FIXED ? gregorianFromFixed(fd) : julianFromFixed(fd);
}

/** Fixed date of January 1 of a (normalized) year in the hybrid calendar. */
export function firstDayOfYear(year: number): number {
  return year > CUTOVER_YEAR ? gregorianFixed(year, 1, 1) : julianFixed(year, 1, 1);
}

/** 1 = Sunday ... 7 = Saturday. */
export function dayOfWeek(fd: number): number {
  return mod(fd, 7) + 1;
}

/** The latest fixed date on or before fd that falls on the given day of week. */
export function dayOfWeekOnOrBefore(fd: number, dow: number): number {
  return fd - mod(fd - (dow - 1), 7);
}

/** GregorianCalendar.getWeekNumber: week of fixedDate in the period starting at fixedDay1. */
export function weekNumber(fixedDay1: number, fixedDate: number): number {
  let firstWeekStart = dayOfWeekOnOrBefore(fixedDay1 + 6, FIRST_DAY_OF_WEEK);
  if (firstWeekStart - fixedDay1 >= MINIMAL_DAYS_IN_FIRST_WEEK) firstWeekStart -= 7;
  return floorDiv(fixedDate - firstWeekStart, 7) + 1;
}

export function monthLength(year: number, month: number): number {
  if (month === 2) return (year > CUTOVER_YEAR ? isGregorianLeap(year) : isJulianLeap(year)) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** All calendar fields of a wall-clock time, as java.util.Calendar computes them. */
export interface CalendarFields {
  era: number; // BC = 0, AD = 1
  year: number; // year of era (>= 1)
  normalizedYear: number;
  month: number; // 0-11
  dayOfMonth: number;
  dayOfWeek: number; // 1 = Sunday
  dayOfYear: number;
  dayOfWeekInMonth: number;
  weekOfYear: number;
  weekOfMonth: number;
  weekYear: number; // normalized
  hourOfDay: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Port of GregorianCalendar.computeFields for wall-clock milliseconds (epoch ms + zone offset). */
export function fieldsFromWallMillis(wallMs: number): CalendarFields {
  const days = floorDiv(wallMs, DAY_MS);
  const timeOfDay = wallMs - days * DAY_MS;
  const fd = days + EPOCH_OFFSET;
  const { year: normalizedYear, month, day } = dateFromFixed(fd);
  const jan1 = firstDayOfYear(normalizedYear);
  // In October 1582 the month starts at Julian October 1, ten "missing" days before the 15th.
  const month1 = normalizedYear === CUTOVER_YEAR && month === 10 ? julianFixed(CUTOVER_YEAR, 10, 1) : fd - day + 1;

  let weekOfYear = weekNumber(jan1, fd);
  if (weekOfYear === 0) {
    // The last week of the previous year.
    weekOfYear = weekNumber(firstDayOfYear(normalizedYear - 1), jan1 - 1);
  } else {
    // The first week of the next year may start in December.
    const nextJan1 = firstDayOfYear(normalizedYear + 1);
    const nextWeekStart = dayOfWeekOnOrBefore(nextJan1 + 6, FIRST_DAY_OF_WEEK);
    if (nextWeekStart - nextJan1 >= MINIMAL_DAYS_IN_FIRST_WEEK && fd >= nextWeekStart - 7) weekOfYear = 1;
  }
  const month0 = month - 1;
  // GregorianCalendar.getWeekYear (with minimal days 1, January is always in week 1).
  let weekYear = normalizedYear;
  if (month0 !== 0 && weekOfYear === 1) weekYear++;
  else if (month0 === 0 && weekOfYear >= 52) weekYear--;

  return {
    era: normalizedYear > 0 ? AD : BC,
    year: normalizedYear > 0 ? normalizedYear : 1 - normalizedYear,
    normalizedYear,
    month: month0,
    dayOfMonth: day,
    dayOfWeek: dayOfWeek(fd),
    dayOfYear: fd - jan1 + 1,
    dayOfWeekInMonth: floorDiv(fd - month1, 7) + 1,
    weekOfYear,
    weekOfMonth: weekNumber(month1, fd),
    weekYear,
    hourOfDay: Math.floor(timeOfDay / 3_600_000),
    minute: Math.floor(timeOfDay / 60_000) % 60,
    second: Math.floor(timeOfDay / 1000) % 60,
    millisecond: timeOfDay % 1000,
  };
}
