/** Validation of the generic element: base.url, auth and its keys, recordsPath and paging, each problem path first. */
import { describe, expect, it } from 'vitest';
import { validateInstance } from '../../../shared/config/instance.ts';

const items = {
  url: '/items?since=${epoch}',
  idField: 'id',
  recordsPath: 'data',
  paging: { type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 100 },
  datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' },
};

/** A valid generic instance with `patch` merged into its configuration (a key set to undefined is removed). */
function instance(patch: Record<string, unknown> = {}, resources: Record<string, unknown> = { items }): Record<string, unknown> {
  const configuration: Record<string, unknown> = { 'base.url': 'https://api.example.com/v1', 'auth.type': 'none', 'event.poller.configuration': resources, ...patch };
  for (const key of Object.keys(configuration)) if (configuration[key] === undefined) delete configuration[key];
  return { element: { key: 'generic' }, name: 'API', configuration };
}
const withItems = (patch: Record<string, unknown>) => instance({}, { items: { ...items, ...patch } });
const withPaging = (paging: unknown) => withItems({ paging });

const C = 'configuration';
const R = 'configuration.event.poller.configuration.items';
const TYPES = '"none", "offset", "page", "next", "link"';
const AUTH = '"none", "basic", "bearer", "header", "oauth2"';

