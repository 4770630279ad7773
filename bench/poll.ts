/**
 * `npm run bench -- poll`: 100,000 changed records in pages of 500 from a local server. The engine
 * polls and commits them; the baseline only fetches and JSON.parses the same pages; "store alone"
 * times only the event store's inserts of the same events: the floor any design pays for keeping one
 * row per event. Each runs in a fresh process (with the V8 flags the command and the app start
 * with, bin/v8Flags.js), alternating, and the medians are compared.
 * Targets: engine / (baseline + store alone) ≤ 1.15, store alone ≤ 2.0 × baseline, engine peak RSS
 * < 250 MB; and at scale (1,000,000 records, BENCH_SCALE_RECORDS; 0 skips it) a per-record time
 * within 1.2 × of the 100,000 run with peak RSS < 300 MB.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { V8_FLAGS } from '../bin/v8Flags.js';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 100_000);
const SCALE_TOTAL = Number(process.env.BENCH_SCALE_RECORDS ?? 1_000_000);
const PAGE_SIZE = 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = import.meta.dirname;

interface Run {
  ms: number;
  maxRssMb: number;
}

interface PageServer {
  url: string;
  stop(): void;
}

async function startPageServer(total: number): Promise<PageServer> {
  const server = spawn(process.execPath, [`${here}/pageServer.ts`, String(total), String(PAGE_SIZE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
  return { url, stop: () => server.kill() };
}

function measure(mode: 'engine' | 'baseline' | 'store', server: PageServer, total: number): Run {
  const output = execFileSync(process.execPath, [...V8_FLAGS, `${here}/pollWorker.ts`, mode, server.url, String(total), String(PAGE_SIZE)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output) as Run;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');

const server = await startPageServer(TOTAL);
let engineMs: number;
try {
  measure('baseline', server, TOTAL); // warm the server's pages and the OS caches
  const engine: Run[] = [];
  const baseline: Run[] = [];
  const store: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(measure('baseline', server, TOTAL));
    engine.push(measure('engine', server, TOTAL));
    store.push(measure('store', server, TOTAL));
  }
  engineMs = median(engine.map((run) => run.ms));
  const baselineMs = median(baseline.map((run) => run.ms));
  const storeMs = median(store.map((run) => run.ms));
  const peakRss = Math.max(...engine.map((run) => run.maxRssMb));
  // What the engine adds beyond the two parts no design can skip (fetching and parsing, storing each event).
  const overhead = engineMs / (baselineMs + storeMs);
  const storeRatio = storeMs / baselineMs;
  console.log(`poll: ${TOTAL} records in pages of ${PAGE_SIZE}, ${ROUNDS} rounds (medians)`);
  console.log(`  baseline (fetch + JSON.parse): ${baselineMs.toFixed(0)} ms`);
  console.log(`  engine (poll + classify + commit): ${engineMs.toFixed(0)} ms, ${((TOTAL / engineMs) * 1000).toFixed(0)} records/s`);
  console.log(`  store alone (the same events' inserts, nothing else): ${storeMs.toFixed(0)} ms, ${storeRatio.toFixed(2)} x baseline (target <= 2.0) ${verdict(storeRatio <= 2)}`);
  console.log(`  engine / (baseline + store alone): ${overhead.toFixed(2)} (target <= 1.15) ${verdict(overhead <= 1.15)}`);
  console.log(`  ratio engine/baseline: ${(engineMs / baselineMs).toFixed(2)}`);
  console.log(`  engine peak RSS: ${peakRss.toFixed(0)} MB (target < 250 MB) ${verdict(peakRss < 250)}`);
} finally {
  server.stop();
}

if (SCALE_TOTAL > 0) {
  const scaleServer = await startPageServer(SCALE_TOTAL);
  try {
    const run = measure('engine', scaleServer, SCALE_TOTAL);
    const perRecord = run.ms / SCALE_TOTAL / (engineMs / TOTAL);
    console.log(`  scale: ${SCALE_TOTAL} records: engine ${run.ms.toFixed(0)} ms, per record ${perRecord.toFixed(2)} x the ${TOTAL} run (target <= 1.2) ${verdict(perRecord <= 1.2)}, peak RSS ${run.maxRssMb.toFixed(0)} MB (target < 300 MB) ${verdict(run.maxRssMb < 300)}`);
  } finally {
    scaleServer.stop();
  }
}
