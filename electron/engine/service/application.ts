/**
 * The running application without its shell: engine, scheduler and service, started and stopped
 * together. The Electron main process and `crm-event-poller serve` both build on this.
 */
import { Engine, type EngineOptions } from '../engine.ts';
import { Scheduler, type SchedulerOptions } from '../scheduler/scheduler.ts';
import { PollerService, type ServiceOptions } from './pollerService.ts';

export interface ApplicationOptions extends EngineOptions {
  service: ServiceOptions;
  scheduler?: SchedulerOptions;
}

export interface Application {
  engine: Engine;
  scheduler: Scheduler;
  service: PollerService;
  /** Stops polling gracefully (cursors safe), then closes the database. */
  stop(): Promise<void>;
}

export function startApplication(options: ApplicationOptions): Application {
  const engine = new Engine(options);
  const scheduler = new Scheduler(engine, options.scheduler);
  const service = new PollerService(engine, scheduler, options.service);
  scheduler.start();
  let stopping: Promise<void> | undefined;
  return {
    engine,
    scheduler,
    service,
    stop: () =>
      (stopping ??= (async () => {
        await scheduler.stop();
        engine.close();
      })()),
  };
}
