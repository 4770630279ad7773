/** Desktop notifications: one per poll and instance, rate-limited (merged, not dropped), muted globally or per instance. */
import { describe, expect, it } from 'vitest';
import { RecordingNotifier, windowTarget } from '../../../electron/engine/delivery/notifier.ts';
import { PollNotices } from '../../../electron/engine/delivery/pollNotices.ts';
import { eventId, type ChangeEvent, type EventType } from '../../../electron/engine/polling/events.ts';
import type { Settings } from '../../../electron/engine/settings/settingsSchema.ts';
import { sleep } from '../support/harness.ts';

const acme = { id: 1, name: 'Acme CRM' };
const other = { id: 2, name: 'Other' };

function events(count: number, eventType: EventType, resource = 'accounts', instanceId = 1): ChangeEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: eventId(instanceId, resource, `${resource}${i}${eventType}`, i, eventType),
    instanceId,
    elementKey: 'sagecrm',
    resource,
    objectId: `${resource}${i}`,
    eventType,
    changeTime: i,
    pollTime: i,
    raw: {},
  }));
}

function setup(options: ConstructorParameters<typeof PollNotices>[0]['options'] = {}) {
  const settings: Settings['notifications'] = { muted: false, mutedInstances: [] };
  const notifier = new RecordingNotifier();
  let clock = 1_000_000;
  const notices = new PollNotices({ settings: { get: () => settings }, now: () => clock, notifier, options });
  const poll = (instance: typeof acme, ...batches: ChangeEvent[][]) => {
    const tally = notices.startPoll(instance);
    for (const batch of batches) tally.add(batch);
    tally.finish();
  };
  return { settings, notifier, notices, poll, advance: (ms: number) => (clock += ms) };
}

describe('desktop notifications', () => {
  it('coalesce a poll into one notification that opens the instance with its events', () => {
    const { notifier, poll } = setup();
    const created = events(3, 'CREATED');
    poll(acme, created, events(12, 'UPDATED'), events(1, 'DELETED', 'contacts'));
    expect(notifier.shown).toHaveLength(1);
    expect(notifier.shown[0]).toMatchObject({
      kind: 'events',
      instanceId: 1,
      title: 'Acme CRM',
      body: '3 accounts created, 12 updated; 1 contact deleted',
      open: { view: 'events', instanceId: 1, eventCount: 16 },
    });
    expect((notifier.shown[0]?.open as { eventIds: string[] }).eventIds.slice(0, 3)).toEqual(created.map((event) => event.id));
  });

  it('say nothing for a poll without events', () => {
    const { notifier, poll } = setup();
    poll(acme);
    expect(notifier.shown).toHaveLength(0);
  });

  it('show an instance at most once per interval, merging what comes sooner into the next one', async () => {
    const { notifier, poll, advance } = setup({ perInstanceIntervalMs: 40 });
    poll(acme, events(1, 'CREATED'));
    poll(acme, events(2, 'UPDATED'));
    poll(acme, events(1, 'UPDATED', 'contacts'));
    poll(other, events(5, 'CREATED', 'leads', 2));
    expect(notifier.shown.map((notice) => `${notice.title}: ${notice.body}`)).toEqual(['Acme CRM: 1 account created', 'Other: 5 leads created']);
    advance(40);
    await sleep(80);
    expect(notifier.shown.map((notice) => `${notice.title}: ${notice.body}`)).toEqual([
      'Acme CRM: 1 account created',
      'Other: 5 leads created',
      'Acme CRM: 2 accounts updated; 1 contact updated',
    ]);
  });

  it('show at most a few per window over all instances', () => {
    const { notifier, poll, notices } = setup({ maxPerWindow: 2, windowMs: 60_000, perInstanceIntervalMs: 0 });
    for (let id = 1; id <= 4; id++) poll({ id, name: `I${id}` }, events(1, 'CREATED', 'accounts', id));
    expect(notifier.shown.map((notice) => notice.title)).toEqual(['I1', 'I2']);
    notices.close();
    expect(notifier.shown.map((notice) => notice.title)).toEqual(['I1', 'I2', 'I3', 'I4']);
  });

  it('stay silent when muted, globally or for the instance', () => {
    const { notifier, poll, settings } = setup({ perInstanceIntervalMs: 0 });
    settings.mutedInstances = [1];
    poll(acme, events(1, 'CREATED'));
    poll(other, events(1, 'CREATED', 'accounts', 2));
    expect(notifier.shown.map((notice) => notice.title)).toEqual(['Other']);
    settings.muted = true;
    poll(other, events(1, 'CREATED', 'accounts', 2));
    expect(notifier.shown).toHaveLength(1);
  });

  it('tell about delivery problems with a way to the deliveries view', () => {
    const { notifier, notices } = setup();
    notices.problem(acme, 'https://example.com/hook answered 410 Gone: the endpoint is disabled', 'https://example.com/hook');
    notices.problem(acme, 'another problem');
    notices.close();
    expect(notifier.shown).toMatchObject([
      { kind: 'problem', title: 'Acme CRM', body: 'https://example.com/hook answered 410 Gone: the endpoint is disabled', open: { view: 'deliveries', instanceId: 1 } },
      { kind: 'problem', body: 'another problem' },
    ]);
  });

  it('open, when clicked, the one event a notice is about, else the events or deliveries of its instance', () => {
    const { notifier, poll, notices } = setup();
    const [single] = events(1, 'UPDATED');
    poll(acme, [single as ChangeEvent]);
    poll(other, events(2, 'CREATED', 'accounts', 2));
    notices.problem(acme, 'https://example.com/hook answered 410 Gone', 'https://example.com/hook');
    notices.close();
    expect(notifier.shown.map((notice) => windowTarget(notice.open))).toEqual([
      { view: 'events', instanceId: 1, eventId: single?.id },
      { view: 'events', instanceId: 2 },
      { view: 'deliveries', instanceId: 1 },
    ]);
  });
});
