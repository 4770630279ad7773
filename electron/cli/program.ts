/** The `crm-event-poller` command line: commands, global options, and how failures are reported. */
import { Command, CommanderError, Option } from 'commander';
import { defaultDataDir } from '../engine/dataDir.ts';
import { registerCredentials } from './commands/credentials.ts';
import { registerDeliveries } from './commands/deliveries.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEvents } from './commands/events.ts';
import { registerInstances } from './commands/instances.ts';
import { registerPoll } from './commands/poll.ts';
import { registerRun } from './commands/run.ts';
import { registerServe } from './commands/serve.ts';
import { registerSim } from './commands/sim.ts';
import { registerStatus } from './commands/status.ts';
import { registerValidate } from './commands/validate.ts';
import { ConnectorError } from '../engine/connectors/errors.ts';
import { redact } from '../engine/secrets/redact.ts';
import { SECRET_STORE_KINDS, SecretStoreError } from '../engine/secrets/secretStore.ts';
import { UserError } from '../engine/userError.ts';
import { CliError, EXIT_INVALID, EXIT_UNUSABLE } from './errors.ts';
import { PACKAGE_VERSION } from './packageInfo.ts';

export function buildProgram(): Command {
  const program = new Command('crm-event-poller')
    .description('Poll CRM systems for changes and forward them as events (Cloud Elements polling configuration).')
    .option('--data-dir <dir>', 'where settings, events and cursors are kept (env CRM_EVENT_POLLER_HOME)', defaultDataDir())
    .addOption(
      new Option('--secrets <source>', 'where credentials live: keychain (the OS keychain) or env (CRM_EVENT_POLLER_SECRET_<INSTANCE>_<KEY> variables)')
        .choices(SECRET_STORE_KINDS)
        .env('CRM_EVENT_POLLER_SECRETS')
        .default('keychain'),
    )
    .version(PACKAGE_VERSION)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .showHelpAfterError('(run with --help for usage)');
  registerValidate(program);
  registerInstances(program);
  registerCredentials(program);
  registerPoll(program);
  registerEvents(program);
  registerDeliveries(program);
  registerRun(program);
  registerStatus(program);
  registerServe(program);
  registerDemo(program);
  registerSim(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return reportFailure(error);
  }
}

/** Commands redact what they know (withEngine); the credential patterns are hidden here too, from any failure. */
function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version requests end this way too, with exit code 0.
    return error.exitCode === 0 ? 0 : EXIT_UNUSABLE;
  }
  const print = (text: string) => process.stderr.write(`${redact(text)}\n`);
  if (error instanceof CliError || error instanceof UserError || error instanceof SecretStoreError || error instanceof ConnectorError) {
    print(`crm-event-poller: ${error.message}`);
    if (error instanceof CliError) return error.exitCode;
    // A name that is not there is unusable input, like a file that is not there; an instance still to set up is a configuration problem.
    return error instanceof UserError && error.fault === 'unusable' ? EXIT_UNUSABLE : EXIT_INVALID;
  }
  print(`crm-event-poller: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (process.env.CRM_EVENT_POLLER_DEBUG) print(`${(error as Error)?.stack}`);
  return EXIT_UNUSABLE;
}

