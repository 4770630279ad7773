/**
 * `crm-event-poller deliveries list|show|replay|endpoints`, and the delivery options `poll`, `run`
 * and `replay` share (`--delivery-timeout`, `--retry-schedule`).
 */
import { Option, type Command } from 'commander';
import type { StoredAttempt } from '../../engine/delivery/attemptStore.ts';
import type { Deliveries } from '../../engine/delivery/deliveries.ts';
import type { EndpointState } from '../../engine/delivery/endpointStore.ts';
import type { DeliveryOverrides } from '../../engine/delivery/options.ts';
import { OUTBOX_STATES, type OutboxEntry, type OutboxState } from '../../engine/delivery/outboxStore.ts';
import { formatDuration, parseDuration, parseSchedule } from '../../engine/delivery/schedule.ts';
import type { Engine } from '../../engine/engine.ts';
import type { AttemptReport } from '../../engine/delivery/worker.ts';
import { onEngine, withEngine } from '../context.ts';
import { CliError, EXIT_INVALID } from '../errors.ts';
import { isoOrDash, jsonBlock, tableOr, type Column } from '../format.ts';
import { parseInstant } from '../input.ts';
import { INSTANCE_FILTER, LIMIT_OPTION, withOptions, type OptionRow } from '../optionTable.ts';

export interface DeliveryCliOptions {
  deliveryTimeout?: string;
  retrySchedule?: string;
}

/** Adds the delivery tuning options (also read from the environment) to a command. */
export function addDeliveryOptions(command: Command): Command {
  return command
    .addOption(new Option('--delivery-timeout <duration>', 'a callback must answer 2xx within this (default 15s)').env('CRM_EVENT_POLLER_DELIVERY_TIMEOUT'))
    .addOption(
      new Option('--retry-schedule <durations>', 'delays before each attempt, comma-separated (default 0,5s,5m,30m,2h,5h,10h,10h; ±20% jitter)').env(
        'CRM_EVENT_POLLER_RETRY_SCHEDULE',
      ),
    );
}

export function deliveryOverrides(options: DeliveryCliOptions): DeliveryOverrides {
  try {
    return {
      timeoutMs: options.deliveryTimeout === undefined ? undefined : parseDuration(options.deliveryTimeout),
      schedule: options.retrySchedule === undefined ? undefined : { delaysMs: parseSchedule(options.retrySchedule) },
    };
  } catch (error) {
    throw new CliError(`delivery options: ${(error as Error).message}`);
  }
}

export function parseWait(option: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`${option}: ${(error as Error).message}`);
  }
}

export interface DeliveryTally {
  delivered: number;
  pending: OutboxEntry[];
  failed: OutboxEntry[];
}

/** Waits (bounded) for notifications to leave `pending`, and sorts them by how they ended. */
export async function awaitDeliveries(deliveries: Deliveries, ids: readonly number[], waitMs: number): Promise<DeliveryTally> {
  await deliveries.waitFor(ids, waitMs);
  const tally: DeliveryTally = { delivered: 0, pending: [], failed: [] };
  for (const id of ids) {
    const notification = deliveries.get(id);
    if (!notification) continue;
    if (notification.state === 'delivered') tally.delivered++;
    else if (notification.state === 'pending') tally.pending.push(notification);
    else tally.failed.push(notification);
  }
  return tally;
}

