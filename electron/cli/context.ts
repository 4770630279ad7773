/** What every command shares: the global options and opening the engine on them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatJsonSyntaxError, parseJsonText } from '../../shared/jsonText.ts';
import { Engine } from '../engine/engine.ts';
import { SECRET_KEYS } from '../../shared/config/elements.ts';
import { openSecretStore, parseSecretStoreKind } from '../engine/secrets/openSecretStore.ts';
import type { SecretStore } from '../engine/secrets/secretStore.ts';
import { openConfSettings } from '../engine/settings/openConfSettings.ts';
import type { SettingsStore } from '../engine/settings/settingsStore.ts';
import { CliError } from './errors.ts';

export interface GlobalOptions {
  dataDir: string;
  secrets: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** The secret store the global `--secrets` option (or CRM_EVENT_POLLER_SECRETS) names. */
export function openSecrets(options: GlobalOptions): SecretStore {
  return openSecretStore(parseSecretStoreKind(options.secrets), { knownKeys: SECRET_KEYS });
}

/** The settings file of the data folder; one that cannot be read is reported with where it is broken. */
export function openSettings(dataDir: string): SettingsStore {
  try {
    return openConfSettings(dataDir);
  } catch (error) {
    const file = join(dataDir, 'settings.json');
    const parsed = existsSync(file) ? parseJsonText(readFileSync(file, 'utf8')) : undefined;
    const problem = parsed && !parsed.ok ? `not valid JSON: ${formatJsonSyntaxError(parsed.error)}` : (error as Error).message;
    throw new CliError(`the settings file ${file} cannot be used (${problem}): fix it, or move it away to start with no instances`);
  }
}

export function openEngine(command: Command): Engine {
  const options = globalOptions(command);
  return new Engine({ dataDir: options.dataDir, settings: openSettings(options.dataDir), secrets: openSecrets(options) });
}

/** Opens the engine for one command and always closes it, so the database is left clean. */
export async function withEngine<T>(command: Command, work: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = openEngine(command);
  try {
    return await work(engine);
  } finally {
    engine.close();
  }
}
