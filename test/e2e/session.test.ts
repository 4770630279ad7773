/**
 * The session of `crm-event-poller serve` in Chromium, tried as an attacker on this machine would:
 * another local server on another port (another origin, but the same site, so it gets the cookies of
 * 127.0.0.1) is visited after sign-in, and whatever the browser sent it is replayed from outside the
 * browser to the API and the event stream. Then the life of a session: the one-time link out of the
 * address bar, history and log; a used link; a new link from the running serve; reload, a new tab,
 * sign out, and a session left unused until it ends.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, openBrowser, runAxe, skipBrowserTests, type Browser } from './support/browser.ts';
import { replay, startOtherOrigin, type OtherOrigin } from './support/otherOrigin.ts';
import { startServe, type ServeProcess } from './support/serve.ts';
import { callApi, sessionOf } from './support/windowApi.ts';

const NEW_LINK_HELP = /crm-event-poller serve --new-link/;

function tokenOf(link: string): string {
  return new URL(link).hash.replace(/^#sign-in=/, '') || (new URL(link).searchParams.get('token') ?? '');
}

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await runAxe(page);
  expect(violations, `axe on ${where}:\n${describeViolations(violations)}`).toEqual([]);
}

async function signedIn(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
}

function bearer(session: string | null): Record<string, string> {
  return { authorization: `Bearer ${session ?? ''}` };
}

describe.skipIf(skipBrowserTests())('the serve session in a browser', () => {
  let serve: ServeProcess;
  let attacker: OtherOrigin;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [serve, attacker] = await Promise.all([startServe({ secrets: 'env' }), startOtherOrigin()]);
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(10_000);
    await page.goto(serve.loginUrl);
    await signedIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await attacker?.close();
  });

  it('gives another local server nothing that opens the API or the event stream', async () => {
    // The window's tab goes to the other server and back, a link in the window is followed, and another tab opens it.
    await page.goto(`${attacker.url}/same-tab`);
    await page.goBack();
    await signedIn(page);
    await page.evaluate((url) => {
      const link = Object.assign(document.createElement('a'), { href: url, textContent: 'elsewhere' });
      document.body.append(link);
      link.click();
    }, `${attacker.url}/followed-link`);
    await page.waitForURL(`${attacker.url}/followed-link`);
    await page.goBack();
    await signedIn(page);
    const other = await browser.context.newPage();
    await other.goto(`${attacker.url}/new-tab`);
    await other.close();
    expect(attacker.received.map((request) => request.path)).toEqual(expect.arrayContaining(['/same-tab', '/followed-link', '/new-tab']));
    expect(attacker.received.find((request) => request.path === '/followed-link')?.headers.referer).toBeUndefined();

    for (const captured of attacker.received) {
      expect(JSON.stringify(captured.headers), captured.path).not.toContain(tokenOf(serve.loginUrl));
      // The window sends no Referer (its own requests, like the favicon's, name the other server).
      expect(captured.headers.referer ?? '', captured.path).not.toContain(serve.url);
      // Replayed from outside the browser: the settings call the issue saw answered 200, and the event stream.
      expect(await replay(serve.url, { method: 'POST', path: '/api/updateSettings', headers: captured.headers, body: '[{"theme":"dark"}]' }), captured.path).toBe(401);
      expect(await replay(serve.url, { method: 'POST', path: '/api/listInstances', headers: captured.headers, body: '[]' }), captured.path).toBe(401);
      expect(await replay(serve.url, { method: 'GET', path: '/api/events', headers: captured.headers }), captured.path).toBe(401);
    }
    const session = await sessionOf(page);
    expect(session).toBeTruthy();
    for (const captured of attacker.received) expect(JSON.stringify(captured.headers), captured.path).not.toContain(session);
    // The window's own session, sent the way the window sends it, is what opens them.
    expect(await replay(serve.url, { method: 'POST', path: '/api/listInstances', headers: bearer(session), body: '[]' })).toBe(200);
    expect(await replay(serve.url, { method: 'GET', path: '/api/events', headers: bearer(session) })).toBe(200);
  });

  it('keeps the one-time token out of the address bar, the tab history and the log', async () => {
    const token = tokenOf(serve.loginUrl);
    expect(page.url()).not.toContain(token);
    const cdp = await browser.context.newCDPSession(page);
    const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
    await cdp.detach();
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) expect(entry.url).not.toContain(token);
    // Printed once, in the link itself, and nowhere else.
    expect(serve.output().split(token).length - 1).toBe(1);
  });

  it('keeps the session over a reload of the tab; a new tab needs a link of its own', async () => {
    await page.reload();
    await signedIn(page);
    const fresh = await browser.context.newPage();
    try {
      await fresh.goto(serve.url);
      await fresh.getByRole('heading', { level: 1, name: 'Sign in to CRM Event Poller' }).waitFor();
      await fresh.getByText(NEW_LINK_HELP).first().waitFor();
      await expectNoAxeViolations(fresh, 'the sign-in page');
    } finally {
      await fresh.close();
    }
  });

  it('shows a page that says what to do when a used link is opened again', async () => {
    const again = await browser.context.newPage();
    try {
      await again.goto(serve.loginUrl);
      await again.getByRole('heading', { level: 1, name: 'This sign-in link no longer works' }).waitFor();
      await again.getByText(/already used/).waitFor();
      await again.getByText(NEW_LINK_HELP).first().waitFor();
      expect(again.url()).not.toContain(tokenOf(serve.loginUrl));
      await expectNoAxeViolations(again, 'the used-link page');
    } finally {
      await again.close();
    }
  });

  it('signs in another tab with a new link from the running serve, without a restart', async () => {
    const link = await serve.newLink();
    expect(new URL(link).origin).toBe(serve.url);
    const second = await browser.context.newPage();
    try {
      await second.goto(link);
      await signedIn(second);
      expect(await sessionOf(second)).not.toBe(await sessionOf(page));
      expect(await callApi(second, 'listInstances')).toEqual([]);
      // The first tab keeps its own session.
      expect(await callApi(page, 'listInstances')).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('ends the session on Sign out: the window says so and its secret opens nothing', async () => {
    const session = await sessionOf(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'You are signed out' }).waitFor();
    await page.getByText(NEW_LINK_HELP).first().waitFor();
    expect(await replay(serve.url, { method: 'POST', path: '/api/listInstances', headers: bearer(session), body: '[]' })).toBe(401);
    expect(await replay(serve.url, { method: 'GET', path: '/api/events', headers: bearer(session) })).toBe(401);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in to CRM Event Poller' }).waitFor();
  });
});

describe.skipIf(skipBrowserTests())('a serve session left unused', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe({ secrets: 'env', args: ['--session-idle', '2s'] });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('ends after the idle time: the window says so at once, and its secret opens nothing', async () => {
    const { page } = browser;
    page.setDefaultTimeout(10_000);
    await page.goto(serve.loginUrl);
    await signedIn(page);
    const session = await sessionOf(page);
    // Nobody touches the window: the server ends the session and closes its event stream, and the window tells.
    await page.getByRole('heading', { level: 1, name: 'Your session has ended' }).waitFor({ timeout: 20_000 });
    await page.getByText(NEW_LINK_HELP).first().waitFor();
    await expectNoAxeViolations(page, 'the session-ended page');
    expect(await replay(serve.url, { method: 'POST', path: '/api/listInstances', headers: bearer(session), body: '[]' })).toBe(401);
    expect(await replay(serve.url, { method: 'GET', path: '/api/events', headers: bearer(session) })).toBe(401);
    // A new link signs the same tab in again.
    await page.goto(await serve.newLink());
    await signedIn(page);
  });
});
