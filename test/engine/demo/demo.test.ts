/**
 * Demo mode: events flow within a minute with no CRM at all. In process with a shrunk minute (the
 * scheduler, the simulators' live changes, reconciliation and webhooks), through the service that
 * `serve --demo` exposes, and once as the real `crm-event-poller demo` process.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../electron/engine/demo/demo.ts';
import { DEMO_DYNAMICS, DEMO_DYNAMICS_BY_DATE, DEMO_SAGE } from '../../../electron/engine/demo/demoInstances.ts';
import { Engine } from '../../../electron/engine/engine.ts';
import type { ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { Scheduler } from '../../../electron/engine/scheduler/scheduler.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { SECRET_KEYS } from '../../../shared/config/elements.ts';
import { startDynamicsSimulator, startSageCrmSimulator } from '../../../electron/simulators/index.ts';
import { BIN } from '../../cli/support/runCli.ts';
import { SEEDS } from '../../support/seeds.ts';

const read = (name: string) => JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as Record<string, unknown>;
const fixtures = () => ({ sage: read('sagecrm-instance-example.json'), dynamicsTracking: read('dynamicscrmadfs-instance-2016.json'), dynamicsByDate: read('dynamicscrmadfs-instance-legacy.json') });

let demo: Demo | undefined;
let engine: Engine | undefined;
let app: Application | undefined;

afterEach(async () => {
  await app?.stop();
  engine?.close();
  await demo?.stop();
  app = undefined;
  engine = undefined;
  demo = undefined;
});

async function startInProcessDemo(changesPerMinute: number): Promise<Demo> {
  const dataEndTime = Date.now() - 10 * 60_000;
  const sage = await startSageCrmSimulator({ seed: 'demo-test', changesPerMinute, dataEndTime });
  const dynamics = await startDynamicsSimulator({ seed: 'demo-test', changesPerMinute, dataEndTime });
  return startDemo({ crms: { sage, dynamics, close: async () => void (await Promise.all([sage.close(), dynamics.close()])) }, fixtures: fixtures() });
}

const waitFor = async (condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
};

describe('demo mode', () => {
  it('shows events from every demo instance at once, then created, updated and deleted records every (shrunk) minute', { timeout: 30_000 }, async () => {
    demo = await startInProcessDemo(600);
    const current = demo;
    engine = new Engine({ dataDir: current.dataDir, settings: openConfSettings(current.dataDir), secrets: openSecretStore('env', { env: current.secretEnv, knownKeys: SECRET_KEYS }) });
    // A minute lasts 400 ms here; the refresh interval is the real minimum, 1 minute.
    const scheduler = new Scheduler(engine, { minuteMs: 400, maxStartJitterMs: 0 });
    const events: { instance: string; event: ChangeEvent }[] = [];
    scheduler.on('events', ({ instance, events: batch }) => events.push(...batch.map((event) => ({ instance: instance.name, event }))));
    engine.deliveries.start();

    const started = Date.now();
    const instances = await current.addInstances({ engine, scheduler });
    expect(instances.map((instance) => instance.name)).toEqual([DEMO_SAGE, DEMO_DYNAMICS, DEMO_DYNAMICS_BY_DATE]);
    // The first polls show the warm-up changes: well within a minute.
    expect(new Set(events.map((entry) => entry.instance))).toEqual(new Set([DEMO_SAGE, DEMO_DYNAMICS, DEMO_DYNAMICS_BY_DATE]));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(events.filter((entry) => entry.instance === DEMO_SAGE).map((entry) => `${entry.event.resource} ${entry.event.eventType}`).sort()).toEqual(
      expect.arrayContaining(['accounts CREATED', 'contacts UPDATED', 'leads CREATED', 'opportunities UPDATED']),
    );

    scheduler.start();
    const types = () => new Set(events.map((entry) => `${entry.instance} ${entry.event.eventType}`));
    const all = [DEMO_SAGE, DEMO_DYNAMICS].flatMap((name) => ['CREATED', 'UPDATED', 'DELETED'].map((type) => `${name} ${type}`));
    const seen = await waitFor(() => all.every((key) => types().has(key)), 15_000);
    await scheduler.stop();
    expect([...types()].sort()).toEqual(expect.arrayContaining(all.sort()));
    expect(seen).toBe(true);
    expect(scheduler.status().every((status) => status.lastError === undefined)).toBe(true);

    // The webhooks reach the demo's receiver.
    expect(await waitFor(() => current.received() > 0, 5_000)).toBe(true);
    await engine.deliveries.stop(1000);
  });

  it('serves the demo through the service (serve --demo): labelled as demo, instances ready', async () => {
    demo = await startInProcessDemo(0);
    app = startApplication({
      dataDir: demo.dataDir,
      settings: openConfSettings(demo.dataDir),
      secrets: openSecretStore('env', { env: demo.secretEnv, knownKeys: SECRET_KEYS }),
      service: { version: 'test', transport: 'http', dataDir: demo.dataDir, demo: true },
      scheduler: { maxStartJitterMs: 0 },
    });
    await demo.addInstances(app);
    expect((await app.service.getAppInfo()).demo).toBe(true);
    const instances = await app.service.listInstances();
    expect(instances.map((instance) => instance.name)).toEqual([DEMO_SAGE, DEMO_DYNAMICS, DEMO_DYNAMICS_BY_DATE]);
    const { events } = await app.service.queryEvents({});
    expect(events.length).toBeGreaterThanOrEqual(8);
    // Every demo credential came from the env-style map, none from a keychain or the settings file.
    const stored = readFileSync(join(demo.dataDir, 'settings.json'), 'utf8');
    expect(stored).toContain(DEMO_SAGE);
    expect(stored).not.toMatch(/"(user\.)?password"/);
    expect(stored).not.toContain(demo.crms.dynamics.password);
  });

  it('runs as the real `crm-event-poller demo` process: events within seconds, a clean stop, no data left', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--changes-per-minute', '30'], { env: { ...process.env, CRM_EVENT_POLLER_HOME: '/nonexistent-demo-home' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const instances = () => new Set(stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { instance: string }).instance));
    const ready = await waitFor(() => instances().size === 3, 20_000);
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toContain('DEMO MODE');
    expect(ready).toBe(true);
    expect([...instances()].sort()).toEqual([DEMO_SAGE, DEMO_DYNAMICS, DEMO_DYNAMICS_BY_DATE].sort());
    expect(code).toBe(0);
    expect(stderr).toContain('demo stopped');
    const dataDir = /Data dir \(removed on exit\): (\S+)/.exec(stderr)?.[1];
    expect(dataDir).toBeDefined();
    expect(existsSync(dataDir as string)).toBe(false);
  });
});
