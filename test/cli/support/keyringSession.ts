/**
 * Runs the real `crm-event-poller` against a real gnome-keyring: each call starts a private D-Bus
 * session whose keyring daemon unlocks (or first creates) the login keyring in throwaway
 * directories, so calls share one keychain and the developer's own is never touched.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, type CliResult } from './runCli.ts';
import { missingKeyringTools, START_KEYRING } from '../../support/keyring.ts';

const KEYRING_PASSWORD = 'cli-keyring-password';


export interface KeyringSession {
  /** `crm-event-poller <args>`. */
  run(args: string[], options?: SessionOptions): Promise<CliResult>;
  /** `node <script> <args>`: a scenario using the engine itself. */
  runScript(script: string, args: string[], options?: SessionOptions): Promise<CliResult>;
}

export interface SessionOptions {
  env?: Record<string, string>;
  /** Run under this umask (e.g. `022`, what most systems give a login shell). */
  umask?: string;
}

export function keyringSession(): KeyringSession {
  const missing = missingKeyringTools();
  if (missing.length) throw new Error(`these tests keep credentials in a private keychain and need ${missing.join(' and ')}: apt-get install gnome-keyring dbus-x11 (see .ci/run)`);
  const root = mkdtempSync(join(tmpdir(), 'cep-keyring-'));
  const home: Record<string, string> = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', TZ: 'UTC', KEYRING_PASSWORD };
  for (const [name, dir] of Object.entries({ HOME: 'home', XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' })) {
    mkdirSync(join(root, dir), { mode: 0o700 });
    home[name] = join(root, dir);
  }
  const runNode = (args: string[], options: SessionOptions = {}): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const command = `${options.umask ? `umask ${options.umask}; ` : ''}${START_KEYRING}`;
      const child = spawn('dbus-run-session', ['--', 'sh', '-c', command, process.execPath, ...args], { env: { ...home, ...options.env }, detached: true });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
        reject(new Error(`node ${args.join(' ')} did not finish within 60 s\n${stderr}`));
      }, 60_000);
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        // The keyring daemon may outlive the session's child: end the whole group.
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        resolve({ code, stdout, stderr });
      });
    });
  return { run: (args, options) => runNode([BIN, ...args], options), runScript: (script, args, options) => runNode([script, ...args], options) };
}
