/** The small pure parts of the shell: launch options, start at login, graceful quit, the unread count. */
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseLaunchOptions } from '../../electron/main/launchOptions.ts';
import { installGracefulQuit, type QuitEvent } from '../../electron/main/lifecycle.ts';
import { applyStartAtLogin, autostartEntry, autostartPath, launchCommand, quoteExecArgument, type LoginItemPort } from '../../electron/main/loginItem.ts';
import { UnreadCounter } from '../../electron/main/unread.ts';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('launch options', () => {
  it('start visible, with the keychain, in the CLI data folder', () => {
    expect(parseLaunchOptions(['/opt/app/crm-event-poller'], { XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toEqual({ hidden: false, secrets: 'keychain', dataDir: '/home/u/.config/CRM Event Poller' });
  });

  it('read --hidden (login item), --secrets=env or CRM_EVENT_POLLER_SECRETS, and CRM_EVENT_POLLER_HOME', () => {
    expect(parseLaunchOptions(['app', '--hidden', '--secrets=env'], { CRM_EVENT_POLLER_HOME: '/data' }, 'linux')).toEqual({ hidden: true, secrets: 'env', dataDir: '/data' });
    expect(parseLaunchOptions(['app'], { CRM_EVENT_POLLER_SECRETS: 'env', CRM_EVENT_POLLER_HOME: '/d' }, 'darwin').secrets).toBe('env');
    expect(parseLaunchOptions(['app', '--secrets=bogus'], {}, 'linux').secrets).toBe('keychain');
  });
});

describe('start at login', () => {
  it('writes an XDG autostart entry that starts the app hidden', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart/crm-event-poller.desktop');
    expect(autostartPath({}, '/home/u')).toBe('/home/u/.config/autostart/crm-event-poller.desktop');
    expect(autostartEntry('CRM Event Poller', ['/opt/CRM Event Poller/crm-event-poller', '--hidden'])).toBe(
      ['[Desktop Entry]', 'Type=Application', 'Name=CRM Event Poller', 'Exec="/opt/CRM Event Poller/crm-event-poller" --hidden', 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n'),
    );
  });

  it('starts the AppImage itself (its mount point moves), or Electron with the app folder when unpackaged', () => {
    expect(launchCommand('/tmp/.mount_x/crm-event-poller', { APPIMAGE: '/home/u/Apps/CRM.AppImage' }, undefined)).toEqual(['/home/u/Apps/CRM.AppImage', '--js-flags=--max-semi-space-size=16', '--hidden']);
    expect(launchCommand('/usr/bin/crm-event-poller', {}, undefined)).toEqual(['/usr/bin/crm-event-poller', '--js-flags=--max-semi-space-size=16', '--hidden']);
    expect(launchCommand('/p/node_modules/electron/dist/electron', {}, '/p')).toEqual(['/p/node_modules/electron/dist/electron', '/p', '--js-flags=--max-semi-space-size=16', '--hidden']);
  });

  it('quotes Exec arguments as the Desktop Entry spec requires', () => {
    expect(quoteExecArgument('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArgument('100%')).toBe('100%%');
    expect(quoteExecArgument('/home/a b/app')).toBe('"/home/a b/app"');
    expect(quoteExecArgument('/x/$HOME"`q')).toBe('"/x/\\\\$HOME\\\\"\\\\`q"');
    expect(quoteExecArgument('C:\\dir')).toBe('"C:\\\\\\\\dir"');
  });

  function port(patch: Partial<LoginItemPort>): LoginItemPort {
    return { platform: 'linux', env: {}, home: '/nowhere', execPath: '/usr/bin/crm-event-poller', appPath: undefined, name: 'CRM Event Poller', setLoginItemSettings: vi.fn(), ...patch };
  }

  it('on Linux creates and removes the autostart file', async () => {
    const config = mkdtempSync(join(tmpdir(), 'cep-autostart-'));
    temporary.push(config);
    const linux = port({ env: { XDG_CONFIG_HOME: config } });
    await applyStartAtLogin(true, linux);
    const file = join(config, 'autostart', 'crm-event-poller.desktop');
    expect(readFileSync(file, 'utf8')).toContain('Exec=/usr/bin/crm-event-poller --js-flags=--max-semi-space-size=16 --hidden');
    await applyStartAtLogin(false, linux);
    expect(existsSync(file)).toBe(false);
    await applyStartAtLogin(false, linux); // nothing there: fine
    expect(linux.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('on macOS and Windows uses the login item API, hidden', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const other = port({ platform });
      await applyStartAtLogin(true, other);
      await applyStartAtLogin(false, other);
      expect(other.setLoginItemSettings).toHaveBeenNthCalledWith(1, { openAtLogin: true, args: ['--js-flags=--max-semi-space-size=16', '--hidden'] });
      expect(other.setLoginItemSettings).toHaveBeenNthCalledWith(2, { openAtLogin: false, args: ['--js-flags=--max-semi-space-size=16', '--hidden'] });
    }
  });
});

describe('graceful quit', () => {
  function fakeApp() {
    const listeners: ((event: QuitEvent) => void)[] = [];
    const app = {
      on: (_event: 'before-quit', listener: (event: QuitEvent) => void) => listeners.push(listener),
      quit: vi.fn(() => {
        // Electron emits before-quit again for the second quit().
        const event = { preventDefault: vi.fn() };
        listeners.forEach((listener) => listener(event));
        app.lastEvent = event;
      }),
      lastEvent: undefined as { preventDefault: ReturnType<typeof vi.fn> } | undefined,
      request() {
        const event = { preventDefault: vi.fn() };
        listeners.forEach((listener) => listener(event));
        return event;
      },
    };
    return app;
  }

  it('holds the first quit until the engine has stopped, then quits for real', async () => {
    const app = fakeApp();
    let finish: () => void = () => undefined;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const quit = installGracefulQuit(app, stop);
    expect(quit.quitting).toBe(false);
    const first = app.request();
    expect(first.preventDefault).toHaveBeenCalled();
    expect(quit.quitting).toBe(true);
    expect(stop).toHaveBeenCalledTimes(1);
    app.request(); // a second request while stopping does not stop twice
    expect(stop).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(app.lastEvent?.preventDefault).not.toHaveBeenCalled();
  });

  it('asks first (unsaved changes in the window): staying stops nothing, a later quit asks again', async () => {
    const app = fakeApp();
    const stop = vi.fn(async () => undefined);
    const answers = [false, true];
    const mayQuit = vi.fn(async () => answers.shift() ?? true);
    const quit = installGracefulQuit(app, stop, undefined, mayQuit);
    app.request();
    await vi.waitFor(() => expect(mayQuit).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(quit.quitting).toBe(false));
    expect(stop).not.toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
    app.request();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(mayQuit).toHaveBeenCalledTimes(2);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('still quits when stopping fails, and reports why', async () => {
    const app = fakeApp();
    const onError = vi.fn();
    installGracefulQuit(app, async () => Promise.reject(new Error('database is locked')), onError);
    app.request();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(onError).toHaveBeenCalledWith(new Error('database is locked'));
  });
});

describe('the unread count', () => {
  it('counts events while the window is not in front, and clears when it comes to the front', () => {
    const changed = vi.fn();
    const unread = new UnreadCounter(changed);
    unread.added(3, false);
    unread.added(2, true);
    unread.added(0, false);
    unread.added(4, false);
    expect(unread.count).toBe(7);
    expect(changed.mock.calls).toEqual([[3], [7]]);
    unread.seen();
    unread.seen();
    expect(unread.count).toBe(0);
    expect(changed.mock.calls).toEqual([[3], [7], [0]]);
  });
});
