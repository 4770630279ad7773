/** A vendor's table of the hub resources it polls (one row a resource, with the vendor's name for it). */

/** The row for a hub resource name, or for the vendor's own name of the table, ignoring case. */
export function findHubTable<Row extends { hub: string }>(table: readonly Row[], name: string, vendorName: (row: Row) => string): Row | undefined {
  const wanted = name.toLowerCase();
  return table.find((row) => row.hub === wanted || vendorName(row) === wanted);
}
