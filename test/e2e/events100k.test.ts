/**
 * The Events view with 100,000 stored events, in a real browser against `serve`: the store is seeded
 * through the engine before `serve` starts; the list keeps only the rows on screen in the DOM while
 * the user scrolls to the middle and to the oldest event, loading keyset pages as it goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChangeEvent, EventType } from '../../electron/engine/polling/events.ts';
import { eventId } from '../../electron/engine/polling/events.ts';
import { inTransaction } from '../../electron/engine/store/database.ts';
import { itemsInstance, openTestEngine } from '../engine/support/harness.ts';
import { openBrowser, skipBrowserTests, type Browser } from './support/browser.ts';
import { startServe, tempDir, type ServeProcess } from './support/serve.ts';

const EVENTS = 100_000;
const ROW_HEIGHT = 48;
const TYPES: EventType[] = ['CREATED', 'UPDATED', 'UPDATED', 'DELETED'];

let serve: ServeProcess;
let browser: Browser;
let page: Page;

async function seed(dataDir: string): Promise<void> {
  const engine = openTestEngine(dataDir);
  try {
    // Nothing answers on port 9; the instance is disabled so the scheduler leaves it alone.
    const { instance } = await engine.addInstance(itemsInstance('http://127.0.0.1:9', { pattern: 'milliseconds' }, 'Bulk CRM'));
    engine.instances.update(instance.id, { enabled: false }, engine.now());
    const start = Date.now() - EVENTS * 1000;
    const events: ChangeEvent[] = Array.from({ length: EVENTS }, (_, index) => {
      const eventType = TYPES[index % TYPES.length] as EventType;
      const changeTime = start + index * 1000;
      const objectId = `obj-${index}`;
      return { id: eventId(instance.id, 'items', objectId, changeTime, eventType), instanceId: instance.id, elementKey: 'generic', resource: 'items', objectId, eventType, changeTime, pollTime: changeTime, raw: { id: objectId, n: index } };
    });
    inTransaction(engine.stores.db, () => engine.stores.events.insert(events, undefined, Date.now()));
  } finally {
    engine.close();
  }
}

/** Option elements in the DOM, and the positions they stand for. */
async function renderedRows(): Promise<{ count: number; first: number; last: number; texts: string[] }> {
  return page.evaluate(() => {
    const options = [...document.querySelectorAll('[role="option"]')];
    const positions = options.map((option) => Number(option.getAttribute('aria-posinset')));
    return { count: options.length, first: Math.min(...positions), last: Math.max(...positions), texts: options.map((option) => option.textContent ?? '') };
  });
}

describe.skipIf(skipBrowserTests())('the Events view with 100,000 events', () => {
  beforeAll(async () => {
    const dataDir = tempDir('cep-e2e-100k-');
    await seed(dataDir);
    serve = await startServe({ dataDir, secrets: 'env' });
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
    await page.goto(serve.loginUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events', exact: true }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('renders only the rows on screen, at every scroll position', async () => {
    await page.getByText('100,000 events', { exact: true }).waitFor();
    const list = page.getByRole('listbox', { name: 'Events, newest change first (100,000)' });
    await list.getByRole('option', { name: /obj-99999/ }).waitFor();
    const top = await renderedRows();
    expect(top.count).toBeLessThan(60);
    expect(await list.getByRole('option').first().getAttribute('aria-setsize')).toBe(String(EVENTS));

    // The scrollbar stands for all of them: jump to the middle.
    const middle = 50_000;
    await page.locator('.scroller').evaluate((node, top) => (node.scrollTop = top), middle * ROW_HEIGHT);
    await list.getByRole('option', { name: new RegExp(`obj-${EVENTS - 1 - middle}\\b`) }).waitFor();
    const atMiddle = await renderedRows();
    expect(atMiddle.count).toBeLessThan(60);
    expect(atMiddle.first).toBeGreaterThan(middle - 20);
    expect(atMiddle.texts.some((text) => text.includes('loading'))).toBe(false);

    // Scrolling a page at a time stays bounded and needs no new page from the server.
    const timings: number[] = [];
    for (let step = 1; step <= 10; step++) {
      timings.push(
        await page.locator('.scroller').evaluate(async (node, delta) => {
          const started = performance.now();
          node.scrollTop += delta;
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          return performance.now() - started;
        }, 600),
      );
      expect((await renderedRows()).count).toBeLessThan(60);
    }
    timings.sort((a, b) => a - b);
    expect(timings[Math.floor(timings.length / 2)]).toBeLessThan(100);
  });

  it('reaches the oldest event from the keyboard', async () => {
    const list = page.getByRole('listbox', { name: 'Events, newest change first (100,000)' });
    await list.focus();
    await page.keyboard.press('End');
    await list.getByRole('option', { name: /obj-0\b/ }).waitFor();
    expect(await list.getAttribute('aria-activedescendant')).toBe(`event-option-${EVENTS - 1}`);
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Event' }).getByText('"obj-0"').waitFor();
    expect((await renderedRows()).count).toBeLessThan(60);
  });
});
