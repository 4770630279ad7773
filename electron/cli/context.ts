/** What every command shares: the global options and opening the engine on them. */
import type { Command } from 'commander';
import { Engine } from '../engine/engine.ts';
import { SECRET_KEYS } from '../../shared/config/elements.ts';
import { openSecretStore, parseSecretStoreKind } from '../engine/secrets/openSecretStore.ts';
import type { SecretStore } from '../engine/secrets/secretStore.ts';
import { openConfSettings } from '../engine/settings/openConfSettings.ts';

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

export function openEngine(command: Command): Engine {
  const options = globalOptions(command);
  return new Engine({ dataDir: options.dataDir, settings: openConfSettings(options.dataDir), secrets: openSecrets(options) });
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
