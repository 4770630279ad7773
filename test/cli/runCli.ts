/** Runs the real `crm-event-poller` command in a child process, as a user would. */
import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'crm-event-poller.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env } });
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
