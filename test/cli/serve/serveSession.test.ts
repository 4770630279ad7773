/**
 * Who may use `crm-event-poller serve`: a session secret that only the signed-in page holds, sent as
 * `Authorization: Bearer` on every call and on the event stream; never a cookie (cookies are shared
 * by every port of 127.0.0.1, so another local server gets them). The one-time sign-in link, its
 * expiry, sessions that end when unused or signed out, and a new link from the running serve.
 * The real server over a real application; time is a clock the test moves.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_FILE } from '../../../electron/cli/serve/control.ts';
import type { RunningServer } from '../../../electron/cli/serve/server.ts';
import { runCli } from '../support/runCli.ts';
import { bearer, callApi, exchange, send, signIn, tokenOf } from './support/serveHttp.ts';
import { startServedApplication, type ServedApplication } from './support/servedApplication.ts';
import { startServe } from '../../e2e/support/serve.ts';

const MINUTE = 60_000;
const IDLE = 30 * MINUTE;

let served: ServedApplication;
let server: RunningServer;
let now = Date.UTC(2030, 0, 1, 9);

function advance(ms: number): void {
  now += ms;
}

beforeAll(async () => {
  served = await startServedApplication('cep-serve-session-', { sessionIdleMs: IDLE, now: () => now });
  server = served.server;
});

afterAll(() => served?.close());

/** Opens the event stream with these headers; resolves with its status, and with the end of a stream that opened. */
function openStream(headers: Record<string, string>): Promise<{ status: number; ended: Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const stream = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { Host: `127.0.0.1:${server.port}`, ...headers }, agent: false });
    stream.on('response', (response) => {
      const ended = new Promise<void>((done) => response.on('close', () => done()));
      response.resume();
      resolve({ status: response.statusCode ?? 0, ended, close: () => stream.destroy() });
    });
    stream.on('error', reject);
    stream.end();
  });
}

describe('a cookie never authorizes', () => {
  it('not a cookie of the old kind, not the session secret itself sent as a cookie: only the Bearer header', async () => {
    const session = await signIn(server.newSignInLink());
    for (const cookie of [`cep_session=${session}`, `session=${session}`, session]) {
      const reply = await send(server.port, { method: 'POST', path: '/api/listInstances', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '[]' });
      expect(reply.status, cookie).toBe(401);
      expect(reply.headers['set-cookie']).toBeUndefined();
      const stream = await openStream({ Cookie: cookie });
      expect(stream.status).toBe(401);
      stream.close();
    }
    for (const authorization of ['', 'Bearer', 'Bearer wrong', `Basic ${session}`, `bearer ${session}x`]) {
      expect((await send(server.port, { method: 'POST', path: '/api/listInstances', headers: { Authorization: authorization, 'Content-Type': 'application/json' }, body: '[]' })).status, authorization).toBe(401);
    }
    expect((await callApi(server.port, session, 'listInstances')).status).toBe(200);
    const stream = await openStream(bearer(session));
    expect(stream.status).toBe(200);
    stream.close();
  });

  it('says how to sign in, in JSON, on a refused call', async () => {
    const reply = await send(server.port, { method: 'POST', path: '/api/listInstances', headers: { 'Content-Type': 'application/json' }, body: '[]' });
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.parse(reply.body).error).toMatch(/crm-event-poller serve --new-link/);
  });
});

describe('the sign-in link', () => {
  it('carries its token in the fragment (never sent by a browser), exchanged once by POST for a session', async () => {
    const link = server.newSignInLink();
    expect(link).toMatch(new RegExp(`^${server.url}/#sign-in=[\\w-]{43}$`));
    const token = tokenOf(link);
    // A request for another host does not spend it, nor a GET with it in the query.
    expect((await send(server.port, { method: 'POST', path: '/session/sign-in', host: 'evil.example', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) })).status).toBe(403);
    const page = await send(server.port, { path: `/?token=${token}` });
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();

    const first = await exchange(server.port, token);
    expect(first.status).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const body = JSON.parse(first.body) as { session: string; idleTimeoutMs: number };
    expect(body.session).toMatch(/^[\w-]{43}$/);
    expect(body.session).not.toBe(token);
    expect(body.idleTimeoutMs).toBe(IDLE);

    const again = await exchange(server.port, token);
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body)).toMatchObject({ reason: 'used', error: expect.stringMatching(/already used.*crm-event-poller serve --new-link/) });
    expect((await callApi(server.port, body.session, 'getAppInfo')).status).toBe(200);
  });

  it('refuses a wrong token, a body that is not a token, and says what to do', async () => {
    const wrong = await exchange(server.port, 'x'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ reason: 'unknown', error: expect.stringMatching(/crm-event-poller serve --new-link/) });
    const notJson = await send(server.port, { method: 'POST', path: '/session/sign-in', headers: { 'Content-Type': 'application/json' }, body: 'token' });
    expect(notJson.status).toBe(400);
    const noToken = await send(server.port, { method: 'POST', path: '/session/sign-in', headers: { 'Content-Type': 'application/json' }, body: '{"token":5}' });
    expect(noToken.status).toBe(400);
    expect((await send(server.port, { path: '/session/sign-in' })).status).toBe(405);
  });

  it('expires unused after 15 minutes, and a newer link replaces an unused one', async () => {
    const stale = server.newSignInLink();
    advance(15 * MINUTE + 1);
    const expired = await exchange(server.port, tokenOf(stale));
    expect(expired.status).toBe(401);
    expect(JSON.parse(expired.body)).toMatchObject({ reason: 'expired', error: expect.stringMatching(/expired/) });

    const replaced = server.newSignInLink();
    const newest = server.newSignInLink();
    expect(JSON.parse((await exchange(server.port, tokenOf(replaced))).body)).toMatchObject({ reason: 'replaced' });
    advance(15 * MINUTE - 1);
    expect((await exchange(server.port, tokenOf(newest))).status).toBe(200);
  });
});

