/** `crm-event-poller run`: the scheduler until SIGINT or SIGTERM, then a clean exit. */
import type { Command } from 'commander';
import { Scheduler } from '../../engine/scheduler/scheduler.ts';
import { withEngine } from '../context.ts';
import { eventLine } from '../format.ts';

/** How often the settings file is re-read for added, removed or edited instances. */
const REFRESH_MS = 5_000;

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('poll every enabled instance on its schedule until stopped (Ctrl+C); new events are printed as NDJSON')
    .action(async (_options: unknown, command: Command) => {
      await withEngine(command, async (engine) => {
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
        scheduler.start();
        const refresher = setInterval(() => scheduler.refresh(), REFRESH_MS);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        clearInterval(refresher);
        process.stderr.write('stopping: letting running polls finish...\n');
        await scheduler.stop();
        process.stderr.write('stopped\n');
      });
    });
}
