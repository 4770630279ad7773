/**
 * The Electron adapters with `electron` stubbed: notifications, the tray controller, the window
 * and the session's hardening.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy.ts';
import { ElectronNotifier } from '../../electron/main/notifications.ts';
import { hardenSession, hardenWebContents } from '../../electron/main/security.ts';
import { TrayController } from '../../electron/main/tray.ts';
import { escapeLabel, toMenuTemplate } from '../../electron/main/trayMenu.ts';
import type { TrayInput } from '../../electron/main/trayModel.ts';
import { MainWindow } from '../../electron/main/window.ts';
import { mainWindowOptions } from '../../electron/main/windowOptions.ts';
import { tempDataDir } from '../engine/support/harness.ts';
import { status } from './support/status.ts';

type Handler = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, ((...args: unknown[]) => void)[]>();
    on(event: string, listener: (...args: unknown[]) => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }
  const state = {
    notificationsSupported: true,
    notifications: [] as FakeNotification[],
    trays: [] as FakeTray[],
    windows: [] as FakeWindow[],
    menus: [] as unknown[],
    workAreas: [{ x: 0, y: 0, width: 1920, height: 1040 }],
  };
  class FakeNotification extends Emitter {
    options: unknown;
    shown = false;
    closed = false;
    constructor(options: unknown) {
      super();
      this.options = options;
      state.notifications.push(this);
    }
    static isSupported() {
      return state.notificationsSupported;
    }
    show() {
      this.shown = true;
    }
    close() {
      this.closed = true;
    }
  }
  class FakeTray extends Emitter {
    image: unknown;
    tooltip = '';
    menu: unknown;
    destroyed = false;
    constructor(image: unknown) {
      super();
      this.image = image;
      state.trays.push(this);
    }
    setImage(image: unknown) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: unknown) {
      this.menu = menu;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  class FakeWindow extends Emitter {
    options: unknown;
    visible = false;
    minimized = false;
    focused = false;
    destroyed = false;
    loaded: string | undefined;
    webContents = { id: 1 };
    bounds: { x: number; y: number; width: number; height: number };
    maximized = false;
    constructor(options: { x?: number; y?: number; width: number; height: number }) {
      super();
      this.options = options;
      this.bounds = { x: options.x ?? 370, y: options.y ?? 130, width: options.width, height: options.height };
      state.windows.push(this);
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    isMaximized() {
      return this.maximized;
    }
    maximize() {
      this.maximized = true;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isVisible() {
      return this.visible;
    }
    isMinimized() {
      return this.minimized;
    }
    isFocused() {
      return this.focused;
    }
    restore() {
      this.minimized = false;
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {
      this.focused = true;
    }
    async loadFile(file: string) {
      this.loaded = file;
    }
    /** What Electron does on close(): 'close' (cancellable), then 'closed'. */
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        this.destroyed = true;
        this.emit('closed');
      }
    }
  }
  return { state, FakeNotification, FakeTray, FakeWindow };
});

vi.mock('electron', () => ({
  Notification: fake.FakeNotification,
  Tray: fake.FakeTray,
  BrowserWindow: fake.FakeWindow,
  Menu: { buildFromTemplate: (template: unknown) => (fake.state.menus.push(template), { template }) },
  screen: { getAllDisplays: () => fake.state.workAreas.map((workArea) => ({ workArea })) },
  nativeImage: {
    createFromBuffer: (buffer: Buffer, options: { scaleFactor: number }) => {
      const representations = [{ scaleFactor: options.scaleFactor, size: buffer.readUInt32BE(16) }];
      return { representations, addRepresentation: (more: { scaleFactor: number; buffer: Buffer }) => representations.push({ scaleFactor: more.scaleFactor, size: more.buffer.readUInt32BE(16) }) };
    },
  },
}));

beforeEach(() => {
  fake.state.notifications.length = 0;
  fake.state.trays.length = 0;
  fake.state.windows.length = 0;
  fake.state.menus.length = 0;
  fake.state.notificationsSupported = true;
  fake.state.workAreas = [{ x: 0, y: 0, width: 1920, height: 1040 }];
});

describe('desktop notifications', () => {
  const notice = { kind: 'events' as const, instanceId: 3, title: 'Acme CRM', body: '3 accounts created', open: { view: 'events' as const, instanceId: 3, eventIds: ['a'], eventCount: 3 }, at: 0 };

  it('show the coalesced notice, and a click opens its target', () => {
    const open = vi.fn();
    const notifier = new ElectronNotifier({ open });
    notifier.show(notice);
    const [shown] = fake.state.notifications;
    expect(shown?.options).toMatchObject({ title: 'Acme CRM', body: '3 accounts created', urgency: 'normal' });
    expect(shown?.shown).toBe(true);
    shown?.emit('click');
    expect(open).toHaveBeenCalledWith(notice.open);
  });

  it('mark problems critical, do nothing where notifications are unsupported, and close what is open at quit', () => {
    const notifier = new ElectronNotifier({ open: vi.fn() });
    notifier.show({ ...notice, kind: 'problem', open: { view: 'deliveries', instanceId: 3 } });
    expect(fake.state.notifications[0]?.options).toMatchObject({ urgency: 'critical' });
    notifier.closeAll();
    expect(fake.state.notifications[0]?.closed).toBe(true);
    fake.state.notificationsSupported = false;
    notifier.show(notice);
    expect(fake.state.notifications).toHaveLength(1);
  });
});

