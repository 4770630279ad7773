/** A webhook receiver for the end-to-end tests: records every POST, and answers what the test says. */
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../../support/loopback.ts';

export interface Receiver {
  url: string;
  /** Every POST, with the status it was answered. */
  received: { headers: Record<string, string | string[] | undefined>; body: string; status: number }[];
  /** The status to answer with from now on (200 by default). */
  answer(status: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let status = 200;
  const received: Receiver['received'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body, status });
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status }));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answer: (next) => (status = next),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
