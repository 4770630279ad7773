/**
 * The settings file through electron-store, with the engine's schema and migrations: the same
 * file (`<data dir>/settings.json`) and rules as `conf` in the CLI, so both see the same instances.
 */
import Store from 'electron-store';
import { DEFAULT_SETTINGS, SETTINGS_AJV_OPTIONS, SETTINGS_FILE, SETTINGS_MIGRATIONS, SETTINGS_SCHEMA, SETTINGS_VERSION, settingsPath } from '../engine/settings/settingsSchema.ts';
import { SettingsStore, wholeStoreFile } from '../engine/settings/settingsStore.ts';

export function openElectronSettings(dataDir: string): SettingsStore {
  return new SettingsStore(settingsPath(dataDir), () => wholeStoreFile(openStore(dataDir)));
}

function openStore(dataDir: string): Store<Record<string, unknown>> {
  return new Store<Record<string, unknown>>({
    name: SETTINGS_FILE,
    cwd: dataDir,
    schema: SETTINGS_SCHEMA as never,
    ajvOptions: SETTINGS_AJV_OPTIONS,
    // electron-store 12 brings conf 16, which starts a new file at the current version without
    // running the migrations (the CLI's conf 15 runs them, and 1.0.0 writes these defaults).
    defaults: structuredClone(DEFAULT_SETTINGS) as never,
    migrations: SETTINGS_MIGRATIONS as never,
    projectVersion: SETTINGS_VERSION,
    // A hand-edited file that breaks the schema is reported at start, never silently replaced.
    clearInvalidConfig: false,
  });
}
