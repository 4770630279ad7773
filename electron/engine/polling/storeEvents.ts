/**
 * Writing new events, the one way both a poll and a reconciliation do it, inside the caller's
 * transaction: `changes` computed against each object's latest stored version, the events (each id
 * once), the known ids and latest versions kept up to date, and the delivery outbox (onEventsStored).
 */
import { knownObjects } from '../store/knownObjectStore.ts';
import { objectVersions } from '../store/objectVersionStore.ts';
import { attachChanges, type ChangeRules } from './changes.ts';
import type { ChangeEvent } from './events.ts';
import type { PollStores, PollTarget } from './pollTarget.ts';

/** Returns the events not stored before. Call inside a transaction. */
export function writeEvents(target: PollTarget, stores: PollStores, events: ChangeEvent[], options: { runId?: number; now: number; changeRules?: ChangeRules }): ChangeEvent[] {
  const { instanceId, resource } = target;
  const versions = objectVersions(stores);
  if (options.changeRules) {
    // In the transaction that stores the events: the version compared with is the one stored last.
    const updated = events.filter((event) => event.eventType === 'UPDATED').map((event) => event.objectId);
    const previous = versions.latestOf(instanceId, resource.name, updated);
    attachChanges(events, (objectId) => previous.get(objectId), options.changeRules);
  }
  const withSeqs = stores.events.insertWithSeqs(events, options.runId, options.now);
  const inserted = withSeqs.map(({ event }) => event);
  if (inserted.length > 0) {
    knownObjects(stores).note(inserted);
    versions.note(withSeqs);
    stores.onEventsStored?.(inserted, target.instance);
  }
  return inserted;
}
