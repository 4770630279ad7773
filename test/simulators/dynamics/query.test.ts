import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/helpers.ts';
import { bearerHeader, type ODataError, type ODataPage } from '../support/dynamics.ts';
import { startDynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';
import type { DynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';

const q = (text: string): string => encodeURIComponent(text);

describe('Dynamics simulator: queries and paging', () => {
  let sim: DynamicsSimulator;
  let auth: Record<string, string>;
  const get = <T = ODataPage>(path: string, headers: Record<string, string> = {}) => getJson<T>(`${sim.apiUrl}/${path}`, { ...auth, ...headers });

  beforeAll(async () => {
    sim = await startDynamicsSimulator({ seed: 7, recordsPerEntity: 120 });
    auth = { ...(await bearerHeader(sim)), Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' };
  });
  afterAll(() => sim.close());

  it('serves rows with etag, GUID keys and UTC Z stamps, default order by primary key', async () => {
    const reply = await get('accounts');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('odata-version')).toBe('4.0');
    expect(reply.body['@odata.context']).toBe(`${sim.apiUrl}/$metadata#accounts`);
    expect(reply.body.value).toHaveLength(120);
    const first = reply.body.value[0]!;
    expect(first['@odata.etag']).toMatch(/^W\/"\d+"$/);
    expect(first.accountid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.modifiedon).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const ids = reply.body.value.map((row) => String(row.accountid));
    expect(ids).toEqual([...ids].sort());
  });

  it('accepts v9.0 and v9.1 paths, and reports unknown sets as 404 0x8006088a', async () => {
    expect((await getJson(`${sim.url}/api/data/v9.0/contacts?$top=1`, auth)).status).toBe(200);
    expect((await getJson(`${sim.url}/api/data/v9.1/tasks?$top=1`, auth)).status).toBe(200);
    const missing = await get<ODataError>('widgets');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('0x8006088a');
  });

  it('projects $select (keeping the primary key) and reflects it in @odata.context', async () => {
    const reply = await get('contacts?$select=fullname,modifiedon&$top=2');
    expect(reply.body['@odata.context']).toBe(`${sim.apiUrl}/$metadata#contacts(fullname,modifiedon)`);
    expect(Object.keys(reply.body.value[0]!)).toEqual(['@odata.etag', 'fullname', 'modifiedon', 'contactid']);
  });

  it('filters by date, text functions and lookups, and sorts by several keys', async () => {
    const cutoff = '2024-06-01T00:00:00Z';
    const expected = sim.control.records('accounts').filter((row) => (row.modifiedon as number) > Date.parse(cutoff)).length;
    const reply = await get(`accounts?$select=name,modifiedon&$filter=${q(`modifiedon gt ${cutoff}`)}&$orderby=${q('modifiedon desc,accountid asc')}`);
    expect(reply.body.value).toHaveLength(expected);
    const stamps = reply.body.value.map((row) => String(row.modifiedon));
    expect(stamps).toEqual([...stamps].sort().reverse());

    const account = sim.control.records('accounts')[0]!;
    const contacts = await get(`contacts?$filter=${q(`_parentcustomerid_value eq ${String(account.accountid)}`)}`);
    expect(contacts.body.value.every((row) => row._parentcustomerid_value === account.accountid)).toBe(true);

    const name = String(account.name);
    const byText = await get(`accounts?$filter=${q(`contains(name,'${name.slice(1, 5).replace(/'/g, "''").toUpperCase()}')`)}`);
    expect(byText.body.value.map((row) => row.accountid)).toContain(account.accountid);
  });

  it('answers query errors with 400 0x80060888', async () => {
    const quoted = await get<ODataError>(`accounts?$filter=${q("modifiedon gt '2024-01-01'")}`);
    expect(quoted.status).toBe(400);
    expect(quoted.body.error.code).toBe('0x80060888');
    expect((await get<ODataError>('accounts?$skip=10')).body.error.message).toBe('The query parameter $skip is not supported.');
    expect((await get<ODataError>('accounts?$select=Name')).status).toBe(400);
    expect((await get<ODataError>(`accounts?$orderby=${q('nope desc')}`)).status).toBe(400);
    expect((await get<ODataError>('accounts?$top=-1')).status).toBe(400);
    expect((await get<ODataError>('accounts?$frobnicate=1')).status).toBe(400);
  });

  it('pages by Prefer: odata.maxpagesize with opaque $skiptoken nextLinks, echoing Preference-Applied', async () => {
    const prefer = { Prefer: 'odata.maxpagesize=50' };
    const first = await get(`leads?$select=fullname&$count=true`, prefer);
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=50');
    expect(first.body.value).toHaveLength(50);
    expect(first.body['@odata.count']).toBe(120);
    const next = first.body['@odata.nextLink']!;
    expect(next).toMatch(new RegExp(`^${sim.apiUrl}/leads\\?\\$select=fullname&\\$count=true&\\$skiptoken=%3Ccookie%20pagenumber=%222%22`));

    const ids = first.body.value.map((row) => row.leadid);
    let link: string | undefined = next;
    let pages = 1;
    while (link) {
      const page: Awaited<ReturnType<typeof getJson<ODataPage>>> = await getJson<ODataPage>(link, { ...auth, ...prefer });
      expect(page.status).toBe(200);
      ids.push(...page.body.value.map((row) => row.leadid));
      link = page.body['@odata.nextLink'];
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(120);
  });

  it('keeps keyset paging stable when rows change between pages', async () => {
    const prefer = { Prefer: 'odata.maxpagesize=40' };
    const first = await get('opportunities?$select=name', prefer);
    const seen = first.body.value.map((row) => String(row.opportunityid));
    sim.control.mutate({ entity: 'opportunities', fields: { name: 'Inserted mid-paging' } });
    sim.control.mutate({ entity: 'opportunities', id: seen[0]!, fields: { name: 'Changed' } });
    let link = first.body['@odata.nextLink'];
    while (link) {
      const page: Awaited<ReturnType<typeof getJson<ODataPage>>> = await getJson<ODataPage>(link, { ...auth, ...prefer });
      seen.push(...page.body.value.map((row) => String(row.opportunityid)));
      link = page.body['@odata.nextLink'];
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(120);
  });

  it('ignores maxpagesize above 5000 and treats $top as a total limit without nextLink', async () => {
    const big = await get('annotations', { Prefer: 'odata.maxpagesize=9000' });
    expect(big.headers.get('preference-applied')).toBeNull();
    expect(big.body.value).toHaveLength(120);
    const top = await get('annotations?$top=10', { Prefer: 'odata.maxpagesize=3' });
    expect(top.body.value).toHaveLength(10);
    expect(top.body['@odata.nextLink']).toBeUndefined();
  });

  it('serves single records and 404 0x80040217 for unknown ids', async () => {
    const task = sim.control.records('tasks')[0]!;
    const one = await get<Record<string, unknown>>(`tasks(${String(task.activityid)})?$select=subject`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ '@odata.context': `${sim.apiUrl}/$metadata#tasks(subject)/$entity`, activityid: task.activityid });
    const missing = await get<ODataError>('tasks(00000000-0000-0000-0000-000000000001)');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('0x80040217');
    expect((await get<ODataError>('tasks(42)')).status).toBe(400);
  });

  it('shows every activity in activitypointers (tasks included) and lists tracked tables in EntityDefinitions', async () => {
    const pointers = await get(`activitypointers?$select=activitytypecode&$filter=${q("activitytypecode eq 'task'")}`);
    expect(pointers.body.value).toHaveLength(120);
    const all = await get('activitypointers?$count=true&$top=1');
    expect(all.body['@odata.count']).toBe(240);
    const defs = await get(`EntityDefinitions?$select=SchemaName&$filter=${q('ChangeTrackingEnabled eq true')}`);
    const names = defs.body.value.map((row) => row.SchemaName);
    expect(names).toContain('Account');
    expect(names).not.toContain('ActivityPointer');
  });

  it('keeps fractional seconds when configured', async () => {
    const fractional = await startDynamicsSimulator({ recordsPerEntity: 3, fractionalSeconds: true });
    try {
      const row = fractional.control.mutate({ entity: 'accounts', fields: { name: 'Precise' } });
      expect(row.modifiedon).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    } finally {
      await fractional.close();
    }
  });
});

describe('Dynamics simulator: seeds and scale', () => {
  it('generates the same data for the same seed', async () => {
    const [a, b, c] = await Promise.all([
      startDynamicsSimulator({ seed: 3, recordsPerEntity: 15 }),
      startDynamicsSimulator({ seed: 3, recordsPerEntity: 15 }),
      startDynamicsSimulator({ seed: 4, recordsPerEntity: 15 }),
    ]);
    try {
      expect(a.control.records('contacts')).toEqual(b.control.records('contacts'));
      expect(a.control.records('contacts')).not.toEqual(c.control.records('contacts'));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('serves 10,000 rows through nextLinks quickly', async () => {
    const sim = await startDynamicsSimulator({ recordsPerEntity: 10_000 });
    try {
      const headers = { ...(await bearerHeader(sim)), Prefer: 'odata.maxpagesize=500' };
      const started = performance.now();
      const ids = new Set<unknown>();
      let link: string | undefined = `${sim.apiUrl}/contacts?$select=fullname,modifiedon&$filter=${q('modifiedon gt 2000-01-01T00:00:00Z')}&$orderby=${q('modifiedon asc')}`;
      while (link) {
        const page: Awaited<ReturnType<typeof getJson<ODataPage>>> = await getJson<ODataPage>(link, headers);
        for (const row of page.body.value) ids.add(row.contactid);
        link = page.body['@odata.nextLink'];
      }
      expect(ids.size).toBe(10_000);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await sim.close();
    }
  });
});
