/**
 * Who is signed in to `serve`: one-time sign-in links and the sessions they open.
 *
 * A link's token is exchanged once, within SIGN_IN_LINK_LIFETIME_MS, for a session secret that the
 * window's page keeps in its tab's sessionStorage (per origin, port included, so no other local
 * server's page can read it) and sends as `Authorization: Bearer` on every request. Cookies play no
 * part: a browser sends the cookies of 127.0.0.1 to every port of it. A session ends when unused for
 * its idle time or when signed out; whatever waits on it (an open event stream) is told.
 *
 * Secrets are kept and looked up only as SHA-256 digests: nothing here holds a usable secret, and a
 * lookup by digest tells a timing observer nothing about the secret itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_SESSION_IDLE_MINUTES, SIGN_IN_LINK_LIFETIME_MINUTES, type RefusedLink } from '../../../shared/serveSession.ts';

export const SIGN_IN_LINK_LIFETIME_MS = SIGN_IN_LINK_LIFETIME_MINUTES * 60_000;
export const DEFAULT_SESSION_IDLE_MS = DEFAULT_SESSION_IDLE_MINUTES * 60_000;

/** How many spent links are remembered, only so that a refused one can say why. */
const REMEMBERED_LINKS = 32;

interface Session {
  lastUsed: number;
  onEnd: Set<() => void>;
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export class Sessions {
  readonly idleMs: number;
  readonly #now: () => number;
  /** Only the newest link works: a new one replaces one not used yet. */
  #pendingLink: { digest: string; expiresAt: number } | undefined;
  readonly #spentLinks = new Map<string, Exclude<RefusedLink, 'unknown'>>();
  readonly #sessions = new Map<string, Session>();

  constructor(options: { idleMs: number; now: () => number }) {
    this.idleMs = options.idleMs;
    this.#now = options.now;
  }

  /** The token of a new one-time sign-in link. */
  newLinkToken(): string {
    this.#expireLink();
    if (this.#pendingLink) this.#spend(this.#pendingLink.digest, 'replaced');
    const token = newSecret();
    this.#pendingLink = { digest: digest(token), expiresAt: this.#now() + SIGN_IN_LINK_LIFETIME_MS };
    return token;
  }

  /** Spends the link's token for a new session secret, or says why not. */
  signIn(token: string): { session: string } | { refused: RefusedLink } {
    this.#expireLink();
    const key = digest(token);
    if (this.#pendingLink?.digest !== key) return { refused: this.#spentLinks.get(key) ?? 'unknown' };
    this.#pendingLink = undefined;
    this.#spend(key, 'used');
    const session = newSecret();
    this.#sessions.set(digest(session), { lastUsed: this.#now(), onEnd: new Set() });
    return { session };
  }

  /** The id of the live session of this secret, which this use keeps alive; undefined when there is none. */
  use(secret: string | undefined): string | undefined {
    this.endIdle();
    if (secret === undefined) return undefined;
    const id = digest(secret);
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    session.lastUsed = this.#now();
    return id;
  }

  /** Calls `listener` when the session ends; returns the function that stops waiting. */
  onEnd(id: string, listener: () => void): () => void {
    const listeners = this.#sessions.get(id)?.onEnd;
    listeners?.add(listener);
    return () => listeners?.delete(listener);
  }

  end(id: string): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#sessions.delete(id);
    for (const listener of session.onEnd) listener();
  }

  /** Ends every session unused for longer than the idle time. */
  endIdle(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions) if (now - session.lastUsed > this.idleMs) this.end(id);
  }

  endAll(): void {
    for (const id of [...this.#sessions.keys()]) this.end(id);
  }

  #expireLink(): void {
    if (this.#pendingLink && this.#now() >= this.#pendingLink.expiresAt) {
      this.#spend(this.#pendingLink.digest, 'expired');
      this.#pendingLink = undefined;
    }
  }

  #spend(key: string, outcome: Exclude<RefusedLink, 'unknown'>): void {
    this.#spentLinks.set(key, outcome);
    if (this.#spentLinks.size > REMEMBERED_LINKS) this.#spentLinks.delete(this.#spentLinks.keys().next().value as string);
  }
}
