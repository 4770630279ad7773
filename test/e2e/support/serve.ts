/**
 * Starts the real `crm-event-poller serve` as a child process on a fresh data dir and a free port,
 * and reads the one-time sign-in link it prints. With `secrets: 'keychain'` it runs inside a private
 * D-Bus session with a fresh, unlocked gnome-keyring in throwaway directories (the developer's own
 * keychain is never touched), so credentials set through the window really go to a keychain.
 *
 * Demo mode (simulated Sage CRM and Dynamics) is one option: `startServe({ demo: true })`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingKeyringTools, START_KEYRING } from '../../support/keyring.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'crm-event-poller.js');
const KEYRING_PASSWORD = 'e2e-keyring-password';

export interface ServeOptions {
  demo?: boolean;
  secrets?: 'keychain' | 'env';
  dataDir?: string;
  env?: Record<string, string>;
  /** More options of `serve`, e.g. `['--session-idle', '2s']`. */
  args?: string[];
  /** Runs serve under this limit of open files (`ulimit -n`), as on many desktops. */
  fileLimit?: number;
  /** The throwaway home (with its keyring) of an earlier serve: a restart keeps the credentials saved. */
  home?: string;
}

export interface ServeProcess {
  url: string;
  loginUrl: string;
  dataDir: string;
  /** The throwaway home (and keyring): pass it as `home` to start this serve again. */
  home: string;
  output(): string;
  /** A new sign-in link from the running serve (`crm-event-poller serve --new-link`). */
  newLink(): Promise<string>;
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A throwaway home, so neither the keyring nor any config of the developer is reachable. */
function throwawayEnv(root: string): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', TZ: process.env.TZ ?? 'UTC' };
  const dirs = { HOME: 'home', XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' };
  for (const [name, dir] of Object.entries(dirs)) {
    mkdirSync(join(root, dir), { mode: 0o700, recursive: true });
    env[name] = join(root, dir);
  }
  return env;
}


export async function startServe(options: ServeOptions = {}): Promise<ServeProcess> {
  if ((options.secrets ?? 'keychain') === 'keychain' && !options.demo) {
    const missing = missingKeyringTools();
    if (missing.length) throw new Error(`the browser tests keep credentials in a private keychain and need ${missing.join(' and ')}: apt-get install gnome-keyring dbus-x11 (see .ci/run)`);
  }
  const root = options.home ?? tempDir('cep-e2e-home-');
  const dataDir = options.dataDir ?? tempDir('cep-e2e-data-');
  const secrets = options.secrets ?? 'keychain';
  const args = [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--secrets', secrets, ...(options.demo ? ['--demo'] : []), ...(options.args ?? [])];
  const env = { ...throwawayEnv(root), ...options.env, KEYRING_PASSWORD };
  let [command, commandArgs] = secrets === 'keychain' ? ['dbus-run-session', ['--', 'sh', '-c', START_KEYRING, process.execPath, ...args]] : [process.execPath, args];
  if (options.fileLimit !== undefined) [command, commandArgs] = ['sh', ['-c', `ulimit -n ${options.fileLimit} && exec "$0" "$@"`, command, ...commandArgs]];
  const child = spawn(command as string, commandArgs as string[], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const loginUrl = await waitForLogin(child, () => output);
  const url = new URL(loginUrl).origin;
  return {
    url,
    loginUrl,
    dataDir,
    home: root,
    output: () => output,
    newLink: () => newLink(dataDir, env),
    stop: () => stopProcess(child),
  };
}

const LINK = /open this link to sign in[^:]*: (\S+)/;

function newLink(dataDir: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--new-link', '--data-dir', dataDir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const link = LINK.exec(output)?.[1];
      if (code === 0 && link) resolve(link);
      else reject(new Error(`serve --new-link exited ${code}:\n${output}`));
    });
  });
}

function waitForLogin(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopProcess(child);
      reject(new Error(`serve did not print its sign-in link within 30 s:\n${output()}`));
    }, 30_000);
    const check = () => {
      const match = LINK.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before it was ready:\n${output()}`));
    });
  });
}

/** SIGTERM to the whole process group (serve, and the bus and keyring around it), SIGKILL after 10 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
  // The keyring daemon may outlive dbus-run-session's child; make sure the group is gone.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
