/**
 * The preload with `electron` stubbed: it exposes exactly `call` (for exactly the contract's
 * methods) and `subscribe` (which never hands over the IPC event), on the same channels the main
 * process registers; it reports only real clicks on https links.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, PUSH_TOPICS, type PollerApi } from '../../shared/api.ts';
import type { PreloadBridge, PushSource } from '../../shared/transport.ts';
import { ApiDispatcher } from '../../electron/engine/service/dispatcher.ts';
import { registerApiHandlers } from '../../electron/main/ipc.ts';
import { apiChannel, OPEN_EXTERNAL_CHANNEL, PUSH_CHANNEL } from '../../electron/preload/channels.ts';
import { clickedHttpsLink, type ClickLike } from '../../electron/preload/externalLinks.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown[] }[],
  reply: undefined as unknown,
  rendererListeners: new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>(),
  sent: [] as { channel: string; args: unknown[] }[],
  mainHandlers: new Set<string>(),
  windowListeners: new Map<string, (event: unknown) => void>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      electron.invoked.push({ channel, args });
      return electron.reply;
    },
    on: (channel: string, listener: Listener) => {
      const set = electron.rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      electron.rendererListeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Listener) => electron.rendererListeners.get(channel)?.delete(listener),
    send: (channel: string, ...args: unknown[]) => electron.sent.push({ channel, args }),
  },
  ipcMain: { handle: (channel: string) => electron.mainHandlers.add(channel), removeHandler: () => undefined },
}));

let bridge: PreloadBridge;

beforeAll(async () => {
  (globalThis as { window?: unknown }).window = { addEventListener: (type: string, listener: (event: unknown) => void) => electron.windowListeners.set(type, listener) };
  await import('../../electron/preload/index.ts');
  bridge = electron.exposed.get('crmEventPoller') as PreloadBridge;
});

beforeEach(() => {
  electron.invoked.length = 0;
  electron.sent.length = 0;
  electron.reply = { ok: true, value: null };
});

function push(event: unknown, ...args: unknown[]) {
  for (const listener of electron.rendererListeners.get(PUSH_CHANNEL) ?? []) listener(event, ...args);
}

describe('what the page gets', () => {
  it('is one frozen object, window.crmEventPoller, with call and subscribe and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['crmEventPoller']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('reaches every contract method on its own channel, arguments passed as one array', async () => {
    for (const method of API_METHODS) {
      electron.reply = { ok: true, value: `result of ${method}` };
      expect(await bridge.call(method, [1, 'x'])).toEqual({ ok: true, value: `result of ${method}` });
    }
    expect(electron.invoked).toEqual(API_METHODS.map((method) => ({ channel: apiChannel(method), args: [[1, 'x']] })));
  });

  it('uses exactly the channels the main process registers', async () => {
    registerApiHandlers(new ApiDispatcher({} as PollerApi & PushSource), { trusted: () => true });
    for (const method of API_METHODS) await bridge.call(method, []);
    expect(new Set(electron.invoked.map((call) => call.channel))).toEqual(electron.mainHandlers);
  });

  it('refuses anything that is not a contract method without touching IPC', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'subscribe', 'call', 'getSecret', 'ipcRenderer', '', 'getappinfo', 7, undefined]) {
      await expect(bridge.call(name as string, []), String(name)).rejects.toThrow(/no API method/);
    }
    await expect(bridge.call('getAppInfo', 'not an array' as never)).rejects.toThrow(/must be an array/);
    expect(electron.invoked).toEqual([]);
  });

  it('hands the page the failure as the main process sent it, problems included (a thrown Error would keep only its message)', async () => {
    electron.reply = { ok: false, kind: 'needs-action', error: 'no instance with id 9; it may have been deleted', problems: [{ path: 'name', message: 'required' }] };
    expect(await bridge.call('getInstance', [9])).toEqual({ ok: false, kind: 'needs-action', error: 'no instance with id 9; it may have been deleted', problems: [{ path: 'name', message: 'required' }] });
  });
});

describe('subscribe', () => {
  it('hands the listener the topic and payload, never the IPC event', () => {
    const received: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...message) => received.push(message));
    const ipcEvent = { sender: { send: () => undefined }, ports: [] };
    for (const topic of PUSH_TOPICS) push(ipcEvent, topic, { instanceId: 1 });
    expect(received).toEqual(PUSH_TOPICS.map((topic) => [topic, { instanceId: 1 }]));
    expect(received.flat()).not.toContain(ipcEvent);
    unsubscribe();
  });

  it('drops topics outside the contract', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.subscribe(listener);
    push({}, 'ipc-secret', { x: 1 });
    push({}, 42, {});
    expect(listener).not.toHaveBeenCalled();
    unsubscribe();
  });

  it('stops delivering after unsubscribe, and takes only functions', () => {
    const listener = vi.fn();
    const before = electron.rendererListeners.get(PUSH_CHANNEL)?.size ?? 0;
    const unsubscribe = bridge.subscribe(listener);
    expect(electron.rendererListeners.get(PUSH_CHANNEL)?.size).toBe(before + 1);
    unsubscribe();
    expect(electron.rendererListeners.get(PUSH_CHANNEL)?.size).toBe(before);
    push({}, 'status', {});
    expect(listener).not.toHaveBeenCalled();
    expect(() => bridge.subscribe('nope' as never)).toThrow(/function/);
  });
});

describe('clicked links', () => {
  function click(patch: Partial<ClickLike> & { href?: string }): ClickLike & { prevented: boolean } {
    const anchor = patch.href === undefined ? null : { href: patch.href };
    const event = {
      isTrusted: true,
      button: 0,
      defaultPrevented: false,
      target: { closest: (selector: string) => (selector === 'a[href]' ? anchor : null) },
      prevented: false,
      preventDefault() {
        event.prevented = true;
      },
      ...patch,
    };
    return event;
  }

  it('a real click on an https link opens it in the browser (through the main process) instead of navigating', () => {
    const event = click({ href: 'https://docs.example.com/a' });
    electron.windowListeners.get('click')?.(event);
    expect(electron.sent).toEqual([{ channel: OPEN_EXTERNAL_CHANNEL, args: ['https://docs.example.com/a'] }]);
    expect(event.prevented).toBe(true);
    const middle = click({ href: 'https://docs.example.com/b', button: 1 });
    electron.windowListeners.get('auxclick')?.(middle);
    expect(electron.sent.at(-1)).toEqual({ channel: OPEN_EXTERNAL_CHANNEL, args: ['https://docs.example.com/b'] });
  });

  it('ignores synthetic clicks, other schemes, right clicks, handled clicks and clicks off links', () => {
    expect(clickedHttpsLink(click({ href: 'https://x.example', isTrusted: false }))).toBeUndefined();
    expect(clickedHttpsLink(click({ href: 'http://x.example' }))).toBeUndefined();
    expect(clickedHttpsLink(click({ href: 'file:///etc/passwd' }))).toBeUndefined();
    expect(clickedHttpsLink(click({ href: 'javascript:alert(1)' }))).toBeUndefined();
    expect(clickedHttpsLink(click({ href: 'https://x.example', button: 2 }))).toBeUndefined();
    expect(clickedHttpsLink(click({ href: 'https://x.example', defaultPrevented: true }))).toBeUndefined();
    expect(clickedHttpsLink(click({}))).toBeUndefined();
    expect(clickedHttpsLink(click({ target: null }))).toBeUndefined();
    const event = click({ href: 'https://x.example', isTrusted: false });
    electron.windowListeners.get('click')?.(event);
    expect(electron.sent).toEqual([]);
    expect(event.prevented).toBe(false);
  });
});
