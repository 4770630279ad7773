/**
 * WAL checkpoints on a worker thread, with a connection of its own, while retention prunes.
 *
 * SQLite copies the WAL back into the database file in the commit that fills it (every 1,000
 * pages) and syncs both files there: pruning fills the WAL every few steps, and those steps took
 * 60-130 ms instead of 10 (measured at 500,000 events on a busy disk), the event loop blocked as
 * long. Smaller automatic checkpoints only made more syncs. A checkpoint needs no write lock in WAL
 * mode, so another thread can take it while this one goes on writing.
 */
import { Worker } from 'node:worker_threads';
import type { Database } from './database.ts';

/** SQLite's default, restored after a pass. */
const AUTOCHECKPOINT_PAGES = 1000;

// CommonJS evaluated in the worker (no file to bundle): a checkpoint per message, answered when done.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file);
parentPort.on('message', (message) => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch { /* busy: the next request tries again */ }
  if (message === 'stop') { db.close(); parentPort.close(); } else parentPort.postMessage('done');
});
`;

export interface PassCheckpoints {
  /** A pass has more than one step: the automatic checkpoint is off for this connection (called again, nothing more). */
  start(): void;
  /**
   * Some pages were written: resolves when the worker has checkpointed them. The next step waits
   * for it (the event loop runs meanwhile): SQLite starts the WAL over only at a write that finds
   * it all copied back, so a writer that never waits lets it grow without end.
   */
  checkpoint(): Promise<void>;
  /** The pass is over: a last checkpoint, then the worker ends and the automatic checkpoint is back. */
  stop(): void;
}

export class BackgroundCheckpoints implements PassCheckpoints {
  readonly #db: Database;
  readonly #file: string;
  #worker: Worker | undefined;

  constructor(db: Database, file: string) {
    this.#db = db;
    this.#file = file;
  }

  start(): void {
    if (this.#worker) return;
    this.#db.exec('PRAGMA wal_autocheckpoint = 0');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.#file } });
    this.#worker = worker;
    // Never keeps the process alive; a checkpoint cut short by exit is safe (the WAL still holds every page).
    worker.unref();
    // A worker that failed (it could not open the database): SQLite checkpoints in the commits again.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#restoreAutocheckpoint();
    });
  }

  checkpoint(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        worker.off('message', done);
        worker.off('exit', done);
        resolve();
      };
      worker.on('message', done);
      worker.on('exit', done);
      worker.postMessage('checkpoint');
    });
  }

  stop(): void {
    if (!this.#worker) return;
    this.#worker.postMessage('stop');
    this.#worker = undefined;
    this.#restoreAutocheckpoint();
  }

  #restoreAutocheckpoint(): void {
    try {
      this.#db.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      // Closed meanwhile (the engine stopping): the setting went with the connection.
    }
  }
}