describe('a session', () => {
  it('ends after 30 minutes unused, however long it was used before; its open event stream is closed', async () => {
    const session = await signIn(server.newSignInLink());
    for (let step = 0; step < 4; step++) {
      advance(IDLE - 1);
      expect((await callApi(server.port, session, 'listInstances')).status, `use ${step}`).toBe(200);
    }
    const stream = await openStream(bearer(session));
    expect(stream.status).toBe(200);
    const other = await signIn(server.newSignInLink());
    advance(IDLE - 1);
    // An open stream alone is not use: the session still ends on time.
    expect((await callApi(server.port, other, 'listInstances')).status).toBe(200);
    advance(2);
    const ended = await callApi(server.port, session, 'listInstances');
    expect(ended.status).toBe(401);
    expect(JSON.parse(ended.body).error).toMatch(/ended|signed out|unused/);
    await stream.ended;
    expect((await openStream(bearer(session))).status).toBe(401);
    expect((await callApi(server.port, other, 'listInstances')).status).toBe(200);
  });

  it('ends on sign-out (an API call of its own), closing its stream; other sessions go on', async () => {
    const session = await signIn(server.newSignInLink());
    const other = await signIn(server.newSignInLink());
    const stream = await openStream(bearer(session));
    expect((await send(server.port, { method: 'POST', path: '/session/sign-out' })).status).toBe(401);
    const out = await send(server.port, { method: 'POST', path: '/session/sign-out', headers: bearer(session) });
    expect(out.status).toBe(200);
    await stream.ended;
    expect((await callApi(server.port, session, 'listInstances')).status).toBe(401);
    expect((await send(server.port, { method: 'POST', path: '/session/sign-out', headers: bearer(session) })).status).toBe(401);
    expect((await callApi(server.port, other, 'listInstances')).status).toBe(200);
  });
});

describe('a new link from the running server', () => {
  it('is given to whoever holds the control token (kept in the data dir), never to a session or a guess', async () => {
    const ask = (headers: Record<string, string>) => send(server.port, { method: 'POST', path: '/control/new-link', headers });
    const session = await signIn(server.newSignInLink());
    for (const headers of [{}, bearer(session), bearer('x'.repeat(43)), { Cookie: `control=${server.controlToken}` }]) expect((await ask(headers)).status, JSON.stringify(headers)).toBe(401);
    expect((await send(server.port, { method: 'POST', path: '/control/new-link', host: 'evil.example', headers: bearer(server.controlToken) })).status).toBe(403);
    const given = await ask(bearer(server.controlToken));
    expect(given.status).toBe(200);
    const { loginUrl } = JSON.parse(given.body) as { loginUrl: string };
    expect((await callApi(server.port, await signIn(loginUrl), 'getAppInfo')).status).toBe(200);
    // The control token opens no API call.
    expect((await callApi(server.port, server.controlToken, 'listInstances')).status).toBe(401);
  });
});

describe('serve --new-link', () => {
  it('prints a new link from the running serve (no restart, its sessions go on), from a control file only its user can read', async () => {
    const serve = await startServe({ secrets: 'env' });
    try {
      const first = await signIn(serve.loginUrl);
      const control = join(serve.dataDir, CONTROL_FILE);
      expect(statSync(control).mode & 0o777).toBe(0o600);
      const link = await serve.newLink();
      expect(new URL(link).origin).toBe(serve.url);
      const port = Number(new URL(serve.url).port);
      const second = await signIn(link);
      expect((await callApi(port, second, 'getAppInfo')).status).toBe(200);
      expect((await callApi(port, first, 'getAppInfo')).status).toBe(200);
      // The new link is printed by the asking command only.
      expect(serve.output()).not.toContain(tokenOf(link));
    } finally {
      await serve.stop();
    }
    // A stopped serve leaves no control file behind, and --new-link says that none is running.
    expect(existsSync(join(serve.dataDir, CONTROL_FILE))).toBe(false);
    const result = await runCli(['serve', '--new-link', '--data-dir', serve.dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no `crm-event-poller serve` is running for .*: start one with `crm-event-poller serve`/);
  });

  it('refuses a --session-idle that is not a duration, has no unit or is under a second', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cep-serve-idle-'));
    try {
      for (const [value, message] of [
        ['soon', /--session-idle: "soon" is not a duration/],
        ['30', /--session-idle: "30" needs a unit, e\.g\. 30m or 2h/],
        ['10ms', /--session-idle: "10ms" is too short/],
      ] as const) {
        const { code, stderr } = await runCli(['serve', '--port', '0', '--secrets', 'env', '--data-dir', home, '--session-idle', value]);
        expect(code, value).toBe(2);
        expect(stderr, value).toMatch(message);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
