/**
 * The IPC transport of the API contract: one `ipcMain.handle` channel per method of API_METHODS,
 * each checking its sender before the dispatcher (engine/service/dispatcher.ts) checks the
 * arguments and calls the service; the reply goes back as it came. The pushed topics go to the main
 * window only; clicked https links open in the browser.
 */
import { ipcMain } from 'electron';
import type { IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_METHODS, type ApiMethod } from '../../shared/api.ts';
import type { ApiReply, PushSource } from '../../shared/transport.ts';
import type { ApiDispatcher } from '../engine/service/dispatcher.ts';
import { apiChannel, OPEN_EXTERNAL_CHANNEL, PUSH_CHANNEL } from '../preload/channels.ts';
import { externalUrl } from './senderPolicy.ts';

export type SenderCheck = (event: IpcMainInvokeEvent | IpcMainEvent) => boolean;

export interface ApiHandlerOptions {
  trusted: SenderCheck;
  /** Refused calls (a foreign sender, arguments the contract does not take), for the log. */
  onRefused?: (method: ApiMethod, reason: string) => void;
}

/** Registers every contract method; returns a function that removes them again. */
export function registerApiHandlers(dispatcher: ApiDispatcher, options: ApiHandlerOptions): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), (event, args: unknown) => handleCall(dispatcher, method, event, args, options));
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(apiChannel(method));
  };
}

async function handleCall(dispatcher: ApiDispatcher, method: ApiMethod, event: IpcMainInvokeEvent, args: unknown, options: ApiHandlerOptions): Promise<ApiReply> {
  if (!options.trusted(event)) {
    options.onRefused?.(method, 'foreign sender');
    return { ok: false, kind: 'refused', error: `${method}: refused, the call did not come from the app's window` };
  }
  const reply = await dispatcher.call(method, args);
  if (!reply.ok && reply.kind === 'invalid-request') options.onRefused?.(method, reply.error);
  return reply;
}

/** Sends every pushed topic to the current main window's page; returns the unsubscribe function. */
export function forwardPushes(source: PushSource, target: () => WebContents | undefined): () => void {
  return source.subscribe((topic, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(PUSH_CHANNEL, topic, payload);
  });
}

/** Opens an https link the user clicked in the window (reported by the preload) in the default browser. */
export function registerOpenExternal(trusted: SenderCheck, open: (url: string) => Promise<void>): () => void {
  const listener = (event: IpcMainEvent, url: unknown) => {
    const safe = trusted(event) ? externalUrl(url) : undefined;
    if (safe !== undefined) void open(safe).catch(() => undefined);
  };
  ipcMain.on(OPEN_EXTERNAL_CHANNEL, listener);
  return () => ipcMain.removeListener(OPEN_EXTERNAL_CHANNEL, listener);
}
