/**
 * What a poll reports besides its events: unreadable records and records dated ahead of the server's
 * clock (counted, the first few kept with where they were read), and a server clock not believed.
 */
import type { FetchedPage } from '../connectors/types.ts';
import type { AheadRecord } from './findings.ts';
import type { ReadRecord, UnreadableRecord } from './recordReader.ts';

/** Keep the reported lists of unreadable and future-dated records short; the counts say how many there were. */
const MAX_REPORTED_RECORDS = 20;

export class PollReport {
  readonly unreadable: UnreadableRecord[] = [];
  /** Records dated ahead of the poll's "now" (keys, for counting each once), and the first few of them. */
  readonly #aheadKeys = new Set<string>();
  readonly aheadRecords: AheadRecord[] = [];
  /** The server's Date header and the local clock, when the first was too far off to be believed. */
  distrustedClock: { serverTime: number; localTime: number } | undefined;

  get ahead(): number {
    return this.#aheadKeys.size;
  }

  /** Keeps the first few (the poll's totals count them all). */
  unreadableRecord(unreadable: UnreadableRecord, page: FetchedPage, index: number): void {
    if (this.unreadable.length < MAX_REPORTED_RECORDS) this.unreadable.push({ ...unreadable, url: page.url, position: index + 1 });
  }

  aheadRecord(key: string, record: ReadRecord): void {
    if (this.#aheadKeys.has(key)) return;
    this.#aheadKeys.add(key);
    if (this.aheadRecords.length < MAX_REPORTED_RECORDS) this.aheadRecords.push({ objectId: record.objectId, changeTime: record.changeTime });
  }

  distrusted(serverTime: number, localTime: number): void {
    this.distrustedClock ??= { serverTime, localTime };
  }
}
