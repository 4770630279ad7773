/**
 * One measured run in a fresh process: `engine` polls and commits every record through the real
 * engine; `baseline` fetches and JSON.parses the same pages; `store` times only the event store's
 * inserts of the same events (fetched and derived beforehand, untimed): the floor any engine design
 * pays for keeping one row per event. Prints {ms, maxRssMb, records}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/engine/engine.ts';
import { eventId, type ChangeEvent } from '../electron/engine/polling/events.ts';
import { inTransaction, openDatabase } from '../electron/engine/store/database.ts';
import { EventStore } from '../electron/engine/store/eventStore.ts';
import { openSecretStore } from '../electron/engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../electron/engine/settings/openConfSettings.ts';

const [mode, baseUrl, totalText, pageSizeText] = process.argv.slice(2);
const total = Number(totalText);
const pageSize = Number(pageSizeText);

interface BenchRecord {
  id: string;
  created: string;
  updated: string;
}

async function fetchPages(onPage: (records: BenchRecord[]) => void): Promise<void> {
  for (let offset = 0; ; offset += pageSize) {
    const response = await fetch(`${baseUrl}/items?offset=${offset}&limit=${pageSize}`);
    const body = JSON.parse(await response.text()) as { data: BenchRecord[] };
    onPage(body.data);
    if (body.data.length < pageSize) return;
  }
}

async function baseline(): Promise<number> {
  let records = 0;
  await fetchPages((page) => (records += page.length));
  return records;
}

/** Returns the milliseconds spent storing, not the records: only the inserts are timed. */
async function storeOnly(): Promise<{ records: number; ms: number }> {
  const events: ChangeEvent[] = [];
  await fetchPages((page) => {
    for (const raw of page) {
      const changeTime = Date.parse(raw.updated);
      const eventType = raw.updated === raw.created ? 'CREATED' : 'UPDATED';
      events.push({ id: eventId(1, 'items', raw.id, changeTime, eventType), instanceId: 1, elementKey: 'generic', resource: 'items', objectId: raw.id, eventType, changeTime, pollTime: 0, raw });
    }
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'cep-bench-'));
  const db = openDatabase(join(dataDir, 'events.db'));
  const store = new EventStore(db);
  const started = performance.now();
  let records = 0;
  for (let start = 0; start < events.length; start += 2_000) {
    records += inTransaction(db, () => store.insert(events.slice(start, start + 2_000), undefined, Date.now())).length;
  }
  const ms = performance.now() - started;
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { records, ms };
}

/** The engine's CPU time over the poll (less stretched than wall time by other work on a shared machine). */
let cpuAtStart: NodeJS.CpuUsage | undefined;
let cpuAtEnd: NodeJS.CpuUsage | undefined;

/** Times the poll alone: opening the engine and saving the instance happen once per app start, not per poll. */
async function engineRun(): Promise<{ records: number; ms: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cep-bench-'));
  const engine = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }) });
  const iso = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
  const { instance } = await engine.addInstance({
    element: { key: 'generic' },
    name: 'bench',
    configuration: {
      'base.url': baseUrl,
      'event.poller.configuration': {
        items: {
          url: '/items?since=${epoch}',
          idField: 'id',
          recordsPath: 'data',
          paging: { type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize },
          datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: iso, createdDateField: 'created', createdDateFormat: iso },
        },
      },
    },
  });
  const started = performance.now();
  cpuAtStart = process.cpuUsage();
  const [outcome] = await engine.pollInstance(instance, { backfillSince: 0 });
  const ms = performance.now() - started;
  cpuAtEnd = process.cpuUsage(cpuAtStart);
  if (outcome?.error) throw outcome.error;
  const records = engine.stores.events.count();
  engine.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { records, ms };
}

async function timed(run: () => Promise<number>): Promise<{ records: number; ms: number }> {
  const started = performance.now();
  const records = await run();
  return { records, ms: performance.now() - started };
}

const { records, ms } = mode === 'store' ? await storeOnly() : mode === 'engine' ? await engineRun() : await timed(baseline);
if (records !== total) throw new Error(`${mode} saw ${records} records, expected ${total}`);
process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, records, cpuMs: cpuAtEnd && (cpuAtEnd.user + cpuAtEnd.system) / 1000 }) + '\n');
