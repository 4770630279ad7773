/**
 * The legacy `event.poller.urls` form, one resource per line:
 * `resource|url|xPathFilter|updatedDateField|updatedDateFormat|updatedDateTimezone|createdDateField|createdDateFormat|createdDateTimezone`
 * converted to the `event.poller.configuration` object form (the id path goes to `idField`).
 */
import type { ProblemList } from './problems.ts';
import { DATE_FIELD_KEYS } from './types.ts';

const COLUMNS = ['resource', 'url', 'idField', ...DATE_FIELD_KEYS] as const;

type Column = (typeof COLUMNS)[number];

/** Splits on real line breaks, and on the two characters `\n` that JSON-escaped copies leave behind. */
function splitLines(text: string): string[] {
  return text.split(/\r?\n|\\n/).map((line) => line.trim());
}

export interface ConvertedUrls {
  resources: Record<string, unknown>;
  /** The line each resource came from, so later problems point at it. */
  linePaths: Record<string, string>;
}

export function convertLegacyUrls(text: string, path: string, problems: ProblemList): ConvertedUrls {
  const resources: Record<string, unknown> = {};
  const linePaths: Record<string, string> = {};
  splitLines(text).forEach((line, index) => {
    if (line === '') return;
    const linePath = `${path}[line ${index + 1}]`;
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length > COLUMNS.length) {
      problems.error(linePath, `has ${cells.length} "|"-separated fields, at most ${COLUMNS.length} expected: ${COLUMNS.join('|')}`);
      return;
    }
    const row = Object.fromEntries(COLUMNS.map((column, i) => [column, cells[i] ?? ''])) as Record<Column, string>;
    if (row.resource === '' || row.url === '') {
      problems.error(linePath, `needs at least "resource|url|idField", got "${line}"`);
      return;
    }
    if (Object.hasOwn(resources, row.resource)) problems.warn(linePath, `resource "${row.resource}" appears again; this later line replaces the earlier one`);
    resources[row.resource] = toResourceObject(row);
    linePaths[row.resource] = linePath;
  });
  return { resources, linePaths };
}

function toResourceObject(row: Record<Column, string>): Record<string, unknown> {
  const dates: Record<string, string> = {};
  for (const column of COLUMNS.slice(3)) if (row[column] !== '') dates[column] = row[column];
  const resource: Record<string, unknown> = { url: row.url };
  if (row.idField !== '') resource.idField = row.idField;
  if (Object.keys(dates).length > 0) resource.datesConfiguration = dates;
  return resource;
}
