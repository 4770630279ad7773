/** The Cloud Elements envelope: at most 10 events per notification, each with its own raw records. */
import { describe, expect, it } from 'vitest';
import { buildOutboxDrafts, notificationId } from '../../../electron/engine/delivery/payload.ts';
import { eventId, type ChangeEvent } from '../../../electron/engine/polling/events.ts';
import type { ResourceConfig } from '../../../shared/config/types.ts';

const POLL = Date.UTC(2020, 1, 21, 16, 43, 39, 500);

function event(objectId: string, type: ChangeEvent['eventType'] = 'UPDATED', resource = 'accounts', instanceId = 7): ChangeEvent {
  const changeTime = Date.UTC(2020, 1, 21, 16, 43, 41, 250);
  return { id: eventId(instanceId, resource, objectId, changeTime, type), instanceId, elementKey: 'sagecrm', resource, objectId, eventType: type, changeTime, pollTime: POLL, raw: { key: objectId, name: `Acme ${objectId}` } };
}

const instance = {
  name: 'Acme CRM',
  elementKey: 'sagecrm',
  tags: ['prod'],
  resources: [{ name: 'accounts', url: "/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy}'" } as ResourceConfig],
};

describe('the notification payload', () => {
  it('uses the Cloud Elements envelope', () => {
    const [draft] = buildOutboxDrafts([event('2|0', 'CREATED')], instance);
    expect(JSON.parse(draft?.body as string)).toEqual({
      severity: 'medium',
      createdDate: 'Fri Feb 21 16:43:39 UTC 2020',
      topic: 'instance-7-sagecrm-events',
      action: 'create',
      id: draft?.messageId,
      message: {
        elementKey: 'sagecrm',
        eventId: draft?.messageId,
        instanceId: 7,
        instance_id: 7,
        instanceName: 'Acme CRM',
        instanceTags: ['prod'],
        events: [{ date: '2020-02-21T16:43:41Z', pollDate: '2020-02-21T16:43:39Z', elementKey: 'sagecrm', hubKey: 'crm', eventType: 'CREATED', objectId: '2|0', objectType: 'accounts' }],
        raw: { accounts: [{ key: '2|0', name: 'Acme 2|0' }], pollDate: POLL, objectType: 'accounts' },
      },
    });
    expect(draft?.messageId).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
  });

  it('splits 23 events into 10, 10 and 3, each carrying only its own records, in order', () => {
    const events = Array.from({ length: 23 }, (_, i) => event(`a${i}`));
    const drafts = buildOutboxDrafts(events, instance);
    expect(drafts.map((draft) => draft.eventIds.length)).toEqual([10, 10, 3]);
    expect(drafts.flatMap((draft) => draft.objectIds)).toEqual(events.map((e) => e.objectId));
    for (const draft of drafts) {
      const body = JSON.parse(draft.body) as { message: { events: { objectId: string }[]; raw: { accounts: { key: string }[] } } };
      expect(body.message.raw.accounts.map((record) => record.key)).toEqual(body.message.events.map((e) => e.objectId));
    }
    expect(new Set(drafts.map((draft) => draft.messageId)).size).toBe(3);
  });

  it('never mixes resources or instances in one notification', () => {
    const drafts = buildOutboxDrafts([event('a'), event('b', 'UPDATED', 'contacts'), event('c', 'UPDATED', 'contacts', 8)], instance);
    expect(drafts.map((draft) => [draft.instanceId, draft.resource])).toEqual([
      [7, 'accounts'],
      [7, 'contacts'],
      [8, 'contacts'],
    ]);
  });

  it('derives the id from the events, so the same events always make the same id', () => {
    expect(notificationId([event('a'), event('b')])).toBe(notificationId([event('a'), event('b')]));
    expect(notificationId([event('a')])).not.toBe(notificationId([event('a', 'CREATED')]));
  });
});
