/** The settings file through electron-store in the desktop app; the file and its rules are openSettingsFile's, as for `conf` in the CLI. */
import Store from 'electron-store';
import { openSettingsFile } from '../engine/settings/openSettingsFile.ts';
import type { SettingsStore } from '../engine/settings/settingsStore.ts';

export function openElectronSettings(dataDir: string): SettingsStore {
  return openSettingsFile(dataDir, (name, options) => new Store<Record<string, unknown>>({ name, ...options }));
}
