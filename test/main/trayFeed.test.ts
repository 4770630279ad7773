/**
 * The tray follows what the engine announces, in plain Node against a real application: a pause,
 * a mute, an instance removed and each poll's status redraw it with what changed, and the login
 * item follows the start-at-login setting whoever changed it.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Application } from '../../electron/engine/service/application.ts';
import { followStartAtLogin } from '../../electron/main/loginItem.ts';
import { TrayFeed } from '../../electron/main/trayFeed.ts';
import { buildTrayModel } from '../../electron/main/trayModel.ts';
import { closedAfterEach, itemsInstance, startTestApplication } from '../engine/support/harness.ts';
import { startRecordServer, type RecordServer } from '../engine/support/recordServer.ts';

const closing = closedAfterEach();

async function start(): Promise<{ app: Application; feed: TrayFeed; server: RecordServer; changed: () => number }> {
  const server = closing(await startRecordServer({ dateStyle: { kind: 'epoch' } }));
  const { app } = startTestApplication(closing, { scheduler: { maxStartJitterMs: 0 } });
  const { engine, scheduler, service } = app;
  let changes = 0;
  const feed = closing(new TrayFeed({ statuses: () => service.getStatus(), scheduler, instances: engine.instances, settings: engine.settings, unread: () => 2 }, () => changes++));
  return { app, feed, server, changed: () => changes };
}

describe('the tray feed', () => {
  it('redraws on each change announced, with what changed', async () => {
    const { app, feed, server, changed } = await start();
    const saved = await app.service.createInstance(itemsInstance(server.url, { pattern: 'milliseconds' }));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    expect(changed()).toBeGreaterThan(0);
    await vi.waitFor(async () => expect((await feed.input(Date.now())).statuses[0]?.lastPollAt).toBeDefined());

    let before = changed();
    await app.service.pause('all', null);
    expect(changed()).toBeGreaterThan(before);
    const paused = await feed.input(Date.now());
    expect(paused.pauses).toEqual({ all: null });
    expect(buildTrayModel(paused).icon).toBe('paused');

    before = changed();
    await app.service.updateSettings({ notifications: { ...(await app.service.getSettings()).notifications, muted: true } });
    expect(changed()).toBeGreaterThan(before);
    expect(await feed.input(Date.now())).toMatchObject({ muted: true, unread: 2 });
    expect(buildTrayModel(await feed.input(Date.now())).tooltip).toMatch(/notifications muted/);

    before = changed();
    await app.service.deleteInstance(saved.instance.id);
    expect(changed()).toBeGreaterThan(before);
    expect((await feed.input(Date.now())).statuses).toEqual([]);
  });

  it('stops following once closed', async () => {
    const { app, feed, changed } = await start();
    feed.close();
    const before = changed();
    await app.service.pause('all', null);
    expect(changed()).toBe(before);
    expect((await feed.input(Date.now())).pauses).toEqual({});
  });
});

describe('the login item', () => {
  it('follows the start-at-login setting, once per change, whoever changed it', async () => {
    const { app } = await start();
    const apply = vi.fn();
    const stop = followStartAtLogin(app.engine.settings, false, apply);
    await app.service.updateSettings({ startAtLogin: true });
    await app.service.updateSettings({ theme: 'dark' });
    await app.service.updateSettings({ startAtLogin: true });
    expect(apply.mock.calls).toEqual([[true]]);
    await app.service.updateSettings({ startAtLogin: false });
    stop();
    await app.service.updateSettings({ startAtLogin: true });
    expect(apply.mock.calls).toEqual([[true], [false]]);
  });
});
