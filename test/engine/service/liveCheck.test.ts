/**
 * One validator, live and on save: for each bad input, what the editor's live check shows (the API's
 * validateInstance, as the window calls it), what Save refuses (createInstance) and what
 * `crm-event-poller validate --json` reports are the same problems at the same paths. (The window once
 * ran the validator in the browser, whose URL parser takes "https://not a url at all" as a host.)
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../../shared/config/problems.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { tempDataDir } from '../support/harness.ts';

const accounts = {
  url: "/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
  idField: 'key',
  datesConfiguration: { updatedDateField: 'Comp_UpdatedDate', updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'" },
};

function sage(configuration: Record<string, unknown>, resource: Record<string, unknown> = accounts) {
  return { element: { key: 'sagecrm' }, name: 'Live check', configuration: { subdomain: 'crm.example.org', username: 'poller', 'event.poller.configuration': { accounts: resource }, ...configuration } };
}

const BAD_INPUTS: { name: string; document: unknown }[] = [
  { name: 'a Sage CRM server that is not a URL at all', document: sage({ subdomain: 'not a url at all' }) },
  { name: 'a Dynamics tenant with spaces', document: { element: { key: 'dynamicscrmadfs' }, name: 'Live check', configuration: { 'dynamics.tenant': 'my org . crm', 'user.username': 'u', 'event.poller.configuration': { accounts: { ...accounts, idField: 'accountid' } } } } },
  { name: 'a generic base URL with a space in its host', document: { element: { key: 'generic' }, name: 'Live check', configuration: { 'base.url': 'https://api example.com', 'event.poller.configuration': { items: { url: '/items', idField: 'id', datesConfiguration: { updatedDateField: 'u', updatedDateFormat: 'milliseconds' } } } } } },
  { name: 'plain http to another machine', document: sage({ subdomain: 'http://crm.example.org' }) },
  { name: 'an unknown date pattern letter', document: sage({}, { ...accounts, datesConfiguration: { updatedDateField: 'Comp_UpdatedDate', updatedDateFormat: 'yyyy-QQ-dd' } }) },
  { name: 'a callback that is not a URL', document: sage({ 'event.notification.enabled': true, 'event.notification.callback.url': 'hooks example' }) },
  { name: 'a refresh interval of zero', document: sage({ 'event.poller.refresh_interval': 0 }) },
  { name: 'an empty name', document: { ...sage({}), name: '' } },
];

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'crm-event-poller.js');

/** `crm-event-poller validate --json -`, the document on standard input, as a user runs it. */
function validate(document: unknown): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, 'validate', '--json', '-'], (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }));
    child.stdin?.end(JSON.stringify(document));
  });
}

let app: Application;
/** `validate --json` of each input, started at once (each is a process of its own). */
let validated: Map<unknown, ReturnType<typeof validate>>;
beforeAll(() => {
  validated = new Map(BAD_INPUTS.map(({ document }) => [document, validate(document)]));
  const dataDir = tempDataDir('cep-live-check-');
  app = startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }), service: { version: 'test', transport: 'http', dataDir }, scheduler: { maxStartJitterMs: 600_000 } });
});
afterAll(() => app.stop());

const sorted = (problems: readonly Problem[]) => problems.map(({ path, message }) => `${path}: ${message}`).sort();

describe('live check, Save and validate agree', () => {
  it.each(BAD_INPUTS)('$name', async ({ document }) => {
    const live = await app.service.validateInstance(document);
    const save = await app.service.createInstance(document);
    const validate = await validated.get(document)!;
    const report = JSON.parse(validate.stdout) as { valid: boolean; errors: Problem[] };

    expect(live.valid).toBe(false);
    expect(save.ok).toBe(false);
    expect(validate.code).toBe(1);
    const refused = save.ok ? [] : save.errors;
    expect(sorted(live.errors)).toEqual(sorted(refused));
    expect(sorted(live.errors)).toEqual(sorted(report.errors));
  });

  it('a name in use: shown live for a new instance and refused by Save, but not for the instance that has it', async () => {
    const saved = await app.service.createInstance(sage({}, accounts));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const clash = { ...sage({}), name: 'LIVE CHECK' };
    const live = await app.service.validateInstance(clash);
    const save = await app.service.createInstance(clash);
    expect(sorted(live.errors)).toEqual(sorted(save.ok ? [] : save.errors));
    expect(live.errors).toEqual([{ path: 'name', message: 'an instance named "Live check" already exists: choose another name, or remove it first' }]);
    expect((await app.service.validateInstance(clash, { id: saved.instance.id })).errors).toEqual([]);
  });
});
