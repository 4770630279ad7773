/**
 * What the `serve` session is made of, for both ends: the server (electron/cli/serve/sessions.ts
 * and sessionRoutes.ts) and the window (renderer/src/lib/httpSession.ts).
 */

/** A sign-in link works once, within this time. */
export const SIGN_IN_LINK_LIFETIME_MINUTES = 15;
/** A session unused this long ends, unless `serve --session-idle` says otherwise. */
export const DEFAULT_SESSION_IDLE_MINUTES = 30;

/** The link is `<origin>/#sign-in=<token>`: in the fragment, which browsers never send. */
export const SIGN_IN_FRAGMENT = '#sign-in=';
/** POST `{"token": …}` → `{"session": …, "idleTimeoutMs": …}`, or 401 `{"reason": RefusedLink, "error": …}`. */
export const SIGN_IN_PATH = '/session/sign-in';
/** POST with the session's Bearer header ends it. */
export const SIGN_OUT_PATH = '/session/sign-out';

/** Why a sign-in link was refused. */
export type RefusedLink = 'used' | 'expired' | 'replaced' | 'unknown';
