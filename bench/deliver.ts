/**
 * `npm run bench -- deliver`: 20,000 events to a healthy local receiver (a child process).
 * The outbox run commits events through the engine's outbox hook, as a poll does, and the real
 * worker delivers them signed; the baseline POSTs the same notification bodies with plain fetch at
 * the same concurrency, without the outbox (no database, no signing, no bookkeeping). Each runs in
 * a fresh process, alternating, and medians are compared.
 *  - burst: everything committed at once, in pages of 500 (throughput: commit of the first to 2xx of the last);
 *  - paced: 100 events every 25 ms (4,000 events/s offered), the latency from commit to 2xx while keeping up.
 * Targets: >= 1,000 events/s and p99 < 100 ms while the receiver is healthy.
 */
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = import.meta.dirname;

interface Run {
  ms: number;
  cpuMs: number;
  events: number;
  notifications: number;
  p50: number;
  p99: number;
}

const receiver = spawn(process.execPath, [`${here}/deliverReceiver.ts`], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve) => createInterface({ input: receiver.stdout }).once('line', resolve));

function measure(mode: 'outbox' | 'baseline', shape: 'burst' | 'paced'): Run {
  const output = execFileSync(process.execPath, [`${here}/deliverWorker.ts`, mode, shape, url, String(TOTAL)], { encoding: 'utf8' });
  return JSON.parse(output) as Run;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const rate = (run: { ms: number }) => (TOTAL / run.ms) * 1000;
const summary = (runs: Run[]) => ({
  ms: median(runs.map((run) => run.ms)),
  cpuMs: median(runs.map((run) => run.cpuMs)),
  p50: median(runs.map((run) => run.p50)),
  p99: median(runs.map((run) => run.p99)),
});

try {
  measure('baseline', 'burst'); // warm the receiver and the OS caches
  const runs = { outbox: { burst: [] as Run[], paced: [] as Run[] }, baseline: { burst: [] as Run[], paced: [] as Run[] } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const shape of ['burst', 'paced'] as const) {
      runs.baseline[shape].push(measure('baseline', shape));
      runs.outbox[shape].push(measure('outbox', shape));
    }
  }
  const burst = { outbox: summary(runs.outbox.burst), baseline: summary(runs.baseline.burst) };
  const paced = { outbox: summary(runs.outbox.paced), baseline: summary(runs.baseline.paced) };
  const throughput = rate(burst.outbox);
  const ratio = burst.outbox.ms / burst.baseline.ms;
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`deliver: ${TOTAL} events (${TOTAL / 10} notifications of 10) to a local receiver, ${ROUNDS} rounds (medians)`);
  console.log(`  machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(1)} (latencies stretch when other work competes for the CPUs)`);
  console.log(`  burst, baseline (plain POSTs, no outbox): ${burst.baseline.ms.toFixed(0)} ms, ${rate(burst.baseline).toFixed(0)} events/s, p99 ${f(burst.baseline.p99)}`);
  console.log(`  burst, outbox (commit, sign, POST, record): ${burst.outbox.ms.toFixed(0)} ms, ${throughput.toFixed(0)} events/s, p50 ${f(burst.outbox.p50)}, p99 ${f(burst.outbox.p99)} (queued behind the burst)`);
  console.log(`  ratio outbox/baseline: ${ratio.toFixed(2)} in time; CPU ${(burst.outbox.cpuMs / burst.baseline.cpuMs).toFixed(2)} (${((burst.outbox.cpuMs * 1000) / (TOTAL / 10)).toFixed(0)} vs ${((burst.baseline.cpuMs * 1000) / (TOTAL / 10)).toFixed(0)} µs per notification, sender process)`);
  console.log(`  paced at 4,000 events/s: baseline p50 ${f(paced.baseline.p50)}, p99 ${f(paced.baseline.p99)}; outbox p50 ${f(paced.outbox.p50)}, p99 ${f(paced.outbox.p99)} (commit to 2xx)`);
  console.log(`  throughput target >= 1000 events/s: ${throughput >= 1000 ? 'OK' : 'MISSED'}`);
  console.log(`  p99 target < 100 ms (paced, receiver healthy): ${paced.outbox.p99 < 100 ? 'OK' : 'MISSED'}`);
} finally {
  receiver.kill('SIGTERM');
}
