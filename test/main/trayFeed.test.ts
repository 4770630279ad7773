/**
 * The tray follows what the engine announces, in plain Node against a real application: a pause,
 * a mute, an instance removed and each poll's status redraw it with what changed, and the login
 * item follows the start-at-login setting whoever changed it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSecretStore } from '../../electron/engine/secrets/openSecretStore.ts';
import { startApplication, type Application } from '../../electron/engine/service/application.ts';
import { openConfSettings } from '../../electron/engine/settings/openConfSettings.ts';
import { followStartAtLogin } from '../../electron/main/loginItem.ts';
import { TrayFeed } from '../../electron/main/trayFeed.ts';
import { buildTrayModel } from '../../electron/main/trayModel.ts';
import { itemsInstance, tempDataDir } from '../engine/support/harness.ts';
import { startRecordServer, type RecordServer } from '../engine/support/recordServer.ts';

let app: Application | undefined;
let feed: TrayFeed | undefined;
let server: RecordServer | undefined;
afterEach(async () => {
  feed?.close();
  await app?.stop();
  await server?.close();
  app = feed = server = undefined;
});

async function start(): Promise<{ app: Application; feed: TrayFeed; changed: () => number }> {
  const dataDir = tempDataDir('cep-tray-feed-');
  server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
  app = startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }), service: { version: 'test', transport: 'ipc', dataDir }, scheduler: { maxStartJitterMs: 0 } });
  const { engine, scheduler, service } = app;
  let changes = 0;
  feed = new TrayFeed({ statuses: () => service.getStatus(), scheduler, instances: engine.instances, settings: engine.settings, unread: () => 2 }, () => changes++);
  return { app, feed, changed: () => changes };
}

describe('the tray feed', () => {
  it('redraws on each change announced, with what changed', async () => {
    const { app, feed, changed } = await start();
    const saved = await app.service.createInstance(itemsInstance((server as RecordServer).url, { pattern: 'milliseconds' }));
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
