/**
 * SQLite failures said as what happened to the event database ("the disk holding … is full"), not
 * as SQLite's terse text or, worse, as the error of a rollback that SQLite had already made.
 */
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

/** A failure of the event database; `sqliteCode` is SQLite's primary result code (13: SQLITE_FULL). */
export class StoreError extends Error {
  readonly sqliteCode: number;

  constructor(message: string, sqliteCode: number, cause: unknown) {
    super(message, { cause });
    this.name = 'StoreError';
    this.sqliteCode = sqliteCode;
  }
}

interface SqliteFailure {
  code: 'ERR_SQLITE_ERROR';
  errcode: number;
  errstr?: string;
  message: string;
}

function isSqliteFailure(error: unknown): error is SqliteFailure {
  return error instanceof Error && (error as { code?: unknown }).code === 'ERR_SQLITE_ERROR' && typeof (error as { errcode?: unknown }).errcode === 'number';
}

/** The error as a StoreError naming the database and what to do, when SQLite raised it; any other error unchanged. */
export function explainStoreError(error: unknown, db: DatabaseSync): unknown {
  if (error instanceof StoreError || !isSqliteFailure(error)) return error;
  const file = databaseFile(db);
  const dir = file === undefined ? 'the data dir' : dirname(file);
  const where = file ?? 'the event database';
  // Extended result codes (SQLITE_IOERR_WRITE = 778…) carry the primary code in their low byte.
  const code = error.errcode & 0xff;
  const [what, advice] = describe(code, where, dir);
  const message = `${what} (SQLite: ${error.errstr ?? error.message})${advice ? `: ${advice}` : ''}. Nothing was stored half (each write is whole or not at all)`;
  return new StoreError(code === 13 ? `${message} and the next poll reads the same changes again` : message, code, error);
}

/** What happened, and what to do about it. */
function describe(code: number, file: string, dir: string): [string, string?] {
  switch (code) {
    case 13:
      return [`the disk holding ${dir} is full`, 'free some space there'];
    case 8:
      return [`the event database ${file} cannot be written`, `check that this user may write to ${dir}`];
    case 5:
    case 6:
      return [`the event database ${file} is locked by another process`, 'is another CRM Event Poller running on the same data dir?'];
    case 10:
      return [`reading or writing the event database ${file} failed`, `check the disk holding ${dir}`];
    case 11:
    case 26:
      return [`the event database ${file} is damaged or not a database`, 'move it away (a new one is made) or restore it from a backup'];
    case 14:
      return [`the event database ${file} cannot be opened`, `check that ${dir} exists and this user may write to it`];
    default:
      return [`the event database ${file} failed`];
  }
}

function databaseFile(db: DatabaseSync): string | undefined {
  try {
    return db.location() ?? undefined;
  } catch {
    return undefined;
  }
}
