/**
 * The Deliveries service in the shape of the API contract (shared/api.ts): what the PollerService
 * needs (`DeliveriesPort`) and the `delivery-changed` pushes. Times become ISO strings here.
 */
import type { DeliveryAttempt, DeliveryDetail, DeliveryQuery, DeliveryRow, DeliveryState, ReplayFilter } from '../../../shared/api.ts';
import type { DeliveriesPort } from '../service/pollerService.ts';
import type { Deliveries } from './deliveries.ts';
import type { OutboxEntry, OutboxState } from './outboxStore.ts';

export function deliveriesPort(deliveries: Deliveries): DeliveriesPort {
  return {
    async query(query: DeliveryQuery) {
      const endpointId = query.endpoint === undefined ? undefined : deliveries.findEndpoint(query.endpoint)?.id;
      if (query.endpoint !== undefined && endpointId === undefined) return { deliveries: [], total: 0 };
      const page = deliveries.list({ state: query.state, instanceId: query.instanceId, endpointId, beforeId: query.beforeId, limit: query.limit });
      // Once per instance and endpoint, not per row: a page holds many notifications of few instances.
      const shown = new Map<string, Promise<string>>();
      const shownUrl = (notification: OutboxEntry) => {
        const key = JSON.stringify([notification.instanceId, notification.url]);
        if (!shown.has(key)) shown.set(key, deliveries.shownUrl(notification));
        return shown.get(key) as Promise<string>;
      };
      const rows = await Promise.all(page.items.map(async (notification) => ({ ...toRow(notification), endpoint: await shownUrl(notification) })));
      return { deliveries: rows, total: page.total };
    },
    attempts(id: number): DeliveryAttempt[] {
      return deliveries.attemptsOf(id).map((attempt) => ({
        at: iso(attempt.startedAt),
        status: attempt.status,
        durationMs: attempt.durationMs,
        responseSnippet: attempt.response,
        error: attempt.error,
        requestHeaders: attempt.requestHeaders,
      }));
    },
    async detail(id: number): Promise<DeliveryDetail | undefined> {
      const notification = deliveries.get(id);
      const body = notification && deliveries.body(id);
      if (!notification || body === undefined) return undefined;
      return { ...toRow(notification), endpoint: await deliveries.shownUrl(notification), body, eventIds: notification.eventIds };
    },
    replay(id: number): void {
      deliveries.replay(id);
    },
    replaySince(filter: ReplayFilter): number {
      const since = Date.parse(filter.since);
      if (Number.isNaN(since)) throw new Error(`"${filter.since}" is not an ISO-8601 time`);
      const states: OutboxState[] = filter.state === 'delivered' ? ['delivered'] : ['failed', 'disabled'];
      return deliveries.replaySince({ since, instanceId: filter.instanceId, endpoint: filter.endpoint, states }).length;
    },
    resendEvent(eventId: string): void {
      deliveries.resendEvent(eventId);
    },
  };
}

/** Calls `listener` with every notification whose state may have changed (attempted, replayed, added). Returns the unsubscribe. */
export function onDeliveryChanged(deliveries: Deliveries, listener: (change: { id: number; state: DeliveryState }) => void): () => void {
  const report = (ids: readonly number[]) => {
    for (const [id, state] of deliveries.outbox.states(ids)) listener({ id, state });
  };
  const onAttempt = ({ notification }: { notification: OutboxEntry }) => report([notification.id]);
  const onIds = ({ ids }: { ids: number[] }) => report(ids);
  deliveries.on('attempt', onAttempt);
  deliveries.on('changed', onIds);
  deliveries.on('enqueued', onIds);
  return () => {
    deliveries.off('attempt', onAttempt);
    deliveries.off('changed', onIds);
    deliveries.off('enqueued', onIds);
  };
}

function toRow(notification: OutboxEntry): DeliveryRow {
  return {
    id: notification.id,
    instanceId: notification.instanceId,
    instanceName: notification.instanceName,
    resource: notification.resource,
    endpoint: notification.url,
    state: notification.state,
    eventCount: notification.eventCount,
    attempts: notification.attempts,
    createdAt: iso(notification.createdAt),
    nextAttemptAt: notification.state === 'pending' && notification.nextAttemptAt !== undefined ? iso(notification.nextAttemptAt) : undefined,
    lastStatus: notification.lastStatus,
    lastError: notification.lastError,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
