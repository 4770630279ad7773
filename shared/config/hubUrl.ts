/**
 * Cloud Elements hub URLs as the seed configurations write them (`/hubs/crm/accounts?where=…`):
 * which hub resource they name and their query parameters, read leniently (the where clause is
 * usually written unencoded, with spaces and quotes, and may itself contain `&` inside quotes).
 */

export interface HubUrl {
  /** The hub resource named by the path (`accounts`), as written. */
  resource: string;
  /** Query parameters by name, percent-decoded where they were encoded. */
  params: Map<string, string>;
}

/**
 * Accepts `/hubs/crm/accounts?…`, `hubs/crm/accounts`, `/accounts`, `accounts`, and a full Cloud
 * Elements URL (`https://api.cloud-elements.com/elements/api-v2/hubs/crm/accounts?…`). Throws an
 * Error when no resource can be named.
 */
export function parseHubUrl(url: string): HubUrl {
  const text = url.trim();
  const question = indexOutsideQuotes(text, '?');
  const pathPart = (question < 0 ? text : text.slice(0, question)).replace(/#.*$/, '');
  const query = question < 0 ? '' : text.slice(question + 1);
  const path = decodeLeniently(pathPart.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''));
  const segments = path.split('/').filter((segment) => segment !== '');
  const hubs = segments.findIndex((segment) => segment.toLowerCase() === 'hubs');
  const resource = hubs >= 0 ? segments[hubs + 2] : segments.at(-1);
  if (resource === undefined || resource === '') throw new Error(`"${url}" names no resource: write it as /hubs/crm/<resource>?where=…, e.g. /hubs/crm/accounts`);
  if (hubs >= 0 && segments.length > hubs + 3) throw new Error(`"${url}" names a sub-resource (${segments.slice(hubs + 2).join('/')}); only /hubs/crm/<resource> can be polled`);
  return { resource, params: parseQuery(query) };
}

function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of splitOutsideQuotes(query, '&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeLeniently(equals < 0 ? pair : pair.slice(0, equals));
    params.set(name, decodeLeniently(equals < 0 ? '' : pair.slice(equals + 1)));
  }
  return params;
}

/** Percent-decodes when the text is validly encoded; `+` stays a plus (it is part of zone offsets). */
function decodeLeniently(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function indexOutsideQuotes(text: string, wanted: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === wanted) {
      return i;
    }
  }
  return -1;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let at = indexOutsideQuotes(rest, separator); at >= 0; at = indexOutsideQuotes(rest, separator)) {
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}
