/**
 * SIGKILL of the real CLI in the middle of deliveries, then a restart: nothing is lost, every
 * notification is delivered, repeats carry the same webhook-id and body, and rows a killed process
 * held are taken over at once (not when their lease would run out).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../../cli/support/runCli.ts';
import { sleep, tempDataDir } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { deliveringInstance, INSTANCE, openDeliveryEngine, signingEnv } from './support/setup.ts';

let server: RecordServer;
let receiver: Receiver;
let dataDir: string;
const children = new Set<ChildProcess>();

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await receiver?.close();
  await server?.close();
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function spawnCli(args: string[]): { child: ChildProcess; exit: Promise<Exit>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--secrets', 'env', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...signingEnv() } });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stderr });
    });
  });
  return { child, exit, stderr: () => stderr };
}

/** Starts `run` and waits until it has its signal handlers (it says what it polls). */
async function startRun(args: string[]) {
  const run = spawnCli(['run', ...args]);
  await until(() => run.stderr().includes('Ctrl+C to stop'), 20_000, 'run started');
  return run;
}

async function setup(): Promise<void> {
  server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  dataDir = tempDataDir('cep-delivery-crash-');
  const { engine } = openDeliveryEngine(dataDir);
  const { instance } = await engine.addInstance(deliveringInstance(server.url, receiver.url));
  await engine.pollInstance(instance); // the first poll starts watching at the server's now
  engine.close();
}

interface OutboxRow {
  id: number;
  message_id: string;
  state: string;
  attempts: number;
  lease_until: number | null;
}

function readDb<T>(read: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(dataDir, 'events.sqlite'));
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const outbox = () => readDb((db) => db.prepare('SELECT id, message_id, state, attempts, lease_until FROM outbox ORDER BY id').all() as unknown as OutboxRow[]);

async function until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** `objectId@updated` of the changes a body carries. */
const changesIn = (body: string) =>
  (JSON.parse(body) as { message: { raw: { items: { id: string; updated: number }[] } } }).message.raw.items.map((record) => `${record.id}@${record.updated}`);

describe('delivery across SIGKILL', () => {
  it('takes over a notification whose sender was killed mid-request at once, and sends it with the same webhook-id', { timeout: 60_000 }, async () => {
    receiver = await startReceiver((_, index) => (index === 0 ? { status: 200, delayMs: 30_000 } : { status: 200 }));
    await setup();
    for (let i = 0; i < 4; i++) server.upsert(`k${i}`);
    const poll = spawnCli(['poll', INSTANCE, '--delivery-timeout', '40s', '--deliver-wait', '60s']);
    await receiver.until(() => receiver.received.length === 1, 20_000);
    poll.child.kill('SIGKILL');
    expect((await poll.exit).signal).toBe('SIGKILL');
    const [held] = outbox();
    expect(held).toMatchObject({ state: 'pending', attempts: 0 });
    expect(held?.lease_until).toBeGreaterThan(Date.now() + 30_000);

    const startedAt = Date.now();
    const run = await startRun(['--delivery-timeout', '40s']);
    await receiver.until(() => receiver.accepted.length === 1, 20_000);
    expect(Date.now() - startedAt, 'taken over long before the 70 s lease ran out').toBeLessThan(20_000);
    await until(() => outbox()[0]?.state === 'delivered', 5000, 'delivered');
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toContain('stopped');

    expect(receiver.received.map((request) => request.messageId)).toEqual([held?.message_id, held?.message_id]);
    expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
    const attempts = readDb((db) => db.prepare('SELECT attempt, outcome, error FROM delivery_attempts ORDER BY id').all());
    expect(attempts).toEqual([
      { attempt: 1, outcome: 'interrupted', error: 'interrupted: the process sending it stopped (crash, kill or shutdown); it is sent again' },
      { attempt: 2, outcome: 'delivered', error: null },
    ]);
  });

  it('loses nothing when polls are killed at random points while a flaky receiver is being delivered to', { timeout: 120_000 }, async () => {
    let flaky = 0;
    receiver = await startReceiver(() => ({ status: flaky++ % 4 === 3 ? 500 : 200, delayMs: 30 + (flaky % 5) * 25 }));
    await setup();
    const next = random(Number(process.env.CRASH_SEED ?? 20261123));
    const mutator = setInterval(() => server.upsert(`m${Math.floor(next() * 40)}`), 10);
    let killed = 0;
    try {
      for (let run = 0; run < 10; run++) {
        const poll = spawnCli(['poll', INSTANCE, '--retry-schedule', '0,50ms,100ms,200ms,400ms,800ms,1s,1s,1s', '--delivery-timeout', '2s', '--deliver-wait', '3s']);
        // Killed while delivering what it committed (after 1 to 3 new notifications reached the receiver), or at a random moment.
        const notifications = () => new Set(receiver.received.map((request) => request.messageId)).size;
        const target = notifications() + 1 + Math.floor(next() * 3);
        // The random moment counts from the poll's first request, so a slow start on a loaded machine is not all a run does.
        const requestsBefore = server.requests.length;
        const delay = 500 + Math.floor(next() * 2500);
        let deadline: number | undefined;
        const killer = setInterval(() => {
          if (deadline === undefined && server.requests.length > requestsBefore) deadline = Date.now() + delay;
          if (notifications() >= target || (deadline !== undefined && Date.now() > deadline)) poll.child.kill('SIGKILL');
        }, 5);
        const exit = await poll.exit;
        clearInterval(killer);
        if (exit.signal === 'SIGKILL') killed++;
        else expect(exit.code, exit.stderr).toBe(0);
      }
    } finally {
      clearInterval(mutator);
    }
    expect(killed).toBeGreaterThan(4);

    const run = await startRun(['--retry-schedule', '0,50ms,100ms,200ms,400ms,800ms,1s,1s,1s', '--delivery-timeout', '2s']);
    await until(() => outbox().every((row) => row.state === 'delivered'), 30_000, 'every notification delivered');
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code, exit.stderr).toBe(0);

    const rows = outbox();
    expect(rows.length).toBeGreaterThan(5);
    const bodies = new Map<string, string>();
    for (const request of receiver.received) {
      expect(bodies.get(request.messageId) ?? request.body, 'a repeat carries the same body').toBe(request.body);
      bodies.set(request.messageId, request.body);
    }
    expect(new Set(receiver.accepted.map((request) => request.messageId))).toEqual(new Set(rows.map((row) => row.message_id)));
    const stored = readDb((db) => db.prepare('SELECT object_id, change_time FROM events').all() as { object_id: string; change_time: number }[]);
    const delivered = new Set(receiver.accepted.flatMap((request) => changesIn(request.body)));
    for (const event of stored) expect(delivered.has(`${event.object_id}@${event.change_time}`)).toBe(true);
    // Each change travels in exactly one notification.
    const carriedBy = new Map<string, string>();
    for (const [messageId, body] of bodies) {
      for (const change of changesIn(body)) {
        expect(carriedBy.get(change) ?? messageId, `${change} travels in one notification`).toBe(messageId);
        carriedBy.set(change, messageId);
      }
    }
    expect(readDb((db) => db.prepare('PRAGMA integrity_check').get())).toEqual({ integrity_check: 'ok' });
    const outcomes = readDb((db) => db.prepare('SELECT DISTINCT outcome FROM delivery_attempts').all() as { outcome: string }[]).map((row) => row.outcome);
    expect(outcomes).toContain('retry');
    expect(outcomes).not.toContain('sending');
  });
});

/** A seeded generator, so a failure can be replayed (CRASH_SEED). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
