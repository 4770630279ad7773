/** `crm-event-poller status`: each instance's last polls, from the event database. */
import type { Command } from 'commander';
import { pausedUntil } from '../../engine/scheduler/pauses.ts';
import { holdsNothingYet } from '../../engine/dataDir.ts';
import type { Engine } from '../../engine/engine.ts';
import { globalOptions, withEngine } from '../context.ts';
import { isoOrDash, jsonBlock, table, type Column } from '../format.ts';
import { describeSignIn } from '../../../shared/signIn.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show each instance's resources: last poll, outcome, events, errors, held cursors and warnings")
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      // Nothing stored yet means no instances: answered without creating the settings and the database.
      const report = holdsNothingYet(globalOptions(command).dataDir) ? [] : await withEngine(command, statusReport);
      printStatus(report, options);
    });
}

type StatusReport = Awaited<ReturnType<typeof statusReport>>;

async function statusReport(engine: Engine) {
  const report = [];
  for (const instance of engine.instances.list()) {
    const { config } = engine.instances.load(instance);
    const resources = config.resources.map((resource) => {
      const { lastRun: run, watermark, held, warnings, attention } = engine.resourceHealth(instance.id, resource.name);
      return {
        name: resource.name,
        lastPollAt: run?.startedAt,
        outcome: run?.outcome ?? 'never polled',
        events: run?.events ?? 0,
        error: run?.error,
        watermark,
        needsAttention: attention !== undefined,
        attention,
        held,
        warnings,
      };
    });
    const paused = pausedUntil(engine.settings, instance.id, engine.now()) !== undefined;
    // Refused sign-ins are kept in the database; whether the credentials changed since needs the secret store.
    const known = engine.signIns.known(instance.id);
    const signIn = known.refused > 0 ? await engine.signIns.check(instance).catch(() => known) : known;
    report.push({ id: instance.id, name: instance.name, element: instance.elementKey, enabled: instance.enabled, paused, signIn, resources });
  }
  return report;
}

function printStatus(report: StatusReport, options: { json?: boolean }): void {
  if (options.json) return void process.stdout.write(jsonBlock(report));
  if (report.length === 0) return void process.stdout.write('no instances yet\n');
  process.stdout.write(table(STATUS_COLUMNS, report.flatMap((instance) => instance.resources.map((resource) => ({ instance, resource })))));
  const notes = report.flatMap((instance) => [
    ...(instance.signIn.refused > 0 ? [`${instance.name}: ${describeSignIn(instance.signIn)}`] : []),
    ...instance.resources.flatMap((resource) => [
      ...(resource.attention ? [`${instance.name} / ${resource.name}: needs attention: ${resource.attention}`] : []),
      ...resource.warnings.map((warning) => `${instance.name} / ${resource.name}: ${warning}`),
    ]),
  ]);
  if (notes.length > 0) process.stdout.write(`\n${notes.join('\n')}\n`);
}

type StatusRow = { instance: StatusReport[number]; resource: StatusReport[number]['resources'][number] };

const STATUS_COLUMNS: readonly Column<StatusRow>[] = [
  ['INSTANCE', ({ instance }) => instance.name + (instance.paused ? ' (paused)' : instance.enabled ? '' : ' (disabled)')],
  ['RESOURCE', ({ resource }) => resource.name],
  ['LAST POLL', ({ resource }) => isoOrDash(resource.lastPollAt)],
  // A poll that ended but left the resource needing the user is not "ok".
  ['OUTCOME', ({ resource }) => (resource.needsAttention && resource.outcome === 'ok' ? 'needs attention' : resource.held && resource.outcome === 'ok' ? 'ok, cursor held' : resource.outcome)],
  ['EVENTS', ({ resource }) => String(resource.events)],
  ['CHANGES SEEN UP TO', ({ resource }) => isoOrDash(resource.watermark)],
  ['ERROR', ({ resource }) => resource.error ?? ''],
];
