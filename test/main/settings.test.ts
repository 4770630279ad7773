/**
 * The settings file through the real electron-store (its `electron` import answered by a stub
 * module, as the package cannot load Electron here): the engine's schema and migrations, the same
 * file as the CLI's conf, a broken file reported rather than wiped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfSettings } from '../../electron/engine/settings/openConfSettings.ts';
import type { openElectronSettings as OpenElectronSettings } from '../../electron/main/settings.ts';

/** What electron-store reads from Electron in the main process. */
const ELECTRON_STUB = `export default { app: { getPath: () => '/nonexistent-user-data', getVersion: () => '0.1.0' }, ipcMain: { on: () => undefined }, shell: {} };`;

let openElectronSettings: typeof OpenElectronSettings;
const temporary: string[] = [];

beforeAll(async () => {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'electron') return { url: `data:text/javascript,${encodeURIComponent(ELECTRON_STUB)}`, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
  ({ openElectronSettings } = await import('../../electron/main/settings.ts'));
});

afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cep-settings-'));
  temporary.push(dir);
  return dir;
}

describe('settings through electron-store', () => {
  it('start with the defaults the migration writes, in <data dir>/settings.json', () => {
    const dir = tempDir();
    const settings = openElectronSettings(dir);
    expect(settings.get('nextInstanceId')).toBe(1);
    expect(settings.get('notifications')).toEqual({ muted: false, mutedInstances: [] });
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ nextInstanceId: 1, pauses: {}, __internal__: { migrations: { version: '1.0.0' } } });
  });

  it('share the file with the CLI (conf)', () => {
    const dir = tempDir();
    openElectronSettings(dir).set('notifications', { muted: true, mutedInstances: [4] });
    expect(openConfSettings(dir).get('notifications')).toEqual({ muted: true, mutedInstances: [4] });
    openConfSettings(dir).set('ui', { theme: 'dark', startAtLogin: true });
    expect(openElectronSettings(dir).get('ui')).toEqual({ theme: 'dark', startAtLogin: true });
  });

  it('refuse values the schema forbids, and report a broken file instead of wiping it', () => {
    const dir = tempDir();
    const settings = openElectronSettings(dir);
    expect(() => settings.set('ui', { theme: 'neon' as never, startAtLogin: false })).toThrow(/theme/);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ nextInstanceId: 'one' }));
    expect(() => openElectronSettings(dir)).toThrow(/nextInstanceId/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toContain('"one"');
  });
});
