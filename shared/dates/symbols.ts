// Locale.US date symbols as JDK 17's CLDR data gives them to SimpleDateFormat.

export const MONTHS_LONG = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

export const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Indexed by Calendar.DAY_OF_WEEK (1 = Sunday); index 0 unused. */
export const WEEKDAYS_LONG = ['', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const WEEKDAYS_SHORT = ['', 'Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Indexed by Calendar.ERA (0 = BC). Formatting always uses the short form, even for GGGG. */
export const ERAS = ['BC', 'AD'] as const;
export const ERAS_LONG = ['Before Christ', 'Anno Domini'] as const;

export const AM_PM = ['AM', 'PM'] as const;

/** A name that parses to a field value. */
export type NameEntry = readonly [name: string, value: number];

function entries(names: readonly string[], from = 0): NameEntry[] {
  return names.map((name, i) => [name, i] as const).slice(from);
}

/** Longest names first: SimpleDateFormat takes the longest name the text starts with. */
function longestFirst(list: NameEntry[]): readonly NameEntry[] {
  return list.sort((a, b) => b[0].length - a[0].length);
}

export const PARSE_ERAS = longestFirst([...entries(ERAS), ...entries(ERAS_LONG)]);
export const PARSE_MONTHS = longestFirst([...entries(MONTHS_LONG), ...entries(MONTHS_SHORT)]);
export const PARSE_WEEKDAYS = longestFirst([...entries(WEEKDAYS_LONG, 1), ...entries(WEEKDAYS_SHORT, 1)]);
export const PARSE_AM_PM = longestFirst(entries(AM_PM));
