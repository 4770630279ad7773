/** The real command line against the simulators: `poll --reconcile` and `sim`. */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../../../electron/engine/secrets/envStore.ts';
import { BIN, runCli } from '../../../cli/support/runCli.ts';
import { startSageCrmSimulator, type SageCrmSimulator } from '../../../../electron/simulators/index.ts';
import { tempDataDir } from '../../support/harness.ts';
import { nextSecond, onlyResources, sageInstance } from './support.ts';

let sim: SageCrmSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const lines = (stdout: string) => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { objectType: string; objectId: string; eventType: string });

describe('crm-event-poller with Sage CRM', () => {
  it('finds deletions with poll --reconcile (the first run records the baseline)', { timeout: 30_000 }, async () => {
    sim = await startSageCrmSimulator({ seed: 11, recordsPerEntity: 20 });
    const { document, env } = sageInstance(sim, { 'event.notification.enabled': false });
    const global = ['--data-dir', tempDataDir('cep-cli-'), '--secrets', 'env'];
    const added = await runCli([...global, 'instances', 'add', '-'], { input: JSON.stringify(onlyResources(document, ['accounts', 'leads'])), env });
    expect(added.code).toBe(0);

    const first = await runCli([...global, 'poll', 'Sage Test', '--reconcile'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain('Sage Test/accounts: 0 new event(s) from 0 record(s) in 1 page(s); reconciled: 20 id(s) recorded as the baseline');

    await nextSecond();
    sim.control.delete({ entity: 'company', id: 7 });
    sim.control.mutate({ entity: 'lead', id: 3, fields: { Lead_Stage: 'Converted' } });
    // Without --reconcile, deletions wait for the reconcile interval (6 hours by default).
    const plain = await runCli([...global, 'poll', 'Sage Test'], { env });
    expect(lines(plain.stdout).map((event) => `${event.objectType} ${event.objectId} ${event.eventType}`)).toEqual(['leads 3 UPDATED']);
    const reconciled = await runCli([...global, 'poll', 'Sage Test', '--reconcile'], { env });
    expect(reconciled.code).toBe(0);
    expect(lines(reconciled.stdout).map((event) => `${event.objectType} ${event.objectId} ${event.eventType}`)).toEqual(['accounts 7 DELETED']);
    expect(reconciled.stderr).toContain('reconciled: 19 id(s) listed, 1 deleted');
  });

  it('reports a wrong password once and exits non-zero', { timeout: 30_000 }, async () => {
    sim = await startSageCrmSimulator({ seed: 11, recordsPerEntity: 5 });
    const { document } = sageInstance(sim, { 'event.notification.enabled': false });
    const env = { [secretEnvName('Sage Test', 'password')]: 'wrong' };
    const global = ['--data-dir', tempDataDir('cep-cli-'), '--secrets', 'env'];
    expect((await runCli([...global, 'instances', 'add', '-'], { input: JSON.stringify(document), env })).code).toBe(0);
    const poll = await runCli([...global, 'poll', 'Sage Test'], { env });
    expect(poll.code).not.toBe(0);
    expect(poll.stderr).toContain('Sage CRM refused the sign-in of "admin"');
    expect(sim.control.requestCount()).toBe(1);
  });

  it('runs a simulator with `sim`, printing its URL, credentials and control endpoints', { timeout: 20_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'sim', 'sagecrm', '--seed', '5', '--records', '3']);
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 10_000;
    while (!stdout.includes('Ctrl+C') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const base = /SData base URL:\s+(\S+)/.exec(stdout)?.[1] as string;
    expect(stdout).toContain('username "admin", password "sagecrm"');
    expect(stdout).toContain('POST /_control/mutate');
    const response = await fetch(`${base}company`, { headers: { Authorization: `Basic ${Buffer.from('admin:sagecrm').toString('base64')}` } });
    expect(((await response.json()) as { $totalResults: number }).$totalResults).toBe(3);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
