import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/helpers.ts';
import { bearerHeader, type ODataError, type ODataPage } from '../support/dynamics.ts';
import { startDynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';
import type { DynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';

describe('Dynamics simulator: change tracking', () => {
  let sim: DynamicsSimulator;
  let auth: Record<string, string>;
  const track = { Prefer: 'odata.track-changes,odata.maxpagesize=40' };

  /** Follows nextLinks to the end; returns every row and the final deltaLink. */
  const readAll = async (url: string, headers: Record<string, string> = track) => {
    const rows: Array<Record<string, unknown>> = [];
    let link: string | undefined = url;
    let deltaLink: string | undefined;
    let pages = 0;
    while (link) {
      const reply: Awaited<ReturnType<typeof getJson<ODataPage>>> = await getJson<ODataPage>(link, { ...auth, ...headers });
      expect(reply.status).toBe(200);
      rows.push(...reply.body.value);
      pages++;
      if (reply.body['@odata.nextLink']) expect(reply.body['@odata.deltaLink']).toBeUndefined();
      link = reply.body['@odata.nextLink'];
      deltaLink = reply.body['@odata.deltaLink'];
    }
    return { rows, deltaLink: deltaLink!, pages };
  };

  beforeAll(async () => {
    sim = await startDynamicsSimulator({ seed: 11, recordsPerEntity: 100 });
  });
  // reset() revokes tokens too, so every test signs in again.
  beforeEach(async () => {
    auth = await bearerHeader(sim);
  });
  afterAll(() => sim.close());
  afterEach(() => {
    sim.control.reset();
  });

  it('runs initial sync → deltaLink → changes and deletions → empty delta', async () => {
    const first = await getJson<ODataPage>(`${sim.apiUrl}/accounts?$select=name,modifiedon`, { ...auth, ...track });
    expect(first.headers.get('preference-applied')).toBe('odata.track-changes,odata.maxpagesize=40');
    expect(first.body['@odata.nextLink']).toContain('istracking=%22True%22');

    const initial = await readAll(`${sim.apiUrl}/accounts?$select=name,modifiedon`);
    expect(initial.pages).toBe(3);
    expect(new Set(initial.rows.map((row) => row.accountid)).size).toBe(100);
    expect(initial.deltaLink).toMatch(new RegExp(`^${sim.apiUrl}/accounts\\?\\$select=name%2Cmodifiedon&\\$deltatoken=\\d+!\\d{2}%2F\\d{2}%2F\\d{4}%20\\d{2}%3A\\d{2}%3A\\d{2}$`));

    const [changed, deleted] = sim.control.records('accounts').slice(0, 2).map((row) => String(row.accountid));
    sim.control.mutate({ entity: 'accounts', id: changed!, fields: { name: 'Renamed Ltd' } });
    sim.control.delete({ entity: 'accounts', id: deleted! });
    const created = String(sim.control.mutate({ entity: 'accounts', fields: { name: 'Brand New plc' } }).accountid);
    const flash = String(sim.control.mutate({ entity: 'accounts', fields: { name: 'Here and gone' } }).accountid);
    sim.control.delete({ entity: 'accounts', id: flash });

    const delta = await getJson<ODataPage>(initial.deltaLink, { ...auth, Prefer: 'odata.track-changes' });
    expect(delta.status).toBe(200);
    expect(delta.body['@odata.context']).toBe(`${sim.apiUrl}/$metadata#accounts(name,modifiedon)/$delta`);
    const values = delta.body.value;
    // New and changed rows look alike and come first; deletions come last.
    expect(values.slice(0, 2).map((row) => row.accountid).sort()).toEqual([changed, created].sort());
    expect(values[0]).toHaveProperty('@odata.etag');
    const deletions = values.slice(2);
    expect(deletions).toEqual([
      { '@odata.context': `${sim.apiUrl}/$metadata#accounts/$deletedEntity`, id: deleted, reason: 'deleted' },
      { '@odata.context': `${sim.apiUrl}/$metadata#accounts/$deletedEntity`, id: flash, reason: 'deleted' },
    ]);
    expect(values.some((row) => row.accountid === flash)).toBe(false);

    const empty = await getJson<ODataPage>(delta.body['@odata.deltaLink']!, { ...auth, Prefer: 'odata.track-changes' });
    expect(empty.body.value).toEqual([]);
    expect(empty.body['@odata.deltaLink']).toMatch(/\$deltatoken=/);
  });

  it('pages large deltas with nextLinks and does not lose changes made while paging', async () => {
    const { deltaLink } = await readAll(`${sim.apiUrl}/contacts?$select=fullname`);
    const ids = sim.control.records('contacts').map((row) => String(row.contactid));
    for (const id of ids.slice(0, 90)) sim.control.mutate({ entity: 'contacts', id, fields: { jobtitle: 'CTO' } });
    for (const id of ids.slice(90, 95)) sim.control.delete({ entity: 'contacts', id });

    const first = await getJson<ODataPage>(deltaLink, { ...auth, ...track });
    expect(first.body.value).toHaveLength(40);
    // A change made between pages belongs to the next delta, not this one.
    sim.control.mutate({ entity: 'contacts', id: ids[0]!, fields: { jobtitle: 'CEO' } });
    const rest = await readAll(first.body['@odata.nextLink']!);
    const all = [...first.body.value, ...rest.rows];
    expect(all.filter((row) => row.reason === 'deleted')).toHaveLength(5);
    expect(all.filter((row) => row.contactid !== undefined)).toHaveLength(90);
    const next = await readAll(rest.deltaLink);
    expect(next.rows.map((row) => row.contactid)).toEqual([ids[0]]);
  });

  it('rejects $filter, $orderby and $top with tracking (400), and untracked tables', async () => {
    for (const [option, value] of [['$filter', 'statecode eq 0'], ['$orderby', 'name'], ['$top', '5']] as const) {
      const reply = await getJson<ODataError>(`${sim.apiUrl}/accounts?${option}=${encodeURIComponent(value)}`, { ...auth, ...track });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toBe(`The "${option}" query parameter isn't supported when Change Tracking is enabled.`);
    }
    expect((await getJson(`${sim.apiUrl}/activitypointers`, { ...auth, ...track })).status).toBe(400);
  });

  it('expires delta tokens on demand with 400 0x80044352, and a new session works', async () => {
    const { deltaLink } = await readAll(`${sim.apiUrl}/leads?$select=subject`);
    await postJson(`${sim.url}/_control/expire-delta-tokens`, {});
    const expired = await getJson<ODataError>(deltaLink, { ...auth, ...track });
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: { code: '0x80044352', message: 'Version stamp associated with the client has expired. Please perform a full sync.' } });
    const fresh = await readAll(`${sim.apiUrl}/leads?$select=subject`);
    expect((await getJson(fresh.deltaLink, { ...auth, ...track })).status).toBe(200);
  });

  it('expires delta tokens older than the retention period on the simulator clock', async () => {
    const { deltaLink } = await readAll(`${sim.apiUrl}/tasks?$select=subject`);
    // Bearer tokens live an hour on the same clock: sign in again after each jump.
    const signIn = async () => ({ ...(await bearerHeader(sim)), ...track });
    sim.control.setClockOffset(6 * 86_400_000);
    expect((await getJson(deltaLink, await signIn())).status).toBe(200);
    sim.control.setClockOffset(8 * 86_400_000);
    const expired = await getJson<ODataError>(deltaLink, await signIn());
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('0x80044352');
  });

  it('rejects malformed delta tokens', async () => {
    expect((await getJson(`${sim.apiUrl}/accounts?$deltatoken=garbage`, { ...auth, ...track })).status).toBe(400);
    expect((await getJson(`${sim.apiUrl}/accounts?$skiptoken=garbage`, { ...auth, ...track })).status).toBe(400);
  });
});
