/** Serves the built renderer (renderer/dist), with a content security policy. */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/contentSecurityPolicy.ts';

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


export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    // A malformed escape (`/%E0%A4%A`) names no file; left uncaught it would end the process.
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) && file !== root) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    const immutable = relative.startsWith('assets/');
    response
      .writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': immutable ? 'max-age=31536000, immutable' : 'no-cache', ...SECURITY_HEADERS })
      .end(body);
  } catch {
    if (extname(relative) === '') return serveStatic(root, '/', response);
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }
}
