/**
 * What tells a page from the one before: a server that ignores the offset or page parameter
 * answers the same page again. Its size, first and last record (a record too deep to serialize
 * counts as unreadable here; the poll reports it as such).
 */
export function pageFingerprint(records: readonly unknown[]): string | undefined {
  if (records.length === 0) return undefined;
  return `${records.length}:${jsonOrMarker(records[0])}:${jsonOrMarker(records.at(-1))}`;
}

function jsonOrMarker(record: unknown): string {
  try {
    return JSON.stringify(record);
  } catch {
    return '(unreadable)';
  }
}
