/** A child process receiving webhooks: reads each body and answers 200 at once (a healthy receiver). Prints its URL on stdout. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let requests = 0;
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    requests++;
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks\n`);
});
process.on('SIGTERM', () => {
  process.stderr.write(`receiver: ${requests} requests\n`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
