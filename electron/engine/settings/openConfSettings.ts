/** The settings file for the CLI and `serve`: `conf`, which electron-store wraps in the desktop app. */
import Conf from 'conf';
import { DEFAULT_SETTINGS, SETTINGS_AJV_OPTIONS, SETTINGS_FILE, SETTINGS_MIGRATIONS, SETTINGS_SCHEMA, SETTINGS_VERSION, settingsPath } from './settingsSchema.ts';
import { SettingsStore, wholeStoreFile } from './settingsStore.ts';

export function openConfSettings(dataDir: string): SettingsStore {
  return new SettingsStore(settingsPath(dataDir), () =>
    wholeStoreFile(
      new Conf<Record<string, unknown>>({
        projectName: 'crm-event-poller',
        cwd: dataDir,
        configName: SETTINGS_FILE,
        schema: SETTINGS_SCHEMA as never,
        ajvOptions: SETTINGS_AJV_OPTIONS,
        // conf 16 runs no migration on a new file: the defaults give it the current shape.
        defaults: structuredClone(DEFAULT_SETTINGS) as never,
        migrations: SETTINGS_MIGRATIONS as never,
        projectVersion: SETTINGS_VERSION,
        clearInvalidConfig: false,
      }),
    ),
  );
}
