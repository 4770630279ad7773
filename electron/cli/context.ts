/** What every command shares: the global options and opening the engine on them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatJsonSyntaxError, parseJsonText } from '../../shared/jsonText.ts';
import type { Engine } from '../engine/engine.ts';
import type { SecretStore } from '../engine/secrets/secretStore.ts';
import type { StoredInstance } from '../engine/settings/settingsSchema.ts';
import type { SettingsStore } from '../engine/settings/settingsStore.ts';
import { CliError } from './errors.ts';

export interface GlobalOptions {
  dataDir: string;
  secrets: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** The secret store the global `--secrets` option (or CRM_EVENT_POLLER_SECRETS) names; loaded when a command needs it. */
export async function openSecrets(options: GlobalOptions): Promise<SecretStore> {
  const [{ SECRET_KEYS }, { openSecretStore, parseSecretStoreKind }] = await Promise.all([import('../../shared/config/elements.ts'), import('../engine/secrets/openSecretStore.ts')]);
  return openSecretStore(parseSecretStoreKind(options.secrets), { knownKeys: SECRET_KEYS });
}

/** The settings file of the data folder; one that cannot be read is reported with where it is broken. */
export async function openSettings(dataDir: string): Promise<SettingsStore> {
  const { openConfSettings } = await import('../engine/settings/openConfSettings.ts');
  try {
    return openConfSettings(dataDir);
  } catch (error) {
    const file = join(dataDir, 'settings.json');
    const parsed = existsSync(file) ? parseJsonText(readFileSync(file, 'utf8')) : undefined;
    const problem = parsed && !parsed.ok ? `not valid JSON: ${formatJsonSyntaxError(parsed.error)}` : (error as Error).message;
    throw new CliError(`the settings file ${file} cannot be used (${problem}): fix it, or move it away to start with no instances`);
  }
}

/** Loaded when a command needs it: `--version`, `--help` and `validate` never pay for the engine. */
export async function openEngine(command: Command): Promise<Engine> {
  const options = globalOptions(command);
  const [{ Engine }, settings, secrets] = await Promise.all([import('../engine/engine.ts'), openSettings(options.dataDir), openSecrets(options)]);
  return new Engine({ dataDir: options.dataDir, settings, secrets });
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

/** An action that needs the engine: runs with it open, given the command's options (after its arguments, if any). */
export function onEngine<Options = unknown, Args extends string[] = string[]>(run: (engine: Engine, options: Options, args: Args) => Promise<void> | void) {
  // Commander calls an action with the arguments, then the options, then the command.
  return async (...received: unknown[]): Promise<void> => {
    const args = received.slice(0, -2) as Args;
    await withEngine(received.at(-1) as Command, async (engine) => run(engine, received.at(-2) as Options, args));
  };
}

/** A subcommand of one saved instance: `<instance>` (name or id) is its first argument; more may follow. */
export function instanceCommand(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description).argument('<instance>', 'instance name or id');
}

/**
 * The action of an `instanceCommand`: runs with the engine open and the instance found (a name that
 * is not saved fails the same way everywhere); `args` are the arguments after `<instance>`.
 */
export function onInstance<Args extends string[] = [], Options = unknown>(run: (engine: Engine, instance: StoredInstance, args: Args, options: Options) => Promise<void> | void) {
  return onEngine<Options, [string, ...Args]>((engine, options, [name, ...args]) => run(engine, engine.requireInstance(name), args, options));
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
