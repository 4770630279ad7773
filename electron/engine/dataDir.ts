/**
 * Where the app keeps its data (the same folder Electron's `app.getPath('userData')` gives the
 * desktop app), and keeping it private to its owner.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'CRM Event Poller';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CRM_EVENT_POLLER_HOME) return env.CRM_EVENT_POLLER_HOME;
  return join(appDataDir(env, platform), PRODUCT_NAME);
}

/** Electron's `appData` path for each platform. */
function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}

/** Only the owner may read the data dir: it holds raw CRM records, the instances and delivery history. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** With --secrets env, the key of the sign-in fingerprints (instances/credentialFingerprints.ts). */
export const FINGERPRINT_KEY_FILE = 'sign-in-fingerprint.key';

/** The files kept private (the database's -wal and -shm take its mode from it when SQLite creates them). */
export const PRIVATE_FILES = ['settings.json', 'events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', FINGERPRINT_KEY_FILE];

/** Nothing was ever stored here: no settings (so no instances) and no event database. */
export function holdsNothingYet(dataDir: string): boolean {
  return PRIVATE_FILES.every((name) => !existsSync(join(dataDir, name)));
}

/** Creates the data dir (and missing parents) 0700, whatever the umask; an existing one is left as it is. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * At start: the data dir and its private files, when open to other users (an earlier version, a
 * copy, a umask of 022), are made 0700 and 0600. Returns what was changed, for a notice. Windows has
 * no such modes (the profile folder is private already).
 */
export function tightenDataDir(dataDir: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return [];
  ensureDataDir(dataDir);
  const notices = [tighten(dataDir, PRIVATE_DIR_MODE)];
  for (const name of PRIVATE_FILES) if (existsSync(join(dataDir, name))) notices.push(tighten(join(dataDir, name), PRIVATE_FILE_MODE));
  return notices.filter((notice): notice is string => notice !== undefined);
}

function tighten(path: string, wanted: number): string | undefined {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  chmodSync(path, wanted);
  return `${path} was open to other users (mode ${mode.toString(8)}): now ${wanted.toString(8)}`;
}
