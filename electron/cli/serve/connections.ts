/**
 * A cap on the connections `serve` holds that keeps the window served while idle connections pile
 * up (sockets that never finish their headers, or a browser's idle keep-alives). Without one they
 * use up the process's open files (1,024 on many desktops), and then even the window's files fail
 * to open. At the cap a new connection makes room by closing the one idle the longest (no request
 * in progress); only when every connection is busy (requests, event streams) is the new one let go.
 * So a newcomer never waits for the header and keep-alive timeouts, which clean up the rest.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export function capConnections(server: Server, max: number): void {
  /** In the order they became idle, the longest idle first. */
  const idle = new Set<Socket>();
  /** Requests in progress on each busy connection (more than one when pipelined). */
  const busy = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    if (idle.size + busy.size >= max) {
      const oldest = idle.values().next().value;
      if (!oldest) return socket.destroy();
      idle.delete(oldest);
      oldest.destroy();
    }
    idle.add(socket);
    socket.on('close', () => {
      idle.delete(socket);
      busy.delete(socket);
    });
  });
  server.on('request', (request, response) => {
    const socket = request.socket as Socket;
    idle.delete(socket);
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    response.on('close', () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) return void busy.set(socket, left);
      busy.delete(socket);
      if (!socket.destroyed) idle.add(socket);
    });
  });
}
