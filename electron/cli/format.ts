/** How events and tables are printed. */
import type { Changes } from '../engine/polling/changes.ts';
import type { ChangeEvent } from '../engine/polling/events.ts';

/** The NDJSON form of an event (`poll` prints one per line). */
export function eventLine(event: ChangeEvent, instanceName: string): string {
  return JSON.stringify({
    id: event.id,
    instance: instanceName,
    elementKey: event.elementKey,
    objectType: event.resource,
    objectId: event.objectId,
    eventType: event.eventType,
    date: new Date(event.changeTime).toISOString(),
    pollDate: new Date(event.pollTime).toISOString(),
    ...(event.changes === undefined ? {} : { changedFields: event.changes && event.changes.map((change) => change.path), changes: event.changes }),
    raw: event.raw,
  });
}

/** An event's changes in a few words: the changed paths, "first seen", "only ignored fields", or "-" where nothing was compared. */
export function changedFieldsText(changes: Changes | undefined, max = 60): string {
  if (changes === undefined) return '-';
  if (changes === null) return 'first seen';
  if (changes.length === 0) return 'only ignored fields';
  const paths = changes.map((change) => change.path);
  let text = '';
  for (const [index, path] of paths.entries()) {
    const next = text === '' ? path : `${text}, ${path}`;
    if (next.length > max && text !== '') return `${text} +${paths.length - index} more`;
    text = next;
  }
  return text;
}

/** One line per change: `path: old → new` (values as JSON; a field that appeared or went says so). */
export function changeLines(changes: Changes | undefined): string[] {
  if (changes === undefined) return ['nothing compared (a deletion, or a change older than the version stored)'];
  if (changes === null) return ['first seen: no earlier version was stored'];
  if (changes.length === 0) return ['only ignored fields changed (modifiedon, versionnumber, etags, the updated date, ignoreFields)'];
  const value = (present: boolean, of: unknown) => (present ? JSON.stringify(of) : '(absent)');
  return changes.map((change) => `${change.path}: ${value('old' in change, change.old)} → ${value('new' in change, change.new)}`);
}

/** What `--json` prints: the value, indented, and a newline. */
export function jsonBlock(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A column of a printed table: its header, and what a row shows in it. */
export type Column<Row> = readonly [header: string, cell: (row: Row) => string];

/** A plain aligned table for terminals: a line of headers, then a line a row. */
export function table<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const headers = columns.map(([header]) => header);
  const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((line) => (line[column] ?? '').length)));
  const line = (texts: string[]) => texts.map((text, column) => text.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

/** A listing's text: `none` (a line) where there are no rows, else their table. */
export function tableOr<Row>(none: string, columns: readonly Column<Row>[], rows: readonly Row[]): string {
  return rows.length === 0 ? `${none}\n` : table(columns, rows);
}

export function isoOrDash(ms: number | undefined | null): string {
  return ms === undefined || ms === null ? '-' : new Date(ms).toISOString();
}
