/**
 * The pushed topics as server-sent events at `/api/events`: `event: <topic>` and the JSON payload
 * as data. All streams share one subscription to the dispatcher, which the other listeners share
 * too: however many clients, the engine's emitter has one listener per topic (not one per client,
 * which warns past ten).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PushSource } from '../../../shared/transport.ts';
import { SECURITY_HEADERS } from './responses.ts';

/** A comment this often keeps proxies and idle timeouts from closing a quiet stream. */
const KEEP_ALIVE_MS = 25_000;

export class EventStreams {
  readonly #clients = new Set<ServerResponse>();
  readonly #unsubscribe: () => void;
  readonly #keepAlive: NodeJS.Timeout;

  constructor(source: PushSource) {
    this.#unsubscribe = source.subscribe((topic, payload) => this.#send(`event: ${topic}\ndata: ${JSON.stringify(payload)}\n\n`));
    this.#keepAlive = setInterval(() => this.#send(': keep-alive\n\n'), KEEP_ALIVE_MS).unref();
  }

  /** Starts a stream on this response; the returned function ends it (its session ended). */
  open(request: IncomingMessage, response: ServerResponse): () => void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', ...SECURITY_HEADERS });
    response.write(': connected\n\n');
    this.#clients.add(response);
    request.on('close', () => this.#clients.delete(response));
    return () => {
      this.#clients.delete(response);
      response.end();
    };
  }

  close(): void {
    clearInterval(this.#keepAlive);
    this.#unsubscribe();
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #send(text: string): void {
    for (const client of this.#clients) client.write(text);
  }
}
