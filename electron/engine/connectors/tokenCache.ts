/**
 * OAuth tokens kept in memory for the life of the process, in flight or settled: the engine makes a
 * connector per poll and a token usually outlives many polls, so one request serves every poll that
 * needs the same token (single flight), and a token is renewed shortly before it expires.
 */

export interface CachedToken {
  expiresAt: number;
  /** Renew this long before expiresAt, so a token never expires between the check and the request. */
  marginMs: number;
}

export interface CurrentToken<T> {
  token: T;
  /** The cache entry the token came from, for forgetting exactly it (another poll may have renewed it since). */
  entry: Promise<T>;
}

export class TokenCache<T extends CachedToken> {
  readonly #entries = new Map<string, Promise<T>>();
  readonly #maxEntries: number;

  constructor(maxEntries = 64) {
    this.#maxEntries = maxEntries;
  }

  /** The cached token while it is fresh, else one renewal (given the stale token, for its refresh token), shared by every caller until it settles. */
  async current(key: string, renew: (stale: T | undefined) => Promise<T>): Promise<CurrentToken<T>> {
    for (let entry = this.#entries.get(key); entry !== undefined; entry = this.#entries.get(key)) {
      const token = await entry.catch(() => undefined);
      if (this.#entries.get(key) !== entry) continue; // failed and removed, or renewed meanwhile: look again
      if (token && Date.now() < token.expiresAt - token.marginMs) return { token, entry };
      return this.#remember(key, renew(token));
    }
    return this.#remember(key, renew(undefined));
  }

  /** Drops an entry after a 401, unless it has been replaced meanwhile. */
  forget(key: string, entry: Promise<T>): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  async #remember(key: string, pending: Promise<T>): Promise<CurrentToken<T>> {
    this.#entries.set(key, pending);
    pending.catch(() => this.forget(key, pending));
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return { token: await pending, entry: pending };
  }
}
