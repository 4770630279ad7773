/**
 * Events of several pages are stored in one transaction: a commit costs about as much as a few
 * hundred rows, and the cursor only moves after the last page anyway. Waiting events are stored
 * once this many are queued (more would only hold raw records in memory longer) or the oldest has
 * waited this long, so delivery still starts within a moment.
 *
 * A write may finish later (a writer on another thread): writes run one after another in the
 * order handed over, and the next batch fills while one is being written, no more (what is read
 * waits for the write before it: memory stays bounded). A failed write fails the poll at its next
 * step, and the batches after it are not written (the cursor stays, the next poll reads them again).
 */
import type { ChangeEvent } from './events.ts';

const STORE_BATCH_EVENTS = 2_000;
const STORE_BATCH_WAIT_MS = 250;

export class EventBatcher {
  readonly #store: (events: ChangeEvent[]) => void | Promise<void>;
  #queued: ChangeEvent[] = [];
  /** The writes handed over so far, chained: settles when the last one has. */
  #writes: Promise<void> = Promise.resolve();
  /** What a write failed with, raised at the poll's next step. */
  #failure: { error: unknown } | undefined;
  /** Stores the queue when the next page is slow to come. */
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `store` writes one batch (one transaction); it runs between two pages, never inside another transaction. */
  constructor(store: (events: ChangeEvent[]) => void | Promise<void>) {
    this.#store = store;
  }

  /** Resolves when the caller may read on: at once, or when a full batch's previous write is done. */
  async add(events: readonly ChangeEvent[]): Promise<void> {
    this.#raiseFailure();
    this.#queued.push(...events);
    if (this.#queued.length >= STORE_BATCH_EVENTS) await this.#handOver();
    else if (this.#queued.length > 0) this.#timer ??= setTimeout(() => void this.#handOver(), STORE_BATCH_WAIT_MS);
  }

  /** Resolves when every event queued is stored; rejects with what a write failed with. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#raiseFailure();
    void this.#handOver();
    await this.#writes;
    this.#raiseFailure();
  }

  /** After the poll failed: stores what was read (it is real change); a failure here is not the one to report. */
  async flushAfterFailure(): Promise<void> {
    try {
      await this.flush();
    } catch {
      // The poll failed already; its error is the one to report, and the next poll reads these again.
    }
  }

  /** Queues a write of what is waiting; resolves when the write before it is done. */
  #handOver(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const previous = this.#writes;
    if (this.#queued.length === 0) return previous;
    const events = this.#queued;
    this.#queued = [];
    this.#writes = previous
      .then(() => (this.#failure ? undefined : this.#store(events)))
      .catch((error: unknown) => {
        // Never rejects: thrown from a timer it would crash the process; the poll fails at its next step instead, cursor unmoved.
        this.#failure ??= { error };
      });
    return previous;
  }

  #raiseFailure(): void {
    const failure = this.#failure;
    if (failure === undefined) return;
    this.#failure = undefined;
    throw failure.error;
  }
}
