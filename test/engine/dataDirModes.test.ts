/**
 * The data dir holds raw CRM records (events.sqlite), the instances (settings.json) and delivery
 * history: only its owner may read it, whatever the umask. Real files on disk, processes started
 * under umask 022 (what most systems give a login shell): the dir is 0700, the settings file, the
 * database and its -wal and -shm files 0600; looser modes found at start are tightened, with a notice.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, finished, type CliResult } from '../cli/support/runCli.ts';
import { tempDataDir } from './support/harness.ts';

const SCENARIO = join(import.meta.dirname, 'dataDirModesScenario.ts');

function underUmask(umask: string, args: string[]): Promise<CliResult> {
  return finished(spawn('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, ...args]));
}

async function scenario(dataDir: string): Promise<{ modes: Record<string, string | undefined>; notices: string[] }> {
  const result = await underUmask('022', [SCENARIO, dataDir]);
  if (result.code !== 0) throw new Error(`scenario failed (${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
}

const PRIVATE = { '.': '700', 'settings.json': '600', 'events.sqlite': '600', 'events.sqlite-wal': '600', 'events.sqlite-shm': '600', 'sign-in-fingerprint.key': '600' };
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('the data dir under umask 022', () => {
  it('is created 0700, and the settings file, the database, its WAL and shared memory 0600, without a notice', async () => {
    const dataDir = join(tempDataDir('cep-modes-'), 'nested', 'data');
    const { modes, notices } = await scenario(dataDir);
    expect(modes).toEqual(PRIVATE);
    expect(notices).toEqual([]);
  });

  it('found readable by others at start (an earlier version made it so), is tightened, with a notice per file', async () => {
    const dataDir = tempDataDir('cep-modes-loose-');
    await scenario(dataDir);
    chmodSync(dataDir, 0o755);
    for (const name of ['settings.json', 'events.sqlite', 'sign-in-fingerprint.key']) chmodSync(join(dataDir, name), 0o644);
    const { modes, notices } = await scenario(dataDir);
    expect(modes).toEqual(PRIVATE);
    expect(notices.join('\n')).toContain(`${dataDir} was open to other users (mode 755): now 700`);
    expect(notices.join('\n')).toContain(`${join(dataDir, 'settings.json')} was open to other users (mode 644): now 600`);
    expect(notices.join('\n')).toContain(`${join(dataDir, 'events.sqlite')} was open to other users (mode 644): now 600`);
    expect(notices.join('\n')).toContain(`${join(dataDir, 'sign-in-fingerprint.key')} was open to other users (mode 644): now 600`);
    expect((await scenario(dataDir)).notices).toEqual([]);
  });

  it('tightened by the command line says so on stderr', async () => {
    const dataDir = tempDataDir('cep-modes-cli-');
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o750);
    // A command that opens the engine (status answers a data dir that holds nothing without it).
    const listed = await underUmask('022', [BIN, '--data-dir', dataDir, '--secrets', 'env', 'events', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(`crm-event-poller: ${dataDir} was open to other users (mode 750): now 700`);
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'events.sqlite'))).toBe('600');
  });
});
