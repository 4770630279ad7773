/**
 * Demo mode: simulated Sage CRM and Dynamics servers with live, changing data, instances built from
 * the Cloud Elements seed fixtures already pointed at them, a throwaway data dir, secrets from an
 * env-style map (no keychain), and a local receiver for their webhooks. A newcomer sees events at
 * once (the first poll of each instance backfills a few changes made as the demo starts) and every
 * minute after.
 *
 * The simulators are product code of their own (`electron/simulators/`, also used by `sim` and the
 * tests); the command line starts them and hands them in, so the engine does not depend on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../engine.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import { demoInstances, type DemoFixtures } from './demoInstances.ts';

/** What the demo does to a simulator (its in-process control API). */
export interface DemoControl {
  mutate(input: { entity: string; id?: string | number; fields?: Record<string, unknown> }): Record<string, unknown>;
  records(entity: string): readonly Record<string, unknown>[];
}

export interface DemoCrms {
  sage: { url: string; baseUrl: string; username: string; password: string; control: DemoControl };
  dynamics: { url: string; username: string; password: string; control: DemoControl };
  close(): Promise<void>;
}

export interface DemoOptions {
  crms: DemoCrms;
  fixtures: DemoFixtures;
  /** Default: a new temporary folder, removed when the demo stops. */
  dataDir?: string;
}

export interface Demo {
  dataDir: string;
  /** The demo instances' secrets, for `openSecretStore('env', { env })`. */
  secretEnv: Record<string, string>;
  crms: DemoCrms;
  /** The local receiver the demo instances' webhooks are sent to. */
  callbackUrl: string;
  /** Webhook notifications the receiver has got. */
  received(): number;
  /**
   * Adds the demo instances and polls each once at once, backfilling the changes made as the demo
   * starts, so events show within seconds; then hands them to the scheduler (which polls every minute).
   * Events of these first polls are emitted on the scheduler like any other.
   */
  addInstances(app: { engine: Engine; scheduler?: Scheduler }): Promise<StoredInstance[]>;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'crm-event-poller-demo-'));
  const receiver = await startReceiver();
  const { crms } = options;
  const { documents, secretEnv } = demoInstances(options.fixtures, {
    sage: crms.sage,
    dynamics: crms.dynamics,
    callbackUrl: receiver.url,
  });
  let stopped: Promise<void> | undefined;
  return {
    dataDir,
    secretEnv,
    crms,
    callbackUrl: receiver.url,
    received: () => receiver.count,
    async addInstances({ engine, scheduler }) {
      const startedAt = engine.now();
      warmUp(crms);
      const added: StoredInstance[] = [];
      // Saved disabled: the scheduler sees each at once, and polls it only once its backfill below is done.
      for (const document of documents) added.push((await engine.addInstance(document, { enabled: false })).instance);
      for (const instance of added) {
        // A backfill from just before the warm-up changes: the first poll shows them.
        await engine.pollInstance(instance, {
          backfillSince: startedAt - 2000,
          reconcile: 'due',
          onEvents: (events) => scheduler?.emit('events', { instance, events }),
        });
      }
      const enabled: StoredInstance[] = [];
      for (const instance of added) enabled.push(await engine.setEnabled(instance, true));
      return enabled;
    },
    stop: () =>
      (stopped ??= (async () => {
        await Promise.allSettled([crms.close(), receiver.close()]);
        if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}

/** A few changes in each CRM as the demo starts, so the first polls have something to show. */
function warmUp(crms: DemoCrms): void {
  const sage = crms.sage.control;
  sage.mutate({ entity: 'company' });
  sage.mutate({ entity: 'person', id: 1, fields: { Pers_Title: 'Head of Demos' } });
  sage.mutate({ entity: 'lead' });
  sage.mutate({ entity: 'opportunity', id: 2, fields: { Oppo_Stage: 'Negotiating' } });
  const dynamics = crms.dynamics.control;
  dynamics.mutate({ entity: 'accounts' });
  const contact = dynamics.records('contacts')[0];
  if (contact) dynamics.mutate({ entity: 'contacts', id: String(contact.contactid), fields: { jobtitle: 'Head of Demos' } });
  dynamics.mutate({ entity: 'tasks' });
  dynamics.mutate({ entity: 'annotations' });
}

/** Accepts every webhook POST with 200 and counts them. */
async function startReceiver(): Promise<{ url: string; count: number; close(): Promise<void> }> {
  const state = { count: 0 };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST') state.count++;
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/demo-webhook`,
    get count() {
      return state.count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
