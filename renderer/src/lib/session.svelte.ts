/** Whether the window may use the engine: always in Electron; over `serve`, while its session lives (httpSession.ts). */
import { SIGN_IN_FRAGMENT, type RefusedLink } from '../../../shared/serveSession.ts';
import { endSession, forgetSession, redeem, storedSession, takeSignInToken } from './httpSession.ts';

export type SessionState =
  | { status: 'active' }
  /** No session in this tab: open a sign-in link. */
  | { status: 'none' }
  | { status: 'link-refused'; reason: RefusedLink | 'unreachable'; message: string }
  /** Unused too long, or serve restarted. */
  | { status: 'ended' }
  | { status: 'signed-out' };

export const session = $state<{ state: SessionState }>({ state: { status: 'active' } });

/** Before the window starts over HTTP: a sign-in link in the address bar is spent, else the tab's session is used. */
export async function startSession(): Promise<void> {
  await signInFromAddress();
  if (session.state.status === 'active' && !storedSession()) session.state = { status: 'none' };
  // A new link opened in this tab changes only the fragment: no page load, so sign in here and start afresh.
  window.addEventListener('hashchange', () => {
    if (!window.location.hash.startsWith(SIGN_IN_FRAGMENT)) return;
    void signInFromAddress().then(() => {
      if (session.state.status === 'active') window.location.reload();
    });
  });
}

async function signInFromAddress(): Promise<void> {
  const token = takeSignInToken();
  if (!token) return;
  const outcome = await redeem(token);
  if (outcome.ok) session.state = { status: 'active' };
  // A tab already signed in keeps its session: the link was likely opened in it twice.
  else if (!storedSession()) session.state = { status: 'link-refused', reason: outcome.reason, message: outcome.message };
}

/** The server refused the session (401): unused too long, signed out elsewhere, or serve restarted. */
export function sessionEnded(): void {
  if (session.state.status !== 'active') return;
  forgetSession();
  session.state = { status: 'ended' };
}

export async function signOut(): Promise<void> {
  await endSession();
  session.state = { status: 'signed-out' };
}
