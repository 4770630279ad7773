/** `crm-event-poller poll <instance>`: one poll now; new events are printed as NDJSON and delivered to the callback URL. */
import type { Command } from 'commander';
import { adviceForError, ConnectorError } from '../../engine/connectors/errors.ts';
import type { Engine, ResourceOutcome } from '../../engine/engine.ts';
import type { ReconcileResult } from '../../engine/polling/reconcile.ts';
import type { StoredInstance } from '../../engine/settings/settingsSchema.ts';
import { withEngine } from '../context.ts';
import { CliError, EXIT_INVALID } from '../errors.ts';
import { eventLine } from '../format.ts';
import { parseInstant } from '../input.ts';
import { confirmLockoutRisk } from '../lockoutConfirmation.ts';
import { withOptions, type OptionRow } from '../optionTable.ts';
import { addDeliveryOptions, awaitDeliveries, deliveryOverrides, describeTally, parseWait, type DeliveryCliOptions } from './deliveries.ts';

interface PollOptions extends DeliveryCliOptions {
  resource?: string;
  test?: boolean;
  since?: string;
  reconcile?: boolean;
  confirmLockoutRisk?: boolean;
  deliver: boolean;
  deliverWait: string;
}

const POLL_OPTIONS: readonly OptionRow[] = [
  ['--resource <name>', 'poll only this resource'],
  ['--test', 'only test the connection: read one page of the first resource (or --resource); nothing is stored, no cursor moves'],
  ['--since <iso>', 'backfill: emit every change after this time, not only those after the last poll'],
  ['--reconcile', 'also look for deleted records now (Sage CRM: compare every id with the known ones), not only when the reconcile interval has passed'],
  ['--confirm-lockout-risk', 'after a refused sign-in: try the saved credentials once more, although the account may lock (a terminal asks instead)'],
  ['--deliver-wait <duration>', "how long to wait for this poll's notifications to be delivered", '15s'],
  ['--no-deliver', 'only store the notifications ("crm-event-poller run" sends them)'],
];

export function registerPoll(program: Command): void {
  const poll = program
    .command('poll')
    .description('poll an instance once now, print its new events as NDJSON (one JSON object per line) and deliver them to the callback URL')
    .argument('<instance>', 'instance name or id');
  addDeliveryOptions(withOptions(poll, POLL_OPTIONS)).action(async (name: string, options: PollOptions, command: Command) => {
    const backfillSince = options.since === undefined ? undefined : parseInstant('--since', options.since);
    const waitMs = parseWait('--deliver-wait', options.deliverWait);
    const overrides = deliveryOverrides(options);
    await withEngine(command, async (engine) => {
      const instance = engine.requireInstance(name);
      const confirmed = await confirmLockoutRisk(engine, instance, options.confirmLockoutRisk === true);
      if (options.test) return testConnection(engine, instance, options.resource, confirmed);
      const produced: number[] = [];
      engine.deliveries.on('enqueued', ({ ids }) => produced.push(...ids));
      // Delivery starts with the first committed page, not after the whole poll.
      if (options.deliver) engine.deliveries.start(overrides);
      let failed: boolean;
      let undelivered = false;
      try {
        const outcomes = await engine.pollInstance(instance, {
          resource: options.resource,
          backfillSince,
          reconcile: options.reconcile ? 'now' : 'due',
          signIn: { by: 'user', confirmed },
          onEvents: (events) => {
            for (const event of events) process.stdout.write(`${eventLine(event, instance.name)}\n`);
          },
        });
        failed = reportOutcomes(instance.name, outcomes);
        if (produced.length > 0 && !options.deliver) {
          process.stderr.write(`${instance.name}: ${produced.length} notification(s) stored for delivery; "crm-event-poller run" sends them\n`);
        } else if (produced.length > 0) {
          const tally = await awaitDeliveries(engine.deliveries, produced, waitMs);
          for (const line of describeTally(`${instance.name}: delivery`, produced.length, tally)) process.stderr.write(`${line}\n`);
          undelivered = tally.failed.length > 0;
        }
      } finally {
        await engine.deliveries.stop(1000);
      }
      if (failed) throw new CliError('poll failed', EXIT_INVALID);
      if (undelivered) throw new CliError('the events are stored, but some notifications were not delivered', EXIT_INVALID);
    });
  });
}

/** `poll --test`: the answer on stdout, or why not on stderr with exit 1. */
async function testConnection(engine: Engine, instance: StoredInstance, resource: string | undefined, confirmLockoutRisk: boolean): Promise<void> {
  const result = await engine.testConnection(instance, { resource, confirmLockoutRisk });
  if (!result.ok) throw new CliError(`${instance.name}: connection test failed: ${result.message}`, EXIT_INVALID);
  process.stdout.write(`${instance.name}: ${result.message}\n`);
}

/** One line per resource on stderr; true when any failed. */
function reportOutcomes(instanceName: string, outcomes: ResourceOutcome[]): boolean {
  let failed = false;
  for (const outcome of outcomes) {
    const result = outcome.result;
    if (result) {
      const notes = [
        `${result.events} new event(s) from ${result.records} record(s) in ${result.pages} page(s)`,
        result.passes > 1 ? `${result.passes} passes (rows moved while paging)` : '',
        result.unreadable ? `${result.unreadable} record(s) unreadable: ${result.unreadableRecords.map((r) => `${r.objectId ?? '?'}: ${r.reason}`).join('; ')}` : '',
        result.zoneShift ? result.zoneShift.message : '',
        result.listing ? describeListing('full listing', result.listing) : '',
        outcome.reconcile ? describeListing('reconciled', outcome.reconcile) : '',
      ].filter(Boolean);
      process.stderr.write(`${instanceName}/${outcome.resource}: ${notes.join('; ')}\n`);
    }
    if (outcome.error) {
      failed = true;
      const advice = outcome.error instanceof ConnectorError ? ` (${adviceForError(outcome.error)})` : '';
      process.stderr.write(`${instanceName}/${outcome.resource}: failed: ${outcome.error.message}${advice}\n`);
    }
  }
  return failed;
}

/** How an id listing compared with the known ids: a baseline, or how many were found deleted. */
function describeListing(what: string, listing: ReconcileResult): string {
  if (listing.baseline) return `${what}: ${listing.listed} id(s) recorded as the baseline (deletions are reported from the next one)`;
  const moved = listing.stillPresent > 0 ? `, ${listing.stillPresent} missing from the listing but still there` : '';
  return `${what}: ${listing.listed} id(s) listed, ${listing.deleted.length} deleted${moved}`;
}
