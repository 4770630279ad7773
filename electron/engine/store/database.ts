/**
 * The SQLite database in the data dir (node:sqlite, WAL): events, cursors, seen sets, poll runs and
 * the delivery outbox. Opening it applies any pending migrations.
 */
import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { UserError } from '../userError.ts';
import { ensureDataDir, PRIVATE_FILE_MODE } from '../dataDir.ts';
import { MIGRATIONS } from './migrations.ts';
import { explainStoreError } from './storeError.ts';

export type Database = DatabaseSync;

const CACHE_KIB = 16 * 1024;

export function openDatabase(file: string): Database {
  if (file !== ':memory:') {
    ensureDataDir(dirname(file));
    // Created 0600 whatever the umask (it holds raw CRM records); SQLite gives its -wal and -shm the same mode.
    closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  }
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  // 16 MiB of page cache instead of SQLite's 2: an insert touches a page of each of the events'
  // indexes, and a deletion's id (a hash, see eventId) lands anywhere in the id index; with 2 MiB
  // those pages no longer stayed cached past about 200,000 events, and inserts slowed from 122,000
  // to 85,000 a second (1.45 x; 115,000 flat within 1.16 x to 1,000,000 with 16 MiB, the store
  // benchmark). The cache grows only as pages are read: a small store stays small (+14 MB of RSS
  // at a 1,000,000-record poll).
  db.exec(`PRAGMA cache_size = -${CACHE_KIB}`);
  migrate(db);
  return db;
}

export function schemaVersion(db: Database): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

function migrate(db: Database): void {
  if (pendingMigrations(db).length === 0) return;
  // One transaction for all that are pending (a fresh database runs every one: one commit, not one
  // each). Counted again inside it: another process (the app, a second command) may have migrated
  // while this one waited for the write lock.
  inTransaction(db, () => {
    for (const migration of pendingMigrations(db)) db.exec(migration);
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
  });
}

function pendingMigrations(db: Database): readonly string[] {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new UserError(`the event database was written by a newer version of CRM Event Poller (schema ${current}, this version knows ${MIGRATIONS.length}); update the app`);
  }
  return MIGRATIONS.slice(current);
}

/** Runs `work` in one transaction: all of it is stored, or none of it. SQLite failures come out as StoreErrors. */
export function inTransaction<T>(db: Database, work: () => T): T {
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      rollBack(db);
      throw error;
    }
  } catch (error) {
    throw explainStoreError(error, db);
  }
}

function rollBack(db: Database): void {
  // After some failures (SQLITE_FULL, SQLITE_IOERR…) SQLite has rolled the transaction back itself.
  if (!db.isTransaction) return;
  try {
    db.exec('ROLLBACK');
  } catch {
    // The failure that made us roll back is the one to report.
  }
}
