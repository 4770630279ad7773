/** The settings file for the CLI and `serve`: `conf`, which electron-store wraps in the desktop app. */
import Conf from 'conf';
import { ensureDataDir, PRIVATE_FILE_MODE } from '../dataDir.ts';
import { DEFAULT_SETTINGS, SETTINGS_MIGRATIONS, SETTINGS_SCHEMA, SETTINGS_VERSION } from './settingsSchema.ts';
import { SettingsStore } from './settingsStore.ts';

export function openConfSettings(dataDir: string): SettingsStore {
  ensureDataDir(dataDir);
  const conf = new Conf<Record<string, unknown>>({
    projectName: 'crm-event-poller',
    cwd: dataDir,
    configName: 'settings',
    schema: SETTINGS_SCHEMA as never,
    // conf 16 runs no migration on a new file: the defaults give it the current shape.
    defaults: structuredClone(DEFAULT_SETTINGS) as never,
    migrations: SETTINGS_MIGRATIONS as never,
    projectVersion: SETTINGS_VERSION,
    clearInvalidConfig: false,
    configFileMode: PRIVATE_FILE_MODE,
  });
  return new SettingsStore({ get: (key) => conf.get(key), set: (key, value) => conf.set(key, value) });
}
