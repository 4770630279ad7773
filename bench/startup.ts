/**
 * `npm run bench -- startup`: how long the command takes to answer, against `node -e 0` in the same
 * run (the least any Node program costs here), each timed from spawn to exit, rounds interleaved,
 * medians compared: `--version`, `status` on an empty data dir, `validate` of the Sage CRM example
 * (through the bin, so from the bundle built at install when it is fresh); and `npx crm-event-poller
 * --version` inside the project against `npx node -e 0`.
 * Targets: each command <= 4 x `node -e 0`; npx <= 0.4 s more than npx running `node -e 0`.
 * BENCH_ROUNDS sets the rounds (default 7).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshBundle } from '../bin/bundle.js';
import { CLI_COMMAND, median, targetLine } from './measure.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROOT = join(import.meta.dirname, '..');
const SAGE_EXAMPLE = join(ROOT, 'electron', 'engine', 'demo', 'seeds', 'sagecrm-instance-example.json');
const dataDir = mkdtempSync(join(tmpdir(), 'cep-bench-startup-'));
// The command as a user runs it: not the tests' switch to the sources.
const env = { ...process.env, CRM_EVENT_POLLER_FROM_SOURCES: undefined };

const RUNS: Record<string, string[]> = {
  'node -e 0': [process.execPath, '-e', '0'],
  '--version': [process.execPath, ...CLI_COMMAND, '--version'],
  'status (empty data dir)': [process.execPath, ...CLI_COMMAND, '--data-dir', dataDir, 'status'],
  'validate (Sage CRM example)': [process.execPath, ...CLI_COMMAND, 'validate', SAGE_EXAMPLE],
  'npx node -e 0': ['npx', 'node', '-e', '0'],
  'npx crm-event-poller --version': ['npx', 'crm-event-poller', '--version'],
};

function timeRun([command, ...args]: string[]): number {
  const started = performance.now();
  const result = spawnSync(command as string, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited with ${result.status}: ${result.stderr}`);
  return ms;
}

try {
  const bundle = freshBundle(ROOT);
  console.log(`startup: ${ROUNDS} rounds, interleaved (medians); the command starts from ${bundle ? 'the bundle (out/cli/main.js)' : 'the TypeScript sources: the bundle is missing or stale, run "npm run build:cli"'}`);
  console.log(`  machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(1)} (start-ups stretch when other work competes)`);
  for (const run of Object.values(RUNS)) timeRun(run); // warm the OS caches and Node's compile cache
  const times = new Map<string, number[]>(Object.keys(RUNS).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) for (const [name, run] of Object.entries(RUNS)) times.get(name)?.push(timeRun(run));
  const ms = (name: string) => median(times.get(name) ?? []);
  const node = ms('node -e 0');
  console.log(`  baseline node -e 0: ${node.toFixed(0)} ms`);
  for (const name of ['--version', 'status (empty data dir)', 'validate (Sage CRM example)']) {
    console.log(`  ${name}: ${ms(name).toFixed(0)} ms, ${(ms(name) / node).toFixed(1)} x node -e 0`);
  }
  const npxExtra = ms('npx crm-event-poller --version') - ms('npx node -e 0');
  console.log(`  npx node -e 0: ${ms('npx node -e 0').toFixed(0)} ms; npx crm-event-poller --version: ${ms('npx crm-event-poller --version').toFixed(0)} ms (${npxExtra.toFixed(0)} ms more, ${(npxExtra / node).toFixed(1)} x node -e 0: what the command adds to npx, npx itself now finding it locally)`);
  for (const name of ['--version', 'status (empty data dir)', 'validate (Sage CRM example)']) {
    console.log(targetLine(`${name} ${(ms(name) / node).toFixed(1)} x node -e 0`, '<= 4 x', ms(name) / node <= 4));
  }
  console.log(targetLine(`npx crm-event-poller --version ${npxExtra.toFixed(0)} ms more than npx node -e 0`, '<= 400 ms more', npxExtra <= 400));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
