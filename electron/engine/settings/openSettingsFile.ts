/**
 * The one way to open the settings file (`<data dir>/settings.json`): the data dir made private, the
 * engine's schema, defaults, migrations and file mode, the whole file read and written through
 * SettingsStore. `conf` (the CLI and `serve`) and electron-store (the desktop app, which wraps conf)
 * differ only in the constructor each front end hands in, so both see the same instances.
 */
import { ensureDataDir } from '../dataDir.ts';
import { SETTINGS_FILE, settingsFileOptions, settingsPath } from './settingsSchema.ts';
import { SettingsStore, wholeStoreFile } from './settingsStore.ts';

export type SettingsFileOptions = ReturnType<typeof settingsFileOptions>;

/** Opens the file under `name` (without `.json`) with the given options: `new Conf(…)` or `new Store(…)`. */
export type OpenStoreFile = (name: string, options: SettingsFileOptions) => { store: Record<string, unknown> };

export function openSettingsFile(dataDir: string, open: OpenStoreFile): SettingsStore {
  ensureDataDir(dataDir);
  return new SettingsStore(settingsPath(dataDir), () => wholeStoreFile(open(SETTINGS_FILE, settingsFileOptions(dataDir))));
}
