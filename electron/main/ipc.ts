/**
 * The IPC transport of the API contract: one `ipcMain.handle` channel per method of API_METHODS,
 * each checking its sender and its arguments (checkArguments) before the service sees them; the
 * pushed topics go to the main window only; clicked https links open in the browser.
 */
import { ipcMain } from 'electron';
import type { IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_METHODS, type ApiMethod, type PollerApi, type PushTopic, type PushTopics } from '../../shared/api.ts';
import { checkArguments, InvalidArgumentsError } from '../../shared/apiArguments.ts';
import { ServiceError } from '../engine/service/pollerService.ts';
import { apiChannel, OPEN_EXTERNAL_CHANNEL, PUSH_CHANNEL, type IpcReply } from '../preload/channels.ts';
import { externalUrl } from './senderPolicy.ts';

export type SenderCheck = (event: IpcMainInvokeEvent | IpcMainEvent) => boolean;

export interface ApiHandlerOptions {
  trusted: SenderCheck;
  /** After a call succeeded (the shell reacts to settings changes, for example). */
  afterCall?: (method: ApiMethod, args: unknown[]) => void;
  /** Refused calls, for the log. */
  onRefused?: (method: ApiMethod, reason: string) => void;
}

/** Registers every contract method; returns a function that removes them again. */
export function registerApiHandlers(api: PollerApi, options: ApiHandlerOptions): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), (event, args: unknown) => handleCall(api, method, event, args, options));
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(apiChannel(method));
  };
}

async function handleCall(api: PollerApi, method: ApiMethod, event: IpcMainInvokeEvent, args: unknown, options: ApiHandlerOptions): Promise<IpcReply> {
  if (!options.trusted(event)) {
    options.onRefused?.(method, 'foreign sender');
    return { ok: false, error: `${method}: refused, the call did not come from the app's window` };
  }
  let checked: unknown[];
  try {
    checked = checkArguments(method, args);
  } catch (error) {
    if (!(error instanceof InvalidArgumentsError)) throw error;
    options.onRefused?.(method, error.message);
    return { ok: false, error: error.message };
  }
  try {
    const call = api[method] as (...parameters: unknown[]) => Promise<unknown>;
    const value = await call.apply(api, checked);
    options.afterCall?.(method, checked);
    return { ok: true, value: value ?? null };
  } catch (error) {
    if (error instanceof ServiceError) return { ok: false, error: error.message, problems: error.problems };
    return { ok: false, error: (error as Error).message };
  }
}

export interface PushSource {
  subscribe(listener: (topic: PushTopic, payload: PushTopics[PushTopic]) => void): () => void;
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
