/**
 * `npm run bench -- idle`: what the poller costs while nothing changes. N generic instances
 * (N = 50, then 500) on a 1-minute interval against a local API answering empty pages; the real
 * `crm-event-poller run` is measured from outside (/proc: CPU time, RSS) over a window that starts
 * once every instance has polled. Then 500 instances on the default 15-minute interval, idle
 * between their polls. Baseline, measured in the same run: a bare Node process fetching and
 * JSON.parsing the same empty page at the same pace, its CPU per request.
 *
 * Targets: ≤ 5 ms of CPU per empty poll at both N, ratio 500/50 ≤ 1.3; 500 instances at 15 minutes
 * ≤ 0.5 % of a core over 5 minutes; RSS ≤ 200 MB at 500; RSS flat (its slope printed: how far the
 * lowest RSS of each window's second half lies above its first half's, so that the garbage
 * collector's sawtooth does not tilt it; see floorGrowth).
 * BENCH_IDLE_MINUTES (default 3), BENCH_IDLE_RSS_MINUTES (500 at 1 minute, default 6) and
 * BENCH_IDLE_LONG_MINUTES (default 5) set the windows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/engine/engine.ts';
import { openSecretStore } from '../electron/engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../electron/engine/settings/openConfSettings.ts';
import { CLI_COMMAND, cpuMs, floorGrowth, rssMb, sleep, targetLine } from './measure.ts';

const WINDOW_MIN = Number(process.env.BENCH_IDLE_MINUTES ?? 3);
const LONG_WINDOW_MIN = Number(process.env.BENCH_IDLE_LONG_MINUTES ?? 5);
/** 500 instances at 1 minute, whose RSS trend is judged: each half of the window holds one of its collection cycles (about 3 minutes). */
const RSS_WINDOW_MIN = Number(process.env.BENCH_IDLE_RSS_MINUTES ?? 6);
const SAMPLE_MS = 5_000;
/** `run` starts each instance within 30 s; a minute more lets the first round of polls finish. */
const WARM_UP_MS = 45_000;

let requests = 0;
const server = createServer((_request, response) => {
  requests++;
  response.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() }).end('{"data":[]}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function instanceDocument(index: number, intervalMinutes?: number): Record<string, unknown> {
  return {
    element: { key: 'generic' },
    name: `idle ${index}`,
    configuration: {
      'base.url': baseUrl,
      'auth.type': 'none',
      ...(intervalMinutes === undefined ? {} : { 'event.poller.refresh_interval': intervalMinutes }),
      'event.poller.configuration': {
        items: { url: '/items?since=${epoch}', idField: 'id', recordsPath: 'data', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } },
      },
    },
  };
}

async function dataDirWith(count: number, intervalMinutes?: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cep-bench-idle-'));
  const engine = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }) });
  for (let index = 1; index <= count; index++) await engine.addInstance(instanceDocument(index, intervalMinutes));
  engine.close();
  return dataDir;
}

interface Window {
  cpuMs: number;
  polls: number;
  seconds: number;
  rss: number[];
}

/** Samples a child from outside over `minutes`, after the warm-up. */
async function observe(child: ChildProcess, minutes: number): Promise<Window> {
  const pid = child.pid as number;
  await sleep(WARM_UP_MS);
  const startCpu = cpuMs(pid);
  const startRequests = requests;
  const started = performance.now();
  const rss: number[] = [];
  while (performance.now() - started < minutes * 60_000) {
    rss.push(rssMb(pid));
    await sleep(SAMPLE_MS);
  }
  rss.push(rssMb(pid));
  return { cpuMs: cpuMs(pid) - startCpu, polls: requests - startRequests, seconds: (performance.now() - started) / 1000, rss };
}

