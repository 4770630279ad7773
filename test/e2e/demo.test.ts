/**
 * The window on `crm-event-poller serve --demo`: simulated Sage CRM and Dynamics servers with live
 * data and instances already set up. Polls them, then looks at every overview with real-looking
 * data (these are the README's pictures) and checks each with axe, in light and dark.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, skipBrowserTests, type Browser } from './support/browser.ts';
import { startServe, type ServeProcess } from './support/serve.ts';
import { screenshotDir } from './support/screenshotDir.ts';
import { viewPage } from './support/viewPage.ts';

const SCREENSHOTS = screenshotDir();
const DEMO_INSTANCES = ['Demo Sage CRM', 'Demo Dynamics 365', 'Demo Dynamics 365 (by date)'];

let serve: ServeProcess;
let browser: Browser;
let page: Page;

const { go, expectNoAxeViolations, openNewestEvent, screenshot } = viewPage(() => page);

async function pollAll(): Promise<void> {
  for (const name of DEMO_INSTANCES) {
    const card = page.locator('article.instance').filter({ has: page.getByRole('heading', { name, exact: true }) });
    await card.getByRole('button', { name: 'Poll now' }).click();
    await card.getByText(/^Polled: /).waitFor({ timeout: 20_000 });
  }
}

describe.skipIf(skipBrowserTests())('the window on serve --demo', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    serve = await startServe({ demo: true, secrets: 'env' });
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(10_000);
    // Layout shifts (content moving under the reader) add up here, for the check at the end.
    await page.addInitScript(() => {
      const record = window as unknown as { layoutShifts: { value: number; sources: string[] }[] };
      record.layoutShifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
          if (!entry.hadRecentInput) record.layoutShifts.push({ value: entry.value, sources: (entry.sources ?? []).map((source) => (source.node as Element | undefined)?.outerHTML?.slice(0, 120) ?? '?') });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(serve.loginUrl);
    await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows the demo instances polling the simulated CRMs', async () => {
    await page.getByText('Demo mode: simulated CRMs').waitFor();
    for (const name of DEMO_INSTANCES) await page.getByRole('heading', { name, exact: true }).waitFor();
    await pollAll();
    // The simulated CRMs change a record every few seconds: poll again to find some.
    await page.waitForTimeout(6000);
    await pollAll();
    await screenshot('instances');
    await expectNoAxeViolations('the demo instances');
  });

  it('lists their events and opens one with its raw record', async () => {
    await go('Events');
    const list = page.getByRole('listbox', { name: /^Events, newest change first/ });
    await list.getByRole('option').first().waitFor();
    await page.getByLabel('Instance', { exact: true }).selectOption({ label: 'Demo Sage CRM' });
    await list.getByRole('option').first().click();
    const detail = page.getByRole('region', { name: 'Event' });
    await detail.getByRole('heading', { name: 'Raw record' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await list.getByRole('option', { selected: true }).waitFor();
    await screenshot('events');
    await expectNoAxeViolations('the demo events');
  });

  it('charts events per hour and poll durations', async () => {
    await go('Activity');
    for (const name of DEMO_INSTANCES) await page.getByRole('img', { name: new RegExp(`^Events per hour of ${name.replace(/[()]/g, '\\$&')}:`) }).waitFor();
    await screenshot('activity');
    await expectNoAxeViolations('the demo activity');
  });

  it('does not move content under the reader while data arrives', async () => {
    const shifts = await page.evaluate(() => (window as unknown as { layoutShifts: { value: number; sources: string[] }[] }).layoutShifts);
    const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
    // 0.1 is the "good" cumulative layout shift of Web Vitals.
    expect(total, JSON.stringify(shifts, null, 1)).toBeLessThan(0.1);
  });

  it('looks the same in dark', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await go('Instances');
    await screenshot('instances-dark');
    await expectNoAxeViolations('the demo instances in dark');
    await go('Events');
    await openNewestEvent();
    await expectNoAxeViolations('the demo events in dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
