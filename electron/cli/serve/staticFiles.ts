/** Serves the built renderer (renderer/dist), with a content security policy. */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { SECURITY_HEADERS } from './responses.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const NOT_FOUND = { 'Content-Type': 'text/plain', ...SECURITY_HEADERS };

export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    // A malformed escape (`/%E0%A4%A`) names no file; left uncaught it would end the process.
    response.writeHead(404, NOT_FOUND).end('not found');
    return;
  }
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) && file !== root) {
    response.writeHead(404, NOT_FOUND).end('not found');
    return;
  }
  try {
    const body = await readFile(file);
    const immutable = relative.startsWith('assets/');
    response
      .writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': immutable ? 'max-age=31536000, immutable' : 'no-cache', ...SECURITY_HEADERS })
      .end(body);
  } catch (error) {
    // Out of open files, say: the file is there, so not a 404 (which would be cached as gone).
    const missing = ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
    if (!missing) return void response.writeHead(503, { ...NOT_FOUND, 'Retry-After': '1' }).end(`cannot read the window's files now (${(error as NodeJS.ErrnoException).code}); try again`);
    if (extname(relative) === '') return serveStatic(root, '/', response);
    response.writeHead(404, NOT_FOUND).end('not found');
  }
}
