/**
 * Whether one read of the window (a pass over every page) was stable. Offset paging with no server
 * order can skip rows when data moves mid-poll; a pass shows it by a row read twice, a total that
 * does not add up, or a record changed after the pass began that no earlier pass or poll read.
 * Then the window must be read again.
 */
import type { FetchedPage } from '../connectors/types.ts';
import { seenKey } from './cursor.ts';
import { IdHashSet } from './idHashSet.ts';
import type { ReadRecord } from './recordReader.ts';
import { DATE_HEADER_RESOLUTION_MS } from './serverClock.ts';

export class PassCheck {
  /**
   * Keys of records stamped after the start of the pass that read them, over all passes. In a later
   * pass such a record is no sign of rows moving: it was there before that pass began (its clock runs ahead).
   */
  readonly #readAfterEarlierPassStart = new Set<string>();
  /** The ids of this pass: hashes, not the strings (a million ids held 100 MB); a collision only reads once more. */
  #ids = new IdHashSet();
  #readAfterPassStart: string[] = [];
  #moved = false;
  #mayShift = false;
  #firstTotal: number | undefined;
  #passStart: number | undefined;
  #rowsRead = 0;

  /** Starts a pass. */
  begin(): void {
    this.#ids = new IdHashSet();
    this.#readAfterPassStart = [];
    this.#moved = false;
    this.#mayShift = false;
    this.#firstTotal = undefined;
    this.#passStart = undefined;
    this.#rowsRead = 0;
  }

  page(page: FetchedPage, serverTime: number): void {
    this.#passStart ??= serverTime;
    this.#mayShift ||= page.mayShift === true;
    this.#firstTotal ??= page.totalResults;
    if (page.totalResults !== undefined && page.totalResults !== this.#firstTotal) this.#moved = true;
    this.#rowsRead += page.records.length;
  }

  /** `seen`: the change was read by an earlier poll (it is in the cursor's seen set). Call after `page`. */
  record(record: ReadRecord, seen: (key: string) => boolean): void {
    if (!this.#ids.add(record.objectId)) this.#moved = true;
    // Only a change surely made after the pass began may have moved rows, unless an earlier
    // pass or poll read it already (then the records' clock just runs ahead of the Date header).
    if (record.changeTime > (this.#passStart as number) + DATE_HEADER_RESOLUTION_MS) {
      const key = seenKey(record.objectId, record.changeTime);
      if (!this.#readAfterEarlierPassStart.has(key) && !seen(key)) this.#moved = true;
      this.#readAfterPassStart.push(key);
    }
  }

  /** Ends a pass read to its last page: whether it was stable. */
  end(): boolean {
    for (const key of this.#readAfterPassStart) this.#readAfterEarlierPassStart.add(key);
    this.#ids = new IdHashSet();
    // Rows read twice are caught above; so a count that is not the total means rows were skipped or added.
    if (this.#firstTotal !== undefined && this.#rowsRead !== this.#firstTotal) this.#moved = true;
    return !(this.#mayShift && this.#moved);
  }
}
