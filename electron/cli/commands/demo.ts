/**
 * `crm-event-poller demo`: simulated Sage CRM and Dynamics servers with live data, instances from the
 * Cloud Elements seed fixtures already pointed at them, in a throwaway data dir; the scheduler runs and
 * events are printed as NDJSON (like `run`) until Ctrl+C. `serve --demo` uses the same setup.
 */
import type { Command } from 'commander';
import { SECRET_KEYS } from '../../../shared/config/elements.ts';
import type { Demo } from '../../engine/demo/demo.ts';
import { stopRequested } from '../context.ts';
import { CliError } from '../errors.ts';
import { eventLine } from '../format.ts';

export interface DemoEnvironmentOptions {
  seed?: string;
  /** Live changes per minute in each simulated CRM. */
  changesPerMinute?: number;
}

export const DEFAULT_DEMO_CHANGES_PER_MINUTE = 12;

/** Both simulators (live data) and the demo around them. */
export async function startDemoEnvironment(options: DemoEnvironmentOptions = {}): Promise<Demo> {
  const seed = options.seed ?? 'demo';
  const changesPerMinute = options.changesPerMinute ?? DEFAULT_DEMO_CHANGES_PER_MINUTE;
  // Seeded history ends a little before now, so the data looks current but none of it is news.
  const dataEndTime = Date.now() - 10 * 60_000;
  // Loaded when used, as the engine is: other commands never pay for the simulators.
  const [{ startSageCrmSimulator, startDynamicsSimulator }, { startDemo }, { demoSeeds }] = await Promise.all([
    import('../../simulators/index.ts'),
    import('../../engine/demo/demo.ts'),
    import('../../engine/demo/demoSeeds.ts'),
  ]);
  const sage = await startSageCrmSimulator({ seed, changesPerMinute, dataEndTime });
  const dynamics = await startDynamicsSimulator({ seed, changesPerMinute, dataEndTime }).catch(async (error: unknown) => {
    await sage.close();
    throw error;
  });
  const crms = {
    sage,
    dynamics,
    close: async () => {
      await Promise.allSettled([sage.close(), dynamics.close()]);
    },
  };
  return startDemo({ crms, fixtures: demoSeeds() });
}

/** What the demo is made of, for the terminal. */
export function demoBanner(demo: Demo): string {
  const { sage, dynamics } = demo.crms;
  return [
    '=== CRM Event Poller: DEMO MODE (simulated CRMs, throwaway data) ===',
    `  Simulated Sage CRM:      ${sage.baseUrl}  (${sage.username} / ${sage.password})`,
    `  Simulated Dynamics 365:  ${dynamics.url}/api/data/v9.2  (${dynamics.username} / ${dynamics.password})`,
    `  Instances:               Demo Sage CRM, Demo Dynamics 365, Demo Dynamics 365 (by date): every minute`,
    `  Webhooks go to:          ${demo.callbackUrl}`,
    `  Data dir (removed on exit): ${demo.dataDir}`,
    '',
  ].join('\n');
}

interface DemoCliOptions {
  seed?: string;
  changesPerMinute: string;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('try the poller without a CRM: simulated Sage CRM and Dynamics with live data and instances already set up; events are printed as NDJSON until Ctrl+C')
    .option('--seed <seed>', 'seed of the simulated data', 'demo')
    .option('--changes-per-minute <n>', 'live changes per minute in each simulated CRM', String(DEFAULT_DEMO_CHANGES_PER_MINUTE))
    .action(async (options: DemoCliOptions) => {
      const changesPerMinute = Number(options.changesPerMinute);
      if (!Number.isFinite(changesPerMinute) || changesPerMinute < 0) throw new CliError(`--changes-per-minute "${options.changesPerMinute}" is not a number of changes`);
      // Ctrl+C at any moment, even while starting, stops cleanly (and removes the throwaway data).
      const stopSignal = stopRequested();
      const demo = await startDemoEnvironment({ seed: options.seed, changesPerMinute });
      process.stderr.write(demoBanner(demo));
      const [{ Engine }, { Scheduler }, { openSecretStore }, { openConfSettings }] = await Promise.all([
        import('../../engine/engine.ts'),
        import('../../engine/scheduler/scheduler.ts'),
        import('../../engine/secrets/openSecretStore.ts'),
        import('../../engine/settings/openConfSettings.ts'),
      ]);
      const engine = new Engine({ dataDir: demo.dataDir, settings: openConfSettings(demo.dataDir), secrets: openSecretStore('env', { env: demo.secretEnv, knownKeys: SECRET_KEYS }) });
      const scheduler = new Scheduler(engine);
      try {
        scheduler.on('events', ({ instance, events }) => {
          for (const event of events) process.stdout.write(`${eventLine(event, instance.name)}\n`);
        });
        scheduler.on('status', (status) => {
          if (status.state === 'polling' || status.state === 'idle') return;
          const error = status.lastError ? `: ${status.lastError.message}` : '';
          process.stderr.write(`${new Date().toISOString()} ${status.name}: ${status.state}${error}\n`);
        });
        engine.deliveries.start();
        let stopping = false;
        void stopSignal.then(() => (stopping = true));
        // A few seconds at most (local servers); a Ctrl+C meanwhile takes effect right after.
        await demo.addInstances({ engine, scheduler });
        if (!stopping) {
          scheduler.start();
          process.stderr.write('DEMO: polling every minute; Ctrl+C to stop\n');
        }
        await stopSignal;
        process.stderr.write('stopping the demo...\n');
        await scheduler.stop();
        await engine.deliveries.stop(2000);
      } finally {
        engine.close();
        await demo.stop();
      }
      process.stderr.write(`demo stopped (${demo.received()} webhook notification(s) delivered to the demo receiver)\n`);
    });
}
