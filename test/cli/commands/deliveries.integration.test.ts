/** `poll` delivers what it produced and reports; `deliveries list|show|replay|endpoints`: the real CLI in child processes. */
import { spawn } from 'node:child_process';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/runCli.ts';
import { tempDataDir } from '../../engine/support/harness.ts';
import { startRecordServer, type RecordServer } from '../../engine/support/recordServer.ts';
import { ok, startReceiver, type Receiver } from '../../engine/delivery/support/receiver.ts';
import { deliveringInstance, editStoredCallback, INSTANCE, openDeliveryEngine, signingEnv, WHSEC } from '../../engine/delivery/support/setup.ts';

let server: RecordServer;
let receiver: Receiver;
let dataDir: string;
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

const FAST = ['--retry-schedule', '0,50ms,100ms,200ms', '--delivery-timeout', '2s'];
const cli = (...args: string[]) => runCli(['--data-dir', dataDir, '--secrets', 'env', ...args], { env: signingEnv() });

beforeEach(async () => {
  server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  receiver = await startReceiver();
  servers.push(server, receiver);
  dataDir = tempDataDir('cep-delivery-cli-');
  const { engine } = openDeliveryEngine(dataDir);
  await engine.addInstance(deliveringInstance(server.url, receiver.url));
  engine.close();
  expect((await cli('poll', INSTANCE)).code).toBe(0); // the first poll starts watching at the server's now
});

function changeRecords(count: number, prefix = 'r'): void {
  for (let i = 0; i < count; i++) server.upsert(`${prefix}${i}`);
}

