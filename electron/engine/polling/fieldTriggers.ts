/**
 * Field triggers (`notifyOnFields`): a resource's UPDATED events are always stored, but delivered
 * and notified only when one of the named fields changed. The one place that decides which stored
 * events are told (the webhook outbox and desktop notifications both ask it).
 */
import type { InstanceConfig, ResourceConfig } from '../../../shared/config/types.ts';
import { parseFieldPath, type PathSegment } from '../../../shared/fieldPath.ts';
import { startsWithAny, type FieldChange } from './changes.ts';
import type { ChangeEvent } from './events.ts';

/**
 * Whether the event is to be delivered and notified. Only an UPDATED whose changes are known can be
 * held back: a first-seen update (`changes: null`) or one without changes (a late arrival) may have
 * touched a watched field, and a change is never to be missed. Paths compare ignoring case (Sage
 * CRM's column names are written in either case).
 */
export function isToldOf(event: ChangeEvent, resource: ResourceConfig | undefined): boolean {
  const watched = resource?.notifyOnFields ?? [];
  if (event.eventType !== 'UPDATED' || watched.length === 0 || !Array.isArray(event.changes)) return true;
  return touchesAny(event.changes, watched.map(parseFieldPath));
}

/** The events of `events` to deliver and notify. */
export function eventsToTell<T extends ChangeEvent>(events: readonly T[], instance: InstanceConfig): T[] {
  const byName = new Map(instance.resources.map((resource) => [resource.name, resource]));
  return events.filter((event) => isToldOf(event, byName.get(event.resource)));
}

/** A change inside a watched field counts, and so does a change of a whole object or array that holds one. */
function touchesAny(changes: readonly FieldChange[], watched: readonly PathSegment[][]): boolean {
  return changes.some((change) => {
    const changed = parseFieldPath(change.path);
    return startsWithAny(changed, watched, true) || watched.some((path) => startsWithAny(path, [changed], true));
  });
}
