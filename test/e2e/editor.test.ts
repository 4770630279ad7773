/**
 * Honest editing, in the window over `serve` (Chromium): the live check is the engine's (Chromium's
 * own URL parser takes "https://not a url at all" as a host), a new instance is tried before it is
 * saved (nothing stored, no cursor), leaving with unsaved changes asks, JSON that does not parse is
 * never dropped nor saved, and the import dialog names each of several documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../../shared/api.ts';
import { itemsInstance } from '../engine/support/harness.ts';
import { skipBrowserTests } from './support/browser.ts';
import { startCrmApi, type CrmApi } from './support/crmApi.ts';
import { useSignedInWindow, type SharedSignedInWindow } from './support/signedIn.ts';
import { callApi as callWindowApi } from './support/windowApi.ts';
import { SEEDS } from '../support/seeds.ts';

const TOKEN = 'e2e-editor-token';

let signedIn: SharedSignedInWindow<{ crm: CrmApi }>;
let page: Page;

function callApi(method: string, ...args: unknown[]): Promise<unknown> {
  return callWindowApi(page, method, ...args);
}

async function instanceNames(): Promise<string[]> {
  return ((await callApi('listInstances')) as InstanceSummary[]).map((instance) => instance.name);
}

async function openNewInstance(element: string): Promise<void> {
  await page.goto(`${signedIn.serve.url}/#/instances/new?element=${element}`);
  await page.getByRole('heading', { level: 1, name: 'New instance' }).waitFor();
}

async function goToInstances(): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Instances\b/ }).click();
}

describe.skipIf(skipBrowserTests())('the instance editor in Chromium, against serve', () => {
  signedIn = useSignedInWindow({ secrets: 'keychain' }, 10_000, (opened) => (page = opened), {
    crm: async () => {
      const crm = await startCrmApi(TOKEN);
      crm.records.upsert('1', 'Ada Lovelace');
      crm.records.upsert('2', 'Grace Hopper');
      return crm;
    },
  });

  it('opens a new instance without a message, and checks it live as Save and validate would', async () => {
    await openNewInstance('sagecrm');
    const name = page.getByLabel(/^Name/);
    const server = page.getByLabel('Server (host or full SData URL)');
    expect(await name.getAttribute('aria-invalid')).toBe('false');
    expect(await server.getAttribute('aria-invalid')).toBe('false');
    await page.getByText('Not saved yet').waitFor();
    expect(await page.getByText('All changes saved').count()).toBe(0);

    await server.fill('not a url at all');
    await page.locator(`#${await server.getAttribute('id')}-messages`).getByText('"not a url at all" is neither a host name nor a URL').waitFor();
    expect(await server.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('No problems found').count()).toBe(0);

    await goToInstances();
    await page.getByRole('dialog', { name: 'Unsaved changes' }).getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
  });

  it('tests, previews and samples a new instance before it is saved, and leaving asks about it', async () => {
    const { crm } = signedIn.servers;
    await openNewInstance('generic');
    await page.getByLabel(/^Name/).fill('Tried first');
    await page.getByLabel('Base URL').fill(crm.url);
    await page.getByLabel('Authentication').selectOption('bearer');
    await page.getByLabel('Bearer token').fill(TOKEN);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('connection-result').getByText('connected: items answered with 2 record(s) changed in the last 7 days').waitFor();
    await page.getByRole('button', { name: 'Preview next request' }).click();
    await page.getByTestId('next-request').getByText(new RegExp(`^GET ${crm.url.replaceAll('.', '\\.')}/items\\?updated_since=`)).waitFor();
    await page.getByRole('button', { name: 'Fetch sample' }).click();
    const sample = page.getByRole('table', { name: 'Sample records of items' });
    await sample.getByRole('cell', { name: '2', exact: true }).waitFor();

    // The typed token went with each request and nowhere else: nothing is saved, so nothing has a cursor.
    expect(crm.refused()).toBe(0);
    expect(await instanceNames()).toEqual([]);
    await page.getByText('Not saved yet').waitFor();

    await goToInstances();
    const question = page.getByRole('dialog', { name: 'Unsaved changes' });
    await question.getByRole('button', { name: 'Keep editing' }).click();
    await page.getByRole('heading', { level: 1, name: 'New instance' }).waitFor();
    expect(await page.getByLabel('Base URL').inputValue()).toBe(crm.url);

    // Closing or reloading the tab is asked by the browser itself.
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.type()), void dialog.dismiss())));
    await page.reload({ timeout: 2_000 }).catch(() => undefined);
    expect(await asked).toBe('beforeunload');
    expect(await page.getByLabel('Base URL').inputValue()).toBe(crm.url);

    await goToInstances();
    await question.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
    expect(await instanceNames()).toEqual([]);
  });

  it('keeps JSON that does not parse across a change of resource, and never saves it', async () => {
    const { crm } = signedIn.servers;
    const document = itemsInstance(crm.url, { pattern: "yyyy-MM-dd'T'HH:mm:ss'Z'" }, 'Two resources');
    const resources = (document.configuration as Record<string, Record<string, unknown>>)['event.poller.configuration']!;
    resources.others = { ...(resources.items as object), url: '/items?kind=other' };
    const saved = (await callApi('createInstance', document)) as { instance: InstanceSummary };
    await page.goto(`${signedIn.serve.url}/#/instances/${saved.instance.id}`);
    await page.getByRole('heading', { level: 1, name: 'Two resources' }).waitFor();
    await page.getByText('All changes saved').waitFor();

    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByRole('textbox', { name: 'items as JSON' });
    const text = await json.inputValue();
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"idField": "id",')) + 1;
    const broken = text.replace('"idField": "id",', '"idField": "id"');
    await json.fill(broken);
    await page.getByRole('list', { name: 'Resources' }).getByRole('button', { name: 'others' }).click();
    expect(await json.inputValue()).toBe(broken);
    await page.getByRole('alert').getByText(new RegExp(`items as JSON: not valid JSON at line ${line}, column \\d+`)).waitFor();
    await json.press('Control+s');
    await page.getByText(new RegExp(`Not saved: not valid JSON at line ${line}, column \\d+: `)).waitFor();
    await page.getByText('Unsaved changes · invalid JSON to fix').waitFor();
    const stored = (await callApi('getInstance', saved.instance.id)) as { document: unknown };
    expect(stored.document).toEqual(document);

    await page.getByRole('button', { name: 'Discard this edit' }).click();
    await page.getByRole('list', { name: 'Resources' }).getByRole('button', { name: 'others' }).click();
    await page.getByRole('textbox', { name: 'others as JSON' }).waitFor();
    await page.getByText('All changes saved').waitFor();
  });

  it('imports the three Dynamics examples in one go, each under the name typed for it', async () => {
    const examples = ['dynamicscrmadfs-instance-2016.json', 'dynamicscrmadfs-instance-2016-string-config.json', 'dynamicscrmadfs-instance-legacy.json'].map((name) => JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as unknown);
    await goToInstances();
    await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
    await page.getByRole('button', { name: 'Import Cloud Elements JSON' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import Cloud Elements JSON' });
    await dialog.getByLabel('Instance JSON').fill(JSON.stringify(examples, null, 2));
    const names = dialog.getByLabel('Instance name');
    expect(await names.count()).toBe(3);
    // They share <INSERT_INSTANCE_NAME>: flagged at each name before Import is offered.
    await dialog.getByText(/another document of this import is named "<INSERT_INSTANCE_NAME>" too/).first().waitFor();
    const importButton = dialog.getByRole('button', { name: 'Import 3 instances' });
    expect(await importButton.isDisabled()).toBe(true);
    await names.nth(0).fill('Dynamics 2016');
    await names.nth(1).fill('Two resources');
    await dialog.locator('#import-name-1-error').getByText('an instance named "Two resources" already exists: choose another name, or remove it first').waitFor();
    await names.nth(1).fill('Dynamics string config');
    await names.nth(2).fill('Dynamics legacy');
    await importButton.click();
    await dialog.getByRole('status').nth(2).waitFor();
    expect(await dialog.getByRole('status').allTextContents()).toEqual([expect.stringMatching(/^\s*Imported Dynamics 2016 /), expect.stringMatching(/^\s*Imported Dynamics string config /), expect.stringMatching(/^\s*Imported Dynamics legacy /)]);
    const imported = ((await callApi('listInstances')) as InstanceSummary[]).filter((instance) => instance.name.startsWith('Dynamics'));
    expect(imported.map((instance) => [instance.name, instance.enabled])).toEqual([
      ['Dynamics 2016', false],
      ['Dynamics string config', false],
      ['Dynamics legacy', false],
    ]);
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('imports several files chosen at once, each named after its file instead of the shared placeholder', async () => {
    const files = ['dynamicscrmadfs-instance-2016.json', 'dynamicscrmadfs-instance-legacy.json'];
    await page.getByRole('button', { name: 'Import Cloud Elements JSON' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import Cloud Elements JSON' });
    await dialog.getByLabel('Or open files').setInputFiles(files.map((name) => join(SEEDS, name)));
    const names = dialog.getByLabel('Instance name');
    await names.nth(1).waitFor();
    expect([await names.nth(0).inputValue(), await names.nth(1).inputValue()]).toEqual(['dynamicscrmadfs-instance-2016', 'dynamicscrmadfs-instance-legacy']);
    await dialog.getByRole('button', { name: 'Import 2 instances' }).click();
    await dialog.getByRole('status').nth(1).waitFor();
    expect(await instanceNames()).toEqual(expect.arrayContaining(['dynamicscrmadfs-instance-2016', 'dynamicscrmadfs-instance-legacy']));
    await dialog.getByRole('button', { name: 'Done' }).click();
  });
});