describe('the tray controller', () => {
  function input(patch: Partial<TrayInput> = {}): TrayInput {
    return { statuses: [status(1, { name: 'Acme & Co', state: 'needs-attention' })], unread: 5, startAtLogin: false, muted: false, pauses: {}, now: Date.now(), ...patch };
  }

  it('draws the model: icon with the count, tooltip, and a menu whose items dispatch their actions', async () => {
    const dispatch = vi.fn();
    const read = vi.fn(async () => input());
    const controller = new TrayController({ read, dispatch, onClick: vi.fn(), platform: 'linux' });
    await vi.waitFor(() => expect(fake.state.menus).toHaveLength(1));
    const [tray] = fake.state.trays;
    expect(tray?.tooltip).toBe('CRM Event Poller: Acme & Co needs attention · 5 new events');
    expect(tray?.image).toMatchObject({ representations: [{ scaleFactor: 1, size: 32 }] });
    const template = fake.state.menus[0] as { label?: string; click?: () => void; submenu?: unknown }[];
    expect(template[0]?.label).toMatch(/^Acme && Co — /);
    template.find((item) => item.label === 'Open window (5 new)')?.click?.();
    expect(dispatch).toHaveBeenCalledWith({ type: 'open-window' });
    template.find((item) => item.label === 'Quit')?.click?.();
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'quit' });
    controller.destroy();
    expect(tray?.destroyed).toBe(true);
  });

  it('coalesces bursts of refreshes into one redraw, and redraws with new data', async () => {
    let unread = 0;
    const read = vi.fn(async () => input({ unread }));
    const controller = new TrayController({ read, dispatch: vi.fn(), onClick: vi.fn(), platform: 'win32' });
    await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(1));
    unread = 120;
    for (let i = 0; i < 10; i++) controller.refresh();
    await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(read).toHaveBeenCalledTimes(2);
    expect(fake.state.trays[0]?.image).toMatchObject({ representations: [{ scaleFactor: 1, size: 16 }, { scaleFactor: 2, size: 32 }] });
    controller.destroy();
  });

  it('opens the window on a click except on macOS (where a click opens the menu)', () => {
    const onClick = vi.fn();
    const linux = new TrayController({ read: async () => input(), dispatch: vi.fn(), onClick, platform: 'linux' });
    fake.state.trays[0]?.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    const mac = new TrayController({ read: async () => input(), dispatch: vi.fn(), onClick, platform: 'darwin' });
    fake.state.trays[1]?.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    linux.destroy();
    mac.destroy();
  });

  it('reports a failed redraw', async () => {
    const onError = vi.fn();
    const controller = new TrayController({ read: async () => Promise.reject(new Error('database is closed')), dispatch: vi.fn(), onClick: vi.fn(), onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(new Error('database is closed')));
    controller.destroy();
  });

  it('turns every kind of model item into an Electron menu item', () => {
    const dispatch = vi.fn();
    const template = toMenuTemplate(
      [
        { kind: 'label', label: 'a & b' },
        { kind: 'separator' },
        { kind: 'action', label: 'Go', enabled: false, action: { type: 'open-window' } },
        { kind: 'checkbox', label: 'Mute', checked: true, action: { type: 'mute', muted: false } },
        { kind: 'submenu', label: 'More', items: [{ kind: 'action', label: 'Quit', enabled: true, action: { type: 'quit' } }] },
      ],
      dispatch,
      'win32',
    );
    expect(template.map(({ click: _click, submenu, ...rest }) => ({ ...rest, submenu: submenu ? (submenu as unknown[]).length : undefined }))).toEqual([
      { label: 'a && b', enabled: false, submenu: undefined },
      { type: 'separator', submenu: undefined },
      { label: 'Go', enabled: false, submenu: undefined },
      { type: 'checkbox', label: 'Mute', checked: true, submenu: undefined },
      { label: 'More', submenu: 1 },
    ]);
    (template[3]?.click as Handler)();
    ((template[4]?.submenu as { click: Handler }[])[0]?.click as Handler)();
    expect(dispatch.mock.calls).toEqual([[{ type: 'mute', muted: false }], [{ type: 'quit' }]]);
    expect(escapeLabel('R&D', 'darwin')).toBe('R&D');
  });
});

