/** One store of a kind per database, made on first use: for callers that built their stores without it. */
import type { Database } from './database.ts';

const made = new WeakMap<object, WeakMap<Database, unknown>>();

export function fallbackStore<S>(db: Database, Store: new (db: Database) => S): S {
  let byDatabase = made.get(Store);
  if (!byDatabase) {
    byDatabase = new WeakMap();
    made.set(Store, byDatabase);
  }
  let store = byDatabase.get(db) as S | undefined;
  if (!store) {
    store = new Store(db);
    byDatabase.set(db, store);
  }
  return store;
}