describe('delivery from the command line', () => {
  it('poll delivers what it produced within the wait and says so', async () => {
    changeRecords(12);
    const result = await cli('poll', INSTANCE, ...FAST);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Test API: delivery: 2 notification(s): 2 delivered');
    expect(result.stdout.trim().split('\n')).toHaveLength(12);
    expect(receiver.accepted).toHaveLength(2);
    for (const request of receiver.accepted) new Webhook(WHSEC).verify(request.body, request.headers as Record<string, string>);

    const listed = await cli('deliveries', 'list', '--json');
    expect(listed.stdout.trim().split('\n').map((line) => JSON.parse(line).state)).toEqual(['delivered', 'delivered']);
    const table = await cli('deliveries', 'list', '--state', 'delivered', '--instance', INSTANCE);
    expect(table.stdout).toMatch(/^ID\s+CREATED\s+INSTANCE\s+RESOURCE\s+EVENTS\s+STATE\s+ATTEMPTS\s+LAST RESULT\s+NEXT ATTEMPT\n/);
    expect(table.stdout).toMatch(/Test API\s+items\s+10\s+delivered\s+1\s+HTTP 200/);
  });

  it('poll reports what is still pending after its bounded wait; replay of one sends it once the receiver is back', async () => {
    receiver.behave(() => ({ status: 503, body: 'down for maintenance' }));
    changeRecords(3);
    const result = await cli('poll', INSTANCE, '--retry-schedule', '0,50ms,10m', '--deliver-wait', '1s');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Test API: delivery: 1 notification(s): 0 delivered, 1 still pending');
    expect(result.stderr).toMatch(/HTTP 503: down for maintenance \(next attempt \d{4}-.*"crm-event-poller run" keeps retrying\)/);

    const [pending] = (await cli('deliveries', 'list', '--state', 'pending', '--json')).stdout.trim().split('\n').map((line) => JSON.parse(line));
    // A 503 slows the endpoint down (a 5 s pause by default), so the second attempt is not within the wait.
    expect(pending).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 503 });
    receiver.behave(ok);
    const replay = await cli('deliveries', 'replay', String(pending.id), ...FAST);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stderr).toContain('replay: 1 notification(s): 1 delivered');
    const shown = await cli('deliveries', 'show', pending.messageId, '--body');
    expect(shown.stdout).toContain(`notification ${pending.id} (${pending.messageId})`);
    expect(shown.stdout).toMatch(/1\s+\S+\s+\d+ ms\s+503\s+retry\s+down for maintenance/);
    expect(shown.stdout).toMatch(/2\s+\S+\s+\d+ ms\s+200\s+delivered/);
    expect(shown.stdout).toContain('"instanceName": "Test API"');
    expect(new Set(receiver.received.map((request) => request.messageId))).toEqual(new Set([pending.messageId]));
  });

  it('a stored callback that is not a URL: the events are kept, poll exits 1 naming the fix', async () => {
    const { engine } = openDeliveryEngine(dataDir);
    editStoredCallback(engine, engine.requireInstance(INSTANCE), 'htp//broken');
    engine.close();
    changeRecords(2);
    const result = await cli('poll', INSTANCE, ...FAST);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the callback URL "htp//broken" is not a URL: set event.notification.callback.url');
    expect(result.stderr).toContain('the events are stored, but some notifications were not delivered');
    expect((await cli('events', 'list', '--json')).stdout.trim().split('\n')).toHaveLength(2);
    expect((await cli('deliveries', 'list', '--state', 'failed')).stdout).toMatch(/failed\s+1\s+the callback URL "htp\/\/broken"/);
  });

  it('replays every delivered notification since a time for an instance, with the same webhook-ids', async () => {
    changeRecords(15);
    expect((await cli('poll', INSTANCE, ...FAST)).code).toBe(0);
    const first = receiver.accepted.map((request) => request.messageId).sort();
    const none = await cli('deliveries', 'replay', '--since', '2000-01-01T00:00:00Z');
    expect(none.stderr).toContain('replaying 0 notification(s)');
    const replay = await cli('deliveries', 'replay', '--since', '2000-01-01T00:00:00Z', '--instance', INSTANCE, '--state', 'delivered', ...FAST);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stderr).toContain('replay: 2 notification(s): 2 delivered');
    expect(receiver.accepted.map((request) => request.messageId).sort()).toEqual([...first, ...first].sort());
    const endpoints = await cli('deliveries', 'endpoints');
    expect(endpoints.stdout).toContain(receiver.url);
    expect(endpoints.stdout).toMatch(/active/);
  });

  it('run delivers beside the scheduler, and on SIGTERM lets the request in flight finish', async () => {
    changeRecords(3);
    const stored = await cli('poll', INSTANCE, '--no-deliver');
    expect(stored.stderr).toContain('Test API: 1 notification(s) stored for delivery; "crm-event-poller run" sends them');
    expect(receiver.received).toHaveLength(0);
    receiver.behave(() => ({ status: 200, delayMs: 1000 }));
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--secrets', 'env', 'run', ...FAST], { env: { ...process.env, ...signingEnv() } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    await receiver.until(() => receiver.received.length === 1, 20_000);
    child.kill('SIGTERM');
    expect(await exit, stderr).toBe(0);
    expect(stderr).toContain('stopping: letting deliveries in flight finish...');
    expect(receiver.accepted).toHaveLength(1);
    const [notification] = (await cli('deliveries', 'list', '--json')).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(notification).toMatchObject({ state: 'delivered', attempts: 1 });
  });

  it('rejects bad options with exit 2 and a hint', async () => {
    expect(await cli('deliveries', 'list', '--state', 'lost')).toMatchObject({ code: 2, stderr: expect.stringContaining('--state "lost" is not one of pending, delivered, failed, disabled') });
    expect(await cli('deliveries', 'replay')).toMatchObject({ code: 2, stderr: expect.stringContaining('give a notification id, or --since <iso>') });
    expect(await cli('deliveries', 'replay', '999')).toMatchObject({ code: 2, stderr: expect.stringContaining('no notification "999"') });
    expect(await cli('poll', INSTANCE, '--retry-schedule', '0,soon')).toMatchObject({ code: 2, stderr: expect.stringContaining('"soon" is not a duration') });
  });
});
