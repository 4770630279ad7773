/**
 * The desktop app and the CLI share a data dir: ten real `instances add` processes at once, while
 * `run` polls the same dir, keep all ten instances with ten distinct ids, and `run` picks them up.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsInstance, tempDataDir } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';
import { BIN, runCli } from '../../cli/support/runCli.ts';

const WRITERS = 10;
let server: RecordServer;

beforeAll(async () => {
  server = await startRecordServer();
});
afterAll(() => server.close());

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('concurrent writers of one data dir', () => {
  it('keep every instance added by ten processes at once while `run` is running, with distinct ids', { timeout: 120_000 }, async () => {
    const dataDir = tempDataDir('cep-writers-');
    const global = ['--data-dir', dataDir, '--secrets', 'env'];
    const run = spawn(process.execPath, [BIN, ...global, 'run'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let runLog = '';
    run.stderr.on('data', (chunk) => (runLog += chunk));
    const runExit = new Promise<number | null>((resolve) => run.on('close', resolve));
    try {
      await until(() => runLog.includes('Ctrl+C to stop'), '`run` to start');
      const names = Array.from({ length: WRITERS }, (_, index) => `Writer ${index + 1}`);
      const results = await Promise.all(
        names.map((name) => runCli([...global, 'instances', 'add', '-'], { input: JSON.stringify(itemsInstance(server.url, { pattern: 'milliseconds' }, name)) })),
      );
      for (const result of results) expect(result.code, result.stderr).toBe(0);

      const listed = await runCli([...global, 'instances', 'list', '--json']);
      const instances = JSON.parse(listed.stdout) as { id: number; name: string }[];
      expect(instances.map((instance) => instance.name).sort()).toEqual([...names].sort());
      expect(new Set(instances.map((instance) => instance.id)).size).toBe(WRITERS);
      const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { nextInstanceId: number };
      expect(file.nextInstanceId).toBeGreaterThan(Math.max(...instances.map((instance) => instance.id)));

      // The running scheduler saw the file change and polls every new instance.
      await until(() => names.every((name) => runLog.includes(`${name}: idle`)), '`run` to poll every added instance');
    } finally {
      run.kill('SIGTERM');
    }
    expect(await runExit, runLog).toBe(0);
  });
});
