// What every generic auth type gives a request: declared apart from auth.ts, which picks the
// type, so that oauth.ts (one of them) needs not import it back.

export interface Authenticator {
  /** The headers that authenticate a request (fetching an OAuth token first when needed). */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** After a 401: drop a cached token so the next request fetches a new one; false when nothing can change. */
  invalidate(): boolean;
  /** Whether requests carry credentials (they then go only to the instance's origins). */
  readonly sendsCredentials: boolean;
}

/** Reads one configuration value: secrets from the secret store (else the document), other keys from the document. */
export type CredentialReader = (key: string) => Promise<string>;
