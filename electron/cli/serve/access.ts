/**
 * What every request of `serve` is checked for before anything else: that it names this server in
 * its Host header (a page of another site reaching 127.0.0.1 by DNS rebinding names its own host),
 * and the secret it presents as `Authorization: Bearer`, the only way a request proves anything.
 */
import type { IncomingMessage } from 'node:http';

export class HostCheck {
  readonly #allowedHosts: Set<string>;

  constructor(host: string, port: number) {
    const names = new Set([host, 'localhost', '127.0.0.1', '[::1]']);
    this.#allowedHosts = new Set([...names].map((name) => `${name}:${port}`.toLowerCase()));
  }

  allows(request: IncomingMessage): boolean {
    const host = request.headers.host?.toLowerCase();
    return host !== undefined && this.#allowedHosts.has(host);
  }
}

/** The secret of an `Authorization: Bearer <secret>` header (the scheme in any case, RFC 9110). */
export function bearerSecret(request: IncomingMessage): string | undefined {
  return /^bearer ([\w-]+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
