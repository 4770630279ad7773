/** An engine on a throwaway data dir, with a generic instance pointed at a test server. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Engine } from '../../../electron/engine/engine.ts';
import type { ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication, type Application, type ApplicationOptions } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import type { StoredInstance } from '../../../electron/engine/settings/settingsSchema.ts';
import { Scheduler } from '../../../electron/engine/scheduler/scheduler.ts';
import type { InstanceStatus } from '../../../shared/status.ts';

export function tempDataDir(prefix = 'cep-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function openTestEngine(dataDir = tempDataDir(), env: Record<string, string> = {}, now?: () => number): Engine {
  return new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env }), now });
}

/** The whole application (engine, scheduler, delivery worker, service) on a throwaway data dir, with env secrets; stopped after each test. */
export function startTestApplication(closing: ReturnType<typeof closedAfterEach>, options: Partial<ApplicationOptions> = {}): { app: Application; dataDir: string } {
  const dataDir = tempDataDir('cep-app-');
  const app = startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }), service: { version: 'test', transport: 'http', dataDir }, ...options });
  closing({ close: () => app.stop() });
  return { app, dataDir };
}

export interface ItemsResource {
  pattern: string;
  zone?: string;
  pageSize?: number;
  paging?: unknown;
  pollDelay?: number;
  createdCheckTolerance?: number;
  url?: string;
}

/** A Cloud Elements style instance for the record server's `/items` endpoint. */
export function itemsInstance(baseUrl: string, resource: ItemsResource, name = 'Test API'): Record<string, unknown> {
  const zone = resource.zone ?? 'GMT';
  const macro = resource.pattern === 'milliseconds' ? '${epoch}' : "${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}";
  return {
    element: { key: 'generic' },
    name,
    configuration: {
      'base.url': baseUrl,
      'auth.type': 'none',
      'event.poller.configuration': {
        items: {
          url: resource.url ?? `/items?updated_since=${macro}`,
          idField: 'id',
          recordsPath: 'data',
          paging: resource.paging ?? { type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: resource.pageSize ?? 10 },
          ...(resource.pollDelay === undefined ? {} : { pollDelay: resource.pollDelay }),
          ...(resource.createdCheckTolerance === undefined ? {} : { createdCheckTolerance: resource.createdCheckTolerance }),
          datesConfiguration: {
            updatedDateField: 'updated',
            updatedDateFormat: resource.pattern,
            updatedDateTimezone: zone,
            createdDateField: 'created',
            createdDateFormat: resource.pattern,
            createdDateTimezone: zone,
          },
        },
      },
    },
  };
}

export async function addItemsInstance(engine: Engine, baseUrl: string, resource: ItemsResource): Promise<StoredInstance> {
  return (await engine.addInstance(itemsInstance(baseUrl, resource))).instance;
}

/** Polls once and returns the new events; fails the test on any poll error. */
export async function pollOnce(engine: Engine, instance: StoredInstance, options: { backfillSince?: number } = {}): Promise<ChangeEvent[]> {
  const outcomes = await engine.pollInstance(instance, options);
  const failure = outcomes.find((outcome) => outcome.error);
  if (failure?.error) throw failure.error;
  return outcomes.flatMap((outcome) => outcome.result?.newEvents ?? []);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first instance's status after a fresh scheduler (a restart of the app or `run`) ran for a while. */
export async function statusAfterRestart(engine: Engine): Promise<InstanceStatus | undefined> {
  const scheduler = new Scheduler(engine, { minuteMs: 30, maxStartJitterMs: 0 });
  scheduler.start();
  await sleep(400);
  await scheduler.stop();
  return scheduler.status()[0];
}

/**
 * Returns `closing`: what a test passes through it (an engine, a server, a simulator) is closed after
 * each test, the last opened first.
 */
export function closedAfterEach(): <T extends { close(): unknown }>(opened: T) => T {
  const open: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close();
  });
  return (opened) => {
    open.push(opened);
    return opened;
  };
}
