/**
 * How `crm-event-poller serve --new-link` reaches the serve already running on a data dir, for a new
 * sign-in link without a restart. Serve writes its address and a control token to a file in the
 * data dir that only its user can read (0600), and answers `POST /control/new-link` carrying that
 * token as `Authorization: Bearer` with a new link. Whoever cannot read the file (another user, a
 * page of any origin) cannot get one; the link is printed by the asking command alone, never by
 * serve, whose output may end up in a log.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.ts';

export const CONTROL_FILE = 'serve-control.json';

interface ControlFile {
  url: string;
  pid: number;
  token: string;
}

/** Writes the control file (atomically, never readable by others) and returns the function that removes it. */
export function writeControlFile(dataDir: string, url: string, token: string): () => void {
  const file = join(dataDir, CONTROL_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, JSON.stringify({ url, pid: process.pid, token } satisfies ControlFile), { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
  return () => {
    // Another serve started on the same data dir since owns it now.
    if (readControlFile(file)?.token === token) rmSync(file, { force: true });
  };
}

function readControlFile(file: string): ControlFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ControlFile>;
    return typeof parsed.url === 'string' && typeof parsed.token === 'string' && typeof parsed.pid === 'number' ? (parsed as ControlFile) : undefined;
  } catch {
    return undefined;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Asks the serve running on this data dir for a new sign-in link. */
export async function requestNewLink(dataDir: string): Promise<string> {
  const notRunning = new CliError(`no \`crm-event-poller serve\` is running for ${dataDir}: start one with \`crm-event-poller serve\` (with the same --data-dir)`);
  const control = readControlFile(join(dataDir, CONTROL_FILE));
  // A file left by a serve that was killed: whatever listens on its port now is not it, and gets no token.
  if (!control || !running(control.pid)) throw notRunning;
  let response: Response;
  try {
    response = await fetch(`${control.url}/control/new-link`, { method: 'POST', headers: { Authorization: `Bearer ${control.token}` }, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw notRunning;
  }
  const body = (await response.json().catch(() => ({}))) as { loginUrl?: unknown; error?: unknown };
  if (!response.ok || typeof body.loginUrl !== 'string') throw new CliError(`the running serve refused a new link (HTTP ${response.status}): ${String(body.error ?? 'no reason given')}`);
  if (new URL(body.loginUrl).origin !== new URL(control.url).origin) throw new CliError(`the running serve answered a link to another server (${new URL(body.loginUrl).origin}); not printed`);
  return body.loginUrl;
}
