/**
 * The settings held in memory: read once, read again only after the file changed on disk, and
 * written in transactions that start from the file as it is (another process's change is kept).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { settingsPath } from '../../../electron/engine/settings/settingsSchema.ts';
import { SettingsStore, type SettingsChange, type SettingsFile } from '../../../electron/engine/settings/settingsStore.ts';
import { sleep, tempDataDir } from '../support/harness.ts';

/** conf's file, counting the whole-file reads the store makes. */
function countingStore(dataDir: string): { store: SettingsStore; reads: () => number } {
  let reads = 0;
  const conf = openConfSettings(dataDir); // creates the file with its defaults
  conf.get('ui');
  const file: SettingsFile = {
    read: () => {
      reads++;
      return JSON.parse(readFileSync(settingsPath(dataDir), 'utf8'));
    },
    write: (settings) => writeFileSync(settingsPath(dataDir), JSON.stringify(settings)),
  };
  return { store: new SettingsStore(settingsPath(dataDir), () => file), reads: () => reads };
}

describe('the settings store', () => {
  it('answers every get from memory while the file is unchanged', () => {
    const { store, reads } = countingStore(tempDataDir('cep-settings-'));
    const before = reads();
    for (let i = 0; i < 1000; i++) store.get('pauses');
    expect(reads()).toBe(before);
  });

  it('reads the file again after another process changed it', () => {
    const dataDir = tempDataDir('cep-settings-');
    const { store, reads } = countingStore(dataDir);
    store.get('notifications');
    const before = reads();
    openConfSettings(dataDir).set('notifications', { muted: true, mutedInstances: [3] });
    expect(store.get('notifications')).toEqual({ muted: true, mutedInstances: [3] });
    expect(reads()).toBe(before + 1);
  });

  it('keeps another process’s change when it writes from a value it held before', () => {
    const dataDir = tempDataDir('cep-settings-');
    const app = openConfSettings(dataDir);
    const cli = openConfSettings(dataDir);
    expect(app.get('pauses')).toEqual({});
    cli.update('pauses', (pauses) => ({ ...pauses, 1: null }));
    app.update('pauses', (pauses) => ({ ...pauses, 2: null }));
    expect(openConfSettings(dataDir).get('pauses')).toEqual({ 1: null, 2: null });
  });

  it('hands out frozen values, so a caller cannot change the settings in memory by accident', () => {
    const settings = openConfSettings(tempDataDir('cep-settings-'));
    expect(() => settings.get('retention').maxAgeDays++).toThrow(TypeError);
    const mine = { muted: true, mutedInstances: [1] };
    settings.set('notifications', mine);
    mine.mutedInstances.push(2); // the caller's own object stays writable
    expect(settings.get('notifications').mutedInstances).toEqual([1]);
  });

  it('writes nothing when the change throws', () => {
    const dataDir = tempDataDir('cep-settings-');
    const settings = openConfSettings(dataDir);
    const before = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    expect(() =>
      settings.transaction((draft) => {
        draft.nextInstanceId = 99;
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(before);
    expect(settings.get('nextInstanceId')).toBe(1);
  });

  it('keeps the settings it had when a hand edit breaks the file, and refuses to write over it', () => {
    const dataDir = tempDataDir('cep-settings-');
    const settings = openConfSettings(dataDir);
    settings.set('retention', { maxAgeDays: 7, maxEventsPerInstance: 1000 });
    writeFileSync(join(dataDir, 'settings.json'), '{ "retention": ');
    expect(settings.get('retention')).toEqual({ maxAgeDays: 7, maxEventsPerInstance: 1000 });
    expect(() => settings.set('retention', { maxAgeDays: 8, maxEventsPerInstance: 1000 })).toThrow();
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe('{ "retention": ');
  });

  it('announces a change made in this process at once: which settings changed, and all of them as they are now', () => {
    const settings = openConfSettings(tempDataDir('cep-settings-'));
    const changes: SettingsChange[] = [];
    const stop = settings.onChange((change) => changes.push(change));
    settings.set('pauses', { all: null });
    settings.update('retention', (retention) => retention); // leaves every value as it was: not announced
    settings.transaction((all) => {
      all.pauses = {};
      all.ui = { ...all.ui, theme: 'dark' };
    });
    stop();
    settings.set('pauses', { 1: null });
    expect(changes.map((change) => [...change.keys].sort())).toEqual([['pauses'], ['pauses', 'ui']]);
    expect(changes[1]?.settings).toMatchObject({ pauses: {}, ui: { theme: 'dark' } });
    expect(Object.isFrozen(changes[1]?.settings.ui)).toBe(true);
  });

  it('a listener that throws is reported, and neither the other listeners nor the change are lost', () => {
    const settings = openConfSettings(tempDataDir('cep-settings-'));
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const heard: string[] = [];
    settings.onChange(() => {
      throw new Error('listener broke');
    });
    settings.onChange((change) => heard.push(...change.keys));
    try {
      expect(() => settings.set('pauses', { all: null })).not.toThrow();
      expect(reported).toHaveBeenCalledWith('a listener of "settings changed" failed: listener broke');
    } finally {
      reported.mockRestore();
    }
    expect(heard).toEqual(['pauses']);
    expect(settings.get('pauses')).toEqual({ all: null });
  });

  it('tells listeners about a change another process made', async () => {
    const dataDir = tempDataDir('cep-settings-');
    const settings = openConfSettings(dataDir);
    let changes = 0;
    const unwatch = settings.watchOtherProcesses();
    const unsubscribe = settings.onChange(() => changes++);
    const stop = () => {
      unsubscribe();
      unwatch();
    };
    try {
      openConfSettings(dataDir).set('ui', { theme: 'dark', startAtLogin: false });
      const deadline = Date.now() + 10_000;
      while (changes === 0 && Date.now() < deadline) await sleep(50);
      expect(changes).toBe(1);
      expect(settings.get('ui').theme).toBe('dark');
    } finally {
      stop();
    }
  });

  it('keeps telling after each atomic write replaced the file (the data dir is watched, not the replaced file)', async () => {
    const dataDir = tempDataDir('cep-settings-');
    const settings = openConfSettings(dataDir);
    const other = openConfSettings(dataDir);
    let changes = 0;
    const stopListening = settings.onChange(() => changes++);
    const stopWatching = settings.watchOtherProcesses();
    const waitFor = async (count: number) => {
      const deadline = Date.now() + 10_000;
      while (changes < count && Date.now() < deadline) await sleep(20);
    };
    try {
      for (const [index, theme] of (['dark', 'light', 'dark'] as const).entries()) {
        other.set('ui', { theme, startAtLogin: false });
        await waitFor(index + 1);
        expect(changes).toBe(index + 1);
        expect(settings.get('ui').theme).toBe(theme);
      }
    } finally {
      stopWatching();
      stopListening();
    }
  });
});
