/**
 * The preload of the main window (sandboxed, context-isolated). Bundled into one CommonJS file by
 * electron/build.ts: a sandboxed preload can `require('electron')` and nothing else at run time.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';
import { OPEN_EXTERNAL_CHANNEL } from './channels.ts';
import { watchExternalLinks } from './externalLinks.ts';

contextBridge.exposeInMainWorld('crmEventPoller', createBridge(ipcRenderer));

watchExternalLinks(
  { addEventListener: (type, listener, capture) => window.addEventListener(type, listener as unknown as (event: Event) => void, capture) },
  (url) => ipcRenderer.send(OPEN_EXTERNAL_CHANNEL, url),
);
