/** Runs the real `crm-event-poller` command in a child process, as a user would. */
import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'crm-event-poller.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  /** Added to this process's environment (or to nothing, with `inheritEnv: false`). */
  env?: NodeJS.ProcessEnv;
  inheritEnv?: boolean;
}

function cliEnv(options: CliOptions): NodeJS.ProcessEnv {
  return options.inheritEnv === false ? { ...options.env } : { ...process.env, ...options.env };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return runCommand(process.execPath, [BIN, ...args], { ...options, env: cliEnv(options) });
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** A command that keeps running (serve, run): its output so far, and its exit. */
export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(options) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/**
 * An environment with no keychain to reach: a throwaway home, a session bus address whose socket
 * does not exist, and no $DISPLAY for D-Bus to autolaunch one.
 */
export function withoutKeychain(): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(tmpdir(), 'cep-no-keychain-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
  for (const [name, dir] of Object.entries({ HOME: 'home', XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' })) {
    mkdirSync(join(root, dir), { mode: 0o700 });
    env[name] = join(root, dir);
  }
  return env;
}

const KEYRING_PASSWORD = 'cli-test-keyring-password';
/** Unlocks (creating it the first time) the login keyring of the session's home, then runs the command. */
const START_KEYRING = 'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"';

/**
 * A private keychain for CLI tests: every call runs in its own D-Bus session with a gnome-keyring
 * whose files live in one throwaway home, so what one call stores the next one reads, and the
 * developer's own keychain is never touched.
 */
export function privateKeychain(): { run(args: string[], options?: Omit<CliOptions, 'inheritEnv'>): Promise<CliResult> } {
  const env: NodeJS.ProcessEnv = { ...withoutKeychain(), KEYRING_PASSWORD };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  return {
    run: async (args, options = {}) => {
      const result = await runCommand('dbus-run-session', ['--', 'sh', '-c', START_KEYRING, process.execPath, BIN, ...args], { ...options, env: { ...env, ...options.env } });
      // The session bus's own complaints (e.g. about file descriptor limits) are not the command's output.
      return { ...result, stderr: result.stderr.replace(/^dbus-daemon\[\d+\]: .*\n/gm, '') };
    },
  };
}

function runCommand(command: string, args: string[], options: CliOptions): Promise<CliResult> {
  const child = spawn(command, args, { env: options.env });
  child.stdin.end(options.input ?? '');
  return finished(child);
}

/** A child's exit code and all it printed, once it has exited. */
export function finished(child: ChildProcessWithoutNullStreams | ChildProcessByStdio<null | Writable, Readable, Readable>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
