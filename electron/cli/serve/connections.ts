/**
 * A cap on the connections `serve` holds that keeps the window served while idle connections pile
 * up (sockets that never finish their headers, a browser's idle keep-alives). Without one they use
 * up the process's open files (1,024 on many desktops), and then even the window's files fail to
 * open. At the cap a new connection makes room by closing the one idle the longest; only when
 * every connection is held is the new one let go. So a newcomer never waits for the header and
 * keep-alive timeouts, which clean up the rest in their time.
 *
 * A connection is held only while serving what the server chose to serve (a file of the window, an
 * authorized call or event stream): a request refused without a session stays evictable however
 * slowly it sends its body, so trickling bodies cannot take every place either.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class ConnectionCap {
  /** Not held, in the order they became so: the longest idle first. */
  readonly #idle = new Set<Socket>();
  /** Responses in progress on each held connection (more than one when pipelined). */
  readonly #held = new Map<Socket, number>();

  constructor(server: Server, max: number) {
    server.on('connection', (socket: Socket) => {
      if (this.#idle.size + this.#held.size >= max) {
        const oldest = this.#idle.values().next().value;
        if (!oldest) return socket.destroy();
        this.#idle.delete(oldest);
        oldest.destroy();
      }
      this.#idle.add(socket);
      socket.on('close', () => {
        this.#idle.delete(socket);
        this.#held.delete(socket);
      });
    });
  }

  /** Keeps this request's connection until its response is done. */
  hold(request: IncomingMessage, response: ServerResponse): void {
    const socket = request.socket as Socket;
    if (socket.destroyed) return;
    this.#idle.delete(socket);
    this.#held.set(socket, (this.#held.get(socket) ?? 0) + 1);
    response.on('close', () => {
      const left = (this.#held.get(socket) ?? 1) - 1;
      if (left > 0) return void this.#held.set(socket, left);
      this.#held.delete(socket);
      // Back at the end of the line: idle from now.
      this.#idle.delete(socket);
      if (!socket.destroyed) this.#idle.add(socket);
    });
  }
}
