/**
 * A wrong password never locks the account, in the window over `serve` (real keychain), counted at
 * the Sage CRM simulator's lockout counter: the wrong password saved is tried once (by the poll the
 * save starts); Poll now and Test connection then ask first, naming the refused count, and only
 * "Try once more" signs in; the API refuses without the confirmation; after a restart the count is
 * still shown and nothing signs in; the right password is tried once and the count starts over.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startSageCrmSimulator, type SageCrmSimulator } from '../../electron/simulators/index.ts';
import { onlyResources, sageInstance } from '../engine/connectors/sagecrm/support.ts';
import { skipBrowserTests } from './support/browser.ts';
import { useSignedInWindow, type SharedSignedInWindow } from './support/signedIn.ts';
import { callApi } from './support/windowApi.ts';

const NAME = 'Sage Lockout';
const WRONG = 'not-the-password';

let signedIn: SharedSignedInWindow<{ sim: SageCrmSimulator }>;
let page: Page;

const refusals = () => signedIn.servers.sim.control.accounts().admin?.consecutiveFailures ?? 0;

function card() {
  return page.locator('article.instance').filter({ has: page.getByRole('heading', { name: NAME, exact: true }) });
}

async function goToInstances(): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Instances\b/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
}

async function openEditor(): Promise<void> {
  await goToInstances();
  await card().getByRole('link', { name: NAME, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
}

async function savePassword(value: string): Promise<void> {
  await openEditor();
  await page.getByLabel('Password', { exact: true }).fill(value);
  await page.getByRole('button', { name: /^(Save|Replace) Password$/ }).click();
  // Stored once the field lets go of the typed value (a password saved before already reads "saved").
  await expect.poll(() => page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
  await page.locator('#section-credentials').getByText('saved', { exact: true }).waitFor();
}

/** The lockout question; it names the refused count. */
function question() {
  return page.getByRole('dialog', { name: 'Sign in again with refused credentials?' });
}

describe.skipIf(skipBrowserTests())('a wrong password in the window, counted at the Sage CRM simulator', () => {
  signedIn = useSignedInWindow({ secrets: 'keychain' }, 15_000, (opened) => (page = opened), { sim: () => startSageCrmSimulator({ recordsPerEntity: 3 }) });

  it('save → scheduled poll → Poll now → Test connection → API → restart costs one refused sign-in per confirmation', async () => {
    const { sim } = signedIn.servers;
    const { document } = sageInstance(sim, { 'event.poller.refresh_interval': 1 }, NAME);
    (document.configuration as Record<string, unknown>).password = sim.password;
    const created = (await callApi(page, 'createInstance', onlyResources(document, ['accounts']))) as { ok: boolean; instance: { id: number } };
    expect(created.ok).toBe(true);
    const id = created.instance.id;
    await goToInstances();
    await card().getByText('1 event', { exact: false }).or(card().getByText('events', { exact: false })).first().waitFor();
    expect(refusals()).toBe(0);

    // The wrong password, saved: the poll the save starts is its one try.
    await savePassword(WRONG);
    await goToInstances();
    await card().getByTestId('refused-sign-ins').getByText('1 refused sign-in since the last success', { exact: false }).waitFor();
    expect(refusals()).toBe(1);
    await card().getByText('not scheduled (sign-in refused)').waitFor();

    // Poll now asks first, naming the count; Cancel sends nothing.
    await card().getByRole('button', { name: 'Poll now' }).click();
    await question().getByTestId('refused-count').getByText('1 refused sign-in since the last success').waitFor();
    await question().getByRole('button', { name: 'Cancel' }).click();
    await question().waitFor({ state: 'hidden' });
    expect(refusals()).toBe(1);

    // Test connection in the editor asks too; "Try once more" is one attempt.
    await openEditor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await question().getByRole('button', { name: 'Try once more' }).click();
    await page.getByTestId('connection-result').getByText('refused the sign-in', { exact: false }).waitFor();
    expect(refusals()).toBe(2);

    await goToInstances();
    await card().getByTestId('refused-sign-ins').getByText('2 refused sign-ins since the last success', { exact: false }).waitFor();
    await card().getByRole('button', { name: 'Poll now' }).click();
    await question().getByTestId('refused-count').getByText('2 refused sign-ins since the last success').waitFor();
    await question().getByRole('button', { name: 'Try once more' }).click();
    await card().locator('.outcome').getByText(/^Poll failed/).waitFor();
    expect(refusals()).toBe(3);

    // Over the API, without the confirmation: refused, saying why and what to pass.
    for (const call of [['pollNow', id], ['testConnection', id], ['fetchSample', id, 'accounts']] as const) {
      const answer = (await callApi(page, call[0], ...call.slice(1))) as { kind?: string; error?: string };
      expect(answer.kind, call[0]).toBe('needs-action');
      expect(answer.error).toMatch(/may lock the account.*confirmLockoutRisk/);
    }
    expect(refusals()).toBe(3);

    // A restart of serve (same data dir and keychain): the count is still shown, nothing signs in.
    await signedIn.restart();
    await card().getByTestId('refused-sign-ins').getByText('3 refused sign-ins since the last success', { exact: false }).waitFor();
    await card().getByText('not scheduled (sign-in refused)').waitFor();
    expect(refusals()).toBe(3);

    // The right password: tried once without asking; the count starts over.
    await savePassword(sim.password);
    await goToInstances();
    await card().getByTestId('refused-sign-ins').waitFor({ state: 'detached' });
    await card().getByRole('button', { name: 'Poll now' }).click();
    await card().locator('.outcome').getByText(/^Polled/).waitFor();
    expect(await question().isVisible()).toBe(false);
    expect(refusals()).toBe(0);
  });
});
