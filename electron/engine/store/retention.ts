/**
 * Retention in bounded steps. Each step deletes one chunk of events (or delivered notifications)
 * in its own short transaction, sized from the last steps' times to take about STEP_TARGET_MS, and
 * the event loop runs between steps: polls and deliveries wait at most one step for the write
 * lock, however much there is to prune. One pass runs at a time; what is asked meanwhile follows it.
 * A pass of many steps leaves the WAL checkpoints to a worker thread (backgroundCheckpoints.ts).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PassCheckpoints } from './backgroundCheckpoints.ts';

export type RetentionStep = (limit: number) => number;

export interface RetentionWork {
  /** Prune by age (events and delivered notifications). */
  byAge: boolean;
  /** Prune beyond the newest N per instance: these instances, or every instance with events ('all'). */
  instances: Set<number> | 'all';
}

export interface RetentionOptions {
  /** The steps of one pass over the given work. */
  steps: (work: RetentionWork) => RetentionStep[];
  /** Told each step's duration (the store benchmark prints the longest). */
  onStep?: (ms: number, deleted: number) => void;
  /** Called with a pass's failure (the next pass tries again). */
  onError: (error: Error) => void;
  /** Takes the WAL checkpoints off the steps while a pass runs (an on-disk database). */
  checkpoints?: PassCheckpoints;
}

/** Well under the 50 ms a poll or a delivery may wait for the write lock, leaving room for a busy machine. */
const STEP_TARGET_MS = 10;
const MIN_CHUNK = 50;
const MAX_CHUNK = 20_000;
/** Steps between checkpoints (a few MB of WAL): each one waited for costs a sync, and a WAL never copied back grows. */
const CHECKPOINT_AFTER_MS = 50;

export class Retention {
  readonly #options: RetentionOptions;
  #chunk = 200;
  #sinceCheckpointMs = 0;
  #pending: RetentionWork | undefined;
  #running: Promise<number> | undefined;
  #closed = false;

  constructor(options: RetentionOptions) {
    this.#options = options;
  }

  /** Asks for a pass; resolves with the number of rows the passes it ran deleted. */
  request(work: RetentionWork): Promise<number> {
    this.#pending = merge(this.#pending, work);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** No step runs after this (the database is closing). */
  close(): void {
    this.#closed = true;
    this.#pending = undefined;
  }

  async #drain(): Promise<number> {
    let removed = 0;
    // Not in the caller's turn: the poll that asked finishes first.
    await nextTurn();
    try {
      while (this.#pending && !this.#closed) {
        const work = this.#pending;
        this.#pending = undefined;
        try {
          for (const step of this.#options.steps(work)) removed += await this.#runStep(step);
        } catch (error) {
          this.#options.onError(error as Error);
        }
      }
    } finally {
      this.#options.checkpoints?.stop();
    }
    return removed;
  }

  /** Runs one step until it is done, a chunk per transaction, yielding to the event loop between chunks. */
  async #runStep(step: RetentionStep): Promise<number> {
    let removed = 0;
    while (!this.#closed) {
      const limit = this.#chunk;
      const started = performance.now();
      const deleted = step(limit);
      const ms = performance.now() - started;
      this.#options.onStep?.(ms, deleted);
      removed += deleted;
      if (deleted < limit) break;
      // Sized by time, not rows: rows cost more with larger records, indexes and a busier disk.
      this.#chunk = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, limit * Math.min(2, STEP_TARGET_MS / Math.max(ms, 0.1)))));
      await this.#betweenSteps(ms);
    }
    return removed;
  }

  /**
   * The event loop's turn; after every CHECKPOINT_AFTER_MS of steps, the WAL is copied back
   * meanwhile. The checkpoints start with the second step: most passes take one.
   */
  async #betweenSteps(stepMs: number): Promise<void> {
    const { checkpoints } = this.#options;
    checkpoints?.start();
    this.#sinceCheckpointMs += stepMs;
    if (!checkpoints || this.#sinceCheckpointMs < CHECKPOINT_AFTER_MS) return void (await nextTurn());
    this.#sinceCheckpointMs = 0;
    await checkpoints.checkpoint();
  }
}

function merge(pending: RetentionWork | undefined, work: RetentionWork): RetentionWork {
  if (!pending) return { byAge: work.byAge, instances: work.instances === 'all' ? 'all' : new Set(work.instances) };
  const instances = pending.instances === 'all' || work.instances === 'all' ? 'all' : new Set([...pending.instances, ...work.instances]);
  return { byAge: pending.byAge || work.byAge, instances };
}
