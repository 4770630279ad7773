/**
 * How the generic connector fails, against a real local HTTP server: every failure a ConnectorError
 * of the kind the scheduler needs, naming the URL (and status), saying what to do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allRecords, fetchAll, fetchError, genericContext, itemsResource } from '../support/generic.ts';
import { closedPort, records, sendJson, sendText, startTestApi, type Handler, type TestApi } from '../support/testApi.ts';

let api: TestApi;
afterEach(() => api?.close());

const resource = itemsResource('/items', { recordsPath: 'data' });
async function serve(handler: Handler) {
  api = await startTestApi({ '/items': handler });
  return genericContext({ 'base.url': api.url });
}

describe('generic connector failures', () => {
  it('a redirect to an HTML login page fails as protocol, naming the URL and status', async () => {
    const context = await serve((_request, response) => void response.writeHead(302, { Location: '/login' }).end());
    api.route('/login', (_request, response) => sendText(response, 200, '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>…</form></body></html>'));
    const error = await fetchError(context, resource);
    expect(error.kind).toBe('protocol');
    expect(error.message).toBe(`${api.url}/items answered HTTP 200 with an HTML page, not JSON ("Sign in …"): check the URL points at the API, not a web or login page`);
  });

  it('an HTML error page with 500 names the URL and status, and is retried later (unavailable)', async () => {
    const context = await serve((_request, response) => sendText(response, 500, '<html><body><h1>Internal Server Error</h1><p>nginx</p></body></html>'));
    const error = await fetchError(context, resource);
    expect([error.kind, error.status]).toEqual(['unavailable', 500]);
    expect(error.message).toBe(`${api.url}/items answered HTTP 500: an HTML page ("Internal Server Error nginx")`);
  });

  it('an XML answer (an SData default) fails as protocol, called XML', async () => {
    const context = await serve((_request, response) => sendText(response, 200, '<?xml version="1.0"?><feed><entry>x</entry></feed>', 'application/atom+xml'));
    const error = await fetchError(context, resource);
    expect([error.kind, error.message]).toEqual(['protocol', `${api.url}/items answered HTTP 200 with an XML document, not JSON ("x"): check the URL points at the API, not a web or login page`]);
  });

  it('malformed JSON with 200 fails as protocol', async () => {
    const context = await serve((_request, response) => sendJson(response, 200, '{"data": [{"id": 1},'));
    const error = await fetchError(context, resource);
    expect([error.kind, error.status]).toEqual(['protocol', 200]);
    expect(error.message).toMatch(new RegExp(`^${escape(api.url)}/items answered HTTP 200 with a body that is not valid JSON \\(.+\\): "\\{"data": \\[\\{"id": 1\\},"$`));
  });

  it.each([
    ['an object at recordsPath', { data: { id: 1 } }, 'data', 'an object at "data", not an array of records: check the resource\'s recordsPath'],
    ['no recordsPath key in the body', { items: [], total: 0 }, 'data', 'no "data" in the body (its keys: items, total): check the resource\'s recordsPath'],
    ['an object without recordsPath', { items: [] }, undefined, "an object, not an array of records (its keys: items): set the resource's recordsPath to the path of the array"],
    ['an empty body', '', 'data', 'an empty body, not an array of records'],
  ])('%s fails as protocol, saying what to fix', async (_label, body, recordsPath, message) => {
    const context = await serve((_request, response) => sendJson(response, 200, body));
    const error = await fetchError(context, itemsResource('/items', recordsPath === undefined ? {} : { recordsPath }));
    expect([error.kind, error.message]).toEqual(['protocol', `${api.url}/items answered HTTP 200 with ${message}`]);
  });

  it.each([
    ['never answers', (_request: unknown, _response: unknown) => undefined],
    ['sends the headers, then trickles the body byte by byte', ((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(timer));
    }) as Handler],
  ])('a server slower than the timeout (one that %s) fails as unavailable, naming the URL and the seconds', async (_label, handler) => {
    const context = await serve(handler as Handler);
    const started = Date.now();
    const error = await fetchError(context, resource, { timeoutMs: 300 });
    expect([error.kind, error.message]).toEqual(['unavailable', `${api.url}/items did not answer within 0.3 s`]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a response over the size cap fails as protocol, saying to lower the page size', async () => {
    const context = await serve((_request, response) => sendJson(response, 200, { data: records(200) }));
    const error = await fetchError(context, resource, { maxResponseBytes: 2048 });
    expect([error.kind, error.message]).toEqual(['protocol', `${api.url}/items answered more than 2 KiB, the most one response may be; lower the page size`]);
  });

  it('429 with Retry-After: 1 is waited out inside the poll, then succeeds', async () => {
    let calls = 0;
    const context = await serve((_request, response) => {
      if (++calls === 1) return sendJson(response, 429, { message: 'slow down' }, { 'Retry-After': '1' });
      sendJson(response, 200, { data: records(2) });
    });
    const started = Date.now();
    const pages = await fetchAll(context, resource);
    expect(allRecords(pages)).toHaveLength(2);
    expect(api.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('503 with Retry-After as an HTTP date (against the server\'s clock) is waited out too', async () => {
    let calls = 0;
    const serverNow = Math.floor(Date.now() / 1000) * 1000 + 3_600_000; // the server's clock is an hour ahead
    const context = await serve((_request, response) => {
      const headers = { Date: new Date(serverNow).toUTCString(), 'Retry-After': new Date(serverNow + 1000).toUTCString() };
      if (++calls === 1) return sendJson(response, 503, { message: 'maintenance' }, headers);
      sendJson(response, 200, { data: records(1) });
    });
    const pages = await fetchAll(context, resource);
    expect(allRecords(pages)).toHaveLength(1);
    expect(api.requests).toHaveLength(2);
  });

  it.each([
    ['429 with Retry-After in seconds', 429, '3600', 3_600_000],
    ['503 with Retry-After as an HTTP date', 503, 'date+7200', 7_200_000],
  ])('%s longer than the inline wait fails as throttled with retryAfterMs', async (_label, status, retryAfter, retryAfterMs) => {
    const serverNow = Math.floor(Date.now() / 1000) * 1000;
    const header = retryAfter.startsWith('date+') ? new Date(serverNow + Number(retryAfter.slice(5)) * 1000).toUTCString() : retryAfter;
    const context = await serve((_request, response) => sendJson(response, status, { message: 'rate limit exceeded' }, { Date: new Date(serverNow).toUTCString(), 'Retry-After': header }));
    const error = await fetchError(context, resource);
    expect([error.kind, error.status, error.retryAfterMs]).toEqual(['throttled', status, retryAfterMs]);
    expect(error.message).toBe(`${api.url}/items answered HTTP ${status}: rate limit exceeded; it asks to retry in ${retryAfterMs / 60_000} min`);
    expect(api.requests).toHaveLength(1);
  });

  it('gives up as throttled after the allowed inline waits', async () => {
    const context = await serve((_request, response) => sendJson(response, 429, {}, { 'Retry-After': '0' }));
    const error = await fetchError(context, resource, { maxInlineRetries: 2 });
    expect([error.kind, error.retryAfterMs]).toEqual(['throttled', 0]);
    expect(api.requests).toHaveLength(3);
  });

  it('503 without Retry-After fails as unavailable (backoff)', async () => {
    const context = await serve((_request, response) => sendJson(response, 503, { error: { message: 'database offline' } }));
    const error = await fetchError(context, resource);
    expect([error.kind, error.status, error.retryAfterMs, error.message]).toEqual(['unavailable', 503, undefined, `${api.url}/items answered HTTP 503: database offline`]);
  });

  it('404 fails as config: the resource URL is wrong', async () => {
    const context = await serve((_request, response) => sendJson(response, 200, []));
    const error = await fetchError(context, itemsResource('/itemz'));
    expect([error.kind, error.status, error.message]).toEqual(['config', 404, `${api.url}/itemz answered HTTP 404: no route /itemz`]);
  });

  it('connection refused fails as unavailable, naming the URL', async () => {
    const port = await closedPort();
    const error = await fetchError(genericContext({ 'base.url': `http://127.0.0.1:${port}/api` }), resource);
    expect([error.kind, error.message]).toEqual(['unavailable', `cannot reach http://127.0.0.1:${port}/api/items: connection refused (is the server running, and the port right?)`]);
  });

  it('a relative resource url without base.url fails as config before any request', async () => {
    const error = await fetchError(genericContext({}), resource);
    expect([error.kind, error.message]).toEqual(['config', 'the resource url "/items" is relative but base.url is not set: add the API\'s address as base.url']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
