/** `status` where nothing is stored yet, and where the engine has run but no instance was added: the same answer. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../../engine/support/harness.ts';
import { runCli } from '../support/runCli.ts';

const status = (dataDir: string, ...args: string[]) => runCli(['--data-dir', dataDir, '--secrets', 'env', 'status', ...args]);

describe('status with no instances', () => {
  it('says so, as text and as JSON, without creating anything in a data dir that holds nothing yet', async () => {
    const dataDir = join(tempDataDir('cep-cli-status-'), 'not-yet-created');
    expect(await status(dataDir)).toEqual({ code: 0, stdout: 'no instances yet\n', stderr: '' });
    expect(await status(dataDir, '--json')).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(() => readdirSync(dataDir)).toThrow(/ENOENT/);
  });

  it('gives the same answer once the settings and the database exist', async () => {
    const dataDir = tempDataDir('cep-cli-status-');
    expect(await runCli(['--data-dir', dataDir, '--secrets', 'env', 'events', 'list'])).toMatchObject({ code: 0 });
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['settings.json', 'events.sqlite']));
    expect(await status(dataDir)).toEqual({ code: 0, stdout: 'no instances yet\n', stderr: '' });
    expect(await status(dataDir, '--json')).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});
