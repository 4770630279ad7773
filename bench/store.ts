/**
 * `npm run bench -- store`: the event store at 1,000,000 events, on disk.
 *  - inserts: 1,000,000 events in transactions of 2,000 (as polls store them: the event loop
 *    turns between them, and the engine's background checkpoints take the WAL), the rate of each
 *    200,000; baseline, in the same run: the same rows into a table with no index but its key.
 *  - the Events view's queries at 1,000,000 (a page of 200 and the total, as the view asks):
 *    newest, by instance, by type, by text, by change-time range.
 *  - pruning 500,000 of them by age, as the engine does (bounded steps): the longest step, which is
 *    the longest the write lock is held; against the same prune as one statement, on a copy.
 * Targets: insert rate flat within 1.3 x; each query <= 400 ms; each pruning step <= 50 ms.
 * BENCH_STORE_EVENTS sets the size (default 1,000,000).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { eventId, type ChangeEvent, type EventType } from '../electron/engine/polling/events.ts';
import { inTransaction, openDatabase, type Database } from '../electron/engine/store/database.ts';
import { EventStore, type EventQuery } from '../electron/engine/store/eventStore.ts';
import { Retention } from '../electron/engine/store/retention.ts';
import { BackgroundCheckpoints } from '../electron/engine/store/backgroundCheckpoints.ts';
import { median, percentile, targetLine } from './measure.ts';

const TOTAL = Number(process.env.BENCH_STORE_EVENTS ?? 1_000_000);
const SLICE = TOTAL / 5;
const BATCH = 2_000;
const INSTANCES = 10;
const TYPES: EventType[] = ['CREATED', 'UPDATED', 'UPDATED', 'DELETED'];
const START = Date.parse('2024-01-01T00:00:00Z');
const OLD = 1_000;
const RECENT = 2_000;

function event(index: number): ChangeEvent {
  const instanceId = (index % INSTANCES) + 1;
  const objectId = `rec-${index}`;
  const changeTime = START + index * 1000;
  const eventType = TYPES[index % TYPES.length] as EventType;
  const raw = { id: objectId, name: `Company ${index}`, email: `contact${index}@example.com`, city: ['Berlin', 'Denver', 'Pune', 'Leeds'][index % 4], updated: new Date(changeTime).toISOString() };
  return { id: eventId(instanceId, 'accounts', objectId, changeTime, eventType), instanceId, elementKey: 'generic', resource: index % 3 ? 'accounts' : 'contacts', objectId, eventType, changeTime, pollTime: changeTime, raw };
}

async function timedTurns(work: () => void, times: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < times; index++) {
    work();
    await nextTurn();
  }
  return performance.now() - started;
}

function timed<T>(work: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = work();
  return { ms: performance.now() - started, result };
}

const dir = mkdtempSync(join(tmpdir(), 'cep-bench-store-'));
try {
  console.log(`store: ${TOTAL.toLocaleString('en')} events on disk (SQLite, WAL), in transactions of ${BATCH}`);
  console.log(`  machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(1)} (times stretch when other work competes)`);

  // Baseline: the same rows, in the same transactions, into a table with nothing but its key.
  const bare = openDatabase(join(dir, 'bare.sqlite'));
  bare.exec('CREATE TABLE bare (seq INTEGER PRIMARY KEY, id TEXT, instance_id INTEGER, element_key TEXT, resource TEXT, object_id TEXT, event_type TEXT, change_time INTEGER, poll_time INTEGER, raw TEXT, stored_at INTEGER)');
  const bareInsert = bare.prepare('INSERT INTO bare (id, instance_id, element_key, resource, object_id, event_type, change_time, poll_time, raw, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');

  const db = openDatabase(join(dir, 'events.sqlite'));
  const store = new EventStore(db);
  const writerCheckpoints = new BackgroundCheckpoints(db, join(dir, 'events.sqlite'));
  const storeRates: number[] = [];
  const bareRates: number[] = [];
  for (let slice = 0; slice < TOTAL / SLICE; slice++) {
    const events = Array.from({ length: SLICE }, (_, i) => event(slice * SLICE + i));
    // The older half is what pruning removes later.
    const storedAt = (start: number) => (slice * SLICE + start < TOTAL / 2 ? OLD : RECENT);
    let batch = 0;
    const storedMs = await timedTurns(() => {
      const start = batch++ * BATCH;
      inTransaction(db, () => writerCheckpoints.wrote(store.insert(events.slice(start, start + BATCH), undefined, storedAt(start)).length));
    }, SLICE / BATCH);
    batch = 0;
    const baselineMs = await timedTurns(() => {
      const start = batch++ * BATCH;
      inTransaction(bare, () => {
        for (const e of events.slice(start, start + BATCH)) bareInsert.run(e.id, e.instanceId, e.elementKey, e.resource, e.objectId, e.eventType, e.changeTime, e.pollTime, JSON.stringify(e.raw), storedAt(start));
      });
    }, SLICE / BATCH);
    storeRates.push((SLICE / storedMs) * 1000);
    bareRates.push((SLICE / baselineMs) * 1000);
    console.log(`  inserts ${((slice + 1) * SLICE).toLocaleString('en')}: ${storeRates.at(-1)?.toFixed(0)} events/s (baseline, no index: ${bareRates.at(-1)?.toFixed(0)}/s, ratio ${(storedMs / baselineMs).toFixed(2)})`);
  }
  bare.close();

  const queries: [string, EventQuery][] = [
    ['newest page', {}],
    ['by instance', { instanceId: 3 }],
    ['by type', { eventType: 'DELETED' }],
    ['by text', { text: 'contact777777@' }],
    ['by change-time range', { since: START + (TOTAL / 2) * 1000, until: START + (TOTAL / 2 + 86_400) * 1000 }],
  ];
  const queryMs: number[] = [];
  for (const [name, query] of queries) {
    const { ms, result } = timed(() => {
      const page = store.page({ ...query, limit: 200 });
      return { rows: page.events.length, total: page.total };
    });
    queryMs.push(ms);
    console.log(`  query ${name}: ${ms.toFixed(0)} ms (${result.rows} rows of ${result.total.toLocaleString('en')})`);
  }

  writerCheckpoints.close();
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(join(dir, 'events.sqlite'), join(dir, 'copy.sqlite'));

  // As before: one DELETE, one transaction, on a copy of the same store.
  const copy: Database = openDatabase(join(dir, 'copy.sqlite'));
  const oneStatement = timed(() => Number(copy.prepare('DELETE FROM events WHERE stored_at < ?').run(RECENT).changes));
  copy.close();

  const pruned = openDatabase(join(dir, 'events.sqlite'));
  const events = new EventStore(pruned);
  const steps: number[] = [];
  const checkpoints = new BackgroundCheckpoints(pruned, join(dir, 'events.sqlite'));
  const retention = new Retention({ steps: () => events.retentionSteps({ olderThan: RECENT }), checkpoints, onStep: (ms) => steps.push(ms), onError: (error) => { throw error; } });
  const started = performance.now();
  const removed = await retention.request({ byAge: true, instances: new Set() });
  const pruneMs = performance.now() - started;
  pruned.close();
  const longest = Math.max(...steps);
  console.log(`  pruning ${removed.toLocaleString('en')} events: ${steps.length} steps in ${pruneMs.toFixed(0)} ms; each step (the write lock held): median ${median(steps).toFixed(1)} ms, p99 ${percentile(steps, 0.99).toFixed(1)} ms, longest ${longest.toFixed(1)} ms (step ${steps.indexOf(longest) + 1})`);
  console.log(`  baseline, the same prune as one statement (one transaction): ${oneStatement.result.toLocaleString('en')} in ${oneStatement.ms.toFixed(0)} ms, ${(oneStatement.ms / longest).toFixed(0)} x the longest step`);

  const flatness = Math.max(...storeRates) / Math.min(...storeRates);
  // The same ratio against the baseline inserted beside each slice, which other work slows alike.
  const relative = storeRates.map((rate, index) => (bareRates[index] as number) / rate);
  const relativeFlatness = Math.max(...relative) / Math.min(...relative);
  console.log(`  insert rate, fastest/slowest 200,000: ${flatness.toFixed(2)}; of the ratio to the baseline beside it: ${relativeFlatness.toFixed(2)}`);
  console.log(targetLine(`insert rate flat: fastest/slowest 200,000 ${flatness.toFixed(2)}`, '<= 1.3', flatness <= 1.3));
  queries.forEach(([name], index) => console.log(targetLine(`query ${name} ${(queryMs[index] as number).toFixed(0)} ms`, '<= 400 ms', (queryMs[index] as number) <= 400)));
  console.log(targetLine(`longest pruning step ${longest.toFixed(1)} ms`, '<= 50 ms', longest <= 50));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