describe('generic element validation', () => {
  it.each([
    // base.url
    ['no base.url with a relative resource url', instance({ 'base.url': undefined }), `${C}.base.url`, 'missing: items has a relative url; add the API\'s address, e.g. "https://api.example.com/v1", or make every resource url absolute'],
    ['a base.url that is not a string', instance({ 'base.url': 42 }), `${C}.base.url`, 'must be the API\'s address as a string, e.g. "https://api.example.com/v1", got number 42'],
    ['a base.url without a scheme', instance({ 'base.url': 'api.example.com' }), `${C}.base.url`, '"api.example.com" is not a URL: write the full address, e.g. https://api.example.com/v1'],
    ['a base.url of another scheme', instance({ 'base.url': 'ftp://api.example.com' }), `${C}.base.url`, '"ftp://api.example.com" must be an http:// or https:// URL, e.g. https://api.example.com/v1'],
    ['a base.url with a query', instance({ 'base.url': 'https://api.example.com/v1?key=1' }), `${C}.base.url`, '"https://api.example.com/v1?key=1" must not contain a query ("?…") or fragment ("#…"): base.url and the resource url are joined as text; put query parameters in each resource url'],
    // resource urls
    ['a resource url on another origin', withItems({ url: 'https://evil.example.com/items?since=${epoch}' }), `${R}.url`, '"https://evil.example.com/items?since=${epoch}" is on https://evil.example.com, not on the origin of base.url (https://api.example.com): write it relative to base.url, or add "https://evil.example.com" to trusted.origins to send the credentials there too'],
    ['an absolute resource url without base.url', instance({ 'base.url': undefined }, { items: { ...items, url: 'https://api.example.com/items?since=${epoch}' } }), `${R}.url`, '"https://api.example.com/items?since=${epoch}" is on https://api.example.com, but base.url is not set: set base.url to "https://api.example.com" (the url may then be relative), or add "https://api.example.com" to trusted.origins'],
    ['a file: resource url', withItems({ url: 'file:///etc/passwd' }), `${R}.url`, '"file:///etc/passwd" is not a path or an http(s) URL: write the path to poll, e.g. "/hubs/crm/items?where=…"'],
    // trusted.origins
    ['trusted.origins as a string', instance({ 'trusted.origins': 'https://files.example.com' }), `${C}.trusted.origins`, 'must be an array of origins, e.g. ["https://files.example.com"], got string "https://files.example.com"'],
    ['a trusted origin that is not a string', instance({ 'trusted.origins': ['https://a.example.com', 7] }), `${C}.trusted.origins[1]`, 'must be an origin as a string, e.g. "https://files.example.com", got number 7'],
    ['a trusted origin of another scheme', instance({ 'trusted.origins': ['file:///etc'] }), `${C}.trusted.origins[0]`, '"file:///etc" is not an http:// or https:// origin, e.g. "https://files.example.com"'],
    ['a trusted origin with a path', instance({ 'trusted.origins': ['https://files.example.com/v1'] }), `${C}.trusted.origins[0]`, '"https://files.example.com/v1" must be an origin only (scheme, host and port): write "https://files.example.com"; credentials are trusted to a whole origin, never to a path'],
    // auth
    ['an auth.type in the wrong case', instance({ 'auth.type': 'Bearer' }), `${C}.auth.type`, `must be one of ${AUTH}, got "Bearer"; write "bearer" in lower case`],
    ['an unknown auth.type', instance({ 'auth.type': 'apikey' }), `${C}.auth.type`, `must be one of ${AUTH}, got "apikey"`],
    ['basic without username', instance({ 'auth.type': 'basic' }), `${C}.username`, 'missing: auth.type "basic" needs the user name (its password is kept in the keychain, not in this document)'],
    ['basic with a username that is not a string', instance({ 'auth.type': 'basic', username: 42 }), `${C}.username`, 'must be a string, got number 42'],
    ['basic with a colon in the username', instance({ 'auth.type': 'basic', username: 'a:b' }), `${C}.username`, 'must not contain ":": HTTP basic authentication separates the user name from the password with it'],
    ['header without header.name', instance({ 'auth.type': 'header' }), `${C}.header.name`, 'missing: auth.type "header" needs the name of the header to send, e.g. "X-API-Key" (its value is kept in the keychain)'],
    ['header with an invalid header name', instance({ 'auth.type': 'header', 'header.name': 'X API Key' }), `${C}.header.name`, '"X API Key" is not an HTTP header name: use letters, digits and "-" only, e.g. "X-API-Key"'],
    ['oauth2 without a token URL', instance({ 'auth.type': 'oauth2', 'oauth.client.id': 'c' }), `${C}.oauth.token.url`, 'missing: auth.type "oauth2" needs the token endpoint, e.g. "https://auth.example.com/oauth/token"'],
    ['oauth2 without a client id', instance({ 'auth.type': 'oauth2', 'oauth.token.url': 'https://auth.example.com/token' }), `${C}.oauth.client.id`, 'missing: auth.type "oauth2" needs the client id (the client secret is kept in the keychain)'],
    ['oauth2 with a token URL that is not one', instance({ 'auth.type': 'oauth2', 'oauth.token.url': 'auth/token', 'oauth.client.id': 'c' }), `${C}.oauth.token.url`, '"auth/token" is not a URL: write the full address, e.g. https://auth.example.com/oauth/token'],
    ['oauth2 with an unknown client authentication', instance({ 'auth.type': 'oauth2', 'oauth.token.url': 'https://a.example.com/t', 'oauth.client.id': 'c', 'oauth.client.authentication': 'basic' }), `${C}.oauth.client.authentication`, '"basic" is not a client authentication method: use "client_secret_post" (id and secret in the form) or "client_secret_basic" (an HTTP Basic header)'],
    ['oauth2 with a scope that is not a string', instance({ 'auth.type': 'oauth2', 'oauth.token.url': 'https://a.example.com/t', 'oauth.client.id': 'c', 'oauth.scope': ['a'] }), `${C}.oauth.scope`, 'must be a string, got an array'],
    // recordsPath
    ['an empty recordsPath', withItems({ recordsPath: '' }), `${R}.recordsPath`, 'must be the JSON path of the records array, e.g. "data" or "results.items" (leave it out when the body is the array), got string ""'],
    ['a malformed recordsPath', withItems({ recordsPath: 'data..items' }), `${R}.recordsPath`, 'unexpected "." at position 6 in field path "data..items"'],
    // paging
    ['paging as a string', withPaging('offset'), `${R}.paging`, 'must be an object, e.g. {"type": "offset", "pageSize": 100}, or {"type": "none"}, got string "offset"'],
    ['paging without type', withPaging({ pageSize: 10 }), `${R}.paging.type`, `missing: say how pages are fetched, one of ${TYPES}`],
    ['an unknown paging type', withPaging({ type: 'cursor' }), `${R}.paging.type`, `must be one of ${TYPES}, got "cursor"`],
    ['a zero page size', withPaging({ type: 'offset', pageSize: 0 }), `${R}.paging.pageSize`, 'must be a whole number of records from 1 to 10000, got number 0'],
    ['a page size over 10000', withPaging({ type: 'page', pageSize: 10_001 }), `${R}.paging.pageSize`, 'must be a whole number of records from 1 to 10000, got number 10001'],
    ['a fractional page size', withPaging({ type: 'offset', pageSize: 2.5 }), `${R}.paging.pageSize`, 'must be a whole number of records from 1 to 10000, got number 2.5'],
    ['a page size as a string', withPaging({ type: 'offset', pageSize: '100' }), `${R}.paging.pageSize`, 'must be a whole number of records from 1 to 10000, got string "100"'],
    ['an empty offsetParam', withPaging({ type: 'offset', offsetParam: '' }), `${R}.paging.offsetParam`, 'must be the name of a query parameter, a non-empty string such as "offset", got string ""'],
    ['a limitParam that is not a string', withPaging({ type: 'offset', limitParam: 7 }), `${R}.paging.limitParam`, 'must be the name of a query parameter, a non-empty string such as "limit", got number 7'],
    ['the same offset and limit parameter', withPaging({ type: 'offset', offsetParam: 'n', limitParam: 'n' }), `${R}.paging.limitParam`, 'must differ from offsetParam (both are "n"): they are two different query parameters'],
    ['an empty pageParam', withPaging({ type: 'page', pageParam: ' ' }), `${R}.paging.pageParam`, 'must be the name of a query parameter, a non-empty string such as "page", got string " "'],
    ['a sizeParam that is null', withPaging({ type: 'page', sizeParam: null }), `${R}.paging.sizeParam`, 'must be the name of a query parameter, a non-empty string such as "per_page", got null'],
    ['a negative firstPage', withPaging({ type: 'page', firstPage: -1 }), `${R}.paging.firstPage`, 'must be the number of the first page, a whole number 0 or more (usually 1, or 0 for zero-based APIs), got number -1'],
    ['a fractional firstPage', withPaging({ type: 'page', firstPage: 1.5 }), `${R}.paging.firstPage`, 'must be the number of the first page, a whole number 0 or more (usually 1, or 0 for zero-based APIs), got number 1.5'],
    ['a nextPath that is not a string', withPaging({ type: 'next', nextPath: 3 }), `${R}.paging.nextPath`, 'must be the JSON path of the next page\'s URL in the body, e.g. "next" or "links.next", got number 3'],
    ['a malformed nextPath', withPaging({ type: 'next', nextPath: "links['next" }), `${R}.paging.nextPath`, 'unterminated \' quote at position 7 in field path "links[\'next"'],
  ])('reports %s', (_label, input, path, message) => {
    const result = validateInstance(input);
    expect(result.errors).toEqual([{ path, message }]);
    expect(result.valid).toBe(false);
  });

  it.each([
    ['a placeholder base.url, once', instance({ 'base.url': '<YOUR_API>' }), `${C}.base.url`, 'placeholder <YOUR_API>: fill in before enabling'],
    ['a placeholder in a URL', instance({ 'base.url': 'https://<YOUR_HOST>/api' }), `${C}.base.url`, 'placeholder <YOUR_HOST>: fill in before enabling'],
    ['a placeholder recordsPath', withItems({ recordsPath: '<RECORDS>' }), `${R}.recordsPath`, 'placeholder <RECORDS>: fill in before enabling'],
    ['a paging key of another type', withPaging({ type: 'offset', nextPath: 'next' }), `${R}.paging.nextPath`, 'unknown key "nextPath" for paging type "offset" is kept but not used; known keys: type, offsetParam, limitParam, pageSize'],
    ['an unknown paging key', withPaging({ type: 'link', rel: 'next' }), `${R}.paging.rel`, 'unknown key "rel" for paging type "link" is kept but not used; known keys: type'],
    ['two different page sizes', withItems({ pageSize: 50 }), `${R}.paging.pageSize`, "differs from the resource's pageSize (50); 100 is used"],
    ['a paging parameter already in the url', withItems({ url: '/items?limit=10&since=${epoch}' }), `${R}.url`, 'its "limit" query parameter is replaced on every page by the paging; remove it from the url'],
    ['a credential auth.type does not send', instance({ token: 'abc' }), `${C}.token`, 'is set but not sent, because auth.type is "none"; it is used with "auth.type": "bearer"'],
    ['a username without auth.type', instance({ 'auth.type': undefined, username: 'me' }), `${C}.username`, 'is set but not sent, because auth.type is "none"; it is used with "auth.type": "basic"'],
  ])('warns about %s, and stays valid', (_label, input, path, message) => {
    const result = validateInstance(input);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ path, message }]);
  });

  it.each([
    ['no auth at all (auth.type defaults to none)', instance({ 'auth.type': undefined })],
    ['basic, the password left to the keychain', instance({ 'auth.type': 'basic', username: 'me' })],
    ['basic with the password in the document', instance({ 'auth.type': 'basic', username: 'me', password: 'pw' })],
    ['bearer, the token left to the keychain', instance({ 'auth.type': 'bearer' })],
    ['a custom header', instance({ 'auth.type': 'header', 'header.name': 'X-API-Key', 'header.value': 'k' })],
    ['oauth2 client credentials', instance({ 'auth.type': 'oauth2', 'oauth.token.url': 'https://auth.example.com/oauth/token', 'oauth.client.id': 'c', 'oauth.scope': 'read' })],
    ['oauth2 client credentials in a Basic header', instance({ 'auth.type': 'oauth2', 'oauth.token.url': 'https://auth.example.com/oauth/token', 'oauth.client.id': 'c', 'oauth.client.authentication': 'client_secret_basic' })],
    ['an absolute resource url on the origin of base.url', withItems({ url: 'https://api.example.com/v2/items?since=${epoch}' })],
    ['an absolute resource url on a trusted origin', instance({ 'trusted.origins': ['https://files.example.com'] }, { items: { ...items, url: 'https://files.example.com/items' } })],
    ['absolute resource urls on trusted origins without base.url', instance({ 'base.url': undefined, 'trusted.origins': ['https://api.example.com'] }, { items: { ...items, url: 'https://api.example.com/items?since=${epoch}' } })],
    ['a base.url ending in a slash', instance({ 'base.url': 'http://localhost:8080/' })],
    ['trusted origins, one with a trailing slash', instance({ 'trusted.origins': ['https://files.example.com', 'http://127.0.0.1:8123/'] })],
    ['no paging and the body as the array', withItems({ paging: undefined, recordsPath: undefined })],
    ['paging none', withPaging({ type: 'none' })],
    ['offset paging with defaults', withPaging({ type: 'offset' })],
    ['page paging, zero-based', withPaging({ type: 'page', pageParam: 'p', sizeParam: 'size', pageSize: 10_000, firstPage: 0 })],
    ['next paging with a nested path', withPaging({ type: 'next', nextPath: "links['next']" })],
    ['link paging', withPaging({ type: 'link' })],
    ['recordsPath in bracket form', withItems({ recordsPath: "['value'][0].rows" })],
    ['no resources yet', instance({ 'base.url': undefined, 'event.poller.configuration': {} }, {})],
  ])('accepts %s without errors or warnings', (_label, input) => {
    const result = validateInstance(input);
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((warning) => !warning.message.startsWith('no resources configured'))).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('reports every problem of one instance at once, in document order', () => {
    const result = validateInstance(
      instance({ 'base.url': 'nope', 'auth.type': 'oauth2' }, { items: { ...items, recordsPath: 'a..b', paging: { type: 'page', pageSize: 0, firstPage: -1 } } }),
    );
    expect(result.errors.map((error) => error.path)).toEqual([
      `${C}.base.url`,
      `${C}.oauth.token.url`,
      `${C}.oauth.client.id`,
      `${R}.recordsPath`,
      `${R}.paging.pageSize`,
      `${R}.paging.firstPage`,
    ]);
  });

  it('does not apply to other elements', () => {
    const result = validateInstance({ ...instance({ 'base.url': 'nope' }), element: { key: 'sagecrm' } });
    expect(result.errors.filter((error) => error.path.includes('base.url') || error.path.includes('paging'))).toEqual([]);
  });
});
