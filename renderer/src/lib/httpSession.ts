/**
 * The window's `serve` session (the browser transport only). The sign-in link carries a one-time
 * token in its fragment (`#sign-in=<token>`): the page takes it out of the address bar and the tab's
 * history before anything else, and spends it (POST /session/sign-in) for a session secret. That
 * secret lives in this tab's sessionStorage, which no other origin (another port of 127.0.0.1
 * included) can read and no request carries on its own, and goes as `Authorization: Bearer` on
 * every call and on the event stream. A reload keeps it; a new tab starts without one (it needs a
 * new link), except a duplicated tab, which the browser gives a copy of the tab's storage.
 */
import { SIGN_IN_FRAGMENT, SIGN_IN_PATH, SIGN_OUT_PATH, type RefusedLink } from '../../../shared/serveSession.ts';

export const SESSION_STORAGE_KEY = 'crm-event-poller.session';

export function storedSession(): string | undefined {
  try {
    return sessionStorage.getItem(SESSION_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function forgetSession(): void {
  try {
    sessionStorage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // No storage: nothing kept.
  }
}

/** The header that proves the session; none without one. */
export function authorization(): Record<string, string> {
  const session = storedSession();
  return session ? { Authorization: `Bearer ${session}` } : {};
}

/** The token of a sign-in link in the address bar, removed from it (and from the tab's history) at once. */
export function takeSignInToken(): string | undefined {
  const hash = window.location.hash;
  const token = hash.startsWith(SIGN_IN_FRAGMENT) ? hash.slice(SIGN_IN_FRAGMENT.length) : undefined;
  if (token) history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return token;
}

/** Spends the token for a session kept in this tab; the refusal's reason otherwise. */
export async function redeem(token: string): Promise<{ ok: true } | { ok: false; reason: RefusedLink | 'unreachable'; message: string }> {
  let response: Response;
  try {
    response = await fetch(`.${SIGN_IN_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }), credentials: 'omit' });
  } catch (error) {
    return { ok: false, reason: 'unreachable', message: (error as Error).message };
  }
  const body = (await response.json().catch(() => ({}))) as { session?: string; reason?: RefusedLink; error?: string };
  if (response.ok && body.session) {
    sessionStorage.setItem(SESSION_STORAGE_KEY, body.session);
    return { ok: true };
  }
  return { ok: false, reason: body.reason ?? 'unknown', message: body.error ?? `HTTP ${response.status}` };
}

/** Ends the session on the server; forgotten here whatever the server says. */
export async function endSession(): Promise<void> {
  const headers = authorization();
  forgetSession();
  await fetch(`.${SIGN_OUT_PATH}`, { method: 'POST', headers, credentials: 'omit' }).catch(() => undefined);
}
