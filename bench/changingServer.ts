/**
 * A child process serving records that change on request: `GET /items?since=<epoch ms>` lists the
 * records updated after that time; `POST /change` creates one record now. Prints its URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const records: { id: string; name: string; updated: number }[] = [];

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'POST' && url.pathname === '/change') {
    const record = { id: `rec-${records.length + 1}`, name: `Company ${records.length + 1}`, updated: Date.now() };
    records.push(record);
    return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(record));
  }
  const since = Number(url.searchParams.get('since') ?? 0);
  const data = records.filter((record) => record.updated > since);
  response.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() }).end(JSON.stringify({ data }));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
