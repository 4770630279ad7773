/**
 * One measured run in a fresh process: `engine` polls and commits every record through the real
 * engine; `baseline` fetches and JSON.parses the same pages. Prints {ms, maxRssMb, records}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/engine/engine.ts';
import { openSecretStore } from '../electron/engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../electron/engine/settings/openConfSettings.ts';

const [mode, baseUrl, totalText, pageSizeText] = process.argv.slice(2);
const total = Number(totalText);
const pageSize = Number(pageSizeText);

async function baseline(): Promise<number> {
  let records = 0;
  for (let offset = 0; ; offset += pageSize) {
    const response = await fetch(`${baseUrl}/items?offset=${offset}&limit=${pageSize}`);
    const body = JSON.parse(await response.text()) as { data: unknown[] };
    records += body.data.length;
    if (body.data.length < pageSize) return records;
  }
}

async function engineRun(): Promise<number> {
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
  const [outcome] = await engine.pollInstance(instance, { backfillSince: 0 });
  if (outcome?.error) throw outcome.error;
  const stored = engine.stores.events.count();
  engine.close();
  rmSync(dataDir, { recursive: true, force: true });
  return stored;
}

const started = performance.now();
const records = mode === 'engine' ? await engineRun() : await baseline();
const ms = performance.now() - started;
if (records !== total) throw new Error(`${mode} saw ${records} records, expected ${total}`);
process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, records }) + '\n');
