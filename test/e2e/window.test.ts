/**
 * The window end to end: the real `crm-event-poller serve` (its engine, keychain and HTTP API), the
 * built renderer, and Debian's Chromium. One story, in order, as a user would go: import Cloud
 * Elements JSON and read its warnings; set a credential that fixes a failing poll; poll and watch
 * events arrive; open a raw record; make a delivery fail and replay it; and check every view with
 * axe. Each view is saved as a screenshot to docs/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemsInstance } from '../engine/support/harness.ts';
import { describeViolations, runAxe, skipBrowserTests } from './support/browser.ts';
import { startCrmApi } from './support/crmApi.ts';
import { startReceiver } from './support/receiver.ts';
import { useSignedInWindow } from './support/signedIn.ts';
import { openNewestEvent } from './support/viewPage.ts';
import { screenshotDir } from './support/screenshotDir.ts';
import { callApi as callWindowApi } from './support/windowApi.ts';
import { SEEDS } from '../support/seeds.ts';

const SCREENSHOTS = screenshotDir();
const FIXTURE = join(SEEDS, 'dynamicscrmadfs-instance-2016.json');
const TOKEN = 'e2e-bearer-token';
const INSTANCE = 'Test CRM';

let page: Page;

async function screenshot(name: string): Promise<void> {
  // Messages about earlier steps would cover the picture.
  for (const close of await page.getByRole('button', { name: 'Dismiss message' }).all()) await close.click({ timeout: 500 }).catch(() => undefined);
  // Let relative times and pushed updates settle, so the picture shows a stable page.
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function expectNoAxeViolations(where: string): Promise<void> {
  const started = Date.now();
  const violations = await runAxe(page);
  console.log(`axe ${where}: ${Date.now() - started} ms`);
  expect(violations, `axe on ${where}:\n${describeViolations(violations)}`).toEqual([]);
}

async function go(view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: view }).waitFor();
}

function card(name: string) {
  return page.locator('article.instance').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

/** Calls the API the way the window does (same origin, the tab's session). */
function callApi(method: string, ...args: unknown[]): Promise<unknown> {
  return callWindowApi(page, method, ...args);
}

