/**
 * Events of several pages are stored in one transaction: a commit costs about as much as a few
 * hundred rows, and the cursor only moves after the last page anyway. Waiting events are stored
 * once this many are queued (more would only hold raw records in memory longer) or the oldest has
 * waited this long, so delivery still starts within a moment.
 */
import type { ChangeEvent } from './events.ts';

const STORE_BATCH_EVENTS = 2_000;
const STORE_BATCH_WAIT_MS = 250;

export class EventBatcher {
  readonly #store: (events: ChangeEvent[]) => void;
  #queued: ChangeEvent[] = [];
  /** Stores the queue when the next page is slow to come; what it fails with is raised at the poll's next step. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedFlushError: unknown;

  /** `store` writes one batch (one transaction); it runs between two pages, never inside another transaction. */
  constructor(store: (events: ChangeEvent[]) => void) {
    this.#store = store;
  }

  add(events: readonly ChangeEvent[]): void {
    this.#raiseTimedFlushError();
    this.#queued.push(...events);
    if (this.#queued.length >= STORE_BATCH_EVENTS) this.flush();
    else if (this.#queued.length > 0) this.#timer ??= setTimeout(() => this.#timedFlush(), STORE_BATCH_WAIT_MS);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#raiseTimedFlushError();
    if (this.#queued.length === 0) return;
    const events = this.#queued;
    this.#queued = [];
    this.#store(events);
  }

  /** After the poll failed: stores what was read (it is real change); a failure here is not the one to report. */
  flushAfterFailure(): void {
    try {
      this.flush();
    } catch {
      // The poll failed already; its error is the one to report, and the next poll reads these again.
    }
  }

  #timedFlush(): void {
    this.#timer = undefined;
    try {
      this.flush();
    } catch (error) {
      // Thrown here it would crash the process; the poll fails at its next step instead, cursor unmoved.
      this.#timedFlushError = error;
    }
  }

  #raiseTimedFlushError(): void {
    if (this.#timedFlushError === undefined) return;
    const error = this.#timedFlushError;
    this.#timedFlushError = undefined;
    throw error;
  }
}
