/**
 * The Events, Deliveries and Instances views people read (#16), end to end: the real `serve` (env
 * secrets), a CRM whose records the test changes, a webhook receiver, Debian's Chromium. At 1280 and
 * at 800 px: what changed (before and after), labels, the export, a notification's payload and
 * headers as sent and Copy as curl without a secret, Poll all and Pause all, one failure box per
 * cause; nothing that matters cut off, and axe clean. The README's pictures of a diff and a payload.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsInstance } from '../engine/support/harness.ts';
import { startRecordServer, type RecordServer } from '../engine/support/recordServer.ts';
import { secretEnvName } from '../../electron/engine/secrets/envStore.ts';
import { openBrowser, skipBrowserTests, type Browser } from './support/browser.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { startServe, type ServeProcess } from './support/serve.ts';
import { screenshotDir } from './support/screenshotDir.ts';
import { viewPage } from './support/viewPage.ts';
import { callApi } from './support/windowApi.ts';

const SCREENSHOTS = screenshotDir();
const INSTANCE = 'Northwind CRM (production, EU region)';
const UNREACHABLE = 'Unreachable CRM';
const SIGNATURE_KEY = 'views-e2e-signature-key';
const HOOK_PASSWORD = 'h00k-pa55-views';
const ADA = randomUUID();
const GRACE = randomUUID();

let records: RecordServer;
let receiver: Receiver;
let serve: ServeProcess;
let browser: Browser;
let page: Page;

const { go, expectNoAxeViolations, screenshot } = viewPage(() => page);

/** The elements whose text does not fit (cut by overflow, an ellipsis, or lines clamped). */
async function cutOff(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((nodes) =>
    nodes.filter((node) => node.clientWidth === 0 || node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1).map((node) => node.textContent ?? ''),
  );
}

/** Whether the element is wholly inside the window and inside every ancestor that clips. */
async function wholeOnScreen(locator: Locator): Promise<boolean> {
  return locator.evaluate((node) => {
    const box = node.getBoundingClientRect();
    if (box.left < 0 || box.right > window.innerWidth) return false;
    for (let parent = node.parentElement; parent; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX === 'visible') continue;
      const clip = parent.getBoundingClientRect();
      if (box.left < clip.left - 1 || box.right > clip.right + 1) return false;
    }
    return true;
  });
}

async function pollAll(): Promise<void> {
  await go('Instances').catch(async (error: unknown) => {
    mkdirSync('.tmp', { recursive: true });
    await page.screenshot({ path: '.tmp/views-pollall.png' });
    throw error;
  });
  await page.getByRole('button', { name: 'Poll all' }).click();
  await page.getByText(/^Polled 2 instances: /).waitFor({ timeout: 20_000 });
  for (const close of await page.getByRole('button', { name: 'Dismiss message' }).all()) await close.click({ timeout: 500 }).catch(() => undefined);
}

function eventList(): Locator {
  return page.getByRole('listbox', { name: /^Events, newest change first/ });
}

