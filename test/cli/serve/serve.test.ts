/**
 * The HTTP transport of `crm-event-poller serve`: the real server (startHttpServer) over a real
 * application on a throwaway data dir with `--secrets env`, and the real command in a child
 * process. Requests must name this server (Host check), every contract method reachable, arguments
 * checked, pushes over SSE, loopback only, no CORS. (The session: serveSession.test.ts; load: serveLoad.test.ts.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, PUSH_TOPICS, type ApiMethod, type EventRow, type SaveResult } from '../../../shared/api.ts';
import type { RunningServer } from '../../../electron/cli/serve/server.ts';
import { itemsInstance } from '../../engine/support/harness.ts';
import { startRecordServer, type RecordServer } from '../../engine/support/recordServer.ts';
import { BAD_ARGUMENTS, validArguments } from '../../main/support/apiCalls.ts';
import { BIN } from '../support/runCli.ts';
import { bearer, send, signIn, tokenOf, type Reply } from './support/serveHttp.ts';
import { startServedApplication, type ServedApplication } from './support/servedApplication.ts';

let records: RecordServer;
let served: ServedApplication;
let server: RunningServer;
let session: string;

function call(method: string, args: unknown, options: { contentType?: string; raw?: string } = {}): Promise<Reply> {
  return send(server.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'Content-Type': options.contentType ?? 'application/json', ...bearer(session) },
    body: options.raw ?? JSON.stringify(args),
  });
}

async function json<T>(method: ApiMethod, args: unknown[]): Promise<T> {
  const reply = await call(method, args);
  if (reply.status !== 200) throw new Error(`${method}: ${reply.status} ${reply.body}`);
  return JSON.parse(reply.body) as T;
}

beforeAll(async () => {
  records = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  served = await startServedApplication('cep-serve-');
  server = served.server;
  session = await signIn(server.loginUrl);
});

afterAll(async () => {
  await served?.close();
  await records?.close();
});

describe('who may call', () => {
  it('refuses requests that name another host (DNS rebinding), even with a valid session', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`, `127.0.0.1.evil.example:${server.port}`]) {
      const reply = await send(server.port, { method: 'POST', path: '/api/listInstances', host, headers: { ...bearer(session), 'Content-Type': 'application/json' }, body: '[]' });
      expect(reply.status, host).toBe(403);
      expect((await send(server.port, { path: '/', host })).status, host).toBe(403);
    }
    // No Host header at all (HTTP/1.0 allows it).
    const bare = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: server.port }, () => socket.end(`POST /api/listInstances HTTP/1.0\r\nAuthorization: Bearer ${session}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]`));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(bare).toMatch(/^HTTP\/1\.1 403 /);
    // The names of this server are fine.
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      const reply = await send(server.port, { method: 'POST', path: '/api/listInstances', host, headers: { ...bearer(session), 'Content-Type': 'application/json' }, body: '[]' });
      expect(reply.status, host).toBe(200);
    }
  });

  it('serves the window with the content security policy', async () => {
    const page = await send(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });
});

describe('every method of the contract', () => {
  /** Methods whose service needs the delivery worker, which `serve` does not wire yet: a 422 from the service still proves the route. */
  const DELIVERY_METHODS = new Set<ApiMethod>(['resendEvent', 'queryDeliveries', 'getDeliveryAttempts', 'getDelivery', 'replayDelivery', 'replayDeliveries']);

  it('is reachable over POST /api/<method> with valid arguments', async () => {
    const document = itemsInstance(records.url, { pattern: 'milliseconds' }, 'Serve Test API');
    const created = await json<SaveResult>('createInstance', [document]);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const instanceId = created.instance.id;
    // First poll: the cursor starts at the server's now. Then two records change, and the next poll finds them.
    await json('pollNow', [instanceId]);
    records.upsert('r1', 'one', Date.now() + 2000);
    records.upsert('r2', 'two', Date.now() + 2000);
    await json('pollNow', [instanceId]);
    const { events } = await json<{ events: EventRow[] }>('queryEvents', [{ instanceId }]);
    expect(events.map((event) => event.objectId).sort()).toEqual(['r1', 'r2']);

    const args = validArguments({ instanceId, resource: 'items', credentialKey: 'token', eventId: events[0]?.id ?? '', deliveryId: 1, document });
    let copyId: number | undefined;
    const outcomes: Record<string, number> = {};
    for (const method of API_METHODS) {
      // Delete the copy made by createInstance, not the instance the other calls use.
      const reply = await call(method, method === 'deleteInstance' ? [copyId] : args[method]);
      outcomes[method] = reply.status;
      const body = JSON.parse(reply.body) as { error?: string; instance?: { id: number } };
      if (method === 'createInstance') copyId = body.instance?.id;
      if (method === 'setCredential') {
        // With --secrets env the secrets are read-only: the service says so, as a user error.
        expect(reply.status, `${method}: ${reply.body}`).toBe(422);
        expect(body.error).toMatch(/read-only with --secrets env/);
      } else if (DELIVERY_METHODS.has(method)) {
        expect([200, 422], `${method}: ${reply.body}`).toContain(reply.status);
      } else {
        expect(reply.status, `${method}: ${reply.body}`).toBe(200);
      }
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect(Object.keys(outcomes)).toEqual([...API_METHODS]);
    expect((await json<{ id: number }[]>('listInstances', [])).map((instance) => instance.id)).not.toContain(copyId);
  });

  it('answers only the contract: other names are 404, other verbs 405, other bodies 415', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'subscribe', 'emit', 'stop', 'getSecret']) {
      const reply = await call(name, []);
      expect(reply.status, name).toBe(404);
    }
    const get = await send(server.port, { path: '/api/listInstances', headers: bearer(session) });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await call('listInstances', [], { contentType: 'text/plain' })).status).toBe(415);
  });
});

