/** `crm-event-poller run`: the scheduler and the delivery worker until SIGINT or SIGTERM, then a clean exit. */
import type { Command } from 'commander';
import { ConsoleNotifier } from '../../engine/delivery/notifier.ts';
import { NeedsSetupError } from '../../engine/instances/readiness.ts';
import { Scheduler } from '../../engine/scheduler/scheduler.ts';
import { signInGate, SignInHeldError } from '../../engine/signInGate.ts';
import { stopRequested, withEngine } from '../context.ts';
import { eventLine } from '../format.ts';
import { addDeliveryOptions, deliveryOverrides, describeAttempt, type DeliveryCliOptions } from './deliveries.ts';

export function registerRun(program: Command): void {
  addDeliveryOptions(
    program
      .command('run')
      .description('poll every enabled instance on its schedule and deliver the events until stopped (Ctrl+C); new events are printed as NDJSON'),
  ).action(async (options: DeliveryCliOptions, command: Command) => {
    const overrides = deliveryOverrides(options);
    await withEngine(command, async (engine) => {
      // An unreachable keychain is said at once, not at each instance's first poll.
      await engine.secrets.check();
      engine.notices.use(new ConsoleNotifier());
      engine.deliveries.on('attempt', (report) => {
        const line = describeAttempt(report);
        if (line) process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      });
      const scheduler = new Scheduler(engine);
      scheduler.on('events', ({ instance, events }) => {
        for (const event of events) process.stdout.write(`${eventLine(event, instance.name)}\n`);
      });
      scheduler.on('status', (status) => {
        if (status.state === 'polling') return;
        const error = status.lastError ? `: ${status.lastError.message} (${status.lastError.advice})` : '';
        const next = status.nextPollAt ? `, next poll ${new Date(status.nextPollAt).toISOString()}` : '';
        process.stderr.write(`${new Date().toISOString()} ${status.name}: ${status.state}${error}${next}\n`);
      });
      const instances = engine.instances.list().filter((instance) => instance.enabled);
      process.stderr.write(`polling ${instances.length} instance(s): ${instances.map((instance) => instance.name).join(', ') || 'none yet'}; Ctrl+C to stop\n`);
      // Said at once (e.g. a variable not set with --secrets env), not at each instance's first poll.
      for (const instance of instances) {
        const setup = await engine.setupOf(instance);
        if (setup.length > 0) process.stderr.write(`${new NeedsSetupError(instance.name, 'is not polled until it is set up', setup).message}\n`);
        const signIn = await engine.signIns.check(instance).catch(() => engine.signIns.known(instance.id));
        if (signInGate(signIn, { by: 'automatic' }) === 'hold') {
          const refusal = engine.signIns.lastRefusal(instance.id);
          process.stderr.write(`${new Date().toISOString()} ${instance.name}: not polled: ${refusal ? `${refusal.message}; ` : ''}${new SignInHeldError(instance.name, signIn, 'hold').message}\n`);
        }
      }
      engine.deliveries.start(overrides);
      scheduler.start();
      await stopRequested();
      process.stderr.write('stopping: letting running polls finish...\n');
      await scheduler.stop();
      process.stderr.write('stopping: letting deliveries in flight finish...\n');
      await engine.deliveries.stop();
      process.stderr.write('stopped\n');
    });
  });
}
