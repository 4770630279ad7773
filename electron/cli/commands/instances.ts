/** `crm-event-poller instances add|update|list|remove|trust-authority`. */
import type { Command } from 'commander';
import { formatProblem } from '../../../shared/config/problems.ts';
import type { DroppedCredentials } from '../../../shared/api.ts';
import type { SavedInstance } from '../../engine/instances/addInstance.ts';
import type { SecretStoreKind } from '../../engine/secrets/secretStore.ts';
import { withEngine } from '../context.ts';
import { CliError, EXIT_INVALID } from '../errors.ts';
import { table } from '../format.ts';
import { parseJsonInput, readInput } from '../input.ts';

/** Runs a save, printing every problem of an invalid instance (path first) instead of failing with one. */
async function saving(failure: string, save: () => Promise<void>): Promise<void> {
  try {
    await save();
  } catch (error) {
    // Loaded already, with the engine; a static import would load it for every command's start.
    const { InvalidInstanceError } = await import('../../engine/instances/addInstance.ts');
    if (!(error instanceof InvalidInstanceError)) throw error;
    for (const problem of error.problems) process.stderr.write(`error: ${formatProblem(problem)}\n`);
    throw new CliError(failure, EXIT_INVALID);
  }
}

function report(verb: string, { instance, validation, storedSecrets, secretsToExport }: SavedInstance): void {
  for (const warning of validation.warnings) process.stdout.write(`warning: ${formatProblem(warning)}\n`);
  const moved = storedSecrets.length ? `; ${storedSecrets.join(', ')} saved in the keychain` : '';
  process.stdout.write(`${verb} instance "${instance.name}" (id ${instance.id}, ${instance.elementKey})${moved}\n`);
  if (secretsToExport.length) {
    process.stdout.write(`credentials were not saved (--secrets env is read-only); set these variables where the poller runs: ${secretsToExport.join(', ')}\n`);
  }
}

/** What became of the credentials saved for the old server. */
function describeDropped({ keys, savedFor, now }: DroppedCredentials, secrets: SecretStoreKind): string {
  const change = `the server changed (${savedFor.join(', ')} → ${now.join(', ')})`;
  const list = keys.join(', ');
  if (secrets === 'env') {
    const values = keys.length > 1 ? 'they hold the new server\'s values' : "it holds the new server's value";
    return `${change}: ${list} from the environment ${keys.length > 1 ? 'are' : 'is'} not sent to ${now.join(', ')}; once ${values}, run this again with --keep-credentials`;
  }
  return `${change}: the saved ${list} ${keys.length > 1 ? 'were' : 'was'} removed, as ${keys.length > 1 ? 'they were' : 'it was'} for ${savedFor.join(', ')}; save the credentials for the new server (or pass --keep-credentials to keep them)`;
}

export function registerInstances(program: Command): void {
  const instances = program.command('instances').description('add, list and remove saved instances');

  instances
    .command('add')
    .description('validate a Cloud Elements instance JSON, save it, and move its credentials into the secret store')
    .argument('<file>', 'instance JSON file, or - for standard input')
    .action(async (file: string, _options: unknown, command: Command) => {
      const document = parseJsonInput(file, await readInput(file));
      await withEngine(command, (engine) => saving('instance not added', async () => report('added', await engine.addInstance(document))));
    });

  instances
    .command('update')
    .description('save a new version of an instance; a new server (or token URL) gets none of the saved credentials unless --keep-credentials')
    .argument('<instance>', 'instance name or id')
    .argument('<file>', 'instance JSON file, or - for standard input')
    .option('--keep-credentials', 'the saved credentials are for the new server too')
    .action(async (name: string, file: string, options: { keepCredentials?: boolean }, command: Command) => {
      const document = parseJsonInput(file, await readInput(file));
      await withEngine(command, async (engine) => {
        const before = engine.requireInstance(name);
        await saving('instance not updated', async () => {
          const result = await engine.replaceInstance(before, document, { keepCredentials: options.keepCredentials === true });
          report('updated', result);
          if (result.droppedCredentials) process.stdout.write(`${describeDropped(result.droppedCredentials, engine.secrets.kind)}\n`);
        });
      });
    });

  instances
    .command('list')
    .description('list saved instances')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withEngine(command, async (engine) => {
        const rows = engine.instances.list().map((instance) => {
          const { config } = engine.instances.load(instance);
          return {
            id: instance.id,
            name: instance.name,
            element: instance.elementKey,
            enabled: instance.enabled,
            refreshMinutes: config.refreshIntervalMinutes,
            resources: config.resources.map((r) => r.name),
            trustedAuthorities: instance.trustedAuthorities ?? [],
          };
        });
        if (options.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        if (rows.length === 0) return void process.stdout.write('no instances yet: add one with "crm-event-poller instances add <file>"\n');
        process.stdout.write(
          table(
            ['ID', 'NAME', 'ELEMENT', 'ENABLED', 'EVERY', 'RESOURCES'],
            rows.map((row) => [String(row.id), row.name, row.element, row.enabled ? 'yes' : 'no', `${row.refreshMinutes} min`, row.resources.join(',')]),
          ),
        );
      });
    });

  instances
    .command('trust-authority')
    .description('answer "this server names <url> as its sign-in authority; trust it?": its password may be sent there, for this instance only')
    .argument('<instance>', 'instance name or id')
    .argument('<url>', 'the sign-in authority the poll named, e.g. https://adfs.contoso.com')
    .action(async (name: string, url: string, _options: unknown, command: Command) => {
      await withEngine(command, async (engine) => {
        const instance = engine.requireInstance(name);
        const origin = engine.trustAuthority(instance, url);
        process.stdout.write(`"${instance.name}" trusts ${origin} as its sign-in authority: its password may be sent there\n`);
      });
    });

  instances
    .command('remove')
    .description('remove an instance, its cursors and its stored credentials (its events are kept)')
    .argument('<instance>', 'instance name or id')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withEngine(command, async (engine) => {
        const instance = engine.requireInstance(name);
        await engine.removeInstance(instance);
        process.stdout.write(`removed instance "${instance.name}"\n`);
      });
    });
}
