/** Builds a WHERE clause from optional conditions, keeping each value as a bound parameter (never spliced into the SQL). */
export type SqlValue = string | number;

export class SqlFilter {
  readonly #clauses: string[] = [];
  readonly #params: SqlValue[] = [];

  /** Adds `clause` (with one `?` per value) unless its only value is undefined. */
  add(clause: string, ...values: (SqlValue | undefined)[]): this {
    if (values.length === 1 && values[0] === undefined) return this;
    this.#clauses.push(clause);
    for (const value of values) if (value !== undefined) this.#params.push(value);
    return this;
  }

  /** `column IN (?, ?, …)` for a non-empty list; nothing for an empty one. */
  addIn(column: string, values: readonly SqlValue[]): this {
    if (values.length === 0) return this;
    return this.add(`${column} IN (${values.map(() => '?').join(', ')})`, ...values);
  }

  get where(): string {
    return this.#clauses.length ? `WHERE ${this.#clauses.join(' AND ')}` : '';
  }

  get params(): SqlValue[] {
    return [...this.#params];
  }
}
