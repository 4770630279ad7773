/**
 * The renderer's only way to the engine: the API contract, over Electron IPC when the preload
 * provides it, else over HTTP to `crm-event-poller serve` (same origin, the tab's session as a
 * Bearer header, never a cookie: see httpSession.ts). A failed call throws the ApiError of
 * shared/transport.ts, with the same kind and problems over both.
 */
import { EventSource } from 'eventsource';
import { API_METHODS, PUSH_TOPICS, type PollerApi, type PushTopic, type PushTopics } from '../../../shared/api.ts';
import { httpReply, replyValue, type PreloadBridge, type PushListener, type PushMessage } from '../../../shared/transport.ts';
import { authorization } from './httpSession.ts';
import { sessionEnded } from './session.svelte.ts';

declare global {
  interface Window {
    crmEventPoller?: PreloadBridge;
  }
}

async function httpCall(method: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`./api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...authorization() }, body: JSON.stringify(args), credentials: 'omit' });
  if (response.status === 401) sessionEnded();
  return replyValue(httpReply(response.status, await response.text()));
}

/**
 * The pushed topics over server-sent events, through the `eventsource` package's EventSource: the
 * browser's own cannot send a header, and the stream is authorized like every call (a ticket in
 * the URL instead would be one more secret in addresses, and one more rule on the server). It
 * reconnects as the browser's does; a 401 (the session ended) stops it.
 */
function httpSubscribe(listener: PushListener): () => void {
  const source = new EventSource('./api/events', { fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...authorization() }, credentials: 'omit' }) });
  source.addEventListener('error', (event) => {
    if (event.code === 401) sessionEnded();
  });
  const handlers = PUSH_TOPICS.map((topic) => {
    const handler = (event: MessageEvent<string>) => listener(...([topic, JSON.parse(event.data) as PushTopics[PushTopic]] as PushMessage));
    source.addEventListener(topic, handler);
    return handler;
  });
  return () => {
    handlers.forEach((handler, index) => source.removeEventListener(PUSH_TOPICS[index] as string, handler));
    source.close();
  };
}

const bridge = typeof window !== 'undefined' ? window.crmEventPoller : undefined;

/** Over `serve` the window needs a session (session.svelte.ts); in Electron it does not. */
export const transport: 'ipc' | 'http' = bridge ? 'ipc' : 'http';
const call = bridge ? async (method: string, args: unknown[]) => replyValue(await bridge.call(method, args)) : httpCall;

/** The API as plain async functions, generated from the contract's method list. */
export const api = Object.fromEntries(API_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)])) as unknown as PollerApi;

export const subscribe: (listener: PushListener) => () => void = bridge ? (listener) => bridge.subscribe(listener) : httpSubscribe;
