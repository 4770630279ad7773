/** The IPC transport with `electron` stubbed: every contract method registered, senders and arguments checked, pushes forwarded. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type ApiMethod, type PollerApi } from '../../shared/api.ts';
import type { PushSource } from '../../shared/transport.ts';
import { ApiDispatcher } from '../../electron/engine/service/dispatcher.ts';
import { ServiceError } from '../../electron/engine/service/pollerService.ts';
import { forwardPushes, registerApiHandlers, registerOpenExternal } from '../../electron/main/ipc.ts';
import { isTrustedSender } from '../../electron/main/senderPolicy.ts';
import { apiChannel, OPEN_EXTERNAL_CHANNEL, PUSH_CHANNEL } from '../../electron/preload/channels.ts';
import { BAD_ARGUMENTS, validArguments } from './support/apiCalls.ts';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  listeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
      if (electron.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      electron.handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => electron.handlers.delete(channel),
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => electron.listeners.set(channel, listener),
    removeListener: (channel: string) => electron.listeners.delete(channel),
  },
}));

const APP_URL = 'file:///opt/CRM%20Event%20Poller/resources/app.asar/renderer/dist/index.html';
const mainContents = { id: 1 };
const mainWindow = { isDestroyed: () => false, webContents: mainContents };
const fromApp = { sender: mainContents, senderFrame: { url: `${APP_URL}#/events?instance=1`, parent: null } };
const trusted = (event: unknown) => isTrustedSender(event as typeof fromApp, mainWindow, APP_URL);

const ARGS = validArguments({ instanceId: 1, resource: 'accounts', credentialKey: 'password', eventId: 'ev-1', deliveryId: 2, document: { name: 'Acme' } });

function fakeApi() {
  const methods = Object.fromEntries(API_METHODS.map((method) => [method, vi.fn(async (...args: unknown[]) => ({ method, args }))]));
  return { ...methods, subscribe: () => () => undefined } as unknown as PollerApi & PushSource & Record<ApiMethod, ReturnType<typeof vi.fn>>;
}

function invoke(method: ApiMethod, event: unknown, args: unknown) {
  const handler = electron.handlers.get(apiChannel(method));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, args);
}

beforeEach(() => {
  electron.handlers.clear();
  electron.listeners.clear();
});

describe('registering the API over IPC', () => {
  it('registers one handler per contract method, and nothing else', () => {
    registerApiHandlers(new ApiDispatcher(fakeApi()), { trusted });
    expect([...electron.handlers.keys()].sort()).toEqual(API_METHODS.map(apiChannel).sort());
  });

  it('removes them all again', () => {
    const remove = registerApiHandlers(new ApiDispatcher(fakeApi()), { trusted });
    remove();
    expect(electron.handlers.size).toBe(0);
    registerApiHandlers(new ApiDispatcher(fakeApi()), { trusted }); // and can register again (no "second handler" error)
  });

  it('passes every method its checked arguments and returns the result', async () => {
    const api = fakeApi();
    registerApiHandlers(new ApiDispatcher(api), { trusted });
    for (const method of API_METHODS) {
      const reply = await invoke(method, fromApp, ARGS[method]);
      expect(reply, method).toEqual({ ok: true, value: { method, args: ARGS[method] } });
      expect(api[method]).toHaveBeenCalledTimes(1);
      expect(api[method]).toHaveBeenLastCalledWith(...ARGS[method]);
    }
  });

  it('turns undefined results into null (IPC has no undefined)', async () => {
    const api = fakeApi();
    api.deleteInstance.mockResolvedValue(undefined);
    registerApiHandlers(new ApiDispatcher(api), { trusted });
    expect(await invoke('deleteInstance', fromApp, [1])).toEqual({ ok: true, value: null });
  });
});

describe('who may call', () => {
  const foreign = {
    'another web contents': { sender: { id: 2 }, senderFrame: fromApp.senderFrame },
    'an iframe of the window': { sender: mainContents, senderFrame: { url: APP_URL, parent: {} } },
    'a page from the web': { sender: mainContents, senderFrame: { url: 'https://evil.example/index.html', parent: null } },
    'another local file': { sender: mainContents, senderFrame: { url: 'file:///tmp/index.html', parent: null } },
    'a data: URL': { sender: mainContents, senderFrame: { url: 'data:text/html,<script>', parent: null } },
    'a frame that went away': { sender: mainContents, senderFrame: null },
  };

  for (const [name, event] of Object.entries(foreign)) {
    it(`refuses ${name}, and the service never sees the call`, async () => {
      const api = fakeApi();
      const onRefused = vi.fn();
      registerApiHandlers(new ApiDispatcher(api), { trusted, onRefused });
      for (const method of ['getAppInfo', 'setCredential', 'deleteInstance'] as const) {
        expect(await invoke(method, event, ARGS[method])).toEqual({ ok: false, kind: 'refused', error: `${method}: refused, the call did not come from the app's window` });
        expect(api[method]).not.toHaveBeenCalled();
      }
      expect(onRefused).toHaveBeenCalledWith('getAppInfo', 'foreign sender');
    });
  }

  it('refuses everyone once the window is destroyed', async () => {
    const api = fakeApi();
    registerApiHandlers(new ApiDispatcher(api), { trusted: (event) => isTrustedSender(event as typeof fromApp, { isDestroyed: () => true, webContents: mainContents }, APP_URL) });
    expect(await invoke('getAppInfo', fromApp, [])).toMatchObject({ ok: false });
    expect(api.getAppInfo).not.toHaveBeenCalled();
  });
});

describe('arguments', () => {
  for (const { method, args, names } of BAD_ARGUMENTS) {
    it(`refuses ${method}(${JSON.stringify(args)}) saying which argument is wrong`, async () => {
      const api = fakeApi();
      registerApiHandlers(new ApiDispatcher(api), { trusted });
      const reply = (await invoke(method, fromApp, args)) as { ok: boolean; error: string };
      expect(reply.ok).toBe(false);
      expect(reply.error).toMatch(new RegExp(`^${method}: `));
      expect(reply.error).toMatch(names);
      expect(api[method]).not.toHaveBeenCalled();
    });
  }
});

describe('errors from the service', () => {
  it('carry the message, and the problems of a configuration error', async () => {
    const api = fakeApi();
    api.getInstance.mockRejectedValue(new ServiceError('no instance with id 1', [{ path: 'name', message: 'required' }]));
    api.testConnection.mockRejectedValue(new Error('socket hang up'));
    registerApiHandlers(new ApiDispatcher(api), { trusted });
    expect(await invoke('getInstance', fromApp, [1])).toEqual({ ok: false, kind: 'needs-action', error: 'no instance with id 1', problems: [{ path: 'name', message: 'required' }] });
    expect(await invoke('testConnection', fromApp, [1])).toEqual({ ok: false, kind: 'internal', error: 'socket hang up' });
  });
});

describe('pushed topics', () => {
  it('go to the main window as (topic, payload), and nowhere once it is gone', () => {
    let listener: ((topic: never, payload: never) => void) | undefined;
    const unsubscribe = vi.fn();
    const source = { subscribe: vi.fn((next) => ((listener = next), unsubscribe)) };
    const send = vi.fn();
    let destroyed = false;
    const contents = { send, isDestroyed: () => destroyed };
    let current: typeof contents | undefined = contents;
    const stop = forwardPushes(source, () => current as never);
    listener?.('events-added' as never, { instanceId: 1, count: 3 } as never);
    expect(send).toHaveBeenCalledWith(PUSH_CHANNEL, 'events-added', { instanceId: 1, count: 3 });
    destroyed = true;
    listener?.('status' as never, {} as never);
    current = undefined;
    listener?.('status' as never, {} as never);
    expect(send).toHaveBeenCalledTimes(1);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });
});

describe('links the user clicked', () => {
  function openWith(event: unknown, url: unknown) {
    const open = vi.fn(async () => undefined);
    const remove = registerOpenExternal(trusted, open);
    electron.listeners.get(OPEN_EXTERNAL_CHANNEL)?.(event, url);
    remove();
    return open;
  }

  it('open https URLs from the app window in the browser', () => {
    expect(openWith(fromApp, 'https://docs.example.com/guide?x=1#y')).toHaveBeenCalledWith('https://docs.example.com/guide?x=1#y');
  });

  it('never open other schemes, URLs with credentials, non-strings, or requests from elsewhere', () => {
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', 'not a url', 42, null]) {
      expect(openWith(fromApp, url), String(url)).not.toHaveBeenCalled();
    }
    expect(openWith({ sender: { id: 9 }, senderFrame: fromApp.senderFrame }, 'https://example.com')).not.toHaveBeenCalled();
  });

  it('stops listening when removed', () => {
    const remove = registerOpenExternal(trusted, vi.fn());
    expect(electron.listeners.has(OPEN_EXTERNAL_CHANNEL)).toBe(true);
    remove();
    expect(electron.listeners.has(OPEN_EXTERNAL_CHANNEL)).toBe(false);
  });
});
