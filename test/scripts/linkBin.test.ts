/** `prepare` links the command into node_modules/.bin, where npx finds it without installing the project into its cache. */
import { mkdtempSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, linkCommands } from '../../electron/scripts/linkBin.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('linking the command', () => {
  it('links node_modules/.bin/crm-event-poller to the bin, and keeps a link that is right', () => {
    const root = mkdtempSync(join(tmpdir(), 'cep-link-'));
    const [link] = linkCommands(root);
    expect(link).toBe(join(root, 'node_modules', '.bin', 'crm-event-poller'));
    expect(readlinkSync(link as string)).toBe(join('..', '..', 'bin', 'crm-event-poller.js'));
    expect(linkCommands(root)).toEqual([link]);
  });

  it('points at the project’s bin, which package.json does not declare (npx would install the project into its cache for it)', () => {
    expect(realpathSync(join(ROOT, COMMANDS['crm-event-poller'] as string))).toBe(join(ROOT, 'bin', 'crm-event-poller.js'));
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))).not.toHaveProperty('bin');
  });
});
