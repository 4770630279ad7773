/** What the browser tests do on any view: go to it, check it with axe, save its picture. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { describeViolations, runAxe } from './browser.ts';
import { screenshotDir } from './screenshotDir.ts';

/** Through the navigation ("Instances, 1 need attention" is still Instances), then its heading. */
export async function go(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${view}\\b`) }).click();
  await page.getByRole('heading', { level: 1, name: view }).waitFor();
}

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `axe on ${where}:\n${describeViolations(violations)}`).toEqual([]);
}

/** In the Events view: opens the newest event, down to its raw record. */
export async function openNewestEvent(page: Page): Promise<void> {
  await page.getByRole('listbox', { name: /^Events, newest change first/ }).getByRole('option').first().click();
  await page.getByRole('region', { name: 'Event' }).getByRole('heading', { name: 'Raw record' }).waitFor();
}

/** The page as it is, messages about earlier steps dismissed and pushed updates settled. */
export async function screenshot(page: Page, name: string): Promise<void> {
  for (const close of await page.getByRole('button', { name: 'Dismiss message' }).all()) await close.click({ timeout: 500 }).catch(() => undefined);
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(screenshotDir(), `${name}.png`) });
}

/** The four, bound to the page a test opens later (in its beforeAll). */
export function viewPage(page: () => Page) {
  return {
    go: (view: string) => go(page(), view),
    expectNoAxeViolations: (where: string) => expectNoAxeViolations(page(), where),
    openNewestEvent: () => openNewestEvent(page()),
    screenshot: (name: string) => screenshot(page(), name),
  };
}
