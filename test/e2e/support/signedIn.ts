/** A `serve` with Chromium signed in to its window, and the picture a failing step leaves behind. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openBrowser } from './browser.ts';
import { startServe, type ServeOptions, type ServeProcess } from './serve.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface SignedInWindow {
  serve: ServeProcess;
  page: Page;
  /** The page's uncaught errors, from the sign-in on. */
  pageErrors: string[];
  close(): Promise<void>;
}

async function openSignedInWindow(options: ServeOptions, timeoutMs: number): Promise<SignedInWindow> {
  const serve = await startServe(options);
  const browser = await openBrowser();
  const page = browser.page;
  const pageErrors: string[] = [];
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(serve.loginUrl);
  await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
  return { serve, page, pageErrors, close: async () => (await browser.close(), await serve.stop()) };
}

/** A server a file starts beside the window: a CRM, a receiver, a simulator. */
interface Server {
  close(): Promise<unknown>;
}

export interface SharedSignedInWindow<Servers extends Record<string, Server> = Record<never, Server>> {
  readonly serve: ServeProcess;
  readonly pageErrors: string[];
  /** The file's own servers, by name: started before serve, closed after it. */
  readonly servers: Servers;
  /** Stops serve and starts it again on the same data dir and keychain, signed in anew. */
  restart(): Promise<void>;
}

/**
 * For a describe whose tests share one signed-in window: the file's servers started and serve
 * opened before them, a failed step's picture after each, both closed after them. `use` hands the
 * page to the file, again after a restart.
 */
export function useSignedInWindow<Servers extends Record<string, Server> = Record<never, Server>>(
  options: ServeOptions,
  timeoutMs: number,
  use: (page: Page) => void,
  startServers?: { [Name in keyof Servers]: () => Promise<Servers[Name]> },
): SharedSignedInWindow<Servers> {
  const servers = {} as Servers;
  // Before the window's hooks: the servers start first and, after-hooks running as a stack, close last.
  beforeAll(async () => {
    const starting = Object.entries(startServers ?? {}).map(async ([name, start]) => [name, await start()] as const);
    Object.assign(servers, Object.fromEntries(await Promise.all(starting)));
  });
  afterAll(() => Promise.all(Object.values(servers).map((server) => server.close())));
  let signedIn: SignedInWindow | undefined;
  const opened = (): SignedInWindow => {
    if (!signedIn) throw new Error('the signed-in window is not open yet');
    return signedIn;
  };
  const open = async (serveOptions: ServeOptions) => {
    signedIn = await openSignedInWindow(serveOptions, timeoutMs);
    use(signedIn.page);
  };
  beforeAll(() => open(options));
  afterEach((context) => screenshotOnFailure(context.task, signedIn?.page));
  afterAll(() => signedIn?.close());
  return {
    get serve() {
      return opened().serve;
    },
    get pageErrors() {
      return opened().pageErrors;
    },
    servers,
    restart: async () => {
      const { dataDir, home } = opened().serve;
      await opened().close();
      await open({ ...options, dataDir, home });
    },
  };
}

/** For afterEach: a failed step's page, in .tmp next to the test's other leftovers. */
export async function screenshotOnFailure(task: { name: string; result?: { state?: string } }, page: Page | undefined): Promise<void> {
  if (task.result?.state !== 'fail' || !page) return;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  await page.screenshot({ path: join(ROOT, '.tmp', `e2e-failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`) }).catch(() => undefined);
}
