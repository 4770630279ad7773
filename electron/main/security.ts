/**
 * Session- and app-wide hardening: the window's content security policy (the same policy `serve`
 * sends), no permissions for web content, no navigation, no new windows, no <webview>.
 */
import type { App, Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy.ts';

export function hardenSession(session: Session): void {
  // The app page is a file:// document, which has no response headers of its own; Chromium applies
  // headers added here (the e2e smoke test checks that eval is refused).
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!details.url.startsWith('file:')) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Content-Type-Options': ['nosniff'] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Every web contents the app ever creates: it stays on its page and opens nothing (links go through the preload). */
export function hardenWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
