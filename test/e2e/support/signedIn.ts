/** A `serve` with Chromium signed in to its window, and the picture a failing step leaves behind. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from './browser.ts';
import { startServe, type ServeOptions, type ServeProcess } from './serve.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface SignedInWindow {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openSignedInWindow(options: ServeOptions, timeoutMs: number): Promise<SignedInWindow> {
  const serve = await startServe(options);
  const browser = await openBrowser();
  const page = browser.page;
  page.setDefaultTimeout(timeoutMs);
  await page.goto(serve.loginUrl);
  await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
  return { serve, browser, page, close: async () => (await browser.close(), await serve.stop()) };
}

/** For afterEach: a failed step's page, in .tmp next to the test's other leftovers. */
export async function screenshotOnFailure(task: { name: string; result?: { state?: string } }, page: Page | undefined): Promise<void> {
  if (task.result?.state !== 'fail' || !page) return;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  await page.screenshot({ path: join(ROOT, '.tmp', `e2e-failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`) }).catch(() => undefined);
}