describe('arguments', () => {
  for (const { method, args, names } of BAD_ARGUMENTS) {
    it(`refuses ${method}(${JSON.stringify(args)}) with 400 naming the argument`, async () => {
      const reply = await call(method, args);
      expect(reply.status).toBe(400);
      const { error } = JSON.parse(reply.body) as { error: string };
      expect(error).toMatch(new RegExp(`^${method}: `));
      expect(error).toMatch(names);
    });
  }

  it('refuses a body that is not JSON with 400', async () => {
    const reply = await call('getInstance', undefined, { raw: '[1,' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toMatch(/JSON/);
  });
});

describe('pushed topics', () => {
  it('arrive as server-sent events: status and events-added', async () => {
    const created = await json<SaveResult>('createInstance', [itemsInstance(records.url, { pattern: 'milliseconds' }, 'SSE Test API')]);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const instanceId = created.instance.id;
    await json('pollNow', [instanceId]);

    const seen: { topic: string; data: unknown }[] = [];
    let headers: IncomingHttpHeaders = {};
    const stream = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { Host: `127.0.0.1:${server.port}`, ...bearer(session) }, agent: false });
    const opened = new Promise<void>((resolve, reject) => {
      stream.on('response', (response) => {
        headers = response.headers;
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          if (buffer.startsWith(': connected')) resolve();
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const topic = /^event: (.+)$/m.exec(message)?.[1];
            const data = /^data: (.+)$/m.exec(message)?.[1];
            if (topic && data) seen.push({ topic, data: JSON.parse(data) });
          }
        });
      });
      stream.on('error', reject);
    });
    stream.end();
    try {
      await opened;
      expect(headers['content-type']).toBe('text/event-stream');
      await json('pause', [instanceId, null]);
      await expect.poll(() => seen.find((event) => event.topic === 'status' && (event.data as { id: number; state: string }).id === instanceId)?.data).toMatchObject({ id: instanceId, state: 'paused', pausedUntil: null });
      await json('resume', [instanceId]);
      records.upsert('s1', 'pushed', Date.now() + 2000);
      await json('pollNow', [instanceId]);
      await expect.poll(() => seen.find((event) => event.topic === 'events-added')?.data).toEqual({ instanceId, count: 1 });
    } finally {
      stream.destroy();
    }
  });
  it("never use a name EventSource keeps for itself (the window's listener would get its own event, without data)", () => {
    for (const topic of PUSH_TOPICS) expect(['open', 'message', 'error']).not.toContain(topic);
  });
});

