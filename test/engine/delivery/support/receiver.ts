/**
 * A webhook receiver on a real local port (node:http) that records every request and answers as
 * the test says: 2xx, any status with headers, slowly, or not at all (stopped: connection refused).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../../../support/loopback.ts';

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The `webhook-id` header. */
  messageId: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer after this long. */
  delayMs?: number;
}

export type Behaviour = (request: Received, index: number) => Reply;

export interface Receiver {
  url: string;
  port: number;
  /** Every request that reached the receiver, in arrival order. */
  received: Received[];
  /** Requests answered 2xx. */
  accepted: Received[];
  /** Most requests handled at the same time. */
  maxConcurrent: number;
  behave(behaviour: Behaviour): void;
  /** Closes the port and every connection: senders get connection refused. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Resolves once `test` holds (checked as each request arrives and as it is answered), or rejects after `timeoutMs`. */
  until(test: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const ok: Behaviour = () => ({ status: 200, body: '{"ok":true}' });

export async function startReceiver(behaviour: Behaviour = ok): Promise<Receiver> {
  let behave = behaviour;
  let concurrent = 0;
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const state: Omit<Receiver, 'behave' | 'stop' | 'start' | 'until' | 'close' | 'url' | 'port'> = { received: [], accepted: [], maxConcurrent: 0 };

  const server: Server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      concurrent++;
      state.maxConcurrent = Math.max(state.maxConcurrent, concurrent);
      const received: Received = { at: Date.now(), headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), messageId: String(request.headers['webhook-id']) };
      const index = state.received.push(received) - 1;
      const reply = behave(received, index);
      for (const waiter of waiters) waiter();
      const answer = () => {
        concurrent--;
        const status = reply.status ?? 200;
        if (status >= 200 && status < 300) state.accepted.push(received);
        if (!response.destroyed) response.writeHead(status, { 'Content-Type': 'application/json', ...reply.headers }).end(reply.body ?? '');
        for (const waiter of waiters) waiter();
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);

  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    behave: (next: Behaviour) => (behave = next),
    stop,
    start: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    until: (test: () => boolean, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (test()) return resolve();
        const check = () => {
          if (!test()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${state.received.length} requests, ${state.accepted.length} accepted)`));
        }, timeoutMs);
        waiters.add(check);
      }),
    close: async () => {
      if (server.listening) await stop();
    },
  });
}

/** The event ids a notification body carries (recomputed from its events, as a receiver would see them). */
export function carriedObjects(body: string): { objectId: string; eventType: string; date: string }[] {
  return (JSON.parse(body) as { message: { events: { objectId: string; eventType: string; date: string }[] } }).message.events;
}
