/**
 * The running application without its shell: engine, scheduler, delivery worker and service,
 * started and stopped together. The Electron main process and `crm-event-poller serve` both build on this.
 */
import { deliveriesPort, onDeliveryChanged } from '../delivery/deliveriesPort.ts';
import { Engine, type EngineOptions } from '../engine.ts';
import { Scheduler, type SchedulerOptions } from '../scheduler/scheduler.ts';
import { PollerService, type ServiceOptions } from './pollerService.ts';

export interface ApplicationOptions extends EngineOptions {
  service: Omit<ServiceOptions, 'deliveries'>;
  scheduler?: SchedulerOptions;
}

export interface Application {
  engine: Engine;
  scheduler: Scheduler;
  service: PollerService;
  /** Stops polling and delivering gracefully (cursors and attempts safe), then closes the database. */
  stop(): Promise<void>;
}

export function startApplication(options: ApplicationOptions): Application {
  const engine = new Engine(options);
  // Polling and delivery need not wait: a callback's user info is used wherever it still is.
  const movingSecrets = engine.moveSecretsOutOfSettings();
  const scheduler = new Scheduler(engine, options.scheduler);
  const service = new PollerService(engine, scheduler, { ...options.service, deliveries: deliveriesPort(engine.deliveries) });
  const stopPushing = onDeliveryChanged(engine.deliveries, (change) => service.emit('delivery-changed', change));
  engine.deliveries.start();
  scheduler.start();
  let stopping: Promise<void> | undefined;
  return {
    engine,
    scheduler,
    service,
    stop: () =>
      (stopping ??= (async () => {
        await scheduler.stop();
        await engine.deliveries.stop();
        await movingSecrets;
        stopPushing();
        engine.close();
      })()),
  };
}
