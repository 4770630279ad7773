/** `crm-event-poller instances add|list|remove|trust-authority`. */
import type { Command } from 'commander';
import { formatProblem } from '../../../shared/config/problems.ts';
import { withEngine } from '../context.ts';
import { CliError, EXIT_INVALID } from '../errors.ts';
import { table } from '../format.ts';
import { parseJsonInput, readInput } from '../input.ts';

export function registerInstances(program: Command): void {
  const instances = program.command('instances').description('add, list and remove saved instances');

  instances
    .command('add')
    .description('validate a Cloud Elements instance JSON, save it, and move its credentials into the secret store')
    .argument('<file>', 'instance JSON file, or - for standard input')
    .action(async (file: string, _options: unknown, command: Command) => {
      const document = parseJsonInput(file, await readInput(file));
      await withEngine(command, async (engine) => {
        try {
          const { instance, validation, storedSecrets, secretsToExport } = await engine.addInstance(document);
          for (const warning of validation.warnings) process.stdout.write(`warning: ${formatProblem(warning)}\n`);
          const moved = storedSecrets.length ? `; ${storedSecrets.join(', ')} saved in the keychain` : '';
          process.stdout.write(`added instance "${instance.name}" (id ${instance.id}, ${instance.elementKey})${moved}\n`);
          if (secretsToExport.length) {
            process.stdout.write(`credentials were not saved (--secrets env is read-only); set these variables where the poller runs: ${secretsToExport.join(', ')}\n`);
          }
        } catch (error) {
          // Loaded already, with the engine.
          const { InvalidInstanceError } = await import('../../engine/instances/addInstance.ts');
          if (!(error instanceof InvalidInstanceError)) throw error;
          for (const problem of error.problems) process.stderr.write(`error: ${formatProblem(problem)}\n`);
          throw new CliError('instance not added', EXIT_INVALID);
        }
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
