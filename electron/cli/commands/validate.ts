/** `crm-event-poller validate <file|->`: checks a Cloud Elements instance and shows what it will poll. */
import type { Command } from 'commander';
import { formatProblem, type Problem } from '../../../shared/config/problems.ts';
import type { InstanceSummary, RequestDescriber, ResourceSummary } from '../../../shared/config/summary.ts';
import type { InstanceConfig } from '../../../shared/config/types.ts';
import type { ConnectorRegistration } from '../../engine/connectors/registry.ts';
import type { Connector } from '../../engine/connectors/types.ts';
import { EXIT_INVALID, EXIT_OK } from '../errors.ts';
import { parseInstant, parseJsonInput, readInput } from '../input.ts';

interface ValidateOptions {
  at?: string;
  json?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a Cloud Elements instance or configuration JSON and show the requests it would make')
    .argument('<file>', 'instance JSON file, or - for standard input')
    .option('--at <iso>', 'the time the URL macros are filled with (default: now)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: ValidateOptions) => {
      process.exitCode = await runValidate(file, options);
    });
}

async function runValidate(file: string, options: ValidateOptions): Promise<number> {
  const sinceMs = options.at === undefined ? Date.now() : parseInstant('--at', options.at);
  // Loaded when used: the other commands' start does not pay for the schema.
  const [{ validateInstance }, { summarizeInstance }, { connectorFor }] = await Promise.all([
    import('../../../shared/config/instance.ts'),
    import('../../../shared/config/summary.ts'),
    import('../../engine/connectors/registry.ts'),
  ]);
  const result = validateInstance(parseJsonInput(file, await readInput(file)));
  const summary = result.config ? summarizeInstance(result.config, sinceMs, nextRequest(result.config, connectorFor)) : undefined;
  if (options.json) {
    const output = { valid: result.valid, errors: result.errors, warnings: result.warnings, ...summary, resources: summary?.resources ?? [] };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    if (summary) process.stdout.write(describeSummary(summary));
    printProblems('warning', result.warnings, process.stdout);
    printProblems('error', result.errors, process.stderr);
    process.stdout.write(result.valid ? 'valid\n' : '');
  }
  return result.valid ? EXIT_OK : EXIT_INVALID;
}

/** The connector's own next URL, exactly as a poll sends it (no secret is read: none is in a URL). */
function nextRequest(config: InstanceConfig, connectorFor: (elementKey: string | undefined) => ConnectorRegistration): RequestDescriber | undefined {
  let connector: Connector;
  try {
    connector = connectorFor(config.elementKey).create({ instance: config, secret: async () => undefined }, {});
  } catch {
    return undefined;
  }
  return (resource, sinceMs) => connector.describeRequest(resource, sinceMs);
}

function describeSummary(summary: InstanceSummary): string {
  const lines = [
    `instance:  ${summary.name ?? '(no name)'}`,
    `element:   ${summary.element ?? '(not given)'}`,
    `refresh:   every ${summary.refreshIntervalMinutes} min`,
    `events:    ${summary.notificationsEnabled ? `on → ${summary.callbackUrl ?? '(no callback URL)'}` : 'off'}`,
    `resources: ${summary.resources.length} (next URLs for changes since ${summary.since})`,
    ...summary.resources.flatMap(describeResource),
  ];
  return `${lines.join('\n')}\n`;
}

function describeResource(resource: ResourceSummary): string[] {
  const date = (label: string, field: ResourceSummary['updated']) =>
    field ? [`    ${label} ${field.field}  ${field.format}  ${field.timeZone}`] : [];
  return [
    `  ${resource.name}`,
    `    id:       ${resource.idField}`,
    ...date('updated: ', resource.updated),
    ...date('created: ', resource.created),
    `    next URL: ${resource.nextUrl ?? `(cannot render: ${resource.nextUrlError})`}`,
  ];
}

function printProblems(kind: string, problems: Problem[], stream: NodeJS.WriteStream): void {
  for (const problem of problems) stream.write(`${kind}: ${formatProblem(problem)}\n`);
}
