/**
 * The `id@time` keys a poll has emitted (or taken as its baseline) that the cursor's seen set may
 * keep. Keys older than the overlap before the newest change (capped at the server's "now") are let
 * go as the poll goes: a completed poll's cursor would not keep them, and a backfill would
 * otherwise hold all of its keys until it ends. Should the cursor be held instead, or such a record
 * come again in this poll, its event is derived again with the same id, and the store keeps the first.
 */
export class EmittedKeys {
  /** Key → change time. */
  readonly keys = new Map<string, number>();
  #newestChange = Number.NEGATIVE_INFINITY;

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string, changeTime: number): void {
    this.keys.set(key, changeTime);
    if (changeTime > this.#newestChange) this.#newestChange = changeTime;
  }

  /** Lets go of the keys older than `overlap` before the newest change, or before `now` when that is earlier. */
  forgetOld(now: number | undefined, overlap: number): void {
    const horizon = Math.min(this.#newestChange, now ?? Number.POSITIVE_INFINITY) - overlap;
    for (const [key, changeTime] of this.keys) if (changeTime < horizon) this.keys.delete(key);
  }
}
