/** What every command shares: the global options and opening the engine on them. */
import type { Command } from 'commander';
import type { Engine } from '../engine/engine.ts';

export interface GlobalOptions {
  dataDir: string;
  secrets: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Loaded when a command needs it: `--version`, `--help` and `validate` never pay for the engine. */
export async function openEngine(command: Command): Promise<Engine> {
  const options = globalOptions(command);
  const [{ Engine }, { SECRET_KEYS }, { openSecretStore, parseSecretStoreKind }, { openConfSettings }] = await Promise.all([
    import('../engine/engine.ts'),
    import('../../shared/config/elements.ts'),
    import('../engine/secrets/openSecretStore.ts'),
    import('../engine/settings/openConfSettings.ts'),
  ]);
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
  const engine = await openEngine(command);
  try {
    await engine.moveSecretsOutOfSettings();
    return await work(engine);
  } catch (error) {
    throw engine.redactor.error(error);
  } finally {
    engine.close();
  }
}

/**
 * Resolves at the first SIGINT or SIGTERM: the long-running commands stop gracefully then. The
 * listeners stay until the process exits: conf's exit hook (when-exit) sends the signal again
 * after it ran, and a signal that finds no listener left kills the process in the middle of its stop.
 */
export function stopRequested(): Promise<void> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve());
  });
}
