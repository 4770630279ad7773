/**
 * The one row mapping of the stores: a SQLite row's snake_case columns as the camelCase fields of
 * its record, SQL NULL as an absent value. A store spreads it and overrides only what needs more
 * (JSON text, a narrower type, a renamed field).
 */

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** `{ ended_at: number | null }` → `{ endedAt: number | undefined }`. */
export type RowRecord<Row> = { [Column in keyof Row & string as CamelCase<Column>]: null extends Row[Column] ? Exclude<Row[Column], null> | undefined : Row[Column] };

/** Column name → field name, worked out once per column (the delivery worker maps rows on every attempt). */
const fieldNames = new Map<string, string>();

function fieldName(column: string): string {
  let name = fieldNames.get(column);
  if (name === undefined) fieldNames.set(column, (name = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())));
  return name;
}

export function fromRow<Row extends object>(row: Row): RowRecord<Row> {
  const record: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) record[fieldName(column)] = value === null ? undefined : value;
  return record as RowRecord<Row>;
}
