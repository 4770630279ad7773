/**
 * Who may talk to the main process, and where the window may go: pure rules, tested without
 * Electron. Only the main frame of the main window, showing the app's own file:// page, may call
 * the API; the window never navigates away; only https links the user clicked open in the browser.
 */

/** The parts of an IPC event and of the main window the check reads. */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export interface IpcEventLike {
  sender: unknown;
  senderFrame: SenderFrameLike | null;
}

export interface WindowLike {
  isDestroyed(): boolean;
  webContents: unknown;
}

/** The same document as the app page (query and fragment may differ: the UI routes in the fragment). */
export function isAppPage(url: string, appUrl: string): boolean {
  try {
    const page = new URL(url);
    const app = new URL(appUrl);
    return page.protocol === 'file:' && app.protocol === 'file:' && page.host === app.host && page.pathname === app.pathname;
  } catch {
    return false;
  }
}

export function isTrustedSender(event: IpcEventLike, window: WindowLike | undefined, appUrl: string): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  // A null frame navigated away or was destroyed; a frame with a parent is an iframe.
  if (frame === null || frame.parent !== null) return false;
  return isAppPage(frame.url, appUrl);
}

/** The URL to hand to the browser, or undefined when it must not be opened (only plain https). */
export function externalUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.length > 4096) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return undefined;
    return parsed.href;
  } catch {
    return undefined;
  }
}
