/** *Preview next request* shows exactly the URL the poll then sends: on the server, encoded, built by the same function. */
import { describe, expect, it } from 'vitest';
import { sendJson, startTestApi } from '../connectors/support/testApi.ts';
import { closedAfterEach, startTestApplication } from '../support/harness.ts';

const closing = closedAfterEach();

describe('previewRequest', () => {
  it('is the URL the next poll requests, joined to base.url and percent-encoded as sent', async () => {
    const api = closing(await startTestApi({ '/v1/items': (_request, response) => sendJson(response, 200, { data: [] }) }));
    // No poll starts on its own within the test: only pollNow polls.
    const { app } = startTestApplication(closing, { scheduler: { maxStartJitterMs: 600_000 } });
    const items = { url: "/items?q=name eq 'a b'&tz=+05:30", idField: 'id', recordsPath: 'data', paging: { type: 'offset', pageSize: 25 }, datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } };
    const saved = await app.service.createInstance({ element: { key: 'generic' }, name: 'Preview', configuration: { 'base.url': `${api.url}/v1`, 'event.poller.configuration': { items } } });
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const preview = await app.service.previewRequest(saved.instance.id, 'items');
    await app.service.pollNow(saved.instance.id);
    expect(preview.error).toBeUndefined();
    expect(preview.url).toBe(`${api.url}${api.requests[0]?.url}`);
    expect(preview.url).toBe(`${api.url}/v1/items?q=name%20eq%20%27a%20b%27&tz=+05:30&offset=0&limit=25`);
  });
});
