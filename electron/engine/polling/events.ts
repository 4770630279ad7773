/** Change events and their ids. */
import { hash } from 'node:crypto';
import type { Changes } from '../../../shared/fieldChange.ts';

export type EventType = 'CREATED' | 'UPDATED' | 'DELETED' | 'UNKNOWN';

export interface ChangeEvent {
  id: string;
  instanceId: number;
  elementKey: string;
  resource: string;
  objectId: string;
  eventType: EventType;
  /** The record's change time (epoch ms); for deletions, when the deletion was detected. */
  changeTime: number;
  pollTime: number;
  raw: unknown;
  /** `raw` as JSON, when the poll wrote it already (checking that it can be): the store takes it as it is. */
  rawJson?: string;
  /** What differs from the object's previous stored version (created and updated events; see changes.ts). */
  changes?: Changes;
}

/** Added to change times so that every valid Date is non-negative and its id prefix sorts by time. */
const TIME_OFFSET_MS = 8.64e15;

/**
 * The same change always gets the same id, on any re-poll, after any crash: the id is derived from
 * what identifies the change. It starts with the change time (11 base-36 digits that sort like the
 * time) and goes on with a hash of the whole: ids stored together then sit together in the id
 * index, so a poll's inserts touch a few index pages instead of one per event (measured: about a
 * third less SQLite time per event than a bare hash). Deletions leave the time out, since the time
 * they are seen varies by poll: "~" and the hash.
 */
export function eventId(instanceId: number, resource: string, objectId: string, changeTime: number, eventType: EventType): string {
  const deleted = eventType === 'DELETED';
  const digest = hash('sha256', JSON.stringify([instanceId, resource, objectId, deleted ? '' : String(changeTime), eventType]), 'base64url');
  if (deleted) return `~${digest.slice(0, 26)}`;
  return (changeTime + TIME_OFFSET_MS).toString(36).padStart(11, '0') + digest.slice(0, 16);
}
