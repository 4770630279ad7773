/**
 * The routes around the session: `POST /session/sign-in` spends a link's token for a session secret,
 * `POST /session/sign-out` ends the session it is sent with, `POST /control/new-link` gives a new
 * link to the holder of the control token (see control.ts). Each says in words what to do next.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatDuration } from '../../engine/delivery/schedule.ts';
import { bearerSecret } from './access.ts';
import { acceptsJsonPost, BodyTooLargeError, readBody, sendJson } from './responses.ts';
import type { RefusedLink } from '../../../shared/serveSession.ts';
import type { ApiErrorBody } from '../../../shared/transport.ts';
import { SIGN_IN_LINK_LIFETIME_MS, type Sessions } from './sessions.ts';

export const NEW_LINK_HELP = 'for a new link, run `crm-event-poller serve --new-link` on this machine (serve keeps running)';

const REFUSED_LINK: Record<RefusedLink, string> = {
  used: 'this sign-in link was already used: each link works once',
  expired: `this sign-in link expired unused: a link works for ${formatDuration(SIGN_IN_LINK_LIFETIME_MS)}`,
  replaced: 'a newer sign-in link replaced this one before it was used',
  unknown: 'this is not a sign-in link of this server (or serve was restarted since it was made)',
};

export function notSignedIn(response: ServerResponse, sessions: Sessions): void {
  const idle = formatDuration(sessions.idleMs);
  const body: ApiErrorBody = { kind: 'refused', error: `not signed in, or the session ended (signed out, or unused for ${idle}); ${NEW_LINK_HELP}` };
  sendJson(response, 401, body, { 'WWW-Authenticate': 'Bearer' });
}

export async function signIn(sessions: Sessions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!acceptsJsonPost(request, response, 'a JSON body {"token": "<the token of the sign-in link>"}')) return;
  let token: unknown;
  try {
    token = (JSON.parse(await readBody(request, 1024)) as { token?: unknown } | null)?.token;
  } catch (error) {
    return sendJson(response, error instanceof BodyTooLargeError ? 413 : 400, { error: `send {"token": "<the token of the sign-in link>"}: ${(error as Error).message}` });
  }
  if (typeof token !== 'string') return sendJson(response, 400, { error: 'send {"token": "<the token of the sign-in link>"}: "token" is missing or not a string' });
  const outcome = sessions.signIn(token);
  if ('refused' in outcome) return sendJson(response, 401, { reason: outcome.refused, error: `${REFUSED_LINK[outcome.refused]}; ${NEW_LINK_HELP}` });
  sendJson(response, 200, { session: outcome.session, idleTimeoutMs: sessions.idleMs });
}

export function signOut(sessions: Sessions, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'POST') return sendJson(response, 405, { error: 'use POST' }, { Allow: 'POST' });
  const id = sessions.use(bearerSecret(request));
  if (!id) return notSignedIn(response, sessions);
  sessions.end(id);
  sendJson(response, 200, { signedOut: true });
}

/** What `/control/new-link` needs: who holds the control token, and a new link. */
export interface Control {
  allows(secret: string | undefined): boolean;
  newLink(): string;
}

export function newLink(control: Control, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'POST') return sendJson(response, 405, { error: 'use POST' }, { Allow: 'POST' });
  if (!control.allows(bearerSecret(request))) return sendJson(response, 401, { error: 'send the control token of the data dir (what `crm-event-poller serve --new-link` does)' }, { 'WWW-Authenticate': 'Bearer' });
  sendJson(response, 200, { loginUrl: control.newLink() });
}
