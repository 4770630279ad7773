/**
 * `crm-event-poller serve` under load, the real command in a child process under a limit of 1,024
 * open files (as on many desktops): bodies over the cap get a 413 that says so (not a reset), a
 * pile of idle connections that never finish their headers does not keep the window from being
 * served, and many event-stream clients leave no warning behind.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveResult } from '../../../shared/api.ts';
import { MAX_BODY_BYTES } from '../../../electron/cli/serve/httpApi.ts';
import { MAX_CONNECTIONS } from '../../../electron/cli/serve/server.ts';
import { itemsInstance } from '../../engine/support/harness.ts';
import { startRecordServer, type RecordServer } from '../../engine/support/recordServer.ts';
import { startServe, type ServeProcess } from '../../e2e/support/serve.ts';
import { bearer, callApi, send, signIn } from './support/serveHttp.ts';

const FILE_LIMIT = 1024;

let serve: ServeProcess;
let records: RecordServer;
let port: number;
let session: string;

beforeAll(async () => {
  [serve, records] = await Promise.all([startServe({ secrets: 'env', fileLimit: FILE_LIMIT }), startRecordServer({ dateStyle: { kind: 'epoch' } })]);
  port = Number(new URL(serve.url).port);
  session = await signIn(serve.loginUrl);
});

afterAll(async () => {
  await serve?.stop();
  await records?.close();
});

describe('bodies over the cap', () => {
  const oversize = Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, ' ');

  it('get 413 with a JSON error, whether the length is announced or chunked, and the server goes on', async () => {
    const headers = { ...bearer(session), 'Content-Type': 'application/json' };
    const announced = await send(port, { method: 'POST', path: '/api/createInstance', headers: { ...headers, 'Content-Length': String(oversize.length) }, body: oversize });
    const chunked = await send(port, { method: 'POST', path: '/api/createInstance', headers: { ...headers, 'Transfer-Encoding': 'chunked' }, body: oversize });
    for (const reply of [announced, chunked]) {
      expect(reply.status).toBe(413);
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(reply.body).error).toMatch(/^the request body is over the limit of 6 MiB/);
    }
    // Without a session the answer is 401, again with the body read and not a reset.
    const anonymous = await send(port, { method: 'POST', path: '/api/createInstance', headers: { 'Content-Type': 'application/json' }, body: oversize });
    expect(anonymous.status).toBe(401);
    expect((await callApi(port, session, 'listInstances')).status).toBe(200);
  });
});

describe('idle connections that never finish their headers', () => {
  it('do not keep the window and the API from being served: the oldest are let go, long before any timeout', async () => {
    const idle: Socket[] = [];
    let closedByServer = 0;
    try {
      for (let index = 0; index < 1000; index++) {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const opened = connect({ host: '127.0.0.1', port }, () => resolve(opened));
          opened.once('error', reject);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => closedByServer++);
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Never-Finished: `);
        idle.push(socket);
      }
      const page = await send(port, { path: '/' });
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/^<!doctype html>/i);
      const api = await callApi(port, session, 'listInstances');
      expect(api.status).toBe(200);
      // The server holds at most its cap; the newest idle ones are still open, so no timeout was waited for.
      await expect.poll(() => closedByServer).toBeGreaterThanOrEqual(1000 - MAX_CONNECTIONS);
      expect(idle.filter((socket) => !socket.destroyed).length).toBeGreaterThan(0);
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });
});

describe('requests without a session that trickle their body', () => {
  it('take no place the window needs: only what the server chose to serve holds a connection', async () => {
    const trickling: Socket[] = [];
    try {
      for (let index = 0; index < MAX_CONNECTIONS + 50; index++) {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const opened = connect({ host: '127.0.0.1', port }, () => resolve(opened));
          opened.once('error', reject);
        });
        socket.on('error', () => undefined);
        socket.write(`POST /api/listInstances HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n[`);
        trickling.push(socket);
      }
      expect((await send(port, { path: '/' })).status).toBe(200);
      expect((await callApi(port, session, 'listInstances')).status).toBe(200);
    } finally {
      for (const socket of trickling) socket.destroy();
    }
  });
});

describe('many event-stream clients', () => {
  function openStream(received: string[]): Promise<ClientRequest> {
    return new Promise((resolve, reject) => {
      const stream = httpRequest({ host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, ...bearer(session) }, agent: false });
      stream.on('response', (response) => {
        if (response.statusCode !== 200) return reject(new Error(`event stream: ${response.statusCode}`));
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received.push(chunk);
          if (chunk.startsWith(': connected')) resolve(stream);
        });
      });
      stream.on('error', reject);
      stream.end();
    });
  }

  it('each get every push, without a MaxListenersExceededWarning or any other warning', async () => {
    const created = JSON.parse((await callApi(port, session, 'createInstance', [itemsInstance(records.url, { pattern: 'milliseconds' }, 'Many Streams')])).body) as SaveResult;
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const received = Array.from({ length: 30 }, () => [] as string[]);
    const streams = await Promise.all(received.map((chunks) => openStream(chunks)));
    try {
      expect((await callApi(port, session, 'pause', [created.instance.id, null])).status).toBe(200);
      for (const chunks of received) await expect.poll(() => chunks.join('')).toMatch(/event: status\ndata: \{[^\n]*"state":"paused"/);
    } finally {
      for (const stream of streams) stream.destroy();
    }
    expect(serve.output()).not.toMatch(/Warning/);
  });
});
