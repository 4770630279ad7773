/** A store's SQL by name, prepared once when the store opens (its hot paths run them on every poll; a broken one fails at open). */
import type { StatementSync } from 'node:sqlite';
import type { Database } from './database.ts';

export function prepareAll<Name extends string>(db: Database, sql: Readonly<Record<Name, string>>): Readonly<Record<Name, StatementSync>> {
  const statements = {} as Record<Name, StatementSync>;
  for (const name of Object.keys(sql) as Name[]) statements[name] = db.prepare(sql[name]);
  return statements;
}

/** Statements prepared on first use and kept, by their text: for the SQL a store runs now and then, or builds. */
export function statementCache(db: Database): (sql: string) => StatementSync {
  const prepared = new Map<string, StatementSync>();
  return (sql) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}

/**
 * The base of a store on the database: `sql`, its statements by name, prepared when it opens;
 * `statement(sql)`, any other SQL, prepared on its first run and kept.
 */
export function sqlStore<Name extends string>(statements: Readonly<Record<Name, string>>) {
  return class {
    protected readonly db: Database;
    protected readonly sql: Readonly<Record<Name, StatementSync>>;
    protected readonly statement: (sql: string) => StatementSync;

    constructor(db: Database) {
      this.db = db;
      this.sql = prepareAll(db, statements);
      this.statement = statementCache(db);
    }
  };
}
