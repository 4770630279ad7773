/**
 * `changedFields` and `changes` in the callback payload, compatibly: a receiver written for Cloud
 * Elements (it checks every key of the old envelope strictly, and lets unknown keys pass, as such
 * receivers do) still accepts every notification, over real HTTP; `include.changes` says how much is sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Engine } from '../../../electron/engine/engine.ts';
import { tempDataDir } from '../support/harness.ts';
import { item, itemsDocument, startItemsApi, type ItemsApi } from '../support/itemsApi.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { FAST, openDeliveryEngine, signingEnv } from './support/setup.ts';

const isoSeconds = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
/** The envelope as Cloud Elements documented it (reference/cloud-elements-polling.md): every known key typed, unknown keys allowed. */
const cloudElementsEnvelope = z.looseObject({
  severity: z.string(),
  createdDate: z.string().regex(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4}$/),
  topic: z.string().regex(/^instance-\d+-[\w-]+-events$/),
  action: z.string(),
  id: z.string(),
  message: z.looseObject({
    elementKey: z.string(),
    eventId: z.string(),
    instanceId: z.number().int(),
    instance_id: z.number().int(),
    instanceName: z.string(),
    instanceTags: z.array(z.string()),
    events: z
      .array(
        z.looseObject({
          date: isoSeconds,
          pollDate: isoSeconds,
          elementKey: z.string(),
          hubKey: z.string(),
          eventType: z.enum(['CREATED', 'UPDATED', 'DELETED']),
          objectId: z.string(),
          objectType: z.string(),
        }),
      )
      .min(1)
      .max(10),
    raw: z.looseObject({ pollDate: z.number().int(), objectType: z.string() }).catchall(z.unknown()),
  }),
});

let api: ItemsApi | undefined;
let receiver: Receiver | undefined;
let engine: Engine | undefined;
const rejected: string[] = [];

afterEach(async () => {
  await engine?.deliveries.stop(200);
  engine?.close();
  engine = undefined;
  await receiver?.close();
  await api?.close();
  rejected.length = 0;
});

async function setup(include?: string) {
  api = await startItemsApi([item('opp-1', { stage: 'Prospecting', amount: 100 })]);
  receiver = await startReceiver((request) => {
    const parsed = cloudElementsEnvelope.safeParse(JSON.parse(request.body));
    if (parsed.success) return { status: 200, body: '{"ok":true}' };
    rejected.push(parsed.error.message);
    return { status: 400, body: parsed.error.message };
  });
  const opened = openDeliveryEngine(tempDataDir('cep-changes-payload-'), signingEnv('Changes API'));
  engine = opened.engine;
  const notification = { 'event.notification.enabled': true, 'event.notification.callback.url': receiver.url };
  await engine.addInstance(itemsDocument(api.url, {}, include === undefined ? notification : { ...notification, 'event.notification.include.changes': include }));
  engine.deliveries.start(FAST);
  return { api, receiver, engine };
}

async function pollAndDeliver(active: Engine, target: Receiver, backfillSince?: number): Promise<Record<string, unknown>> {
  const before = target.accepted.length;
  await active.pollInstance(active.requireInstance('Changes API'), backfillSince === undefined ? {} : { backfillSince });
  await target.until(() => target.accepted.length > before || rejected.length > 0);
  expect(rejected).toEqual([]);
  const body = JSON.parse(target.accepted.at(-1)?.body as string) as { message: { events: Record<string, unknown>[] } };
  return body.message.events[0] as Record<string, unknown>;
}

describe('changes in the callback payload', () => {
  it('adds changedFields and the old and new values, and a Cloud Elements receiver accepts it', async () => {
    const { api, receiver, engine } = await setup();
    const firstSeen = await pollAndDeliver(engine, receiver, 0);
    expect(firstSeen).toMatchObject({ eventType: 'UPDATED', objectId: 'opp-1', changedFields: null, changes: null });

    api.edit('opp-1', { stage: 'Negotiation' });
    const moved = await pollAndDeliver(engine, receiver);
    expect(moved).toMatchObject({ eventType: 'UPDATED', changedFields: ['stage'], changes: [{ path: 'stage', old: 'Prospecting', new: 'Negotiation' }] });
  });

  it('sends only the paths with include.changes "fields"', async () => {
    const fields = await setup('fields');
    await pollAndDeliver(fields.engine, fields.receiver, 0);
    fields.api.edit('opp-1', { amount: 120 });
    const entry = await pollAndDeliver(fields.engine, fields.receiver);
    expect(entry.changedFields).toEqual(['amount']);
    expect(entry).not.toHaveProperty('changes');
    expect(fields.receiver.accepted.at(-1)?.body).not.toContain('"old"');
  });

  it('sends neither with include.changes "none"', async () => {
    const none = await setup('none');
    await pollAndDeliver(none.engine, none.receiver, 0);
    none.api.edit('opp-1', { amount: 120 });
    const entry = await pollAndDeliver(none.engine, none.receiver);
    expect(Object.keys(entry).sort()).toEqual(['date', 'elementKey', 'eventType', 'hubKey', 'objectId', 'objectType', 'pollDate']);
  });

  it('refuses an include.changes it does not know, at its path', async () => {
    const { validateInstance } = await import('../../../shared/config/instance.ts');
    const result = validateInstance(itemsDocument('https://api.example.com', {}, { 'event.notification.include.changes': 'all' }));
    expect(result.errors.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'configuration.event.notification.include.changes: must be one of "values", "fields", "none" (what of an update\'s changes the callback carries), got "all"',
    ]);
  });
});