describe('the main window', () => {
  it('is isolated, sandboxed, without Node, webviews or navigation by drag and drop', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs', undefined, false);
    expect(options.show).toBe(false);
    const on = ['contextIsolation', 'sandbox', 'webSecurity', 'safeDialogs'];
    const off = ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'webviewTag', 'experimentalFeatures', 'navigateOnDragDrop', 'spellcheck', 'devTools'];
    const expected = Object.fromEntries([...on.map((key) => [key, true]), ...off.map((key) => [key, false])]);
    expect(options.webPreferences).toEqual({ preload: '/app/out/preload/index.cjs', ...expected });
  });

  it('is created on first use, loads the renderer from file, and hides instead of closing until the app quits', async () => {
    let quitting = false;
    const onFocus = vi.fn();
    const window = new MainWindow({ preload: '/app/out/preload/index.cjs', indexFile: '/app/renderer/dist/index.html', dataDir: tempDataDir(), devTools: false, quitting: () => quitting, onFocus });
    expect(fake.state.windows).toHaveLength(0);
    expect(window.current).toBeUndefined();
    window.show();
    const [browser] = fake.state.windows;
    await window.whenLoaded();
    expect(browser?.loaded).toBe('/app/renderer/dist/index.html');
    expect(browser?.visible).toBe(true);
    expect(window.inFront).toBe(true);
    browser?.emit('focus');
    expect(onFocus).toHaveBeenCalled();

    browser?.close();
    expect(browser?.visible).toBe(false);
    expect(browser?.destroyed).toBe(false);
    window.show();
    expect(fake.state.windows).toHaveLength(1); // the same window again

    quitting = true;
    browser?.close();
    expect(browser?.destroyed).toBe(true);
    expect(window.current).toBeUndefined();
    window.show();
    expect(fake.state.windows).toHaveLength(2); // a fresh one if asked after that
  });

  it('restores a minimized window', () => {
    const window = new MainWindow({ preload: 'p', indexFile: 'i', dataDir: tempDataDir(), devTools: false, quitting: () => false, onFocus: vi.fn() });
    window.show();
    const browser = fake.state.windows[0] as InstanceType<typeof fake.FakeWindow>;
    browser.minimized = true;
    expect(window.inFront).toBe(false);
    window.show();
    expect(browser.minimized).toBe(false);
  });

  it('opens where it was closed last time, maximized if it was, while that display is there', () => {
    const dataDir = tempDataDir();
    const first = new MainWindow({ preload: 'p', indexFile: 'i', dataDir, devTools: false, quitting: () => true, onFocus: vi.fn() });
    first.show();
    const browser = fake.state.windows[0] as InstanceType<typeof fake.FakeWindow>;
    browser.bounds = { x: 2000, y: 100, width: 900, height: 600 };
    browser.maximized = true;
    fake.state.workAreas = [{ x: 0, y: 0, width: 1920, height: 1040 }, { x: 1920, y: 0, width: 1280, height: 1000 }];
    browser.close();

    new MainWindow({ preload: 'p', indexFile: 'i', dataDir, devTools: false, quitting: () => true, onFocus: vi.fn() }).show();
    const second = fake.state.windows[1] as InstanceType<typeof fake.FakeWindow>;
    expect(second.bounds).toEqual({ x: 2000, y: 100, width: 900, height: 600 });
    expect(second.maximized).toBe(true);

    // Undocked: the second display is gone, so the window opens centred at its first size.
    fake.state.workAreas = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    new MainWindow({ preload: 'p', indexFile: 'i', dataDir, devTools: false, quitting: () => true, onFocus: vi.fn() }).show();
    expect(fake.state.windows[2]?.options).toMatchObject({ width: 1180, height: 780 });
    expect(fake.state.windows[2]?.options).not.toHaveProperty('x');
  });
});

describe('hardening', () => {
  it('adds the content security policy of serve to file:// responses, and grants no permission', () => {
    let onHeaders: ((details: unknown, callback: (response: unknown) => void) => void) | undefined;
    let onRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let onCheck: (() => boolean) | undefined;
    hardenSession({
      webRequest: { onHeadersReceived: (listener: typeof onHeaders) => (onHeaders = listener) },
      setPermissionRequestHandler: (handler: typeof onRequest) => (onRequest = handler),
      setPermissionCheckHandler: (handler: typeof onCheck) => (onCheck = handler),
    } as never);
    const file = vi.fn();
    onHeaders?.({ url: 'file:///app/renderer/dist/index.html', responseHeaders: { 'Content-Type': ['text/html'] } }, file);
    expect(file).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Content-Type-Options': ['nosniff'] } });
    const web = vi.fn();
    onHeaders?.({ url: 'https://example.com/', responseHeaders: {} }, web);
    expect(web).toHaveBeenCalledWith({});
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      const granted = vi.fn();
      onRequest?.({}, permission, granted);
      expect(granted).toHaveBeenCalledWith(false);
    }
    expect(onCheck?.()).toBe(false);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
  });

  it('stops every web contents from navigating, redirecting, opening windows or attaching webviews', () => {
    let created: ((event: unknown, contents: unknown) => void) | undefined;
    hardenWebContents({ on: (_event: string, listener: typeof created) => (created = listener) } as never);
    const handlers = new Map<string, Handler>();
    let windowOpen: (() => unknown) | undefined;
    created?.({}, { on: (event: string, handler: Handler) => handlers.set(event, handler), setWindowOpenHandler: (handler: () => unknown) => (windowOpen = handler) });
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      handlers.get(event)?.({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(windowOpen?.()).toEqual({ action: 'deny' });
  });
});
