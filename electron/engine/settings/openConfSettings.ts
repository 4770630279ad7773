/** The settings file for the CLI and `serve`: `conf`, which electron-store wraps in the desktop app. */
import Conf from 'conf';
import { ensureDataDir } from '../dataDir.ts';
import { SETTINGS_FILE, settingsFileOptions, settingsPath } from './settingsSchema.ts';
import { SettingsStore, wholeStoreFile } from './settingsStore.ts';

export function openConfSettings(dataDir: string): SettingsStore {
  ensureDataDir(dataDir);
  return new SettingsStore(settingsPath(dataDir), () =>
    wholeStoreFile(new Conf<Record<string, unknown>>({ projectName: 'crm-event-poller', configName: SETTINGS_FILE, ...settingsFileOptions(dataDir) })),
  );
}
