/**
 * The cursor of one resource: why this product does not miss or repeat changes.
 *
 * - The watermark is the greatest change time committed, taken from the data, never from the local
 *   clock (capped at the server's own "now" so a record stamped in the future cannot push it ahead).
 * - Each poll asks for changes since `watermark − overlap`; the seen set (`id@changeTime` of every
 *   record inside the overlap) drops what was already emitted, so boundary records sharing a
 *   timestamp, or committed late by the CRM, are caught without duplicates.
 * - The origin is where watching began (the server's "now" at the first poll, or a backfill time):
 *   changes before it are history, never emitted.
 */

export interface Cursor {
  origin: number;
  watermark: number;
  /** `seenKey` → change time, for changes at or after `watermark − overlap`. */
  seen: Map<string, number>;
  /** Opaque connector state, e.g. a Dynamics delta link. */
  connectorState?: unknown;
}

/**
 * Five minutes: longer than the usual gap between a CRM stamping a record and its transaction
 * becoming visible, and longer than a poll of a large page set; `pollDelay` can ask for more.
 */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

export function overlapMs(pollDelaySeconds: number | undefined): number {
  return Math.max(DEFAULT_OVERLAP_MS, (pollDelaySeconds ?? 0) * 1000);
}

export function seenKey(objectId: string, changeTime: number): string {
  return `${objectId}@${changeTime}`;
}

/** The instant the URL macros are filled with. */
export function pollSince(cursor: Cursor | undefined, overlap: number, localNow: number): number {
  // Before the first poll the server's clock is unknown; asking from `now − overlap` by the local
  // clock returns little, and the origin taken from the server's Date header decides what is new.
  return (cursor?.watermark ?? localNow) - overlap;
}

export type Verdict =
  /** Not seen before and inside the window: emit. */
  | 'new'
  /** Older than the window and not in the seen set: emit unless the store already has the event. */
  | 'late'
  /** Already emitted (or known at the first poll). */
  | 'seen'
  /** Changed before watching began. */
  | 'history';

export function judge(cursor: Cursor, objectId: string, changeTime: number, overlap: number): Verdict {
  if (changeTime <= cursor.origin) return 'history';
  if (cursor.seen.has(seenKey(objectId, changeTime))) return 'seen';
  return changeTime >= cursor.watermark - overlap ? 'new' : 'late';
}

/**
 * The cursor after a poll: the watermark moves to the newest change committed (never past the
 * server's clock, never backwards) and the seen set keeps only what the next window can return.
 */
export function advance(cursor: Cursor, observed: Iterable<[string, number]>, overlap: number, serverNow: number): Cursor {
  let newest = cursor.watermark;
  const seen = new Map(cursor.seen);
  for (const [key, changeTime] of observed) {
    seen.set(key, changeTime);
    if (changeTime > newest) newest = changeTime;
  }
  const watermark = Math.max(cursor.watermark, Math.min(newest, serverNow));
  const windowStart = watermark - overlap;
  for (const [key, changeTime] of seen) if (changeTime < windowStart) seen.delete(key);
  return { ...cursor, watermark, seen };
}
