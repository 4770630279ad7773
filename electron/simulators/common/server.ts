/**
 * The HTTP plumbing both simulators share: control routes, fault injection, the request log,
 * the Date header from the simulator clock, and a close() that leaves nothing running.
 */

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimClock } from './clock.ts';
import type { SimClock } from './clock.ts';
import { FaultQueue, faultResponse, truncateResponse } from './faults.ts';
import { jsonResponse } from './http.ts';
import type { SimRequest, SimResponse } from './http.ts';
import { pickHeadersOfInterest } from './requestLog.ts';
import { RequestLog } from './requestLog.ts';

export const CONTROL_PREFIX = '/_control/';

/** What a simulator serves from: its clock, its request log and its fault queue. */
export interface SimulatorParts {
  clock: SimClock;
  log: RequestLog;
  faults: FaultQueue;
}

export interface SimulatorServerOptions extends SimulatorParts {
  host?: string;
  port?: number;
  /** Answers `/_control/...` requests. */
  control: (request: SimRequest) => SimResponse | Promise<SimResponse>;
  /** Answers everything else (the vendor API). */
  handle: (request: SimRequest) => SimResponse | Promise<SimResponse>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A simulator as its caller holds it: where it listens, the account it accepts, how to stop it. */
export interface RunningSimulator extends RunningServer {
  username: string;
  password: string;
}

/** A new simulator's parts: its clock (set off by `clockOffsetMs`), request log and fault queue. */
export function simulatorParts(options: { clockOffsetMs?: number; requestLogSize?: number }): SimulatorParts {
  return { clock: createSimClock(options.clockOffsetMs ?? 0), log: new RequestLog(options.requestLogSize), faults: new FaultQueue() };
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const sleep = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(!closed);
      }, ms);
      timers.add(timer);
    });

  const send = (res: ServerResponse, response: SimResponse): void => {
    if (res.destroyed || res.writableEnded) return;
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
    // Set explicitly so Node does not add its own real-time Date.
    res.setHeader('Date', options.clock.httpDate());
    res.end(response.body ?? '');
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const arrivedAt = new Date(options.clock.now()).toISOString();
    const request = await readRequest(req, host);
    if (request === undefined) {
      send(res, jsonResponse(413, { error: 'request body too large' }));
      return;
    }
    if (request.url.pathname.startsWith(CONTROL_PREFIX)) {
      send(res, await options.control(request));
      return;
    }
    const logAnswer = (status: number, fault?: string): void => {
      options.log.add({
        at: arrivedAt,
        method: request.method,
        path: request.rawPath,
        headers: pickHeadersOfInterest(request.headers),
        status,
        durationMs: Math.round(performance.now() - started),
        ...(fault ? { fault } : {}),
      });
    };

    const fault = options.faults.take(request);
    if (fault?.kind === 'reset') {
      logAnswer(0, 'reset');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status' || fault?.kind === 'html') {
      const response = faultResponse(fault);
      logAnswer(response.status, fault.kind);
      send(res, response);
      return;
    }
    if (fault?.kind === 'delay' && !(await sleep(fault.delayMs ?? 0))) return;

    let response: SimResponse;
    try {
      response = await options.handle(request);
    } catch (error) {
      response = jsonResponse(500, { error: { code: '', message: `simulator bug: ${(error as Error).stack ?? String(error)}` } });
    }
    if (fault?.kind === 'malformed') response = truncateResponse(response);
    logAnswer(response.status, fault?.kind);
    send(res, response);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, jsonResponse(500, { error: String(error) }));
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}

/** Reads the whole request; undefined when the body is larger than we accept. */
async function readRequest(req: IncomingMessage, fallbackHost: string): Promise<SimRequest | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  const hostHeader = req.headers.host ?? fallbackHost;
  const origin = `http://${hostHeader}`;
  const rawPath = req.url ?? '/';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: new URL(rawPath, origin),
    rawPath,
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
    origin,
  };
}
