/** What both simulators' tables share: how rows are made up, and column types read from a JSON schema. */

import type { Rng } from './prng.ts';

/** How a simulated table's rows are made up and changed: the code half of a table, beside its schema. */
export interface RowMaker<Context> {
  /** Business columns of a new row (no key, stamps or deleted flag). */
  generate(rng: Rng, context: Context): Record<string, unknown>;
  /** Business columns a user might change in an edit. */
  randomEdit(rng: Rng): Record<string, unknown>;
}

/** A schema file's column types, checked against the types the simulator knows (JSON gives plain strings). */
export function typedColumns<Type extends string>(source: string, columns: Record<string, string>, types: readonly Type[]): Record<string, Type> {
  return Object.fromEntries(Object.entries(columns).map(([column, type]) => {
    if (!types.includes(type as Type)) throw new Error(`${source}: column ${column} has unknown type '${type}'`);
    return [column, type as Type];
  }));
}
