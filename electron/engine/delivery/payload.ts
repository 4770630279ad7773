/**
 * The Cloud Elements callback body: at most 10 events of one instance and resource per
 * notification, each notification carrying the raw records of its own events, in the envelope
 * Cloud Elements' receivers already parse (`message.events[]`, `message.raw`, `message.eventId`…).
 */
import { createHash } from 'node:crypto';
import type { IncludeChanges, InstanceConfig } from '../../../shared/config/types.ts';
import type { Changes } from '../polling/changes.ts';
import type { ChangeEvent } from '../polling/events.ts';

export const MAX_EVENTS_PER_NOTIFICATION = 10;

/** A webhook as built from a commit's events, before the outbox stores it (an OutboxEntry then). */
export interface OutboxDraft {
  /** Stable for the notification's life: `webhook-id`, `message.eventId` and the envelope's `id`. */
  messageId: string;
  instanceId: number;
  instanceName: string;
  resource: string;
  /** The exact JSON text that is sent and signed. */
  body: string;
  eventIds: string[];
  objectIds: string[];
}

/** What the payload needs of an instance (the InstanceConfig the poller works with has it all). */
export type PayloadInstance = Pick<InstanceConfig, 'name' | 'elementKey' | 'tags' | 'resources'> & { notification?: Pick<InstanceConfig['notification'], 'includeChanges'> };

/** Splits a commit's events into notifications, keeping their order; events of other instances or resources start new ones. */
export function buildOutboxDrafts(events: readonly ChangeEvent[], instance: PayloadInstance): OutboxDraft[] {
  const drafts: OutboxDraft[] = [];
  let group: ChangeEvent[] = [];
  const flush = () => {
    if (group.length > 0) drafts.push(buildOutboxDraft(group, instance));
    group = [];
  };
  for (const event of events) {
    const first = group[0];
    if (first && (first.instanceId !== event.instanceId || first.resource !== event.resource || group.length === MAX_EVENTS_PER_NOTIFICATION)) flush();
    group.push(event);
  }
  flush();
  return drafts;
}

function buildOutboxDraft(events: ChangeEvent[], instance: PayloadInstance): OutboxDraft {
  const first = events[0] as ChangeEvent;
  const { instanceId, resource } = first;
  const elementKey = instance.elementKey ?? first.elementKey;
  const instanceName = instance.name ?? `instance ${instanceId}`;
  const messageId = notificationId(events);
  const hubKey = hubOf(instance, resource);
  const envelope = {
    severity: 'medium',
    createdDate: javaDateString(first.pollTime),
    topic: `instance-${instanceId}-${elementKey}-events`,
    action: 'create',
    id: messageId,
    message: {
      elementKey,
      eventId: messageId,
      instanceId,
      instance_id: instanceId,
      instanceName,
      instanceTags: instance.tags,
      events: events.map((event) => ({
        date: isoSeconds(event.changeTime),
        pollDate: isoSeconds(event.pollTime),
        elementKey,
        hubKey,
        eventType: event.eventType,
        objectId: event.objectId,
        objectType: resource,
        ...changesEntry(event.changes, instance.notification?.includeChanges ?? 'values'),
      })),
      raw: { [resource]: events.map((event) => event.raw), pollDate: first.pollTime, objectType: resource },
    },
  };
  return {
    messageId,
    instanceId,
    instanceName,
    resource,
    body: JSON.stringify(envelope),
    eventIds: events.map((event) => event.id),
    objectIds: events.map((event) => event.objectId),
  };
}

/**
 * Keys added to an entry of `message.events[]` (receivers written for Cloud Elements ignore keys
 * they do not know): `changedFields`, the paths, and with `values` the changes themselves; both
 * `null` for a first-seen object. Absent where nothing was compared (deletions, late arrivals).
 */
function changesEntry(changes: Changes | undefined, include: IncludeChanges): { changedFields?: string[] | null; changes?: Changes } {
  if (changes === undefined || include === 'none') return {};
  const changedFields = changes === null ? null : changes.map((change) => change.path);
  return include === 'values' ? { changedFields, changes } : { changedFields };
}

/** Derived from the event ids (stored once each), so the same events always make the same id. */
export function notificationId(events: readonly Pick<ChangeEvent, 'id'>[]): string {
  const hash = createHash('sha256').update(events.map((event) => event.id).join('\n')).digest('base64url');
  return `msg_${hash.slice(0, 27)}`;
}

/** `/hubs/crm/accounts?...` → `crm`; Cloud Elements' hub paths name it, others default to `crm`. */
function hubOf(instance: PayloadInstance, resource: string): string {
  const url = instance.resources.find((candidate) => candidate.name === resource)?.url ?? '';
  return /\/hubs\/([^/?#]+)/.exec(url)?.[1] ?? 'crm';
}

/** Cloud Elements wrote event dates to the second: `2020-02-21T16:43:41Z`. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's `Date.toString()` in UTC, as in the envelope's `createdDate`: `Fri Feb 21 16:43:41 UTC 2020`. */
function javaDateString(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${two(date.getUTCDate())} ${time} UTC ${date.getUTCFullYear()}`;
}
