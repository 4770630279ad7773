/**
 * The Deliveries view's detail: a notification's exact body and the headers of each attempt as the
 * receiver got them (signatures included), with the callback's credential never among them.
 * A real receiver, SQLite on disk, the env secret store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_USER_INFO_KEY } from '../../../shared/config/callbackUrl.ts';
import { deliveriesPort } from '../../../electron/engine/delivery/deliveriesPort.ts';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { pollOnce, tempDataDir } from '../support/harness.ts';
import { startRecordServer } from '../support/recordServer.ts';
import { BASIC, FORBIDDEN, masked, PASSWORD, USER } from './support/callbackUserInfo.ts';
import { startReceiver } from './support/receiver.ts';
import { deliveringInstance, FAST, INSTANCE, openDeliveryEngine, signingEnv, SIGNATURE_KEY, WHSEC } from './support/setup.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a notification shown in full', () => {
  it('has the body sent, and each attempt the headers the receiver got, signatures as sent, the credential masked', async () => {
    const server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    const receiver = await startReceiver((_request, index) => (index === 0 ? { status: 503, body: 'busy' } : { status: 200, body: '{}' }));
    cleanups.push(() => server.close(), () => receiver.close());
    const { engine } = openDeliveryEngine(tempDataDir('cep-delivery-detail-'), { ...signingEnv(), [secretEnvName(INSTANCE, CALLBACK_USER_INFO_KEY)]: `${USER}:${PASSWORD}` });
    cleanups.push(() => engine.close(), () => engine.deliveries.stop(200));
    const { instance } = await engine.addInstance(deliveringInstance(server.url, receiver.url));
    engine.deliveries.start(FAST);
    server.upsert('a');
    const [event] = await pollOnce(engine, instance, { backfillSince: 0 });
    await receiver.until(() => receiver.accepted.length === 1);
    await engine.deliveries.stop(200);

    const port = deliveriesPort(engine.deliveries);
    const [row] = (await port.query({})).deliveries;
    const detail = await port.detail(row!.id);
    expect(detail?.body).toBe(receiver.received[0]?.body);
    expect(detail?.eventIds).toEqual([event?.id]);
    expect(detail?.endpoint).toBe(masked(receiver.url));

    const attempts = port.attempts(row!.id);
    expect(attempts).toHaveLength(2);
    for (const [index, attempt] of attempts.entries()) {
      const got = receiver.received[index]!.headers;
      expect(got.authorization).toBe(BASIC);
      const sent = attempt.requestHeaders!;
      expect(sent['Authorization']).toBe('***');
      for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'Elements-Webhook-Signature', 'Content-Type', 'User-Agent']) {
        expect(sent[name], name).toBe(got[name.toLowerCase()]);
      }
      const shown = JSON.stringify(attempt);
      for (const secret of [...FORBIDDEN, SIGNATURE_KEY, WHSEC]) expect(shown).not.toContain(secret);
    }
    expect(await port.detail(row!.id + 1000)).toBeUndefined();
  });
});

