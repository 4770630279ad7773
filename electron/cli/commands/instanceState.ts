/**
 * `crm-event-poller instances enable|disable|pause|resume`: whether an instance is polled. Kept in
 * the settings file, so a `run` or the window in another process picks the change up; cursors,
 * credentials and events are not touched.
 */
import type { Command } from 'commander';
import { parseDuration } from '../../engine/delivery/schedule.ts';
import type { Engine } from '../../engine/engine.ts';
import { clearPause, setPause, type PauseTarget } from '../../engine/scheduler/pauses.ts';
import { instanceCommand, onInstance, withEngine } from '../context.ts';
import { CliError } from '../errors.ts';
import { parseInstant } from '../input.ts';

interface PauseOptions {
  for?: string;
  until?: string;
}

export function registerInstanceState(instances: Command): void {
  instanceCommand(instances, 'enable', 'poll the instance on its schedule (its configuration must be complete)').action(
    onInstance(async (engine, saved) => {
      const instance = await engine.setEnabled(saved, true);
      process.stdout.write(`enabled "${instance.name}": it is polled every ${engine.instances.load(instance).config.refreshIntervalMinutes} min\n`);
    }),
  );

  instanceCommand(instances, 'disable', 'stop polling the instance until it is enabled again (nothing else changes)').action(
    onInstance(async (engine, saved) => {
      const instance = await engine.setEnabled(saved, false);
      process.stdout.write(`disabled "${instance.name}"\n`);
    }),
  );

  instances
    .command('pause')
    .description('pause polling an instance, or all of them, until resumed or for a while')
    .argument('<instance>', 'instance name or id, or "all"')
    .option('--for <duration>', 'pause this long, e.g. 30m, 1h, 1d')
    .option('--until <iso>', 'pause until this time')
    .action(async (name: string, options: PauseOptions, command: Command) => {
      if (options.for !== undefined && options.until !== undefined) throw new CliError('give --for or --until, not both');
      await withEngine(command, async (engine) => {
        const target = pauseTarget(engine, name);
        const until = pauseEnd(options, engine.now());
        setPause(engine.settings, target.id, until);
        process.stdout.write(`paused ${target.label} ${until === null ? 'until resumed' : `until ${new Date(until).toISOString()}`}\n`);
      });
    });

  instances
    .command('resume')
    .description('resume polling an instance, or all of them')
    .argument('<instance>', 'instance name or id, or "all"')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withEngine(command, async (engine) => {
        const target = pauseTarget(engine, name);
        clearPause(engine.settings, target.id);
        process.stdout.write(`resumed ${target.label}\n`);
      });
    });
}

function pauseTarget(engine: Engine, name: string): { id: PauseTarget; label: string } {
  if (name === 'all') return { id: 'all', label: 'all instances' };
  const instance = engine.requireInstance(name);
  return { id: instance.id, label: `"${instance.name}"` };
}

function pauseEnd(options: PauseOptions, now: number): number | null {
  if (options.until !== undefined) {
    const until = parseInstant('--until', options.until);
    if (until <= now) throw new CliError(`--until ${options.until} is not in the future`);
    return until;
  }
  if (options.for === undefined) return null;
  try {
    return now + parseDuration(options.for);
  } catch (error) {
    throw new CliError(`--for: ${(error as Error).message}`);
  }
}