describe.skipIf(skipBrowserTests())('the window in a browser, against crm-event-poller serve', () => {
  beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
  const signedIn = useSignedInWindow({ secrets: 'keychain' }, 10_000, (opened) => (page = opened), { crm: () => startCrmApi(TOKEN), receiver: startReceiver });

  it('offers import, a new instance and the demo when there is nothing yet', async () => {
    await page.getByRole('button', { name: 'Import Cloud Elements JSON' }).waitFor();
    await page.getByRole('link', { name: 'New instance' }).waitFor();
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await page.getByText('crm-event-poller serve --demo', { exact: true }).waitFor();
    await expectNoAxeViolations('the empty state with the demo dialog');
    await page.getByRole('button', { name: 'Got it' }).click();
    await screenshot('instances-empty');
    await expectNoAxeViolations('the empty state');
  });

  it('imports a Cloud Elements fixture and shows its warnings, live and after import', async () => {
    await page.getByRole('button', { name: 'Import Cloud Elements JSON' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import Cloud Elements JSON' });
    await dialog.getByLabel('Instance JSON').fill(readFileSync(FIXTURE, 'utf8'));
    const live = dialog.getByRole('list', { name: 'Problems in the pasted JSON' });
    await live.getByText('placeholder <INSERT_DYNMAICS_CRM_PASSWORD>: fill in before enabling').waitFor();
    await live.getByText('configuration.user.password').waitFor();
    await dialog.getByText('Ready to import').waitFor();
    await screenshot('import');
    await expectNoAxeViolations('the import dialog');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText(/Imported .* with 6 warnings/).waitFor();
    const kept = dialog.getByRole('list', { name: 'Import warnings' });
    await kept.getByText('placeholder <INSERT_YOUR_APPS_CALLBACK_URL>: fill in before enabling').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The instance is kept, placeholders and all, but not enabled: its card says what is left (the password went to the keychain).
    const imported = card('<INSERT_INSTANCE_NAME>');
    await imported.getByText('5 configuration warnings').waitFor();
    await imported.getByText('Needs setup', { exact: true }).waitFor();
    await imported.getByRole('list', { name: 'Setup checklist of <INSERT_INSTANCE_NAME>' }).getByText('configuration.event.notification.callback.url').waitFor();
    expect(await imported.getByRole('button', { name: 'Poll now' }).isDisabled()).toBe(true);
  });

  it('waits for the credential it lacks, then polls once enabled', async () => {
    const { crm, receiver } = signedIn.servers;
    const document = itemsInstance(crm.url, { pattern: "yyyy-MM-dd'T'HH:mm:ss'Z'" }, INSTANCE) as { configuration: Record<string, unknown> };
    Object.assign(document.configuration, { 'auth.type': 'bearer', 'event.notification.enabled': true, 'event.notification.callback.url': receiver.url });
    await page.getByRole('button', { name: 'Import Cloud Elements JSON' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import Cloud Elements JSON' });
    await dialog.getByLabel('Instance JSON').fill(JSON.stringify(document, null, 2));
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Without its token it does not poll: the card lists the token, linked to its field.
    const test = card(INSTANCE);
    await test.getByText('Needs setup', { exact: true }).waitFor();
    await screenshot('instance-needs-setup');
    await expectNoAxeViolations('the instances with one needing setup');
    expect([crm.refused(), crm.records.requests]).toEqual([0, []]);

    await test.getByRole('list', { name: `Setup checklist of ${INSTANCE}` }).getByRole('link', { name: 'configuration.token' }).click();
    await page.getByRole('heading', { level: 1, name: INSTANCE }).waitFor();
    const token = page.getByLabel('Bearer token');
    await token.fill(TOKEN);
    await page.getByRole('button', { name: 'Save Bearer token' }).click();
    await page.locator('#section-credentials').getByText('saved', { exact: true }).waitFor();
    expect(await token.inputValue()).toBe('');
    // Ready now; enabling it is the user's step.
    await page.getByRole('list', { name: 'Setup checklist' }).waitFor({ state: 'detached' });
    await page.getByRole('checkbox', { name: 'Poll this instance' }).check();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('connection-result').getByText(/^connected/).waitFor();
    await page.getByRole('heading', { level: 1, name: INSTANCE }).scrollIntoViewIfNeeded();
    await screenshot('editor');
  });

  it('validates a resource live in the form and as JSON, previews the next request and fetches a sample', async () => {
    const { crm } = signedIn.servers;
    crm.records.upsert('1', 'Ada Lovelace');
    crm.records.upsert('2', 'Grace Hopper');
    const format = page.getByLabel('Updated date format');
    await format.fill('yyyy-QQ-dd');
    await page.getByText(/unknown pattern letter 'Q' in "yyyy-QQ-dd"/).first().waitFor();
    expect(await format.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('group', { name: 'Updated date' }).scrollIntoViewIfNeeded();
    await page.getByRole('group', { name: 'Record id' }).evaluate((node) => node.scrollIntoView({ block: 'start' }));
    await screenshot('editor-validation');
    await expectNoAxeViolations('the resource form with a live error');
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByRole('textbox', { name: 'items as JSON' });
    const text = await json.inputValue();
    expect(text).toContain('yyyy-QQ-dd');
    await json.fill(text.replace('"idField": "id",', '"idField": "id"'));
    await page.getByText(/not valid JSON/).first().waitFor();
    // A save never lies: the text that does not parse blocks it, marked at its line, and the form cannot hide it.
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"idField": "id",')) + 1;
    await json.press('Control+s');
    await page.getByText(new RegExp(`Not saved: not valid JSON at line ${line}, column \\d+: `)).waitFor();
    await page.getByText('Unsaved changes · invalid JSON to fix').waitFor();
    await page.getByRole('tab', { name: 'Form' }).click();
    expect(await json.isVisible()).toBe(true);
    await json.fill(text.replace('yyyy-QQ-dd', "yyyy-MM-dd'T'HH:mm:ss'Z'"));
    await page.getByText('All changes saved').waitFor();
    await page.getByRole('tab', { name: 'Form' }).click();

    await page.getByRole('button', { name: 'Preview next request' }).click();
    // Exactly what the poll sends: on the server, the macro's colons percent-encoded, the paging added.
    const sent = new RegExp(`^GET ${crm.url.replaceAll('.', '\\.')}/items\\?updated_since=\\d{4}-\\d\\d-\\d\\dT\\d\\d%3A\\d\\d%3A\\d\\dZ&offset=0&limit=10$`);
    await page.getByTestId('next-request').getByText(sent).waitFor();
    await page.getByRole('button', { name: 'Fetch sample' }).click();
    const sample = page.getByRole('table').filter({ hasText: 'Would be' });
    await sample.getByRole('cell', { name: '2', exact: true }).waitFor();
    await sample.getByText('CREATED').first().waitFor();
    await sample.getByRole('button', { name: 'Show record 1' }).click();
    await page.getByRole('region', { name: 'Raw record 1' }).getByText('"Ada Lovelace"').waitFor();
    await page.getByRole('button', { name: 'Preview next request' }).evaluate((node) => node.scrollIntoView({ block: 'start' }));
    await screenshot('editor-sample');
    await expectNoAxeViolations('the instance editor');
  });

  it('polls now and shows events arriving live, with the raw record', async () => {
    const { crm, receiver } = signedIn.servers;
    await go('Instances');
    const test = card(INSTANCE);
    await test.getByRole('button', { name: 'Poll now' }).click();
    await test.getByText(/^Polled: /).waitFor();
    await test.getByText('Watching').waitFor();

    // Events to deliver fail first (410: the receiver is gone), for the delivery story below.
    receiver.answer(410);
    await go('Events');
    const before = ((await callApi('queryEvents', {})) as { total: number }).total;
    await page.getByText(`${before} event${before === 1 ? '' : 's'}`, { exact: true }).waitFor();
    // Dates have whole seconds: let the update be a second later than the record's creation.
    await page.waitForTimeout(1100);
    crm.records.upsert('1', 'Ada King, Countess of Lovelace');
    crm.records.upsert('3', 'Katherine Johnson');
    crm.records.upsert('4', 'Margaret Hamilton');
    await callApi('pollNow', (await instanceId(INSTANCE)) as number);
    // No reload: the pushed "events added" brings them in.
    const list = page.getByRole('listbox', { name: /^Events, newest change first/ });
    await page.getByText(`${before + 3} events`, { exact: true }).waitFor();
    expect(await list.getByRole('option').count()).toBe(before + 3);
    await list.getByRole('option').filter({ hasText: 'UPDATED' }).waitFor();
    await list.getByRole('option').filter({ hasText: '4' }).first().click();
    const detail = page.getByRole('region', { name: 'Event' });
    await detail.getByText('"Margaret Hamilton"').waitFor();
    await expectNoAxeViolations('the events with a detail pane');

    await page.getByLabel('Type').selectOption('UPDATED');
    await page.getByText('1 event', { exact: true }).waitFor();
    await page.getByLabel('Text').fill('Hamilton');
    await page.getByText('No events match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText(`${before + 3} events`, { exact: true }).waitFor();
  });

  it('shows a failed delivery with its attempts, and replays it', async () => {
    const { crm, receiver } = signedIn.servers;
    await go('Deliveries');
    // The scheduler may have polled part of the changes before "poll now": the 410 can be on an older
    // row, with the newer one held behind the disabled endpoint. Find the row that was refused.
    const row = page.locator('tr[data-delivery-id]').filter({ hasText: 'HTTP 410' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: /^Details of notification/ }).click();
    const attempts = page.getByRole('region', { name: /^Notification \d+/ });
    await attempts.getByRole('list', { name: 'Attempts, oldest first' }).getByText('HTTP 410').waitFor();
    await screenshot('deliveries');
    await expectNoAxeViolations('the deliveries with an attempts timeline');

    receiver.answer(200);
    const before = receiver.received.length;
    await attempts.getByRole('button', { name: 'Replay' }).click();
    await attempts.getByTestId('delivery-state').getByText('delivered').waitFor({ timeout: 15_000 });
    await attempts.getByRole('list', { name: 'Attempts, oldest first' }).getByText('HTTP 200').waitFor();
    // The refused notification came again, unchanged, and was taken. (Which one was refused depends on
    // whether the first poll's notification went out before the receiver turned to 410.)
    const refused = new Map(receiver.received.filter((request) => request.status === 410).map((request) => [request.headers['webhook-id'], request.body]));
    const redelivered = receiver.received.slice(before).filter((request) => request.status === 200 && refused.has(request.headers['webhook-id']));
    expect(redelivered.length).toBeGreaterThan(0);
    for (const request of redelivered) expect(request.body).toBe(refused.get(request.headers['webhook-id']));

    // Gone again; then fixed, and everything that failed since a time is sent again at once.
    receiver.answer(410);
    const since = new Date(Date.now() - 60_000);
    crm.records.upsert('5', 'Dorothy Vaughan');
    await callApi('pollNow', (await instanceId(INSTANCE)) as number);
    await page.getByRole('button', { name: /^Held \(endpoint disabled\)/ }).click();
    await page.locator('tr[data-delivery-id]').first().getByText('held').waitFor({ timeout: 15_000 });
    receiver.answer(200);
    const form = page.getByRole('form', { name: 'Replay since a time' });
    await form.getByLabel('since').fill(`${since.getFullYear()}-${String(since.getMonth() + 1).padStart(2, '0')}-${String(since.getDate()).padStart(2, '0')}T${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`);
    const beforeReplay = receiver.received.length;
    await form.getByRole('button', { name: 'Replay' }).click();
    // At least Dorothy's; a notification held behind the earlier 410 may come along, in either order.
    await form.getByText(/^[1-9]\d* notifications? queued again$/).waitFor();
    await page.getByRole('button', { name: /^Delivered/ }).click();
    await page.locator('tr[data-delivery-id]').nth(1).getByText('delivered').waitFor({ timeout: 15_000 });
    const takenSinceReplay = () => receiver.received.slice(beforeReplay).filter((request) => request.status === 200);
    await expect.poll(() => takenSinceReplay().some((request) => request.body.includes('Dorothy Vaughan')), { timeout: 15_000 }).toBe(true);
  });

  it('resends one event to the callback URL', async () => {
    const { receiver } = signedIn.servers;
    await go('Events');
    const list = page.getByRole('listbox', { name: /^Events, newest change first/ });
    await list.getByRole('option').filter({ has: page.locator('.object', { hasText: /^3$/ }) }).first().click();
    const detail = page.getByRole('region', { name: 'Event' });
    await detail.getByText('"Katherine Johnson"').waitFor();
    const before = receiver.received.filter((request) => request.body.includes('Katherine Johnson')).length;
    await detail.getByRole('button', { name: 'Resend' }).click();
    await page.getByText('Queued for delivery again: see Deliveries').waitFor();
    await expect.poll(() => receiver.received.filter((request) => request.body.includes('Katherine Johnson')).length, { timeout: 15_000 }).toBeGreaterThan(before);
  });

  it('charts activity and keeps settings, with the theme following the OS or the setting', async () => {
    await go('Activity');
    // Every event of the instance is in its hourly buckets (they were stored by several polls).
    const stored = ((await callApi('queryEvents', { instanceId: await instanceId(INSTANCE) })) as { total: number }).total;
    await page.getByRole('img', { name: new RegExp(`^Events per hour of ${INSTANCE}: ${stored} events in 24 hours`) }).waitFor();
    await page.getByRole('img', { name: /^Poll durations/ }).waitFor();
    await expectNoAxeViolations('the activity');

    await go('Settings');
    await page.getByLabel('Mute all notifications').check();
    await page.getByLabel('Keep events for (days)').fill('30');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('Retention saved; older events are removed now').waitFor();
    const settings = (await callApi('getSettings')) as { notifications: { muted: boolean }; retention: { maxAgeDays: number } };
    expect(settings.notifications.muted).toBe(true);
    expect(settings.retention.maxAgeDays).toBe(30);
    await page.getByLabel('Mute all notifications').uncheck();
    await page.getByLabel('Mute all notifications').focus();
    await screenshot('settings');
    await expectNoAxeViolations('the settings');

    await page.getByLabel('Dark', { exact: true }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await expectNoAxeViolations('the settings in dark');
    await go('Instances');
    await expectNoAxeViolations('the instances in dark');
    await go('Events');
    await openNewestEvent(page);
    await expectNoAxeViolations('the events in dark');
    await go('Settings');
    // Following the system: the OS switching to dark (and back) switches the window at once.
    await page.getByLabel('Follow the system').check();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  });

  it('is driven from the keyboard', async () => {
    await go('Events');
    const list = page.getByRole('listbox', { name: /^Events, newest change first/ });
    await list.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Event' }).getByRole('heading', { name: 'Raw record' }).waitFor();
    const total = ((await callApi('queryEvents', {})) as { total: number }).total;
    expect(await list.getAttribute('aria-activedescendant')).toBe(`event-option-${total - 1}`);
    await go('Instances');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(focused).toBeTruthy();
    expect(signedIn.pageErrors).toEqual([]);
  });

  it('says how to sign in when the tab has no session', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in to CRM Event Poller' }).waitFor();
    await page.getByText('crm-event-poller serve --new-link').waitFor();
    await expectNoAxeViolations('the sign-in page');
  });
});

async function instanceId(name: string): Promise<number | undefined> {
  const list = (await callApi('listInstances')) as { id: number; name: string }[];
  return list.find((instance) => instance.name === name)?.id;
}
