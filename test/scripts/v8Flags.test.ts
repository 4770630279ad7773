/** The command starts Node with the product's V8 flags (bin/v8Flags.js): its first line passes them, and V8 takes them. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { V8_FLAGS } from '../../bin/v8Flags.js';

const ROOT = join(import.meta.dirname, '..', '..');
const LINKED_COMMAND = join(ROOT, 'node_modules', '.bin', 'crm-event-poller');

describe('the V8 flags of the command', () => {
  it('are the first line of the bin', () => {
    const [firstLine] = readFileSync(join(ROOT, 'bin', 'crm-event-poller.js'), 'utf8').split('\n');
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${V8_FLAGS.join(' ')}`);
  });

  it('reach the process started through the linked command', () => {
    // A module Node loads before the command runs prints the flags the process was started with.
    const probe = join(mkdtempSync(join(tmpdir(), 'cep-flags-')), 'probe.mjs');
    writeFileSync(probe, 'process.stderr.write(JSON.stringify(process.execArgv));');
    const run = spawnSync(LINKED_COMMAND, ['--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--import=${probe}` } });
    rmSync(dirname(probe), { recursive: true });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stderr)).toEqual(expect.arrayContaining([...V8_FLAGS]));
  });

  it('are flags this Node accepts', () => {
    expect(execFileSync(process.execPath, [...V8_FLAGS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' })).toBe('ok');
  });
});
