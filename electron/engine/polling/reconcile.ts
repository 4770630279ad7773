/**
 * Deletions the CRM never reports, found by comparing a listing of every id with the ids the poller
 * knows (the last listing, kept up to date by every event stored since: created and updated records
 * are known, deleted ones gone):
 *
 * - the first listing of a resource is a baseline: it is recorded, nothing is emitted;
 * - later, a known id missing from the listing is asked for once more (offset paging over changing
 *   data can skip rows), and only what is still missing becomes a DELETED event, stored through the
 *   event store like any other (same transaction as the delivery outbox rows), once per object.
 *
 * Sage CRM is reconciled on a slower schedule than it is polled (`reconcileResource`); a Dynamics
 * change tracking session that starts over lists every row anyway (`settleFullListing`).
 */
import { inTransaction } from '../store/database.ts';
import { knownObjects, type KnownObjectStore } from '../store/knownObjectStore.ts';
import { eventId, type ChangeEvent } from './events.ts';
import { writeEvents } from './storeEvents.ts';
import type { PollStores, PollTarget } from './pollTarget.ts';
import { pollClock } from './serverClock.ts';

export interface ReconcileResult {
  resource: string;
  /** The first listing: the ids were recorded and nothing was emitted. */
  baseline: boolean;
  /** Ids the listing held. */
  listed: number;
  /** Ids known before the listing. */
  known: number;
  /** Missing from the listing but found when asked again (rows that moved while paging). */
  stillPresent: number;
  /** The DELETED events stored. */
  deleted: ChangeEvent[];
}

export interface ReconcileOptions {
  signal?: AbortSignal;
  now?: () => number;
  onEvents?: (events: ChangeEvent[]) => void;
}

/** Lists every id of the resource and emits DELETED for known ids that are gone. */
export async function reconcileResource(target: PollTarget, stores: PollStores, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const reconciliation = target.connector.reconciliation;
  if (!reconciliation) throw new Error(`the ${target.instance.elementKey ?? 'generic'} connector does not reconcile ids`);
  const now = options.now ?? Date.now;
  const { instanceId, resource } = target;
  const known = knownObjects(stores);
  const eventSeq = known.latestEventSeq();
  const listing = await reconciliation.listIds({ resource, signal: options.signal });
  const listed = new Set(listing.ids);
  const plan = planListing(known, instanceId, resource.name, listed);
  let stillPresent: string[] = [];
  if (plan.missing.length > 0) {
    const wanted = new Set(plan.missing);
    stillPresent = (await reconciliation.listIds({ resource, among: plan.missing, signal: options.signal })).ids.filter((id) => wanted.has(id));
  }
  const still = new Set(stillPresent);
  const detectedAt = pollClock(listing.serverTimeMs, now()).now;
  const events = deletionEvents(target, plan.missing.filter((id) => !still.has(id)), detectedAt);
  const stored = inTransaction(stores.db, () => {
    const inserted = writeEvents(target, stores, events, { now: now() });
    const ids = currentIds(known, instanceId, resource.name, [...listed, ...still], eventSeq);
    known.replace(instanceId, resource.name, ids, { reconciledAt: now(), eventSeq, known: ids.size, deleted: inserted.length });
    return inserted;
  });
  if (stored.length > 0) options.onEvents?.(stored);
  return { resource: resource.name, baseline: plan.baseline, listed: listed.size, known: plan.known, stillPresent: still.size, deleted: stored };
}

/**
 * After a poll whose pages listed every record (a change tracking session that started, or started
 * over): the first one is the baseline; later ones emit DELETED for known ids they lack, through
 * `store` (the poll's own event path). `eventSeq` is the newest event seq when the poll began.
 */
export function settleFullListing(
  target: PollTarget,
  stores: PollStores,
  listing: { ids: Set<string>; eventSeq: number; detectedAt: number; now: number },
  store: (events: ChangeEvent[]) => ChangeEvent[],
): ReconcileResult {
  const { instanceId, resource } = target;
  const known = knownObjects(stores);
  const plan = planListing(known, instanceId, resource.name, listing.ids);
  const stored = plan.missing.length > 0 ? store(deletionEvents(target, plan.missing, listing.detectedAt)) : [];
  inTransaction(stores.db, () => {
    const ids = currentIds(known, instanceId, resource.name, listing.ids, listing.eventSeq);
    known.replace(instanceId, resource.name, ids, { reconciledAt: listing.now, eventSeq: listing.eventSeq, known: ids.size, deleted: stored.length });
  });
  return { resource: resource.name, baseline: plan.baseline, listed: listing.ids.size, known: plan.known, stillPresent: 0, deleted: stored };
}

/** Whether a scheduled reconciliation of this resource is due. */
export function reconcileDue(stores: PollStores, instanceId: number, resource: string, intervalMs: number, now: number): boolean {
  if (!(intervalMs > 0)) return false;
  const state = knownObjects(stores).state(instanceId, resource);
  return state === undefined || now - state.reconciledAt >= intervalMs;
}

interface ListingPlan {
  baseline: boolean;
  known: number;
  /** Known ids the listing lacks, in a stable order. */
  missing: string[];
}

/** The listing, corrected by the events stored while it was read (a record created or deleted meanwhile). */
function currentIds(known: KnownObjectStore, instanceId: number, resource: string, listed: Iterable<string>, eventSeq: number): Set<string> {
  const ids = new Set(listed);
  const changed = known.changedSince(instanceId, resource, eventSeq);
  for (const id of changed.present) ids.add(id);
  for (const id of changed.deleted) ids.delete(id);
  return ids;
}

function planListing(known: KnownObjectStore, instanceId: number, resource: string, listed: Set<string>): ListingPlan {
  const state = known.state(instanceId, resource);
  if (!state) return { baseline: true, known: 0, missing: [] };
  const ids = known.knownIds(instanceId, resource);
  const missing = [...ids].filter((id) => !listed.has(id)).sort();
  return { baseline: false, known: ids.size, missing };
}

function deletionEvents(target: PollTarget, ids: string[], detectedAt: number): ChangeEvent[] {
  const { instanceId, instance, resource } = target;
  // The deleted record is gone: its raw form holds its id under the resource's id field when that is a plain name.
  const idKey = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(resource.idField) ? resource.idField : 'id';
  return ids.map((objectId) => ({
    id: eventId(instanceId, resource.name, objectId, detectedAt, 'DELETED'),
    instanceId,
    elementKey: instance.elementKey ?? 'generic',
    resource: resource.name,
    objectId,
    eventType: 'DELETED',
    changeTime: detectedAt,
    pollTime: detectedAt,
    raw: { id: objectId, [idKey]: objectId, deleted: true },
  }));
}