async function measureRun(count: number, minutes: number, intervalMinutes?: number): Promise<Window> {
  const dataDir = await dataDirWith(count, intervalMinutes);
  const child = spawn(process.execPath, [...CLI_COMMAND, '--data-dir', dataDir, '--secrets', 'env', 'run'], { stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    return await observe(child, minutes);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same request pace as `count` instances on a 1-minute interval, from a bare Node process. */
async function measureBaseline(count: number, minutes: number): Promise<Window> {
  const script = `
    const pace = 60000 / ${count};
    setInterval(async () => { JSON.parse(await (await fetch(${JSON.stringify(`${baseUrl}/items?since=0`)})).text()); }, pace);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  try {
    return await observe(child, minutes);
  } finally {
    child.kill();
    await new Promise((resolve) => child.once('close', resolve));
  }
}

const perPoll = (window: Window) => window.cpuMs / Math.max(1, window.polls);
const corePercent = (window: Window) => (window.cpuMs / (window.seconds * 1000)) * 100;
const rssSlope = (window: Window) => floorGrowth(window.rss, SAMPLE_MS / 60_000);
const rssLine = (window: Window) =>
  `RSS ${window.rss[0]?.toFixed(0)} → ${window.rss.at(-1)?.toFixed(0)} MB (max ${Math.max(...window.rss).toFixed(0)}), slope ${rssSlope(window).toFixed(2)} MB/min`;

try {
  console.log(`idle: \`run\` against a local API answering empty pages; ${WINDOW_MIN} min at N=50 and ${RSS_WINDOW_MIN} at N=500 after a ${WARM_UP_MS / 1000} s warm-up, then ${LONG_WINDOW_MIN} min at 15-minute intervals`);
  console.log(`  machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(1)} (CPU times grow when other work competes)`);
  const baseline = await measureBaseline(500, WINDOW_MIN);
  console.log(`  baseline (bare fetch + JSON.parse at 500 requests/min): ${perPoll(baseline).toFixed(2)} ms CPU per request, ${corePercent(baseline).toFixed(2)} % of a core`);
  const small = await measureRun(50, WINDOW_MIN, 1);
  console.log(`  N=50 at 1 min: ${small.polls} polls, ${perPoll(small).toFixed(2)} ms CPU per poll (${(perPoll(small) / perPoll(baseline)).toFixed(1)} x baseline), ${corePercent(small).toFixed(2)} % of a core; ${rssLine(small)}`);
  const large = await measureRun(500, RSS_WINDOW_MIN, 1);
  console.log(`  N=500 at 1 min: ${large.polls} polls, ${perPoll(large).toFixed(2)} ms CPU per poll (${(perPoll(large) / perPoll(baseline)).toFixed(1)} x baseline), ${corePercent(large).toFixed(2)} % of a core; ${rssLine(large)}`);
  const longRun = await measureRun(500, LONG_WINDOW_MIN);
  console.log(`  N=500 at 15 min: ${longRun.polls} polls in the window, ${corePercent(longRun).toFixed(3)} % of a core; ${rssLine(longRun)}`);
  // Averaged over a whole 15-minute cycle: every instance polls once, plus the idle cost between.
  const cycle = (perPoll(large) * 500 + (longRun.cpuMs / longRun.seconds) * 900) / (900 * 1000) * 100;
  console.log(`  N=500 at 15 min, one whole cycle (500 polls at the N=500 cost + idle): ${cycle.toFixed(3)} % of a core`);
  const ratio = perPoll(large) / perPoll(small);
  console.log(targetLine(`CPU per empty poll at N=50 ${perPoll(small).toFixed(2)} ms`, '<= 5 ms', perPoll(small) <= 5));
  console.log(targetLine(`CPU per empty poll at N=500 ${perPoll(large).toFixed(2)} ms`, '<= 5 ms', perPoll(large) <= 5));
  console.log(targetLine(`ratio 500/50 ${ratio.toFixed(2)}`, '<= 1.3', ratio <= 1.3));
  console.log(targetLine(`500 at 15 min over ${LONG_WINDOW_MIN} min ${corePercent(longRun).toFixed(3)} % of a core (whole cycle ${cycle.toFixed(3)} %)`, '<= 0.5 %', Math.max(corePercent(longRun), cycle) <= 0.5));
  const maxRss = Math.max(...large.rss, ...longRun.rss);
  console.log(targetLine(`RSS at 500 ${maxRss.toFixed(0)} MB`, '<= 200 MB', maxRss <= 200));
  const drift = Math.max(rssSlope(large), rssSlope(longRun));
  console.log(targetLine(`RSS slope ${drift.toFixed(2)} MB/min`, 'flat: <= 1 MB/min', drift <= 1));
} finally {
  server.close();
}

