/**
 * Nothing acts before it is ready, in the window over `serve`: each Cloud Elements example (a copy
 * in electron/engine/demo/seeds) imported as a user would (only its name made unique, as the three Dynamics
 * examples share one) is saved not enabled, its card says "Needs setup" with a checklist whose items
 * open their fields, and nothing is attempted against its example hosts: no poll, no test, no delivery.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { itemsInstance } from '../engine/support/harness.ts';
import { skipBrowserTests } from './support/browser.ts';
import { startCrmApi, type CrmApi } from './support/crmApi.ts';
import { useSignedInWindow } from './support/signedIn.ts';
import { callApi as callWindowApi } from './support/windowApi.ts';
import { SEEDS } from '../support/seeds.ts';

const fixtures = readdirSync(SEEDS)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, document: JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as Record<string, unknown> }));
const instanceFixtures = fixtures.filter((fixture) => 'element' in fixture.document);

let crm: CrmApi | undefined;
let page: Page;

function callApi(method: string, ...args: unknown[]): Promise<unknown> {
  return callWindowApi(page, method, ...args);
}

function card(name: string) {
  return page.locator('article.instance').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

async function importText(text: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Instances\b/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
  await page.getByRole('button', { name: 'Import Cloud Elements JSON' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import Cloud Elements JSON' });
  await dialog.getByLabel('Instance JSON').fill(text);
  return dialog;
}

describe.skipIf(skipBrowserTests())('importing the Cloud Elements examples', () => {
  afterAll(() => crm?.close());
  useSignedInWindow({ secrets: 'keychain' }, 15_000, (opened) => (page = opened));

  it.each(instanceFixtures)('$name is imported not enabled, as Needs setup with its checklist', async ({ name, document }) => {
    const instanceName = `Example ${name.replace(/\.json$/, '')}`;
    const dialog = await importText(JSON.stringify({ ...document, name: instanceName }, null, 2));
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('It is not polled yet: first fill in what is listed below').waitFor();
    const listed = dialog.getByRole('list', { name: `Setup checklist of ${instanceName}` });
    expect(await listed.getByRole('listitem').count()).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const imported = card(instanceName);
    await imported.getByText('Needs setup', { exact: true }).waitFor();
    await imported.getByText('not scheduled (needs setup)').waitFor();
    expect(await imported.getByRole('button', { name: 'Poll now' }).isDisabled()).toBe(true);
    expect(await imported.getByRole('button', { name: 'Enable' }).isDisabled()).toBe(true);
    const checklist = imported.getByRole('list', { name: `Setup checklist of ${instanceName}` });
    expect(await checklist.getByRole('listitem').count()).toBeGreaterThan(0);
  });

  it('says what to set up in the Sage example, each item opening its field', async () => {
    const sage = card('SageCRMPolling');
    const dialog = await importText(readFileSync(join(SEEDS, 'sagecrm-instance-example.json'), 'utf8'));
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    const checklist = sage.getByRole('list', { name: 'Setup checklist of SageCRMPolling' });
    await checklist.getByText(/console\.cloud-elements\.com is the host of a documentation example/).waitFor();
    await checklist.getByText(/"xxxxx" is the crossed-out value/).waitFor();
    await checklist.getByRole('link', { name: 'configuration.subdomain' }).click();
    await page.getByRole('heading', { level: 1, name: 'SageCRMPolling' }).waitFor();
    await page.getByRole('list', { name: 'Setup checklist' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Poll this instance' }).isDisabled()).toBe(true);
    // The link brought its field into focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-configuration_subdomain');
  });

  it('refuses the bare configuration fragment, saving nothing', async () => {
    const before = ((await callApi('listInstances')) as unknown[]).length;
    const fragment = fixtures.find((fixture) => !('element' in fixture.document));
    expect(fragment).toBeDefined();
    const dialog = await importText(JSON.stringify(fragment?.document));
    await dialog.getByText(/Cannot import yet/).waitFor();
    await dialog.getByText(/an instance needs a unique name/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(((await callApi('listInstances')) as unknown[]).length).toBe(before);
  });

  it('sends nothing anywhere for any of them: no poll, no test, no delivery', async () => {
    const instances = (await callApi('listInstances')) as { id: number; name: string; enabled: boolean; setup: unknown[]; status: { lastPollAt?: number } }[];
    expect(instances).toHaveLength(instanceFixtures.length + 1);
    for (const instance of instances) {
      expect([instance.name, instance.enabled, instance.setup.length > 0, instance.status.lastPollAt]).toEqual([instance.name, false, true, undefined]);
      const poll = (await callApi('pollNow', instance.id)) as { kind?: string; error?: string };
      expect([poll.kind, poll.error]).toEqual(['needs-action', expect.stringMatching(/is not ready to poll: .* to set up first/)]);
      const test = (await callApi('testConnection', instance.id)) as { ok: boolean; message: string };
      expect([test.ok, test.message]).toEqual([false, expect.stringMatching(/is not ready to test/)]);
      const enable = (await callApi('setInstanceEnabled', instance.id, true)) as { kind?: string };
      expect(enable.kind).toBe('needs-action');
    }
    expect(((await callApi('queryDeliveries', {})) as { total: number }).total).toBe(0);
    expect(((await callApi('queryEvents', {})) as { total: number }).total).toBe(0);
    // Still none polled, after every refusal.
    const after = (await callApi('listInstances')) as { enabled: boolean; status: { lastPollAt?: number } }[];
    expect(after.map((instance) => [instance.enabled, instance.status.lastPollAt])).toEqual(after.map(() => [false, undefined]));
  });

  it('saves a new instance and its credential in one call: ready, enabled, and its first poll is signed in', async () => {
    crm = await startCrmApi('token-given-with-the-instance');
    const document = itemsInstance(crm.url, { pattern: "yyyy-MM-dd'T'HH:mm:ss'Z'" }, 'Saved with its token') as { configuration: Record<string, unknown> };
    Object.assign(document.configuration, { 'auth.type': 'bearer', token: crm.token });
    // As the editor's Create does: the typed credential inside the document, one call.
    const saved = (await callApi('createInstance', document)) as { ok: boolean; instance: { id: number; enabled: boolean; setup: unknown[] } };
    expect([saved.ok, saved.instance.enabled, saved.instance.setup]).toEqual([true, true, []]);
    await card('Saved with its token').getByText('Watching').waitFor();
    await expect
      .poll(async () => ((await callApi('listInstances')) as { id: number; status: { lastPollAt?: number } }[]).find((instance) => instance.id === saved.instance.id)?.status.lastPollAt, { timeout: 15_000 })
      .toBeDefined();
    // The scheduler never saw it without its token: not one request was refused.
    expect(crm.refused()).toBe(0);
    expect(crm.records.requests.length).toBeGreaterThan(0);
  });
});
