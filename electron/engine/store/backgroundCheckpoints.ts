/**
 * WAL checkpoints on a worker thread, with a connection of its own, while much is written: a
 * retention pass of many steps, or polls storing thousands of events (a backfill).
 *
 * SQLite copies the WAL back into the database file in the commit that fills it (every 1,000
 * pages) and syncs both files there: pruning fills the WAL every few steps, and those steps took
 * 60-130 ms instead of 10 (measured at 500,000 events on a busy disk), the event loop blocked as
 * long; a backfill's commits paid the same, more as the id index grew. Smaller automatic
 * checkpoints only made more syncs. A checkpoint needs no write lock in WAL mode, so another
 * thread can take it while this one goes on writing.
 *
 * SQLite starts the WAL over only at a write that finds it all copied back. A retention pass waits
 * for a checkpoint now and then (`checkpoint`); writers do not wait (a poll's commits are far
 * apart), and while the worker runs the commits still checkpoint a WAL grown past
 * FALLBACK_AUTOCHECKPOINT_PAGES, which the worker has then mostly copied back already: it stays
 * bounded even if the worker falls behind.
 */
import { Worker } from 'node:worker_threads';
import type { Database } from './database.ts';

/** SQLite's default, restored when the worker ends. */
const AUTOCHECKPOINT_PAGES = 1000;
/** While the worker runs: the commits checkpoint only a WAL this large (about 40 MB). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
/** Rows stored within BURST_WINDOW_MS that start the worker: a backfill, not the few events of a poll. */
const BURST_ROWS = 4_000;
const BURST_WINDOW_MS = 10_000;
/** Without a write for this long (and no retention pass), the worker ends: an idle app holds no thread. */
const IDLE_MS = 60_000;

// CommonJS evaluated in the worker (no file to bundle): a checkpoint per message, answered when asked.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file);
parentPort.on('message', (message) => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch { /* busy: the next request tries again */ }
  if (message === 'stop') { db.close(); parentPort.close(); } else if (message === 'checkpoint') parentPort.postMessage('done');
});
`;

export interface PassCheckpoints {
  /** A pass has more than one step: the checkpoints go to the worker (called again, nothing more). */
  start(): void;
  /**
   * Some pages were written: resolves when the worker has checkpointed them. The next step waits
   * for it (the event loop runs meanwhile), so that the WAL starts over.
   */
  checkpoint(): Promise<void>;
  /** The pass is over: the worker ends unless writers still keep it busy. */
  stop(): void;
}

export interface BackgroundCheckpointsOptions {
  now?: () => number;
  /** Without a write for this long, the worker ends (tests shorten it). */
  idleMs?: number;
}

export class BackgroundCheckpoints implements PassCheckpoints {
  readonly #db: Database;
  readonly #file: string;
  readonly #now: () => number;
  readonly #idleMs: number;
  #worker: Worker | undefined;
  #inPass = false;
  /** Rows stored since #burstStart (the window restarts when it has passed). */
  #burstRows = 0;
  #burstStart = -Infinity;
  #lastWriteAt = -Infinity;
  #idleTimer: NodeJS.Timeout | undefined;
  /** A checkpoint is asked for after the current transaction. */
  #nudged = false;
  /** The worker failed (it could not open the database): not started again, the commits checkpoint as SQLite does. */
  #failed = false;

  constructor(db: Database, file: string, options: BackgroundCheckpointsOptions = {}) {
    this.#db = db;
    this.#file = file;
    this.#now = options.now ?? Date.now;
    this.#idleMs = options.idleMs ?? IDLE_MS;
  }

  /** Whether the worker runs now (for tests). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /** Whether a worker failed, so none starts again (for tests). */
  get failed(): boolean {
    return this.#failed;
  }

  start(): void {
    this.#inPass = true;
    this.#startWorker();
  }

  /**
   * Rows were stored (by every transaction that stores events): many in a short time start the
   * worker, and while it runs each such transaction asks it for a checkpoint.
   */
  wrote(rows: number): void {
    const now = this.#now();
    this.#lastWriteAt = now;
    if (now - this.#burstStart >= BURST_WINDOW_MS) {
      this.#burstStart = now;
      this.#burstRows = 0;
    }
    this.#burstRows += rows;
    if (!this.#worker && this.#burstRows >= BURST_ROWS) this.#startWorker();
    if (!this.#worker) return;
    this.#idleTimer ??= this.#armIdleTimer(this.#idleMs);
    // After the commit (this is called inside the transaction): copied back before the next write
    // begins, the WAL starts over there.
    if (this.#nudged) return;
    this.#nudged = true;
    queueMicrotask(() => {
      this.#nudged = false;
      this.#worker?.postMessage('nudge');
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
    this.#inPass = false;
    const idleFor = this.#now() - this.#lastWriteAt;
    if (idleFor >= this.#idleMs) this.#stopWorker();
    else if (this.#worker) this.#idleTimer ??= this.#armIdleTimer(this.#idleMs - idleFor);
  }

  /** The database is closing: the worker ends now. */
  close(): void {
    this.#inPass = false;
    this.#stopWorker();
  }

  #startWorker(): void {
    if (this.#worker || this.#failed) return;
    this.#setAutocheckpoint(FALLBACK_AUTOCHECKPOINT_PAGES);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.#file } });
    this.#worker = worker;
    // Never keeps the process alive; a checkpoint cut short by exit is safe (the WAL still holds every page).
    worker.unref();
    // A worker that failed (it could not open the database): SQLite checkpoints in the commits again,
    // and no transaction starts another one.
    worker.on('error', () => (this.#failed = true));
    worker.on('exit', () => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#setAutocheckpoint(AUTOCHECKPOINT_PAGES);
    });
  }

  #stopWorker(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (!this.#worker) return;
    this.#worker.postMessage('stop');
    this.#worker = undefined;
    this.#setAutocheckpoint(AUTOCHECKPOINT_PAGES);
  }

  /** Checks for idleness once per period (not re-armed by every write). */
  #armIdleTimer(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#idleTimer = undefined;
      const idleFor = this.#now() - this.#lastWriteAt;
      if (idleFor < this.#idleMs) this.#idleTimer = this.#armIdleTimer(this.#idleMs - idleFor);
      else if (!this.#inPass) this.#stopWorker();
    }, ms);
    timer.unref();
    return timer;
  }

  #setAutocheckpoint(pages: number): void {
    try {
      this.#db.exec(`PRAGMA wal_autocheckpoint = ${pages}`);
    } catch {
      // Closed meanwhile (the engine stopping): the setting went with the connection.
    }
  }
}