describe.skipIf(skipBrowserTests())('the views people read, in a browser against serve', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [records, receiver] = await Promise.all([startRecordServer({ dateStyle: { kind: 'epoch' } }), startReceiver()]);
    serve = await startServe({
      secrets: 'env',
      env: {
        [secretEnvName(INSTANCE, 'event.notification.signature.key')]: SIGNATURE_KEY,
        [secretEnvName(INSTANCE, 'event.notification.callback.userinfo')]: `hook:${HOOK_PASSWORD}`,
      },
    });
    browser = await openBrowser({ width: 1280, height: 820 });
    page = browser.page;
    page.setDefaultTimeout(10_000);
    await page.goto(serve.loginUrl);
    await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();

    const document = itemsInstance(records.url, { pattern: 'milliseconds', pageSize: 50 }, INSTANCE);
    const configuration = { ...(document.configuration as Record<string, unknown>), 'event.notification.enabled': true, 'event.notification.callback.url': receiver.url };
    const created = (await callApi(page, 'createInstance', { ...document, configuration })) as { ok: boolean };
    expect(created.ok, JSON.stringify(created)).toBe(true);
    // Three resources on a host where nothing listens: one cause, three resources hit.
    const resources = Object.fromEntries(['accounts', 'contacts', 'leads'].map((name) => [name, { url: `/api/${name}?where=modified%20gt%20'\${date}'`, idField: 'id', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } }]));
    const unreachable = { element: { key: 'generic' }, name: UNREACHABLE, configuration: { 'base.url': 'http://127.0.0.1:9', 'auth.type': 'none', 'event.poller.configuration': resources } };
    const failing = (await callApi(page, 'createInstance', unreachable)) as { ok: boolean };
    expect(failing.ok, JSON.stringify(failing)).toBe(true);

    // The first poll reads the baseline (what it reads is seen, not told), so the records are made
    // after it: made while it starts, they were history or news depending on the second they fell in.
    await pollAll();
    // Two records created (first seen), then two changes of one of them, each compared with the version before.
    records.upsert(ADA, 'Ada Lovelace');
    records.upsert(GRACE, 'Hopper, "Amazing" Grace');
    await pollAll();
    records.upsert(ADA, 'Ada King');
    await pollAll();
    records.upsert(ADA, 'Ada, Countess of Lovelace');
    await pollAll();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await records?.close();
    await receiver?.close();
  });

  it('Events: the label and the changed fields in each row, before and after in the detail, nothing cut at 1280 with the detail open', async () => {
    await go('Events');
    const list = eventList();
    const newest = list.getByRole('option').first();
    await newest.getByText('Ada, Countess of Lovelace').waitFor();
    await expect.poll(() => newest.textContent()).toContain('name');
    await list.getByRole('option', { name: /Ada Lovelace/ }).getByText('first seen').waitFor();
    expect(await cutOff(list.locator('.object, .instance, .label, .resource'))).toEqual([]);
    await newest.click();
    const detail = page.getByRole('region', { name: 'Event', exact: true });
    const changes = detail.getByRole('table', { name: 'What changed' });
    await changes.waitFor();
    const row = changes.getByRole('row', { name: /^name / });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['Ada King', 'Ada, Countess of Lovelace']);
    expect(await cutOff(list.locator('.object, .instance, .label'))).toEqual([]);
    await screenshot('events-changes');
    await expectNoAxeViolations('the events with a change open');

    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await expect.poll(() => list.evaluate((node) => node === document.activeElement)).toBe(true);
  });

  it('Events: exports the filtered list as CSV, quoted, and as NDJSON', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^events-.*\.csv$/);
    const text = readFileSync((await csv.path()) as string, 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,date,pollDate,eventType,instance,resource,objectId,label,changedFields');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`,UPDATED,"${INSTANCE}",items,${ADA},"Ada, Countess of Lovelace",name`);
    expect(lines.find((line) => line.includes(GRACE))).toContain(`,CREATED,"${INSTANCE}",items,${GRACE},"Hopper, ""Amazing"" Grace",first seen`);
    const [ndjson] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export NDJSON' }).click()]);
    const objects = readFileSync((await ndjson.path()) as string, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.slice(0, 2).map((object) => [object.label, object.changedFields])).toEqual([
      ['Ada, Countess of Lovelace', ['name']],
      ['Ada King', ['name']],
    ]);
    expect(objects.filter((object) => object.firstSeen).map((object) => object.label).sort()).toEqual(['Ada Lovelace', 'Hopper, "Amazing" Grace']);
  });

  it("Deliveries: a notification's payload and headers as sent, its events linked, Copy as curl without the secret", async () => {
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await go('Deliveries');
    await page.getByRole('button', { name: /^Details of notification/ }).first().click();
    const detail = page.getByRole('region', { name: /^Notification \d+$/ });
    const headers = detail.getByRole('table', { name: /^Headers/ });
    await headers.waitFor();
    const sent = receiver.received[receiver.received.length - 1]!;
    const header = async (name: string) => (await headers.getByRole('row', { name: new RegExp(`^${name} `) }).getByRole('cell').textContent())?.trim();
    expect(await header('Elements-Webhook-Signature')).toBe(sent.headers['elements-webhook-signature']);
    expect(await header('webhook-id')).toBe(sent.headers['webhook-id']);
    expect(await header('Authorization')).toBe('***');
    expect(sent.headers.authorization).toMatch(/^Basic /);
    await detail.getByRole('region', { name: /^Payload of notification/ }).getByText('changedFields', { exact: true }).first().waitFor();
    await detail.getByRole('link').first().waitFor();
    // The picture shows the payload: the headers above it scroll out of the pane (which scrolls on its own).
    await detail.evaluate((pane) => {
      const heading = pane.querySelector('#delivery-body-title') as HTMLElement;
      pane.scrollTop += heading.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
    });
    expect(await page.locator('main').evaluate((node) => node.scrollTop)).toBe(0);
    await expect.poll(async () => {
      for (const close of await page.getByRole('button', { name: 'Dismiss message' }).all()) await close.click({ timeout: 500 }).catch(() => undefined);
      return page.getByRole('button', { name: 'Dismiss message' }).count();
    }).toBe(0);
    await screenshot('delivery-payload');
    await expectNoAxeViolations('a notification in full');
    await detail.getByRole('checkbox', { name: 'Exact text' }).check();
    const exact = await detail.locator('pre.body').textContent();
    expect(receiver.received.map((request) => request.body)).toContain(exact);

    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
    await detail.getByRole('button', { name: 'Copy as curl' }).click();
    await page.getByText(/^Copied as curl/).waitFor();
    const command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command).toMatch(/^curl -X POST \\\n {2}'http:\/\/hook:•••@127\.0\.0\.1:\d+\/hook' \\\n/);
    expect(command).toContain(`-H 'Elements-Webhook-Signature: ${String(sent.headers['elements-webhook-signature'])}'`);
    expect(command).toContain("--data-binary '{");
    for (const secret of [HOOK_PASSWORD, SIGNATURE_KEY, Buffer.from(`hook:${HOOK_PASSWORD}`).toString('base64')]) expect(command).not.toContain(secret);

    // An event of the notification opens in the Events view.
    await detail.getByRole('link').first().click();
    await page.getByRole('region', { name: 'Event', exact: true }).getByRole('heading', { name: 'Raw record' }).waitFor();
  });

  it('Instances: one failure box per cause, naming the resources it hit, the URL short (whole on a click); Pause all and Resume all', async () => {
    await go('Instances');
    const card = page.locator('article.instance').filter({ has: page.getByRole('heading', { name: UNREACHABLE, exact: true }) });
    await card.getByText('Server unreachable').waitFor();
    expect(await card.locator('.problem').count()).toBe(1);
    await card.locator('.problem').getByText('accounts, contacts, leads').waitFor();
    const short = card.getByRole('button', { name: /^127\.0\.0\.1:9\/api\/\w+: show the whole URL$/ });
    await short.click();
    await card.getByText(/^http:\/\/127\.0\.0\.1:9\/api\/\w+\?where=modified%20gt%20/).waitFor();
    await screenshot('instance-failures');
    await expectNoAxeViolations('the instances with a failure');

    await page.getByRole('button', { name: 'Pause all ▾' }).click();
    const choices = page.getByRole('button', { name: /^Pause all (for|until)/ });
    expect(await choices.allTextContents()).toEqual(['Pause all for 30 minutes', 'Pause all for 1 hour', 'Pause all until tomorrow 08:00', 'Pause all until resumed']);
    await page.getByRole('button', { name: 'Pause all for 30 minutes' }).click();
    await page.getByRole('button', { name: 'Resume all' }).click();
    await page.getByRole('button', { name: 'Resume all' }).waitFor({ state: 'detached' });
  });

  it('at 800 px: the events keep their label, id and instance, the detail takes the list place; Details is not cut; axe clean', async () => {
    await page.setViewportSize({ width: 800, height: 820 });
    await go('Instances');
    expect(await wholeOnScreen(page.getByRole('button', { name: 'Poll all' }))).toBe(true);
    await expectNoAxeViolations('the instances at 800 px');

    await go('Events');
    const list = eventList();
    await list.getByRole('option').first().getByText('Ada, Countess of Lovelace').waitFor();
    expect(await cutOff(list.locator('.object, .instance'))).toEqual([]);
    for (const text of ['Ada, Countess of Lovelace', ADA, INSTANCE, 'items', 'name']) await list.getByRole('option').first().getByText(text, { exact: true }).waitFor();
    await screenshot('events-800');
    await expectNoAxeViolations('the events at 800 px');
    await list.getByRole('option').first().click();
    const detail = page.getByRole('region', { name: 'Event', exact: true });
    await detail.getByRole('table', { name: 'What changed' }).waitFor();
    expect(await wholeOnScreen(detail.getByRole('button', { name: /^Close the event details/ }))).toBe(true);
    await expectNoAxeViolations('an event at 800 px');
    await page.keyboard.press('Escape');
    await list.waitFor();

    await go('Deliveries');
    const details = page.getByRole('button', { name: /^Details of notification/ });
    await details.first().waitFor();
    for (const button of await details.all()) expect(await wholeOnScreen(button)).toBe(true);
    await screenshot('deliveries-800');
    await expectNoAxeViolations('the deliveries at 800 px');
    await details.first().click();
    const notification = page.getByRole('region', { name: /^Notification \d+$/ });
    await notification.getByRole('table', { name: /^Headers/ }).waitFor();
    for (const name of ['Copy as curl', 'Replay']) expect(await wholeOnScreen(notification.getByRole('button', { name }))).toBe(true);
    await expectNoAxeViolations('a notification at 800 px');
    await page.setViewportSize({ width: 1280, height: 820 });
  });
});

