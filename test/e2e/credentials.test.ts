/**
 * Credentials in the window, against the real `serve` (its engine and a real gnome-keyring) in
 * Chromium: a server changed in the editor is asked about and gets none of the saved credentials;
 * a Dynamics server naming an AD FS on another host is asked about on its card and polls once
 * trusted. Second local servers on other ports play the other origins and record what they receive.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { secretsReceived, startAttacker } from '../engine/connectors/support/attacker.ts';
import { onlyResources } from '../engine/connectors/sagecrm/support.ts';
import { dynamicsInstance } from '../engine/connectors/dynamics/support.ts';
import { itemsInstance } from '../engine/support/harness.ts';
import { startDynamicsSimulator } from '../../electron/simulators/index.ts';
import { skipBrowserTests } from './support/browser.ts';
import { startCrmApi } from './support/crmApi.ts';
import { useSignedInWindow } from './support/signedIn.ts';

const TOKEN = 'token-saved-for-the-first-server';
const NEW_TOKEN = 'token-for-the-second-server';
const INSTANCE = 'Moving CRM';

let page: Page;

function card(name: string) {
  return page.locator('article.instance').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

async function goToInstances(): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Instances\b/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
}

async function importDocument(document: unknown): Promise<void> {
  await goToInstances();
  await page.getByRole('button', { name: 'Import Cloud Elements JSON' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import Cloud Elements JSON' });
  await dialog.getByLabel('Instance JSON').fill(JSON.stringify(document, null, 2));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
}

async function openEditor(name: string): Promise<void> {
  await card(name).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function saveSecret(label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: new RegExp(`^(Save|Replace) ${label}$`) }).click();
  await page.locator('#section-credentials').getByText('saved', { exact: true }).waitFor();
}

async function pollFromCard(name: string): Promise<string> {
  await goToInstances();
  const outcome = card(name).locator('.outcome');
  await card(name).getByRole('button', { name: 'Poll now' }).click();
  await outcome.filter({ hasText: /^(Polled|Poll failed)/ }).waitFor();
  return (await outcome.textContent()) ?? '';
}

describe.skipIf(skipBrowserTests())('credentials in the window, against crm-event-poller serve', () => {
  const signedIn = useSignedInWindow({ secrets: 'keychain' }, 15_000, (opened) => (page = opened), {
    crm: () => startCrmApi(TOKEN),
    second: () => startAttacker({ '/items': (_request, response) => void response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":[]}') }),
    dynamics: () => startDynamicsSimulator({ seed: 5, recordsPerEntity: 3, separateAuthority: true, changeTrackingDisabledFor: [] }),
  });

  it('asks when the server changes, removes the saved token, and the new server gets only the token given for it', async () => {
    const { crm, second } = signedIn.servers;
    const document = itemsInstance(crm.url, { pattern: "yyyy-MM-dd'T'HH:mm:ss'Z'" }, INSTANCE) as { configuration: Record<string, unknown> };
    Object.assign(document.configuration, { 'auth.type': 'bearer', 'event.poller.refresh_interval': 600 });
    await importDocument(document);
    await openEditor(INSTANCE);
    await saveSecret('Bearer token', TOKEN);
    expect(await pollFromCard(INSTANCE)).toMatch(/^Polled/);

    await openEditor(INSTANCE);
    await page.getByLabel('Base URL').fill(second.url);
    await page.locator('#section-credentials').getByText('saved for the previous server').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Credentials for another server' });
    await ask.getByText(`The server changes from ${crm.url} to ${second.url}.`, { exact: false }).waitFor();
    await ask.getByRole('button', { name: 'Remove it' }).click();
    await page.getByText('All changes saved').waitFor();
    await page.locator('#section-credentials').getByText('not set', { exact: true }).waitFor();

    // Without a token for the new server it needs setup again: nothing polls it.
    await goToInstances();
    await card(INSTANCE).getByRole('list', { name: `Setup checklist of ${INSTANCE}` }).getByText(/Bearer token is not stored yet/).waitFor();
    expect(await card(INSTANCE).getByRole('button', { name: 'Poll now' }).isDisabled()).toBe(true);
    expect(second.requests).toEqual([]);

    await openEditor(INSTANCE);
    await saveSecret('Bearer token', NEW_TOKEN);
    expect(await pollFromCard(INSTANCE)).toMatch(/^Polled/);
    expect(secretsReceived(second, [TOKEN, NEW_TOKEN])).toEqual([NEW_TOKEN]);
  });

  it('asks on the card whether to trust the AD FS a Dynamics server names, and polls once trusted', async () => {
    const { dynamics } = signedIn.servers;
    const { document } = dynamicsInstance(dynamics);
    await importDocument(onlyResources(document, ['accounts']));
    await openEditor('Dynamics Test');
    await saveSecret('Password', dynamics.password);
    expect(await pollFromCard('Dynamics Test')).toMatch(/^Poll failed/);
    const ask = card('Dynamics Test').getByRole('group', { name: `Trust ${dynamics.authorityUrl} as the sign-in authority of Dynamics Test?` });
    await ask.getByText('Nothing has been sent yet', { exact: false }).waitFor();
    expect(dynamics.control.requests().filter((entry) => entry.method === 'POST')).toEqual([]);

    await ask.getByRole('button', { name: `Trust ${dynamics.authorityUrl}` }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await pollFromCard('Dynamics Test')).toMatch(/^Polled/);
    expect(await card('Dynamics Test').locator('.problem').count()).toBe(0);
    expect(dynamics.control.requests().filter((entry) => entry.method === 'POST').map((entry) => `${entry.path} ${entry.status}`)).toEqual(['/adfs/oauth2/token 200']);
    await openEditor('Dynamics Test');
    await page.getByTestId('trusted-authorities').getByText(dynamics.authorityUrl, { exact: false }).waitFor();
  });
});
