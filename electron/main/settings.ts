/**
 * The settings file through electron-store, with the engine's schema and migrations: the same
 * file (`<data dir>/settings.json`) and rules as `conf` in the CLI, so both see the same instances.
 */
import Store from 'electron-store';
import { ensureDataDir } from '../engine/dataDir.ts';
import { SETTINGS_FILE, settingsFileOptions, settingsPath } from '../engine/settings/settingsSchema.ts';
import { SettingsStore, wholeStoreFile } from '../engine/settings/settingsStore.ts';

export function openElectronSettings(dataDir: string): SettingsStore {
  ensureDataDir(dataDir);
  return new SettingsStore(settingsPath(dataDir), () => wholeStoreFile(new Store<Record<string, unknown>>({ name: SETTINGS_FILE, ...settingsFileOptions(dataDir) })));
}
