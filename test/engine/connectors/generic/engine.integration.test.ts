/**
 * End to end through Engine.pollInstance: an oauth2 generic instance whose client secret comes from
 * the environment (`--secrets env`), never from the saved document.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../../electron/engine/engine.ts';
import { secretEnvName } from '../../../../electron/engine/secrets/envStore.ts';
import { openTestEngine, pollOnce, sleep } from '../../support/harness.ts';
import { sendJson, startTestApi, type TestApi } from '../support/testApi.ts';

let api: TestApi;
let engine: Engine | undefined;
afterEach(async () => {
  engine?.close();
  engine = undefined;
  await api?.close();
});

describe('a generic oauth2 instance polled by the engine', () => {
  it('gets its client secret from the env secret store, a token once, and every changed record as an event', async () => {
    const changes: { id: string; updated: number }[] = [];
    api = await startTestApi({
      '/oauth/token': (request, response) => {
        const form = new URLSearchParams(request.body);
        if (form.get('client_id') !== 'poller' || form.get('client_secret') !== 'from-the-env') return sendJson(response, 401, { error: 'invalid_client' });
        sendJson(response, 200, { access_token: 'the-token', token_type: 'Bearer', expires_in: 3600 });
      },
      '/api/items': (request, response) => {
        if (request.headers.authorization !== 'Bearer the-token') return sendJson(response, 401, { error: 'invalid_token' });
        const since = Number(request.query.get('since'));
        const page = Number(request.query.get('page'));
        const matching = changes.filter((change) => change.updated > since).map((change) => ({ ...change, created: change.updated }));
        sendJson(response, 200, { results: matching.slice((page - 1) * 2, page * 2), count: matching.length });
      },
    });
    const name = 'OAuth API';
    engine = openTestEngine(undefined, { [secretEnvName(name, 'oauth.client.secret')]: 'from-the-env' });
    expect(secretEnvName(name, 'oauth.client.secret')).toBe('CRM_EVENT_POLLER_SECRET_OAUTH_API_OAUTH_CLIENT_SECRET');
    const saved = await engine.addInstance({
      element: { key: 'generic' },
      name,
      configuration: {
        'base.url': `${api.url}/api`,
        'auth.type': 'oauth2',
        'oauth.token.url': `${api.url}/oauth/token`,
        'oauth.client.id': 'poller',
        'event.poller.configuration': {
          items: {
            url: '/items?since=${epoch}',
            idField: 'id',
            recordsPath: 'results',
            paging: { type: 'page', pageParam: 'page', sizeParam: 'per_page', pageSize: 2, firstPage: 1 },
            datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds', createdDateField: 'created', createdDateFormat: 'milliseconds' },
          },
        },
      },
    });
    expect(saved.validation.errors).toEqual([]);
    expect(saved.validation.warnings).toEqual([]);
    const instance = saved.instance;

    expect(await pollOnce(engine, instance)).toEqual([]);
    await sleep(5);
    for (const id of ['a', 'b', 'c']) changes.push({ id, updated: Date.now() });
    const events = await pollOnce(engine, instance);
    expect(events.map((event) => [event.objectId, event.eventType]).sort()).toEqual([
      ['a', 'CREATED'],
      ['b', 'CREATED'],
      ['c', 'CREATED'],
    ]);
    expect(events.every((event) => event.elementKey === 'generic' && event.resource === 'items')).toBe(true);
    expect(await pollOnce(engine, instance)).toEqual([]);

    // One token for all three polls; every API request carried it; no request was refused.
    expect(api.requestsTo('/oauth/token')).toHaveLength(1);
    const items = api.requestsTo('/api/items');
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.every((request) => request.headers.authorization === 'Bearer the-token')).toBe(true);
    expect(JSON.stringify(engine.instances.load(instance).config.configuration)).not.toContain('from-the-env');
  });
});
