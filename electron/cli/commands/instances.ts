/** `crm-event-poller instances add|update|list|show|rename|remove|trust-authority` (enable, disable, pause, resume: instanceState.ts). */
import type { Command } from 'commander';
import type { DroppedCredentials } from '../../../shared/api.ts';
import { findElement, isSecretKey } from '../../../shared/config/elements.ts';
import { formatProblem } from '../../../shared/config/problems.ts';
import type { SetupItem } from '../../../shared/config/setup.ts';
import { isPlainObject } from '../../../shared/config/values.ts';
import type { Engine } from '../../engine/engine.ts';
import type { SavedInstance } from '../../engine/instances/createOrReplace.ts';
import { pausedUntil } from '../../engine/scheduler/pauses.ts';
import { secretEnvName } from '../../engine/secrets/envStore.ts';
import { SecretStoreError, type SecretStoreKind } from '../../engine/secrets/secretStore.ts';
import type { StoredInstance } from '../../engine/settings/settingsSchema.ts';
import { instanceCommand, onEngine, onInstance, withEngine } from '../context.ts';
import { CliError, EXIT_INVALID } from '../errors.ts';
import { isoOrDash, jsonBlock, tableOr, type Column } from '../format.ts';
import { parseJsonInput, readInput } from '../input.ts';
import { registerInstanceState } from './instanceState.ts';

/** Runs a save, printing every problem of an invalid instance (path first) instead of failing with one. */
async function saving<T>(failure: string, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    // Loaded already, with the engine; a static import would load it for every command's start.
    const { InvalidInstanceError } = await import('../../engine/instances/createOrReplace.ts');
    if (!(error instanceof InvalidInstanceError)) throw error;
    for (const problem of error.problems) process.stderr.write(`error: ${formatProblem(problem)}\n`);
    throw new CliError(failure, EXIT_INVALID);
  }
}

function report(verb: string, { instance, validation, storedSecrets, secretsToExport, setup }: SavedInstance): void {
  for (const warning of validation.warnings) process.stdout.write(`warning: ${formatProblem(warning)}\n`);
  const moved = storedSecrets.length ? `; ${storedSecrets.join(', ')} saved in the keychain` : '';
  process.stdout.write(`${verb} instance "${instance.name}" (id ${instance.id}, ${instance.elementKey})${moved}\n`);
  if (secretsToExport.length) {
    process.stdout.write(`credentials were not saved (--secrets env is read-only); set these variables where the poller runs: ${secretsToExport.join(', ')}\n`);
  }
  if (setup.length > 0) process.stdout.write(describeSetup(instance.name, setup));
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
  const instances = program.command('instances').description('add, list, show, change and remove saved instances');

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
    .alias('edit')
    .description(
      'change an instance: a new version of its JSON (secrets in it go to the secret store), or configuration keys set; cursors are kept unless the server changes, and a new server (or token URL) gets none of the saved credentials unless --keep-credentials',
    )
    .argument('<instance>', 'instance name or id')
    .argument('[file]', 'the new instance JSON, or - for standard input (default: the saved one, with --set)')
    .option('--set <key=value>', 'set a configuration key (a JSON value, or text); "key=" removes it; repeatable', collect, [])
    .option('--keep-credentials', 'the saved credentials are for the new server too')
    .action(async (name: string, file: string | undefined, options: { set: string[]; keepCredentials?: boolean }, command: Command) => {
      const replacement = file === undefined ? undefined : parseJsonInput(file, await readInput(file));
      await withEngine(command, async (engine) => {
        const before = engine.requireInstance(name);
        if (replacement === undefined && options.set.length === 0) throw new CliError('nothing to change: give a file, or --set key=value');
        const document = structuredClone(replacement ?? before.document) as Record<string, unknown>;
        for (const assignment of options.set) setConfigurationKey(document, assignment, before.elementKey);
        const result = await saving('instance not updated', () => engine.replaceInstance(before, document, { keepCredentials: options.keepCredentials === true }));
        report('updated', result);
        process.stdout.write(result.serverChanged ? 'the server changed, so its cursors start over\n' : 'its cursors are kept\n');
        if (result.droppedCredentials) process.stdout.write(`${describeDropped(result.droppedCredentials, engine.secrets.kind)}\n`);
      });
    });

  instances
    .command('list')
    .description('list saved instances')
    .option('--json', 'print as JSON')
    .action(
      onEngine<{ json?: boolean }>((engine, options) => {
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
        process.stdout.write(options.json ? jsonBlock(rows) : tableOr('no instances yet: add one with "crm-event-poller instances add <file>"', INSTANCE_COLUMNS, rows));
      }),
    );

  instanceCommand(instances, 'show', 'show an instance: its state, which credentials are stored (never their values), what is left to set up, its problems and its configuration')
    .option('--json', 'print as JSON')
    .action(
      onInstance<[], { json?: boolean }>(async (engine, instance, _args, options) => {
        const detail = await describe(engine, instance);
        process.stdout.write(options.json ? jsonBlock(detail) : describeText(detail));
      }),
    );

  instanceCommand(instances, 'rename', 'rename an instance; its cursors, events and stored credentials stay with it')
    .argument('<new-name>', 'the new name')
    .action(
      onInstance<[newName: string]>(async (engine, before, [newName]) => {
        const keys = await engine.secrets.listKeys(before.name);
        const result = await saving('instance not renamed', () => engine.replaceInstance(before, { ...before.document, name: newName }));
        process.stdout.write(`renamed "${before.name}" to "${result.instance.name}"\n`);
        if (engine.secrets.kind === 'env' && keys.length > 0) {
          process.stdout.write(`its secrets are read from variables named after the instance: set ${keys.map((key) => secretEnvName(result.instance.name, key)).join(', ')} (the old ones are no longer read)\n`);
        }
        if (result.setup.length > 0) process.stdout.write(describeSetup(result.instance.name, result.setup));
      }),
    );

  instanceCommand(instances, 'trust-authority', 'answer "this server names <url> as its sign-in authority; trust it?": its password may be sent there, for this instance only')
    .argument('<url>', 'the sign-in authority the poll named, e.g. https://adfs.contoso.com')
    .action(
      onInstance<[url: string]>((engine, instance, [url]) => {
        const origin = engine.trustAuthority(instance, url);
        process.stdout.write(`"${instance.name}" trusts ${origin} as its sign-in authority: its password may be sent there\n`);
      }),
    );

  instanceCommand(instances, 'remove', 'remove an instance, its cursors and its stored credentials (its events are kept); all of it, or nothing').action(
    onInstance(async (engine, instance) => {
      try {
        await engine.removeInstance(instance);
      } catch (error) {
        if (!(error instanceof SecretStoreError)) throw error;
        throw new CliError(`"${instance.name}" was not removed (nothing was): ${error.message}`, EXIT_INVALID);
      }
      process.stdout.write(`removed instance "${instance.name}"\n`);
    }),
  );

  registerInstanceState(instances);
}

