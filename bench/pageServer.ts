/**
 * A child process serving N changed records as pre-rendered JSON pages (`/items?offset&limit`), so the
 * server costs the same for the engine and for the baseline. Prints its URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const total = Number(process.argv[2] ?? 100_000);
const pageSize = Number(process.argv[3] ?? 500);
const start = Date.parse('2024-01-01T00:00:00Z');

function record(index: number) {
  const created = new Date(start + index * 1000).toISOString();
  const updated = new Date(start + index * 1000 + (index % 3 === 0 ? 0 : 3_600_000)).toISOString();
  return {
    id: `rec-${index}`,
    name: `Company ${index}`,
    email: `contact${index}@example.com`,
    phone: `+1-555-${String(index).padStart(7, '0')}`,
    city: ['Berlin', 'Denver', 'Pune', 'Leeds'][index % 4],
    status: index % 5 === 0 ? 'prospect' : 'customer',
    created,
    updated,
  };
}

const pages = new Map<number, string>();
for (let offset = 0; offset < total; offset += pageSize) {
  const data = Array.from({ length: Math.min(pageSize, total - offset) }, (_, i) => record(offset + i));
  pages.set(offset, JSON.stringify({ total, data }));
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const body = pages.get(Number(url.searchParams.get('offset') ?? 0)) ?? JSON.stringify({ total, data: [] });
  response.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() }).end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
