/**
 * A smoke test of the real desktop app (main, preload and window), for machines that have the
 * Electron binary: `npm run test:electron` (it builds first). Throwaway data folder, secrets from
 * the environment. Set ELECTRON_PATH to use an Electron other than the project's.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api.ts';
import type { PreloadBridge } from '../../shared/transport.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const executablePath = process.env.ELECTRON_PATH ?? (createRequire(import.meta.url)('electron') as string);
const dataDir = mkdtempSync(join(tmpdir(), 'cep-electron-'));
const env = { ...process.env, CRM_EVENT_POLLER_HOME: dataDir, CRM_EVENT_POLLER_SECRETS: 'env', ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>;

let app: ElectronApplication;
let page: Page;

/** The page's global, as the preload exposes it. */
type Exposed = { crmEventPoller?: PreloadBridge };

beforeAll(async () => {
  app = await _electron.launch({ executablePath, args: [ROOT], env, cwd: ROOT });
  page = await app.firstWindow();
  await page.waitForLoadState('load');
});

afterAll(async () => {
  await app?.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the desktop app', () => {
  it('opens its window on the built renderer from file://, named after the product', async () => {
    expect(page.url()).toMatch(/^file:\/\/.*\/renderer\/dist\/index\.html/);
    expect(await app.evaluate(({ app: electronApp }) => electronApp.getName())).toBe('CRM Event Poller');
    expect(await page.title()).toBe('CRM Event Poller');
  });

  it('runs the window without Node, and the bridge as proxies from the isolated preload', async () => {
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    // Functions crossing the context bridge are native proxies: the page cannot reach the preload's scope.
    expect(await page.evaluate(() => String((window as unknown as Exposed).crmEventPoller?.call))).toMatch(/native code/);
  });

  it('gives the page exactly call and subscribe, reaching the engine over IPC', async () => {
    expect(await page.evaluate(() => Object.keys((window as unknown as Exposed).crmEventPoller ?? {}).sort())).toEqual(['call', 'subscribe']);
    const info = await page.evaluate(() => (window as unknown as Exposed).crmEventPoller?.call('getAppInfo', []));
    expect(info).toMatchObject({ ok: true, value: { transport: 'ipc', secrets: 'env', dataDir } });
    expect(await page.evaluate(() => (window as unknown as Exposed).crmEventPoller?.call('listInstances', []))).toEqual({ ok: true, value: [] });
    // A failure crosses the context bridge as data, its kind intact.
    expect(await page.evaluate(() => (window as unknown as Exposed).crmEventPoller?.call('getInstance', ['seven']))).toMatchObject({ ok: false, kind: 'invalid-request', error: expect.stringMatching(/getInstance: argument 0/) });
    await expect(page.evaluate(() => (window as unknown as Exposed).crmEventPoller?.call('notAMethod', []))).rejects.toThrow(/no API method/);
    // Every method is wired (a refusal for bad arguments comes from the main process, not "no handler").
    for (const method of API_METHODS) {
      const outcome = await page.evaluate((name) => (window as unknown as Exposed).crmEventPoller?.call(name, [{ bad: true }, 'x', 'y', 'z']).then((reply) => (reply.ok ? 'ok' : reply.error), (error: Error) => error.message), method);
      expect(outcome, method).not.toMatch(/No handler registered/);
    }
  });

  it('enforces the content security policy (no eval, no remote scripts)', async () => {
    expect(await page.evaluate(() => {
      try {
        return String(eval('1 + 1'));
      } catch {
        return 'blocked';
      }
    })).toBe('blocked');
  });

  it('never navigates away nor opens windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('pushes topics to the page (open-view, from a notification click)', async () => {
    const received = page.evaluate(
      () =>
        new Promise((resolve) => {
          const stop = (window as unknown as Exposed).crmEventPoller?.subscribe((topic, payload) => {
            if (topic !== 'status') {
              stop?.();
              resolve([topic, payload]);
            }
          });
        }),
    );
    await app.evaluate(({ webContents }) => {
      for (const contents of webContents.getAllWebContents()) contents.send('crm-event-poller:push', 'open-view', { view: 'events', instanceId: 7 });
    });
    expect(await received).toEqual(['open-view', { view: 'events', instanceId: 7 }]);
  });

  it('keeps running in the tray when the window is closed', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await page.waitForTimeout(300);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((window) => window.isVisible()))).toEqual([false]);
  });

  it('lets a second launch show the first one instead of starting again', async () => {
    const second = spawn(executablePath, [ROOT], { env, cwd: ROOT, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(0);
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible()), { timeout: 10_000 }).toBe(true);
  });

  it('quits gracefully: the engine stops and the database is closed cleanly', async () => {
    const exited = new Promise<void>((resolve) => app.process().on('exit', () => resolve()));
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    await exited;
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
    // SQLite removes the write-ahead log when the last connection closes properly.
    expect(existsSync(join(dataDir, 'events.sqlite-wal'))).toBe(false);
  });
});
