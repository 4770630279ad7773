/** `crm-event-poller events list|show`. */
import type { Command } from 'commander';
import type { ChangeEvent, EventType } from '../../engine/polling/events.ts';
import { onEngine, withEngine } from '../context.ts';
import { CliError } from '../errors.ts';
import { changedFieldsText, changeLines, eventLine, jsonBlock, tableOr, type Column } from '../format.ts';
import { parseInstant } from '../input.ts';
import { INSTANCE_FILTER, LIMIT_OPTION, withOptions, type OptionRow } from '../optionTable.ts';

interface ListOptions {
  instance?: string;
  resource?: string;
  type?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

const TYPES: EventType[] = ['CREATED', 'UPDATED', 'DELETED', 'UNKNOWN'];

const LIST_OPTIONS: readonly OptionRow[] = [
  INSTANCE_FILTER,
  ['--resource <name>', 'only this resource'],
  ['--type <type>', `only this event type (${TYPES.join(', ')})`],
  ['--since <iso>', 'only changes at or after this time'],
  LIMIT_OPTION,
  ['--json', 'print NDJSON, one event per line'],
];

export function registerEvents(program: Command): void {
  const events = program.command('events').description('browse stored events');
  withOptions(events.command('list').description('list stored events, newest first'), LIST_OPTIONS).action(async (options: ListOptions, command: Command) => {
      const eventType = options.type?.toUpperCase() as EventType | undefined;
      if (eventType !== undefined && !TYPES.includes(eventType)) throw new CliError(`--type "${options.type}" is not one of ${TYPES.join(', ')}`);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit "${options.limit}" must be a positive whole number`);
      await withEngine(command, async (engine) => {
        const instance = options.instance === undefined ? undefined : engine.requireInstance(options.instance);
        const since = options.since === undefined ? undefined : parseInstant('--since', options.since);
        const found = engine.stores.events.query({ instanceId: instance?.id, resource: options.resource, eventType, since, limit });
        const names = engine.instanceNames();
        const nameOf = (id: number) => names.get(id) ?? `#${id}`;
        if (options.json) {
          for (const event of found) process.stdout.write(`${eventLine(event, nameOf(event.instanceId))}\n`);
          return;
        }
        process.stdout.write(tableOr('no events', eventColumns(nameOf), found));
      });
    });

  events
    .command('show')
    .description('show one stored event: its record and what changed')
    .argument('<id>', 'the event id (as `events list` prints it)')
    .option('--json', 'print as JSON')
    .action(
      onEngine<{ json?: boolean }, [id: string]>((engine, options, [id]) => {
        const event = engine.stores.events.get(id);
        if (!event) throw new CliError(`no stored event "${id}"; "events list" shows the ids (old events may have been pruned by retention)`);
        const instanceName = engine.instances.list().find((candidate) => candidate.id === event.instanceId)?.name ?? `#${event.instanceId}`;
        if (options.json) return void process.stdout.write(jsonBlock(JSON.parse(eventLine(event, instanceName))));
        process.stdout.write(
          [
            `event ${event.id}`,
            `instance:  ${instanceName} / ${event.resource}`,
            `object:    ${event.objectId} (${event.eventType})`,
            `changed:   ${new Date(event.changeTime).toISOString()}, polled ${new Date(event.pollTime).toISOString()}`,
            '',
            'changes:',
            ...changeLines(event.changes).map((line) => `  ${line}`),
            '',
            'record:',
            JSON.stringify(event.raw, null, 2),
            '',
          ].join('\n'),
        );
      }),
    );
}

function eventColumns(nameOf: (instanceId: number) => string): readonly Column<ChangeEvent>[] {
  return [
    ['DATE', (event) => new Date(event.changeTime).toISOString()],
    ['INSTANCE', (event) => nameOf(event.instanceId)],
    ['RESOURCE', (event) => event.resource],
    ['TYPE', (event) => event.eventType],
    ['OBJECT', (event) => event.objectId],
    ['CHANGED', (event) => changedFieldsText(event.changes)],
    ['ID', (event) => event.id],
  ];
}
