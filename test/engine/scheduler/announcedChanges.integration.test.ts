/**
 * The scheduler follows what is announced, not the calls that were made: a pause or a resume
 * through the service, an instance added or removed through the engine, a pause written by another
 * process; each re-arms it and announces the status it leads to.
 */
import { describe, expect, it } from 'vitest';
import { setPause } from '../../../electron/engine/scheduler/pauses.ts';
import type { Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import { closedAfterEach, itemsInstance, startTestApplication } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';

const closing = closedAfterEach();

/** The minute is a real one: a poll within the test is never the refresh interval's (15 min), only one a change made due. */
async function start(): Promise<{ app: Application; dataDir: string; server: RecordServer }> {
  const server = closing(await startRecordServer({ dateStyle: { kind: 'epoch' } }));
  const { app, dataDir } = startTestApplication(closing, { scheduler: { maxStartJitterMs: 0, maxTimerMs: 50 } });
  return { app, dataDir, server };
}

/** Resolves with the first status the scheduler announces that satisfies `test`. */
function announced(application: Application, test: (status: InstanceStatus) => boolean, timeoutMs = 5000): Promise<InstanceStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such status announced in time')), timeoutMs);
    const listener = (status: InstanceStatus) => {
      if (!test(status)) return;
      clearTimeout(timer);
      application.scheduler.off('status', listener);
      resolve(status);
    };
    application.scheduler.on('status', listener);
  });
}

describe('announced changes', () => {
  it('a pause through the service stops the timer and announces "paused"; a resume polls at once and announces it', async () => {
    const { app, server } = await start();
    const saved = await app.service.createInstance(itemsInstance(server.url, { pattern: 'milliseconds' }));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const id = saved.instance.id;
    const first = await announced(app, (status) => status.id === id && status.lastPollAt !== undefined && status.state === 'idle');
    expect(first.nextPollAt).toBeGreaterThan(Date.now() + 60_000);

    const paused = announced(app, (status) => status.id === id && status.state === 'paused');
    await app.service.pause(id, null);
    expect(await paused).toMatchObject({ pausedUntil: null, nextPollAt: undefined });

    const polledAgain = announced(app, (status) => status.id === id && status.state === 'idle' && (status.lastPollAt ?? 0) > (first.lastPollAt ?? 0));
    await app.service.resume(id);
    expect((await polledAgain).pausedUntil).toBeUndefined();
  });

  it('sees an instance added or removed through the engine, without being told', async () => {
    const { app, server } = await start();
    const { instance } = await app.engine.addInstance(itemsInstance(server.url, { pattern: 'milliseconds' }, 'Added Directly'));
    expect(app.scheduler.status().map((status) => status.name)).toEqual(['Added Directly']);
    await announced(app, (status) => status.id === instance.id && status.lastPollAt !== undefined);
    await app.engine.removeInstance(instance);
    expect(app.scheduler.status()).toEqual([]);
  });

  it('a pause written by another process sharing the data dir is announced within seconds', async () => {
    const { app, dataDir, server } = await start();
    const saved = await app.service.createInstance(itemsInstance(server.url, { pattern: 'milliseconds' }));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const paused = announced(app, (status) => status.state === 'paused', 10_000);
    setPause(openConfSettings(dataDir), 'all', null);
    expect(await paused).toMatchObject({ id: saved.instance.id, pausedUntil: null });
  });
});
