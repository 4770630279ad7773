/** How events and tables are printed. */
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
    raw: event.raw,
  });
}

/** A plain aligned table for terminals. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export function isoOrDash(ms: number | undefined | null): string {
  return ms === undefined || ms === null ? '-' : new Date(ms).toISOString();
}
