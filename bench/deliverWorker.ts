/**
 * One measured run in a fresh process. `outbox`: events are committed through the engine's outbox
 * hook (as a poll commits them) and delivered by the real worker, signed; `baseline`: the same
 * notification bodies are POSTed with plain fetch at the same concurrency, no database, no signing.
 * `burst` commits everything at once (pages of 500); `paced` commits 100 events every 25 ms.
 * Prints {ms, cpuMs, events, notifications, p50, p99} (latency: commit, or ready, to 2xx; cpuMs: this process's CPU time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DELIVERY_OPTIONS } from '../electron/engine/delivery/options.ts';
import { buildOutboxDrafts, type OutboxDraft } from '../electron/engine/delivery/payload.ts';
import { Engine } from '../electron/engine/engine.ts';
import { eventId, type ChangeEvent } from '../electron/engine/polling/events.ts';
import { openSecretStore } from '../electron/engine/secrets/openSecretStore.ts';
import { secretEnvName } from '../electron/engine/secrets/envStore.ts';
import { openConfSettings } from '../electron/engine/settings/openConfSettings.ts';
import { inTransaction } from '../electron/engine/store/database.ts';

const [mode, shape, url, totalText] = process.argv.slice(2) as ['outbox' | 'baseline', 'burst' | 'paced', string, string];
const total = Number(totalText);
const BURST_PAGE = 500;
const PACED_PAGE = 100;
const PACED_EVERY_MS = 25;
const NAME = 'bench';
const now = Date.now();

function events(instanceId: number): ChangeEvent[] {
  return Array.from({ length: total }, (_, i) => {
    const changeTime = now - total + i;
    const raw = { id: `rec-${i}`, name: `Company ${i}`, email: `contact${i}@example.com`, phone: `+1-555-${String(i).padStart(7, '0')}`, city: 'Leeds', status: 'customer', updated: changeTime };
    return { id: eventId(instanceId, 'items', raw.id, changeTime, 'UPDATED'), instanceId, elementKey: 'generic', resource: 'items', objectId: raw.id, eventType: 'UPDATED', changeTime, pollTime: now, raw };
  });
}

function pages<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Calls `commit` for each page, all at once or one every PACED_EVERY_MS. */
async function produce<T>(all: T[], commit: (page: T[]) => void): Promise<void> {
  if (shape === 'burst') return pages(all, BURST_PAGE).forEach(commit);
  for (const page of pages(all, PACED_PAGE)) {
    const due = performance.now() + PACED_EVERY_MS;
    commit(page);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
}

interface Run {
  ms: number;
  events: number;
  notifications: number;
  latencies: number[];
}

async function outboxRun(): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cep-bench-deliver-'));
  const env = {
    [secretEnvName(NAME, 'event.notification.signature.key')]: 'MySecretEventSignatureKey',
    [secretEnvName(NAME, 'event.notification.standardwebhooks.secret')]: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
  };
  const engine = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env }) });
  const { instance } = await engine.addInstance({
    element: { key: 'generic' },
    name: NAME,
    configuration: {
      'base.url': 'http://127.0.0.1:1',
      'event.notification.enabled': true,
      'event.notification.callback.url': url,
      'event.poller.configuration': { items: { url: '/items', idField: 'id', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } } },
    },
  });
  const config = engine.instances.load(instance).config;
  const committedAt = new Map<number, number>();
  const latencies: number[] = [];
  let fresh: number[] = [];
  let delivered = 0;
  let lastAt = 0;
  engine.deliveries.on('enqueued', ({ ids }) => fresh.push(...ids));
  const done = new Promise<void>((resolve, reject) => {
    engine.deliveries.on('attempt', ({ notification, decision, result }) => {
      if (decision.outcome !== 'delivered') return reject(new Error(`notification ${notification.id}: ${decision.outcome} (${result.error ?? result.status})`));
      lastAt = performance.now();
      latencies.push(lastAt - (committedAt.get(notification.id) as number));
      if (++delivered === Math.ceil(total / 10)) resolve();
    });
  });
  const all = events(instance.id);
  engine.deliveries.start();
  const started = performance.now();
  await produce(all, (page) => {
    fresh = [];
    inTransaction(engine.stores.db, () => {
      const inserted = engine.stores.events.insert(page, undefined, Date.now());
      engine.stores.onEventsStored?.(inserted, config);
    });
    const at = performance.now();
    for (const id of fresh) committedAt.set(id, at);
  });
  await done;
  await engine.deliveries.stop();
  engine.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { ms: lastAt - started, events: total, notifications: delivered, latencies };
}

async function baselineRun(): Promise<Run> {
  const instance = { name: NAME, elementKey: 'generic', tags: [], resources: [] };
  const all = events(1);
  const queue: { draft: OutboxDraft; readyAt: number }[] = [];
  const latencies: number[] = [];
  let inFlight = 0;
  let lastAt = 0;
  let wake: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (wake = resolve));
  const expected = Math.ceil(total / 10);
  const pump = () => {
    while (inFlight < DEFAULT_DELIVERY_OPTIONS.maxPerEndpoint && queue.length > 0) {
      const { draft, readyAt } = queue.shift() as { draft: OutboxDraft; readyAt: number };
      inFlight++;
      void fetch(url, { method: 'POST', body: draft.body, headers: { 'Content-Type': 'application/json' } })
        .then(async (response) => {
          await response.text();
          if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          lastAt = performance.now();
          latencies.push(lastAt - readyAt);
          inFlight--;
          if (latencies.length === expected) wake();
          pump();
        });
    }
  };
  const started = performance.now();
  await produce(all, (page) => {
    const at = performance.now();
    for (const draft of buildOutboxDrafts(page, instance)) queue.push({ draft, readyAt: at });
    pump();
  });
  await finished;
  return { ms: lastAt - started, events: total, notifications: latencies.length, latencies };
}

const cpuBefore = process.cpuUsage();
const run = mode === 'outbox' ? await outboxRun() : await baselineRun();
const cpu = process.cpuUsage(cpuBefore);
const sorted = [...run.latencies].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(`${JSON.stringify({ ms: run.ms, cpuMs, events: run.events, notifications: run.notifications, p50: at(0.5), p99: at(0.99) })}\n`);
