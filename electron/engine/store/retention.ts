/**
 * Retention in bounded steps. Each step deletes one chunk of events (or delivered notifications)
 * in its own short transaction, sized from the last steps' times to take about STEP_TARGET_MS, and
 * the event loop runs between steps: polls and deliveries wait at most one step for the write
 * lock, however much there is to prune. One pass runs at a time; what is asked meanwhile follows it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

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
}

/** Well under the 50 ms a poll or a delivery may wait for the write lock, leaving room for a busy machine. */
const STEP_TARGET_MS = 10;
const MIN_CHUNK = 50;
const MAX_CHUNK = 20_000;

export class Retention {
  readonly #options: RetentionOptions;
  #chunk = 200;
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
    while (this.#pending && !this.#closed) {
      const work = this.#pending;
      this.#pending = undefined;
      try {
        for (const step of this.#options.steps(work)) removed += await this.#runStep(step);
      } catch (error) {
        this.#options.onError(error as Error);
      }
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
      await nextTurn();
    }
    return removed;
  }
}

function merge(pending: RetentionWork | undefined, work: RetentionWork): RetentionWork {
  if (!pending) return { byAge: work.byAge, instances: work.instances === 'all' ? 'all' : new Set(work.instances) };
  const instances = pending.instances === 'all' || work.instances === 'all' ? 'all' : new Set([...pending.instances, ...work.instances]);
  return { byAge: pending.byAge || work.byAge, instances };
}
