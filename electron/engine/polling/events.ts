/** Change events and their ids. */
import { hash } from 'node:crypto';

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
}

/**
 * The same change always gets the same id, on any re-poll, after any crash: the id is a hash of what
 * identifies the change. Deletions leave the time out, since the time they are seen varies by poll.
 */
export function eventId(instanceId: number, resource: string, objectId: string, changeTime: number, eventType: EventType): string {
  const time = eventType === 'DELETED' ? '' : String(changeTime);
  return hash('sha256', JSON.stringify([instanceId, resource, objectId, time, eventType]), 'base64url').slice(0, 27);
}
