/** What every command shares: the global options and opening the engine on them. */
import type { Command } from 'commander';
import { Engine } from '../engine/engine.ts';
import { SECRET_KEYS } from '../../shared/config/elements.ts';
import { openSecretStore, parseSecretStoreKind } from '../engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../engine/settings/openConfSettings.ts';

export interface GlobalOptions {
  dataDir: string;
  secrets: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function openEngine(command: Command): Engine {
  const options = globalOptions(command);
  return new Engine({
    dataDir: options.dataDir,
    settings: openConfSettings(options.dataDir),
    secrets: openSecretStore(parseSecretStoreKind(options.secrets), { knownKeys: SECRET_KEYS }),
  });
}

/**
 * Opens the engine for one command and always closes it, so the database is left clean. A failure
 * leaves redacted (it is printed next), hiding every secret the command used.
 */
export async function withEngine<T>(command: Command, work: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = openEngine(command);
  try {
    await engine.moveSecretsOutOfSettings();
    return await work(engine);
  } catch (error) {
    throw engine.redactor.error(error);
  } finally {
    engine.close();
  }
}
