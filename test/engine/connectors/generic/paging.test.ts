/** The generic connector's paging, against a real local HTTP server: the exact URLs requested, every record returned. */
import { afterEach, describe, expect, it } from 'vitest';
import { allRecords, fetchAll, fetchError, genericContext, itemsResource } from '../support/generic.ts';
import { paged, records, sendJson, startTestApi, type TestApi } from '../support/testApi.ts';

let api: TestApi;
afterEach(() => api?.close());

const noAuth = () => genericContext({ 'base.url': api.url, 'auth.type': 'none' });
const urls = () => api.requests.map((request) => request.url);
const ids = (list: unknown[]) => list.map((record) => (record as { id: string }).id);

describe('generic connector paging', () => {
  it('none: one request, the body itself as the records', async () => {
    api = await startTestApi({ '/items': (_request, response) => sendJson(response, 200, records(3)) });
    const pages = await fetchAll(noAuth(), itemsResource('/items?since=${epoch}', {}));
    expect(urls()).toEqual(['/items?since=1714552200000']);
    expect(ids(allRecords(pages))).toEqual(['r1', 'r2', 'r3']);
    expect(pages[0]?.mayShift).toBe(false);
  });

  it('204 No Content is a page without records', async () => {
    api = await startTestApi({ '/items': (_request, response) => void response.writeHead(204).end() });
    const pages = await fetchAll(noAuth(), itemsResource('/items', { recordsPath: 'data', paging: { type: 'next' } }));
    expect(pages.map((page) => page.records)).toEqual([[]]);
  });

  it.each([
    ['a short last page', 5, ['offset=0&limit=2', 'offset=2&limit=2', 'offset=4&limit=2']],
    ['an empty last page', 4, ['offset=0&limit=2', 'offset=2&limit=2', 'offset=4&limit=2']],
    ['no records at all', 0, ['offset=0&limit=2']],
  ])('offset: ends at %s', async (_label, count, queries) => {
    api = await startTestApi({ '/items': paged.offset(records(count)) });
    const pages = await fetchAll(noAuth(), itemsResource('/items?since=${epoch}', { recordsPath: 'data', paging: { type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 2 } }));
    expect(urls()).toEqual(queries.map((query) => `/items?since=1714552200000&${query}`));
    expect(ids(allRecords(pages))).toEqual(records(count).map((record) => record.id));
    expect(pages.every((page) => page.mayShift)).toBe(true);
  });

  it('offset: advances by the records received when the server returns more than asked', async () => {
    const items = records(5);
    api = await startTestApi({
      '/items': (request, response) => sendJson(response, 200, { data: items.slice(Number(request.query.get('skip')), Number(request.query.get('skip')) + 3) }),
    });
    const pages = await fetchAll(noAuth(), itemsResource('/items', { recordsPath: 'data', paging: { type: 'offset', offsetParam: 'skip', limitParam: 'top', pageSize: 2 } }));
    expect(urls()).toEqual(['/items?skip=0&top=2', '/items?skip=3&top=2', '/items?skip=5&top=2']);
    expect(ids(allRecords(pages))).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it.each([
    [1, ['page=1&per_page=2', 'page=2&per_page=2', 'page=3&per_page=2']],
    [0, ['page=0&per_page=2', 'page=1&per_page=2', 'page=2&per_page=2']],
  ])('page: counts from firstPage %i and ends at the short page', async (firstPage, queries) => {
    api = await startTestApi({ '/items': paged.page(records(5), firstPage) });
    const pages = await fetchAll(noAuth(), itemsResource('/items', { recordsPath: 'data', paging: { type: 'page', pageParam: 'page', sizeParam: 'per_page', pageSize: 2, firstPage } }));
    expect(urls()).toEqual(queries.map((query) => `/items?${query}`));
    expect(ids(allRecords(pages))).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('page: the resource pageSize and the default parameter names apply when paging leaves them out', async () => {
    api = await startTestApi({ '/items': paged.page(records(3)) });
    const resource = { ...itemsResource('/items', { recordsPath: 'data', paging: { type: 'page' } }), pageSize: 3 };
    await fetchAll(noAuth(), resource);
    expect(urls()).toEqual(['/items?page=1&per_page=3', '/items?page=2&per_page=3']);
  });

  it('next: follows a relative path, then an absolute URL, from a nested field of the body', async () => {
    api = await startTestApi({
      '/items': (request, response) => {
        const cursor = request.query.get('cursor');
        if (cursor === null) return sendJson(response, 200, { data: records(2), links: { next: '/items?cursor=abc%2B1' } });
        if (cursor === 'abc+1') return sendJson(response, 200, { data: [{ id: 'r3' }], links: { next: `${api.url}/items?cursor=last` } });
        sendJson(response, 200, { data: [{ id: 'r4' }], links: { next: null } });
      },
    });
    const pages = await fetchAll(noAuth(), itemsResource('/items?since=${epoch:s}', { recordsPath: 'data', paging: { type: 'next', nextPath: 'links.next' } }));
    expect(urls()).toEqual(['/items?since=1714552200', '/items?cursor=abc%2B1', '/items?cursor=last']);
    expect(ids(allRecords(pages))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('next: a query-only link resolves against the page it came from', async () => {
    api = await startTestApi({
      '/v1/items': (request, response) => sendJson(response, 200, request.query.get('page') === '2' ? { data: [{ id: 'b' }] } : { data: [{ id: 'a' }], next: '?page=2' }),
    });
    const pages = await fetchAll(genericContext({ 'base.url': `${api.url}/v1/` }), itemsResource('items', { recordsPath: 'data', paging: { type: 'next' } }));
    expect(urls()).toEqual(['/v1/items', '/v1/items?page=2']);
    expect(ids(allRecords(pages))).toEqual(['a', 'b']);
  });

  it('link: follows rel="next" among several links, with several relations in one rel and relative targets', async () => {
    api = await startTestApi({
      '/items': (request, response) => {
        const page = Number(request.query.get('page') ?? 1);
        const headers: Record<string, string> = {
          1: `<${api.url}/items?page=1>; rel="first", <${api.url}/items?page=2>; rel="next", <${api.url}/items?page=3>; rel="last"`,
          2: '</items?page=1>; rel="prev first", </items?page=3>; title="next, please"; rel="next last"',
          3: '</items?page=2>; rel=prev, </items?page=1>; rel="first"',
        };
        sendJson(response, 200, [{ id: `p${page}` }], { Link: headers[page] ?? '' });
      },
    });
    const pages = await fetchAll(noAuth(), itemsResource('/items', { paging: { type: 'link' } }));
    expect(urls()).toEqual(['/items', '/items?page=2', '/items?page=3']);
    expect(ids(allRecords(pages))).toEqual(['p1', 'p2', 'p3']);
  });

  it('fills URL macros percent-encoded into the query, so a +05:30 offset arrives intact, and keeps it on every page', async () => {
    api = await startTestApi({ '/items': paged.offset(records(3)) });
    const url = "/items?since=${dateTimeZone:GMT+05:30:yyyy-MM-dd'T'HH:mm:ssXXX}&sort=updated";
    await fetchAll(noAuth(), itemsResource(url, { recordsPath: 'data', paging: { type: 'offset', pageSize: 2 } }));
    expect(api.requests.map((request) => request.query.get('since'))).toEqual(['2024-05-01T14:00:00+05:30', '2024-05-01T14:00:00+05:30']);
    expect(urls()).toEqual([
      '/items?since=2024-05-01T14%3A00%3A00%2B05%3A30&sort=updated&offset=0&limit=2',
      '/items?since=2024-05-01T14%3A00%3A00%2B05%3A30&sort=updated&offset=2&limit=2',
    ]);
  });

  it('stops a next link that points back to a page already fetched', async () => {
    api = await startTestApi({
      '/items': (request, response) => sendJson(response, 200, { data: [{ id: 'x' }], next: request.query.get('p') === '2' ? '/items' : '/items?p=2' }),
    });
    const error = await fetchError(noAuth(), itemsResource('/items', { recordsPath: 'data', paging: { type: 'next' } }));
    expect(error.kind).toBe('protocol');
    expect(error.message).toBe(`paging loops: the server links back to ${api.url}/items, already fetched in this poll`);
    expect(urls()).toEqual(['/items', '/items?p=2']);
  });

  it('stops offset paging when the server ignores the offset and repeats the same page', async () => {
    api = await startTestApi({ '/items': (_request, response) => sendJson(response, 200, { data: records(2) }) });
    const error = await fetchError(noAuth(), itemsResource('/items', { recordsPath: 'data', paging: { type: 'offset', pageSize: 2 } }));
    expect(error.kind).toBe('protocol');
    expect(error.message).toContain('returned the same records as the page before: the server ignores the "offset" parameter');
    expect(api.requests).toHaveLength(2);
  });

  it('pages on when a reordering server begins and ends two pages with the same records (only a whole repeated page is a loop)', async () => {
    // Records changed between the requests and the server does not sort: the second page has the
    // first page's first and last records again, with another record between them.
    const answers = [['r1', 'r2', 'r3'], ['r1', 'r4', 'r3'], ['r5']];
    api = await startTestApi({
      '/items': (request, response) => sendJson(response, 200, { data: (answers[Number(request.query.get('offset')) / 3] ?? []).map((id) => ({ id })) }),
    });
    const pages = await fetchAll(noAuth(), itemsResource('/items', { recordsPath: 'data', paging: { type: 'offset', pageSize: 3 } }));
    expect(ids(allRecords(pages))).toEqual(['r1', 'r2', 'r3', 'r1', 'r4', 'r3', 'r5']);
    expect(api.requests).toHaveLength(3);
  });

  it('reports a paging the connector cannot use as a config error, before any request', async () => {
    api = await startTestApi();
    const error = await fetchError(noAuth(), itemsResource('/items', { paging: { type: 'cursor' } }));
    expect(error.kind).toBe('config');
    expect(error.message).toContain('event.poller.configuration.items.paging.type: must be one of "none", "offset", "page", "next", "link", got "cursor"');
    expect(api.requests).toHaveLength(0);
  });
});
