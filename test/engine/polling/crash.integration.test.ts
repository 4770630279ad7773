/**
 * SIGKILL at random points while polling, then restart: every change ends up stored exactly once by
 * event id. The poller runs as the real CLI in child processes; the server keeps changing records.
 */
import { spawn } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../../cli/support/runCli.ts';
import { addItemsInstance, openTestEngine, sleep, tempDataDir } from '../support/harness.ts';
import { startRecordServer } from '../support/recordServer.ts';

const RUNS = 24;
const dataDir = tempDataDir('cep-crash-');

function pollInChild(killAfterMs: number | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--secrets', 'env', 'poll', 'Test API'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('crash safety', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => Promise.all(servers.map((server) => server.close())));

  it('stores every change exactly once across SIGKILLs at random points', { timeout: 120_000 }, async () => {
    const server = await startRecordServer({ dateStyle: { kind: 'epoch' }, unordered: true, latencyMs: 15 });
    servers.push(server);
    const setupEngine = openTestEngine(dataDir);
    await addItemsInstance(setupEngine, server.url, { pattern: 'milliseconds', pageSize: 5 });
    setupEngine.close();

    const next = random(Number(process.env.CRASH_SEED ?? 20261122));
    expect((await pollInChild(undefined)).code).toBe(0);
    const mutator = setInterval(() => server.upsert(`k${Math.floor(next() * 60)}`), 15);
    let killed = 0;
    try {
      for (let run = 0; run < RUNS; run++) {
        const outcome = await pollInChild(150 + Math.floor(next() * 900));
        if (outcome.signal === 'SIGKILL') killed++;
        else expect(outcome.code, outcome.stderr).toBe(0);
      }
    } finally {
      clearInterval(mutator);
    }
    await sleep(20);
    expect((await pollInChild(undefined)).code).toBe(0);
    expect((await pollInChild(undefined)).code).toBe(0);
    expect(killed).toBeGreaterThan(RUNS / 3);

    const db = new DatabaseSync(join(dataDir, 'events.sqlite'));
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const events = db.prepare('SELECT id, object_id, change_time FROM events').all() as { id: string; object_id: string; change_time: number }[];
    db.close();
    const changes = events.map((event) => `${event.object_id}@${event.change_time}`);
    expect(new Set(changes).size).toBe(changes.length);
    for (const record of server.records.values()) expect(changes).toContain(`${record.id}@${record.updated}`);
  });
});