describe('the network', () => {
  function refused(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host, port, timeout: 2000 });
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('timeout', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(true));
    });
  }

  it('listens on the asked address only: other local addresses of this machine refuse the connection', async () => {
    expect(await refused('127.0.0.1', server.port)).toBe(false);
    const others = ['127.0.0.2', '::1', ...Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).filter((address) => !address.internal).map((address) => address.address))];
    for (const address of others) expect(await refused(address.includes('%') ? address.split('%')[0] as string : address, server.port), address).toBe(true);
  });

  it('shows one listening socket for the port, bound to 127.0.0.1 (ss)', async () => {
    const listening = await new Promise<string | undefined>((resolve) => {
      const ss = spawn('ss', ['-Hltn', `sport = :${server.port}`]);
      let output = '';
      ss.stdout.on('data', (chunk) => (output += chunk));
      ss.on('error', () => resolve(undefined));
      ss.on('close', (code) => resolve(code === 0 ? output : undefined));
    });
    if (listening === undefined) return; // no ss here (iproute2): the connection test above stands
    const locals = listening.trim().split('\n').map((line) => line.trim().split(/\s+/)[3]);
    expect(locals).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('sends no CORS headers, not even to a preflight', async () => {
    const origin = { Origin: 'https://evil.example' };
    const replies = [
      await send(server.port, { method: 'POST', path: '/api/getAppInfo', headers: { ...origin, ...bearer(session), 'Content-Type': 'application/json' }, body: '[]' }),
      await send(server.port, { method: 'OPTIONS', path: '/api/getAppInfo', headers: { ...origin, ...bearer(session), 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' } }),
      await send(server.port, { method: 'OPTIONS', path: '/api/getAppInfo', headers: { ...origin, 'Access-Control-Request-Method': 'POST' } }),
      await send(server.port, { path: '/', headers: origin }),
    ];
    expect(replies[0]?.status).toBe(200);
    expect(replies[1]?.status).not.toBe(200);
    for (const reply of replies) expect(Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('static files', () => {
  it('never serve files outside the built window, and survive malformed paths', async () => {
    for (const path of ['/../../../../etc/passwd', '/..%2f..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/package.json', '/assets/../../package.json']) {
      const reply = await send(server.port, { path });
      expect(reply.body, path).not.toMatch(/root:|"devDependencies"/);
    }
    const malformed = await send(server.port, { path: '/%E0%A4%A' });
    expect(malformed.status).toBe(404);
    // Still serving.
    expect((await send(server.port, { path: '/' })).status).toBe(200);
  });
});

describe('the serve command', () => {
  function serve(args: string[]) {
    const home = mkdtempSync(join(tmpdir(), 'cep-serve-cli-'));
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--secrets', 'env', '--data-dir', home, ...args], { env: { ...process.env, CRM_EVENT_POLLER_HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    return {
      child,
      exited,
      output: () => ({ stdout, stderr }),
      cleanup: () => rmSync(home, { recursive: true, force: true }),
    };
  }

  it('serves on loopback without a warning, prints the one-time link and how to get another, and stops cleanly on SIGTERM', async () => {
    const run = serve([]);
    try {
      await expect.poll(() => run.output().stdout, { timeout: 20_000 }).toMatch(/open this link to sign in \(it works once, within 15 min\): (http:\/\/127\.0\.0\.1:\d+\/#sign-in=\S+)\n/);
      const { stdout, stderr } = run.output();
      expect(stdout).toMatch(/^CRM Event Poller is serving on http:\/\/127\.0\.0\.1:\d+\n/);
      expect(stdout).toMatch(/\nfor another link \(a new tab, an ended session\), run: crm-event-poller serve --new-link\n/);
      expect(stderr).not.toMatch(/WARNING/);
      const link = /\(it works once, within 15 min\): (\S+)/.exec(stdout)?.[1] as string;
      const port = Number(new URL(link).port);
      const signedIn = await signIn(link);
      expect(tokenOf(link)).not.toBe(signedIn);
      // A malformed path is a 404, not the end of the process.
      expect((await send(port, { path: '/%E0%A4%A' })).status).toBe(404);
      const info = await send(port, { method: 'POST', path: '/api/getAppInfo', headers: { ...bearer(signedIn), 'Content-Type': 'application/json' }, body: '[]' });
      expect(JSON.parse(info.body)).toMatchObject({ transport: 'http', secrets: 'env' });
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output().stderr).toContain('stopping...');
    } finally {
      run.child.kill('SIGKILL');
      run.cleanup();
    }
  });

  it('warns before listening on an address that is not loopback', async () => {
    // 192.0.2.1 (TEST-NET-1) is never an address of this machine: the warning comes first, then the bind fails.
    const run = serve(['--host', '192.0.2.1']);
    try {
      const code = await run.exited;
      const { stderr } = run.output();
      expect(stderr).toMatch(/^WARNING: listening on 192\.0\.2\.1 makes the poller reachable from the network/);
      expect(stderr).toMatch(/cannot listen on 192\.0\.2\.1:0/);
      expect(code).not.toBe(0);
    } finally {
      run.cleanup();
    }
  });
});