/** One line about what became of a set of notifications; the problems each on their own line. */
export function describeTally(label: string, total: number, tally: DeliveryTally): string[] {
  const parts = [`${tally.delivered} delivered`];
  if (tally.pending.length) parts.push(`${tally.pending.length} still pending`);
  if (tally.failed.length) parts.push(`${tally.failed.length} not delivered`);
  const lines = [`${label}: ${total} notification(s): ${parts.join(', ')}`];
  const seen = new Set<string>();
  for (const notification of [...tally.failed, ...tally.pending]) {
    const next = notification.state === 'pending' ? `next attempt ${isoOrDash(notification.nextAttemptAt)}; "crm-event-poller run" keeps retrying` : notification.state;
    const line = `  ${notification.url}: ${notification.lastError ?? 'not attempted yet (waiting for an earlier notification of the same record)'} (${next})`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  return lines;
}

/** A line for `run` about an attempt worth hearing of (retries, give-ups, late successes); undefined for a first-time success. */
export function describeAttempt({ notification, result, decision }: AttemptReport): string | undefined {
  const attempt = notification.attempts + 1;
  const where = `${notification.instanceName}: notification ${notification.id} to ${notification.url}`;
  if (decision.outcome === 'delivered') return attempt > 1 ? `${where}: delivered at attempt ${attempt}` : undefined;
  const what = decision.end.error ?? result.error ?? 'failed';
  const next =
    decision.outcome === 'retry' || decision.outcome === 'interrupted'
      ? `attempt ${attempt}; next in ${formatDuration(Math.max(0, (decision.end.nextAttemptAt ?? 0) - Date.now()))}`
      : decision.outcome === 'disabled'
        ? 'the endpoint is disabled'
        : `failed after ${attempt} attempt(s); kept for replay`;
  return `${where}: ${what} (${next})`;
}

interface ListOptions {
  state?: string;
  instance?: string;
  endpoint?: string;
  since?: string;
  before?: string;
  limit: string;
  json?: boolean;
}

interface ReplayOptions extends DeliveryCliOptions {
  since?: string;
  instance?: string;
  endpoint?: string;
  state?: string;
  wait: string | false;
}

const LIST_OPTIONS: readonly OptionRow[] = [
  ['--state <state>', `only this state (${OUTBOX_STATES.join(', ')})`],
  INSTANCE_FILTER,
  ['--endpoint <url>', 'only this callback URL (or endpoint id)'],
  ['--since <iso>', 'only notifications committed at or after this time'],
  ['--before <id>', 'only notifications older than this id (the next page)'],
  LIMIT_OPTION,
  ['--json', 'print NDJSON, one notification per line'],
];

const REPLAY_OPTIONS: readonly OptionRow[] = [
  ['--since <iso>', 'replay every notification committed at or after this time'],
  ['--instance <name>', 'with --since: only this instance'],
  ['--endpoint <url>', 'with --since: only this callback URL (or endpoint id)'],
  ['--state <state>', 'with --since: failed (default: failed and held for a disabled endpoint), disabled, or delivered'],
  ['--wait <duration>', 'wait this long for them to be delivered', '15s'],
  ['--no-wait', 'only mark them for sending (a running "crm-event-poller run" sends them)'],
];

export function registerDeliveries(program: Command): void {
  const deliveries = program.command('deliveries').description('webhook notifications: list them, see their attempts, replay them');

  withOptions(deliveries.command('list').description('list webhook notifications, newest first'), LIST_OPTIONS).action(async (options: ListOptions, command: Command) => {
      const state = parseState(options.state);
      const limit = positiveInteger('--limit', options.limit);
      const beforeId = options.before === undefined ? undefined : positiveInteger('--before', options.before);
      const since = options.since === undefined ? undefined : parseInstant('--since', options.since);
      await withEngine(command, async (engine) => {
        const page = engine.deliveries.list({ state, instanceId: instanceId(engine, options.instance), endpointId: endpointId(engine, options.endpoint), since, beforeId, limit });
        if (options.json) {
          for (const notification of page.items) process.stdout.write(`${JSON.stringify(notificationJson(notification))}\n`);
          return;
        }
        process.stdout.write(tableOr('no notifications', NOTIFICATION_COLUMNS, page.items));
        if (page.nextBeforeId !== undefined) process.stderr.write(`${page.total} in all; next page: --before ${page.nextBeforeId}\n`);
      });
    });

  deliveries
    .command('show')
    .description('show one notification, every attempt, and optionally the exact body sent')
    .argument('<id>', 'notification id, or its message id (msg_…, the webhook-id)')
    .option('--body', 'also print the JSON body')
    .option('--json', 'print as JSON')
    .action(async (ref: string, options: { body?: boolean; json?: boolean }, command: Command) => {
      await withEngine(command, async (engine) => {
        const found = requireOutboxEntry(engine, ref);
        const notification = { ...found, url: await engine.deliveries.shownUrl(found) };
        const attempts = await Promise.all(
          engine.deliveries.attemptsOf(notification.id).map(async (attempt) => ({ ...attempt, url: await engine.deliveries.shownUrl({ instanceId: found.instanceId, url: attempt.url }) })),
        );
        const body = options.body ? engine.deliveries.body(notification.id) : undefined;
        if (options.json) {
          const json = { ...notificationJson(notification), attempts: attempts.map((a) => ({ ...a, startedAt: new Date(a.startedAt).toISOString() })), body: body && JSON.parse(body) };
          return void process.stdout.write(jsonBlock(json));
        }
        const n = notification;
        process.stdout.write(
          [
            `notification ${n.id} (${n.messageId})`,
            `instance:  ${n.instanceName} / ${n.resource}, ${n.eventCount} event(s)`,
            `endpoint:  ${n.url}`,
            `state:     ${n.state}${n.state === 'pending' ? `, next attempt ${isoOrDash(n.nextAttemptAt)}` : ''}${n.deliveredAt ? `, delivered ${isoOrDash(n.deliveredAt)}` : ''}`,
            `created:   ${isoOrDash(n.createdAt)}`,
            '',
          ].join('\n'),
        );
        process.stdout.write(tableOr('no attempts yet', ATTEMPT_COLUMNS, attempts));
        if (body !== undefined) process.stdout.write(`${JSON.stringify(JSON.parse(body), null, 2)}\n`);
      });
    });

  const replay = deliveries
    .command('replay')
    .description('send notifications again: one by id, or every failed (or --state delivered) one since a time')
    .argument('[id]', 'notification id or message id');
  addDeliveryOptions(withOptions(replay, REPLAY_OPTIONS)).action(async (ref: string | undefined, options: ReplayOptions, command: Command) => {
    if ((ref === undefined) === (options.since === undefined)) throw new CliError('give a notification id, or --since <iso> (not both)');
    if (ref !== undefined && (options.instance || options.endpoint || options.state)) throw new CliError('--instance, --endpoint and --state go with --since');
    const states = replayStates(options.state);
    const since = options.since === undefined ? undefined : parseInstant('--since', options.since);
    const waitMs = options.wait === false ? 0 : parseWait('--wait', options.wait);
    const overrides = deliveryOverrides(options);
    await withEngine(command, async (engine) => {
      let ids: number[];
      if (ref !== undefined) ids = [engine.deliveries.replay(requireOutboxEntry(engine, ref).id).id];
      else ids = engine.deliveries.replaySince({ since: since as number, instanceId: instanceId(engine, options.instance), endpoint: endpointId(engine, options.endpoint), states });
      process.stderr.write(`replaying ${ids.length} notification(s)\n`);
      if (ids.length === 0 || options.wait === false) return;
      engine.deliveries.start(overrides);
      try {
        const tally = await awaitDeliveries(engine.deliveries, ids, waitMs);
        for (const line of describeTally('replay', ids.length, tally)) process.stderr.write(`${line}\n`);
        if (tally.failed.length > 0) throw new CliError('some notifications were not delivered', EXIT_INVALID);
      } finally {
        await engine.deliveries.stop(1000);
      }
    });
  });

  deliveries
    .command('endpoints')
    .description('callback URLs with their delivery state: active, slowed down, or disabled and why')
    .option('--json', 'print as JSON')
    .action(
      onEngine<{ json?: boolean }>(async (engine, options) => {
        const endpoints = await Promise.all(engine.deliveries.listEndpoints().map(async (endpoint) => ({ ...endpoint, url: await engine.deliveries.shownEndpointUrl(endpoint) })));
        process.stdout.write(options.json ? jsonBlock(endpoints) : tableOr('no endpoints yet', endpointColumns(engine.now()), endpoints));
      }),
    );
}

const NOTIFICATION_COLUMNS: readonly Column<OutboxEntry>[] = [
  ['ID', (n) => String(n.id)],
  ['CREATED', (n) => isoOrDash(n.createdAt)],
  ['INSTANCE', (n) => n.instanceName],
  ['RESOURCE', (n) => n.resource],
  ['EVENTS', (n) => String(n.eventCount)],
  ['STATE', (n) => n.state],
  ['ATTEMPTS', (n) => String(n.attempts)],
  ['LAST RESULT', (n) => lastResult(n)],
  ['NEXT ATTEMPT', (n) => (n.state === 'pending' ? isoOrDash(n.nextAttemptAt) : '-')],
];

const ATTEMPT_COLUMNS: readonly Column<StoredAttempt>[] = [
  ['#', (a) => String(a.attempt)],
  ['AT', (a) => isoOrDash(a.startedAt)],
  ['DURATION', (a) => `${a.durationMs} ms`],
  ['STATUS', (a) => (a.status === undefined ? '-' : String(a.status))],
  ['OUTCOME', (a) => a.outcome],
  ['ERROR / RESPONSE', (a) => a.error ?? a.response ?? ''],
];

function endpointColumns(now: number): readonly Column<EndpointState & { url: string }>[] {
  return [
    ['ID', (e) => String(e.id)],
    ['URL', (e) => e.url],
    ['STATE', (e) => e.state],
    ['FAILING SINCE', (e) => isoOrDash(e.failingSince)],
    ['LAST SUCCESS', (e) => isoOrDash(e.lastSuccessAt)],
    ['NOTE', (e) => e.disabledReason ?? (e.pausedUntil && e.pausedUntil > now ? `paused for ${formatDuration(e.pausedUntil - now)}` : e.throttle ? `slowed down (level ${e.throttle})` : '')],
  ];
}

function parseState(text: string | undefined): OutboxState | undefined {
  if (text === undefined) return undefined;
  const state = OUTBOX_STATES.find((candidate) => candidate === text.toLowerCase());
  if (!state) throw new CliError(`--state "${text}" is not one of ${OUTBOX_STATES.join(', ')}`);
  return state;
}

function replayStates(text: string | undefined): OutboxState[] | undefined {
  if (text === undefined) return undefined;
  const state = parseState(text);
  if (state === 'pending') throw new CliError('--state pending: pending notifications are being sent already; replay failed, disabled or delivered ones');
  return state === 'failed' ? ['failed', 'disabled'] : [state as OutboxState];
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${option} "${text}" must be a positive whole number`);
  return value;
}

function instanceId(engine: Engine, name: string | undefined): number | undefined {
  return name === undefined ? undefined : engine.requireInstance(name).id;
}

function endpointId(engine: Engine, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const endpoint = engine.deliveries.findEndpoint(text);
  if (!endpoint) throw new CliError(`no endpoint "${text}"; see "crm-event-poller deliveries endpoints"`);
  return endpoint.id;
}

function requireOutboxEntry(engine: Engine, ref: string): OutboxEntry {
  const notification = engine.deliveries.get(ref);
  if (!notification) throw new CliError(`no notification "${ref}"; list them with "crm-event-poller deliveries list"`);
  return notification;
}

function lastResult(notification: OutboxEntry): string {
  if (notification.attempts === 0) return '-';
  const result = notification.lastStatus !== undefined && !notification.lastError ? `HTTP ${notification.lastStatus}` : (notification.lastError ?? '');
  return result.length > 60 ? `${result.slice(0, 57)}...` : result;
}

function notificationJson(notification: OutboxEntry): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return {
    ...notification,
    createdAt: iso(notification.createdAt),
    nextAttemptAt: iso(notification.nextAttemptAt),
    lastAttemptAt: iso(notification.lastAttemptAt),
    deliveredAt: iso(notification.deliveredAt),
    leasedUntil: iso(notification.leasedUntil),
  };
}
