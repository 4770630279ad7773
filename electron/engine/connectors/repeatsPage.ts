/**
 * What tells a page from the one before: a server that ignores the offset or page parameter
 * answers the same page again, record for record. A server that reorders between requests (no
 * stable sort, records changing meanwhile) may begin and end two pages with the same records by
 * chance, so only a whole page equal to the one before counts; the first and last records are
 * compared first, so an ordinary page costs two serializations. (A record too deep to serialize
 * counts as unreadable here; the poll reports it as such.)
 */
export function repeatsPage(previous: readonly unknown[] | undefined, records: readonly unknown[]): boolean {
  if (previous === undefined || records.length === 0 || previous.length !== records.length) return false;
  const same = (index: number) => jsonOrMarker(previous[index]) === jsonOrMarker(records[index]);
  if (!same(0) || !same(records.length - 1)) return false;
  for (let index = 1; index < records.length - 1; index++) if (!same(index)) return false;
  return true;
}

function jsonOrMarker(record: unknown): string {
  try {
    return JSON.stringify(record);
  } catch {
    return '(unreadable)';
  }
}
