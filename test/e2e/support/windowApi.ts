/** Calls the API of `serve` from inside the window's page, the way the window does: with the session of its tab. */
import type { Page } from 'playwright-core';
import { SESSION_STORAGE_KEY } from '../../../renderer/src/lib/httpSession.ts';

export async function callApi(page: Page, method: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(
    async ([name, list, key]) => {
      const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${sessionStorage.getItem(key as string) ?? ''}` };
      const response = await fetch(`./api/${name as string}`, { method: 'POST', headers, body: JSON.stringify(list) });
      return response.json() as Promise<unknown>;
    },
    [method, args, SESSION_STORAGE_KEY] as const,
  );
}

/** The session secret the window's tab keeps (sessionStorage is per tab and per origin, port included). */
export function sessionOf(page: Page): Promise<string | null> {
  return page.evaluate((key) => sessionStorage.getItem(key), SESSION_STORAGE_KEY);
}
