/**
 * What the preload hands the page as `window.crmEventPoller`: `call(method, args)` for exactly the
 * contract's methods (API_METHODS, imported and bundled, so the list cannot drift), and
 * `subscribe(listener)` for the pushed topics. The page never sees ipcRenderer or an IPC event.
 */
import { API_METHODS, PUSH_TOPICS, type ApiMethod, type PushTopic, type PushTopics } from '../../shared/api.ts';
import { apiChannel, PUSH_CHANNEL, type IpcReply } from './channels.ts';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export type PushListener = (topic: PushTopic, payload: PushTopics[PushTopic]) => void;

export interface PreloadBridge {
  call(method: string, args: unknown[]): Promise<unknown>;
  subscribe(listener: PushListener): () => void;
}

const METHODS: ReadonlySet<string> = new Set(API_METHODS);
const TOPICS: ReadonlySet<string> = new Set(PUSH_TOPICS);

export function createBridge(ipc: IpcRendererPort): PreloadBridge {
  return Object.freeze({
    async call(method: string, args: unknown[]): Promise<unknown> {
      if (typeof method !== 'string' || !METHODS.has(method)) throw new Error(`no API method "${String(method)}"`);
      if (!Array.isArray(args)) throw new Error(`${method}: the arguments must be an array`);
      const reply = (await ipc.invoke(apiChannel(method as ApiMethod), args)) as IpcReply;
      if (reply.ok) return reply.value;
      throw new Error(reply.error);
    },
    subscribe(listener: PushListener): () => void {
      if (typeof listener !== 'function') throw new Error('subscribe needs a function');
      // The IPC event stays here: only the topic and its payload reach the page.
      const forward = (_event: unknown, topic: unknown, payload: unknown) => {
        if (typeof topic === 'string' && TOPICS.has(topic)) listener(topic as PushTopic, payload as PushTopics[PushTopic]);
      };
      ipc.on(PUSH_CHANNEL, forward);
      return () => {
        ipc.removeListener(PUSH_CHANNEL, forward);
      };
    },
  });
}
