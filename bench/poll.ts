/**
 * `npm run bench -- poll`: 100,000 changed records in pages of 500 from a local server. The engine
 * polls and commits them; the baseline only fetches and JSON.parses the same pages. Each runs in a
 * fresh process, alternating, and the medians are compared. Targets: ratio ≤ 1.5, engine peak RSS < 300 MB.
 * Also printed, to read the ratio against: the event store's inserts of the same events alone.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 100_000);
const PAGE_SIZE = 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = import.meta.dirname;

const server = spawn(process.execPath, [`${here}/pageServer.ts`, String(TOTAL), String(PAGE_SIZE)], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve) => createInterface({ input: server.stdout }).once('line', resolve));

interface Run {
  ms: number;
  maxRssMb: number;
}

function measure(mode: 'engine' | 'baseline' | 'store'): Run {
  const output = execFileSync(process.execPath, [`${here}/pollWorker.ts`, mode, url, String(TOTAL), String(PAGE_SIZE)], { encoding: 'utf8' });
  return JSON.parse(output) as Run;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

try {
  measure('baseline'); // warm the server's pages and the OS caches
  const engine: Run[] = [];
  const baseline: Run[] = [];
  const store: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(measure('baseline'));
    engine.push(measure('engine'));
    store.push(measure('store'));
  }
  const engineMs = median(engine.map((run) => run.ms));
  const baselineMs = median(baseline.map((run) => run.ms));
  const storeMs = median(store.map((run) => run.ms));
  const peakRss = Math.max(...engine.map((run) => run.maxRssMb));
  const ratio = engineMs / baselineMs;
  console.log(`poll: ${TOTAL} records in pages of ${PAGE_SIZE}, ${ROUNDS} rounds (medians)`);
  console.log(`  baseline (fetch + JSON.parse): ${baselineMs.toFixed(0)} ms`);
  console.log(`  engine (poll + classify + commit): ${engineMs.toFixed(0)} ms, ${((TOTAL / engineMs) * 1000).toFixed(0)} records/s`);
  console.log(`  store alone (the same events' inserts, nothing else): ${storeMs.toFixed(0)} ms, ${(storeMs / baselineMs).toFixed(2)} x baseline`);
  // What the engine adds beyond the two parts no design can skip (fetching and parsing, storing each event).
  console.log(`  engine / (baseline + store alone): ${(engineMs / (baselineMs + storeMs)).toFixed(2)}`);
  console.log(`  ratio engine/baseline: ${ratio.toFixed(2)} (target <= 1.5) ${ratio <= 1.5 ? 'OK' : 'MISSED'}`);
  console.log(`  engine peak RSS: ${peakRss.toFixed(0)} MB (target < 300 MB) ${peakRss < 300 ? 'OK' : 'MISSED'}`);
} finally {
  server.kill();
}
