/** `crm-event-poller poll <instance>`: one poll now; new events are printed as NDJSON. */
import type { Command } from 'commander';
import { adviceFor, ConnectorError } from '../../engine/connectors/errors.ts';
import { withEngine } from '../context.ts';
import { CliError, EXIT_INVALID } from '../errors.ts';
import { eventLine } from '../format.ts';
import { parseInstant } from '../input.ts';

interface PollOptions {
  resource?: string;
  since?: string;
}

export function registerPoll(program: Command): void {
  program
    .command('poll')
    .description('poll an instance once now and print its new events as NDJSON (one JSON object per line)')
    .argument('<instance>', 'instance name or id')
    .option('--resource <name>', 'poll only this resource')
    .option('--since <iso>', 'backfill: emit every change after this time, not only those after the last poll')
    .action(async (name: string, options: PollOptions, command: Command) => {
      const backfillSince = options.since === undefined ? undefined : parseInstant('--since', options.since);
      await withEngine(command, async (engine) => {
        const instance = engine.requireInstance(name);
        const outcomes = await engine.pollInstance(instance, {
          resource: options.resource,
          backfillSince,
          onEvents: (events) => {
            for (const event of events) process.stdout.write(`${eventLine(event, instance.name)}\n`);
          },
        });
        let failed = false;
        for (const outcome of outcomes) {
          const result = outcome.result;
          if (result) {
            const notes = [
              `${result.events} new event(s) from ${result.records} record(s) in ${result.pages} page(s)`,
              result.passes > 1 ? `${result.passes} passes (rows moved while paging)` : '',
              result.unreadable ? `${result.unreadable} record(s) unreadable: ${result.unreadableRecords.map((r) => `${r.objectId ?? '?'}: ${r.reason}`).join('; ')}` : '',
              result.zoneShift ? result.zoneShift.message : '',
            ].filter(Boolean);
            process.stderr.write(`${instance.name}/${outcome.resource}: ${notes.join('; ')}\n`);
          } else if (outcome.error) {
            failed = true;
            const advice = outcome.error instanceof ConnectorError ? ` (${adviceFor(outcome.error.kind)})` : '';
            process.stderr.write(`${instance.name}/${outcome.resource}: failed: ${outcome.error.message}${advice}\n`);
          }
        }
        if (failed) throw new CliError('poll failed', EXIT_INVALID);
      });
    });
}
