/** A callback credential for the tests, and what an attacker with read access to the data dir sees. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const USER = 'hookuser';
export const PASSWORD = 'h00k pa55';
export const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
/** Every form the password could rest in. */
export const FORBIDDEN = [PASSWORD, encodeURIComponent(PASSWORD), BASIC.slice(6)];

export const withUserInfo = (url: string) => url.replace('http://', `http://${USER}:${encodeURIComponent(PASSWORD)}@`);
export const masked = (url: string) => url.replace('http://', `http://${USER}:•••@`);

export const FILES_AT_REST = ['settings.json', 'events.sqlite', 'events.sqlite-wal'];

/** The files as bytes (read both ways, so UTF-8 text and raw pages are searched). */
export function filesAtRest(dataDir: string, names = FILES_AT_REST): string {
  return names
    .map((name) => join(dataDir, name))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1') + readFileSync(file).toString('utf8'))
    .join('\n');
}

export function expectNothingAtRest(dataDir: string, names?: string[]): void {
  const text = filesAtRest(dataDir, names);
  for (const secret of FORBIDDEN) expect(text.includes(secret), `the data dir holds ${JSON.stringify(secret)}`).toBe(false);
}
