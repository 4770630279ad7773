/**
 * Export of the Events list as filtered: every matching row (not only the ones loaded), as NDJSON
 * (one JSON object a line) or CSV (RFC 4180 quoting; a cell that a spreadsheet would run as a
 * formula is prefixed with `'`).
 */
import type { EventQuery, EventRow, PollerApi } from '../../../shared/api.ts';
import { changedFieldsText } from './changes.ts';

export type ExportFormat = 'ndjson' | 'csv';

const PAGE = 1000;

/** Every event the query matches, in its order, a page at a time. */
export async function collectEvents(source: Pick<PollerApi, 'queryEvents'>, query: EventQuery): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  for (;;) {
    const last = rows[rows.length - 1];
    const page = await source.queryEvents({ ...query, limit: PAGE, ...(last ? { beforeSeq: last.seq, beforeDate: last.date } : {}) });
    rows.push(...page.events);
    if (page.events.length < PAGE) return rows;
  }
}

/** What a line or a CSV row holds: the row's fields, without the store's sequence number. */
function exported(row: EventRow) {
  return {
    id: row.id,
    date: row.date,
    pollDate: row.pollDate,
    eventType: row.eventType,
    instance: row.instanceName,
    resource: row.resource,
    objectId: row.objectId,
    label: row.label ?? null,
    changedFields: row.changedFields === undefined ? null : row.changedFields,
    firstSeen: row.changedFields === null,
  };
}

export function toNdjson(rows: readonly EventRow[]): string {
  return rows.map((row) => `${JSON.stringify(exported(row))}\n`).join('');
}

const CSV_COLUMNS = ['id', 'date', 'pollDate', 'eventType', 'instance', 'resource', 'objectId', 'label', 'changedFields'] as const;

export function toCsv(rows: readonly EventRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const values = exported(row);
    lines.push(CSV_COLUMNS.map((column) => csvCell(column === 'changedFields' ? changedFieldsText(row.changedFields) : values[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV cell: quoted when it holds a comma, a quote or a line break (quotes doubled); a formula-looking start neutralised. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportEvents(rows: readonly EventRow[], format: ExportFormat): { text: string; type: string; extension: string } {
  return format === 'csv' ? { text: toCsv(rows), type: 'text/csv;charset=utf-8', extension: 'csv' } : { text: toNdjson(rows), type: 'application/x-ndjson', extension: 'ndjson' };
}
