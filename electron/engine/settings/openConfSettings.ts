/** The settings file for the CLI and `serve`: `conf`, which electron-store wraps in the desktop app. */
import Conf from 'conf';
import { openSettingsFile } from './openSettingsFile.ts';
import type { SettingsStore } from './settingsStore.ts';

export function openConfSettings(dataDir: string): SettingsStore {
  return openSettingsFile(dataDir, (name, options) => new Conf<Record<string, unknown>>({ projectName: 'crm-event-poller', configName: name, ...options }));
}
