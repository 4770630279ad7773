/**
 * `npm run bench -- latency`: "Poll now" to the screen. One new record on a local API (a child
 * process), then the API's pollNow call (the service the window and `serve` call) until its
 * events-added push, 50 tries: p50 and p95. Baseline, in the same run: the same change and one
 * bare fetch + JSON.parse of the same listing, timed the same way. Target: p95 <= 50 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openSecretStore } from '../electron/engine/secrets/openSecretStore.ts';
import { startApplication } from '../electron/engine/service/application.ts';
import { openConfSettings } from '../electron/engine/settings/openConfSettings.ts';
import { median, percentile, targetLine } from './measure.ts';

const TRIES = Number(process.env.BENCH_TRIES ?? 50);

const server = spawn(process.execPath, [join(import.meta.dirname, 'changingServer.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const baseUrl = await new Promise<string>((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
const change = async () => (await fetch(`${baseUrl}/change`, { method: 'POST' })).json();

const dataDir = mkdtempSync(join(tmpdir(), 'cep-bench-latency-'));
const app = startApplication({
  dataDir,
  settings: openConfSettings(dataDir),
  secrets: openSecretStore('env', { env: {} }),
  service: { version: 'bench', transport: 'ipc', dataDir },
  // Only "poll now" polls: the schedule's first poll is far away.
  scheduler: { maxStartJitterMs: 0, minuteMs: 3_600_000 },
});

try {
  const { instance } = await app.engine.addInstance({
    element: { key: 'generic' },
    name: 'latency',
    configuration: {
      'base.url': baseUrl,
      'auth.type': 'none',
      'event.poller.configuration': {
        items: { url: '/items?since=${epoch}', idField: 'id', recordsPath: 'data', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } },
      },
    },
  });
  app.scheduler.refresh();
  await app.service.pollNow(instance.id); // the first poll sets the cursor

  const pushed = () => new Promise<void>((resolve) => {
    const stop = app.service.subscribe((...[topic]) => {
      if (topic !== 'events-added') return;
      stop();
      resolve();
    });
  });
  const engineMs: number[] = [];
  const baselineMs: number[] = [];
  for (let attempt = 0; attempt < TRIES; attempt++) {
    await change();
    const before = Date.now() - 60_000;
    let started = performance.now();
    JSON.parse(await (await fetch(`${baseUrl}/items?since=${before}`)).text());
    baselineMs.push(performance.now() - started);

    await change();
    const screen = pushed();
    started = performance.now();
    await Promise.all([app.service.pollNow(instance.id), screen]);
    engineMs.push(performance.now() - started);
  }
  const p50 = median(engineMs);
  const p95 = percentile(engineMs, 0.95);
  console.log(`latency: poll now → events-added push for one new record on a local API, ${TRIES} tries`);
  console.log(`  machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(1)} (latencies stretch when other work competes)`);
  console.log(`  baseline (bare fetch + JSON.parse of the listing): p50 ${median(baselineMs).toFixed(1)} ms, p95 ${percentile(baselineMs, 0.95).toFixed(1)} ms`);
  console.log(`  poll now to push: p50 ${p50.toFixed(1)} ms (${(p50 / median(baselineMs)).toFixed(1)} x baseline), p95 ${p95.toFixed(1)} ms, max ${Math.max(...engineMs).toFixed(1)} ms`);
  console.log(targetLine(`p95 ${p95.toFixed(1)} ms`, '<= 50 ms', p95 <= 50));
} finally {
  await app.stop();
  server.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
