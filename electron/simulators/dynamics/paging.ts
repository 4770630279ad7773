/**
 * Continuation tokens. `$skiptoken` looks like Dataverse's paging cookie
 * (`<cookie pagenumber="2" pagingcookie="…" istracking="False" />`) and carries our position;
 * `$deltatoken` is `version!MM/dd/yyyy HH:mm:ss` (UTC), as in Microsoft's examples. Both are
 * opaque to clients, which must follow nextLink/deltaLink unmodified.
 */

export type PageState =
  /** A plain query: continue after the row with these sort values (primary key included). */
  | { mode: 'query'; page: number; after: Record<string, unknown> }
  /** The first full read of a change-tracking session. */
  | { mode: 'track-initial'; page: number; afterId: string; snapshot: number; issuedAt: number }
  /** A delta read: changes in (since, upto], rows first (phase 0) then deletions (phase 1). */
  | { mode: 'delta'; page: number; since: number; upto: number; issuedAt: number; after: { phase: number; version: number; id: string } };

export function encodeSkipToken(state: PageState): string {
  const cookie = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `<cookie pagenumber="${state.page}" pagingcookie="${cookie}" istracking="${state.mode === 'query' ? 'False' : 'True'}" />`;
}

/** Undefined when the token is not one we issued. */
export function decodeSkipToken(token: string): PageState | undefined {
  const match = /pagingcookie="([A-Za-z0-9_-]+)"/.exec(token);
  if (!match) return undefined;
  try {
    const state = JSON.parse(Buffer.from(match[1] as string, 'base64url').toString('utf8')) as PageState;
    return state && typeof state === 'object' && ['query', 'track-initial', 'delta'].includes(state.mode) ? state : undefined;
  } catch {
    return undefined;
  }
}

const pad = (value: number): string => String(value).padStart(2, '0');

export function encodeDeltaToken(version: number, issuedAt: number): string {
  const d = new Date(issuedAt);
  return `${version}!${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function decodeDeltaToken(token: string): { version: number; issuedAt: number } | undefined {
  const match = /^(\d+)!(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(token.trim());
  if (!match) return undefined;
  const [, version, month, day, year, hour, minute, second] = match.map(Number) as number[];
  const issuedAt = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  return Number.isFinite(issuedAt) ? { version: version as number, issuedAt } : undefined;
}

/** Encodes a query value the way Dataverse's links look: percent-encoded, but `=` left readable. */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%3D/g, '=');
}