interface InstanceRow {
  id: number;
  name: string;
  element: string;
  enabled: boolean;
  refreshMinutes: number;
  resources: string[];
}

const INSTANCE_COLUMNS: readonly Column<InstanceRow>[] = [
  ['ID', (row) => String(row.id)],
  ['NAME', (row) => row.name],
  ['ELEMENT', (row) => row.element],
  ['ENABLED', (row) => (row.enabled ? 'yes' : 'no')],
  ['EVERY', (row) => `${row.refreshMinutes} min`],
  ['RESOURCES', (row) => row.resources.join(',')],
];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The "Needs setup" checklist, and the deliberate step that follows it. */
function describeSetup(name: string, setup: SetupItem[]): string {
  const items = setup.map((item) => `  ${formatProblem(item)}\n`).join('');
  return `not polled yet: ${setup.length === 1 ? 'one thing' : `${setup.length} things`} to set up first:\n${items}then: crm-event-poller instances enable "${name}"\n`;
}

/** `--set key=value` on the document's configuration (an instance's, or a bare one). */
function setConfigurationKey(document: Record<string, unknown>, assignment: string, elementKey: string): void {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new CliError(`--set "${assignment}": write key=value, e.g. --set event.poller.refresh_interval=5`);
  const key = assignment.slice(0, equals);
  const text = assignment.slice(equals + 1);
  if (isSecretKey(findElement(elementKey), key)) throw new CliError(`--set ${key}: it is a credential; use "crm-event-poller credentials set <instance> ${key}" (arguments end up in shell history)`);
  const configuration = isPlainObject(document.configuration) ? document.configuration : document;
  if (text === '') delete configuration[key];
  else configuration[key] = parseValue(text);
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface InstanceDescription {
  id: number;
  name: string;
  elementKey: string;
  elementName: string;
  enabled: boolean;
  /** ISO time, "until resumed", or absent when not paused. */
  pausedUntil?: string;
  resources: string[];
  credentials: { key: string; label: string; saved: boolean }[];
  /** What is left before it may poll; empty when ready. */
  setup: SetupItem[];
  errors: { path: string; message: string }[];
  warnings: { path: string; message: string }[];
  /** The instance JSON as saved, without any secret. */
  document: Record<string, unknown>;
}

async function describe(engine: Engine, instance: StoredInstance): Promise<InstanceDescription> {
  const { config, validation } = engine.instances.load(instance);
  const paused = pausedUntil(engine.settings, instance.id, engine.now());
  return {
    id: instance.id,
    name: instance.name,
    elementKey: instance.elementKey,
    elementName: findElement(instance.elementKey)?.name ?? instance.elementKey,
    enabled: instance.enabled,
    ...(paused === undefined ? {} : { pausedUntil: paused === null ? 'until resumed' : isoOrDash(paused) }),
    resources: config.resources.map((resource) => resource.name),
    credentials: await engine.credentialFields(instance),
    setup: await engine.setupOf(instance),
    errors: validation.errors,
    warnings: validation.warnings,
    document: instance.document,
  };
}

function describeText(detail: InstanceDescription): string {
  const polling = !detail.enabled ? 'disabled ("crm-event-poller instances enable" turns it on)' : detail.pausedUntil ? `paused ${detail.pausedUntil === 'until resumed' ? 'until resumed' : `until ${detail.pausedUntil}`}` : 'enabled';
  const credentials = detail.credentials.filter((field) => field.saved).map((field) => `${field.key} stored`).join(', ');
  const lines = [
    `instance:    ${detail.name} (id ${detail.id})`,
    `element:     ${detail.elementKey} (${detail.elementName})`,
    `polling:     ${polling}`,
    `resources:   ${detail.resources.join(', ') || 'none'}`,
    `credentials: ${credentials || 'none stored'}`,
    `setup:       ${detail.setup.length === 0 ? 'ready' : `${detail.setup.length} thing(s) left`}`,
    ...detail.setup.map((item) => `  ${formatProblem(item)}`),
    ...detail.errors.map((problem) => `error: ${formatProblem(problem)}`),
    ...detail.warnings.map((problem) => `warning: ${formatProblem(problem)}`),
    'configuration (without secrets):',
    JSON.stringify(detail.document, null, 2),
  ];
  return `${lines.join('\n')}\n`;
}
