/**
 * A callback URL with user info (`http://hookuser:h00k%20pa55@host/hook`): the password is a secret.
 * It never rests in the settings file or the event database, is sent only as Basic auth to the
 * callback's origin, and is shown masked. Real receivers on two ports (two origins), SQLite on disk,
 * the env secret store (the keychain flow is in callbackUserInfoKeychain.integration.test.ts beside it).
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_USER_INFO_KEY } from '../../../shared/config/callbackUrl.ts';
import { deliveriesPort } from '../../../electron/engine/delivery/deliveriesPort.ts';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { pollOnce, sleep, tempDataDir } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';
import { BASIC, expectNothingAtRest, filesAtRest, masked, PASSWORD, USER, withUserInfo } from './support/callbackUserInfo.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { deliveringInstance, editStoredCallback, FAST, INSTANCE, openDeliveryEngine, signingEnv } from './support/setup.ts';

const USER_INFO_ENV = secretEnvName(INSTANCE, CALLBACK_USER_INFO_KEY);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function servers(): Promise<{ server: RecordServer; receiver: Receiver; other: Receiver }> {
  const server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  const receiver = await startReceiver();
  const other = await startReceiver();
  cleanups.push(() => server.close(), () => receiver.close(), () => other.close());
  return { server, receiver, other };
}

async function until(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

describe('a callback URL with user info', () => {
  it('is saved without it; the read-only env source names the variable to set', async () => {
    const { server, receiver } = await servers();
    const dataDir = tempDataDir('cep-userinfo-save-');
    const { engine } = openDeliveryEngine(dataDir);
    cleanups.push(() => engine.close());
    const saved = await engine.addInstance(deliveringInstance(server.url, withUserInfo(receiver.url)));
    expect(saved.secretsToExport).toContain(USER_INFO_ENV);
    const configuration = saved.instance.document.configuration as Record<string, unknown>;
    expect(configuration['event.notification.callback.url']).toBe(receiver.url);
    expectNothingAtRest(dataDir);
  });

  it('is sent as Basic auth to its origin only, rests nowhere, and is shown masked', async () => {
    const { server, receiver, other } = await servers();
    const dataDir = tempDataDir('cep-userinfo-send-');
    const { engine } = openDeliveryEngine(dataDir, { ...signingEnv(), [USER_INFO_ENV]: `${USER}:${PASSWORD}` });
    let open = true;
    cleanups.push(() => void (open && engine.close()), () => engine.deliveries.stop(200));
    const { instance } = await engine.addInstance(deliveringInstance(server.url, withUserInfo(receiver.url)));
    engine.deliveries.start(FAST);
    server.upsert('a');
    await pollOnce(engine, instance, { backfillSince: 0 });
    await receiver.until(() => receiver.accepted.length === 1);
    expect(receiver.accepted[0]?.headers.authorization).toBe(BASIC);

    const [endpoint] = engine.deliveries.listEndpoints();
    expect(endpoint?.url).toBe(receiver.url);
    expect(await engine.deliveries.shownEndpointUrl(endpoint!)).toBe(masked(receiver.url));
    const [notification] = engine.deliveries.list().items;
    expect(await engine.deliveries.shownUrl(notification!)).toBe(masked(receiver.url));
    // The window's Deliveries view shows the API's rows as they are.
    expect((await deliveriesPort(engine.deliveries).query({})).deliveries[0]?.endpoint).toBe(masked(receiver.url));

    // The callback moves to another origin while a notification waits for the first one: that one
    // goes out without the credential, which belongs to the callback URL as it is now.
    receiver.behave(() => ({ status: 503, body: 'down' }));
    server.upsert('b');
    await pollOnce(engine, instance, { backfillSince: 0 });
    await receiver.until(() => receiver.received.length >= 2);
    editStoredCallback(engine, engine.instances.get(instance.id)!, other.url);
    await receiver.until(() => receiver.received.length >= 4);
    for (const request of receiver.received.slice(3)) expect(request.headers.authorization).toBeUndefined();
    const waiting = engine.deliveries.list({ state: 'pending' }).items[0]!;
    expect(await engine.deliveries.shownUrl(waiting)).toBe(receiver.url);
    engine.deliveries.replay(waiting.id);
    await other.until(() => other.accepted.length === 1);
    expect(other.accepted[0]?.headers.authorization).toBe(BASIC);
    await engine.deliveries.stop(200);
    engine.close();
    open = false;
    expectNothingAtRest(dataDir);
  });

  it('echoed back by a receiver gets into no attempt, notification error or endpoint note', async () => {
    const { server, receiver } = await servers();
    const dataDir = tempDataDir('cep-userinfo-echo-');
    const { engine } = openDeliveryEngine(dataDir, { ...signingEnv(), [USER_INFO_ENV]: `${USER}:${PASSWORD}` });
    cleanups.push(() => engine.close(), () => engine.deliveries.stop(200));
    const { instance } = await engine.addInstance(deliveringInstance(server.url, receiver.url));
    const reports: string[] = [];
    engine.deliveries.on('attempt', ({ result, decision }) => reports.push(JSON.stringify({ result, decision })));
    receiver.behave((request, index) => ({
      status: index === 0 ? 401 : 410,
      body: JSON.stringify({ error: `rejected Authorization: ${String(request.headers.authorization)} for ${USER} / ${PASSWORD}`, headers: request.headers }),
    }));
    engine.deliveries.start(FAST);
    server.upsert('a');
    await pollOnce(engine, instance, { backfillSince: 0 });
    await until(() => engine.deliveries.listEndpoints()[0]?.state === 'disabled');
    expect(receiver.received[0]?.headers.authorization).toBe(BASIC);
    const stored = JSON.stringify([
      engine.stores.db.prepare('SELECT * FROM delivery_attempts').all(),
      engine.stores.db.prepare('SELECT last_error FROM outbox').all(),
      engine.deliveries.listEndpoints(),
    ]);
    expect(stored).toContain('"status":401');
    for (const text of [stored, ...reports]) for (const secret of [PASSWORD, BASIC.slice(6), encodeURIComponent(PASSWORD)]) expect(text).not.toContain(secret);
  });

  it('left in plain by an earlier version is taken out of the database at start, and still used (env source: from the settings, with a notice)', async () => {
    const { server, receiver } = await servers();
    const dataDir = tempDataDir('cep-userinfo-legacy-');
    const first = openDeliveryEngine(dataDir);
    const { instance } = await first.engine.addInstance(deliveringInstance(server.url, receiver.url));
    editStoredCallback(first.engine, instance, withUserInfo(receiver.url));
    first.engine.close();
    // What an earlier version stored: the endpoint by its full URL, attempts and errors naming it.
    const legacyUrl = withUserInfo(receiver.url);
    const db = new DatabaseSync(join(dataDir, 'events.sqlite'));
    db.prepare('INSERT INTO delivery_endpoints (url, state, disabled_reason, updated_at) VALUES (?, ?, ?, 0)').run(legacyUrl, 'disabled', `${legacyUrl} answered 410 Gone`);
    db.close();

    expect(filesAtRest(dataDir, ['events.sqlite', 'events.sqlite-wal'])).toContain(encodeURIComponent(PASSWORD));

    const notices: string[] = [];
    const second = openDeliveryEngine(dataDir, signingEnv(), { notice: (message) => notices.push(message) });
    let open = true;
    cleanups.push(() => void (open && second.engine.close()), () => second.engine.deliveries.stop(200));
    await second.engine.moveSecretsOutOfSettings();
    expect(notices.join('\n')).toContain('removed the user info of 1 callback URL(s) from the event database');
    expect(notices.join('\n')).toContain(USER_INFO_ENV);
    const [endpoint] = second.engine.deliveries.listEndpoints();
    expect(endpoint?.url).toBe(receiver.url);
    expect(endpoint?.disabledReason).not.toContain(PASSWORD);
    second.engine.deliveries.enableEndpoint(endpoint!.id);
    second.engine.deliveries.start(FAST);
    server.upsert('a');
    await pollOnce(second.engine, second.engine.instances.get(instance.id)!, { backfillSince: 0 });
    await receiver.until(() => receiver.accepted.length === 1);
    expect(receiver.accepted[0]?.headers.authorization).toBe(BASIC);
    await until(() => second.engine.deliveries.list().items.every((n) => n.state === 'delivered'));
    await second.engine.deliveries.stop(200);
    second.engine.close();
    open = false;
    // The settings keep it (the env source cannot take it); the database holds it nowhere, not even in free pages.
    expectNothingAtRest(dataDir, ['events.sqlite', 'events.sqlite-wal']);
  });
});
