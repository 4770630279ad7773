/**
 * What the preload hands the page as `window.crmEventPoller` (PreloadBridge): `call(method, args)`
 * for exactly the contract's methods (API_METHODS, imported and bundled, so the list cannot drift),
 * resolving with the main process's reply as it came (a thrown Error would keep only its message
 * across the context bridge), and `subscribe(listener)` for the pushed topics. The page never sees
 * ipcRenderer or an IPC event.
 */
import { isApiMethod, PUSH_TOPICS } from '../../shared/api.ts';
import type { ApiReply, PreloadBridge, PushListener, PushMessage } from '../../shared/transport.ts';
import { apiChannel, PUSH_CHANNEL } from './channels.ts';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const TOPICS: ReadonlySet<string> = new Set(PUSH_TOPICS);

export function createBridge(ipc: IpcRendererPort): PreloadBridge {
  return Object.freeze({
    async call(method: string, args: unknown[]): Promise<ApiReply> {
      if (!isApiMethod(method)) throw new Error(`no API method "${String(method)}"`);
      if (!Array.isArray(args)) throw new Error(`${method}: the arguments must be an array`);
      return (await ipc.invoke(apiChannel(method), args)) as ApiReply;
    },
    subscribe(listener: PushListener): () => void {
      if (typeof listener !== 'function') throw new Error('subscribe needs a function');
      // The IPC event stays here: only the topic and its payload reach the page.
      const forward = (_event: unknown, topic: unknown, payload: unknown) => {
        if (typeof topic === 'string' && TOPICS.has(topic)) listener(...([topic, payload] as PushMessage));
      };
      ipc.on(PUSH_CHANNEL, forward);
      return () => {
        ipc.removeListener(PUSH_CHANNEL, forward);
      };
    },
  });
}
