import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, getJson, postJson } from '../support/helpers.ts';
import { startSageCrmSimulator } from '../../../electron/simulators/sagecrm/server.ts';
import type { SageCrmSimulator } from '../../../electron/simulators/sagecrm/server.ts';

interface Envelope {
  $totalResults: number;
  $startIndex: number;
  $itemsPerPage: number;
  $resources: Array<Record<string, unknown> & { $key: string; $url: string }>;
}
interface Diagnoses {
  $diagnoses: Array<{ $severity: string; $sdataCode: string; $message: string; $applicationCode: string }>;
}

const where = (expression: string): string => `where=${encodeURIComponent(expression)}`;

describe('Sage CRM simulator', () => {
  let sim: SageCrmSimulator;
  let auth: Record<string, string>;
  const get = <T = Envelope>(path: string, headers = auth) => getJson<T>(`${sim.baseUrl}${path}`, headers);

  beforeAll(async () => {
    sim = await startSageCrmSimulator({ seed: 42, recordsPerEntity: 250 });
    auth = { Authorization: basicAuth(sim.username, sim.password) };
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.reset());

  describe('authentication and lockout', () => {
    it('answers 401 without or with wrong credentials, 200 with the right ones', async () => {
      expect((await get('company', {})).status).toBe(401);
      const wrong = await get<Diagnoses>('company', { Authorization: basicAuth(sim.username, 'nope') });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(wrong.body.$diagnoses[0]?.$severity).toBe('error');
      expect((await get('company')).status).toBe(200);
    });

    it('locks the account after 5 consecutive bad passwords: then even the right password fails until unlock', async () => {
      for (let i = 0; i < 5; i++) expect((await get('company', { Authorization: basicAuth('ADMIN', `bad${i}`) })).status).toBe(401);
      const locked = await get<Diagnoses>('company');
      expect(locked.status).toBe(401);
      expect(locked.body.$diagnoses[0]?.$message).toMatch(/locked/);
      expect(sim.control.accounts().admin).toMatchObject({ locked: true, consecutiveFailures: 5, attemptsWhileLocked: 1 });
      expect(sim.control.requestCount()).toBe(6);

      expect((await postJson(`${sim.url}/_control/unlock`, { username: 'admin' })).status).toBe(200);
      expect((await get('company')).status).toBe(200);
    });

    it('resets the failure count after a good login (consecutive failures only)', async () => {
      for (let i = 0; i < 4; i++) await get('company', { Authorization: basicAuth(sim.username, 'bad') });
      expect((await get('company')).status).toBe(200);
      for (let i = 0; i < 4; i++) await get('company', { Authorization: basicAuth(sim.username, 'bad') });
      expect((await get('company')).status).toBe(200);
    });
  });

  describe('records and envelope', () => {
    it('serves the SData envelope with prefixed fields, $key and an http:// $url', async () => {
      const reply = await get('company?startIndex=1&count=5');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ $totalResults: 250, $startIndex: 1, $itemsPerPage: 5 });
      const first = reply.body.$resources[0]!;
      expect(first.$key).toBe(String(first.Comp_CompanyId));
      expect(first.$url).toBe(`${sim.url.replace('https:', 'http:')}/sdata/crmj/sagecrm2/-/company('${first.$key}')`);
      expect(Object.keys(first)).toEqual(expect.arrayContaining(['Comp_Name', 'Comp_Type', 'Comp_CreatedDate', 'Comp_UpdatedDate', 'Comp_Deleted']));
      expect(first.Comp_Deleted).toBeNull();
    });

    it('names fields with each entity prefix (lead uses Lead_CreatedDate)', async () => {
      for (const [entity, key] of [['person', 'Pers_PersonId'], ['lead', 'Lead_LeadId'], ['opportunity', 'Oppo_OpportunityId'], ['user', 'User_UserId']] as const) {
        const reply = await get(`${entity}?count=1`);
        expect(reply.status).toBe(200);
        expect(reply.body.$resources[0]).toHaveProperty(key);
      }
      const lead = (await get('lead?count=1')).body.$resources[0]!;
      expect(lead).toHaveProperty('Lead_CreatedDate');
      expect(lead).not.toHaveProperty('lead_createddate');
    });

    it("serves a single record as company('43') and 404 for unknown ids and entities", async () => {
      const one = await get<Record<string, unknown>>("company('43')");
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ $key: '43', Comp_CompanyId: 43 });
      expect((await get<Diagnoses>("company('99999')")).status).toBe(404);
      const unknown = await get<Diagnoses>('widgets');
      expect(unknown.status).toBe(404);
      expect(unknown.body.$diagnoses[0]?.$sdataCode).toBe('ResourceKindNotFound');
    });

    it('supports $select of the key only (id reconciliation)', async () => {
      const reply = await get('company?$select=comp_companyid&count=100');
      expect(Object.keys(reply.body.$resources[0]!).sort()).toEqual(['$key', '$url', 'Comp_CompanyId'].sort());
      expect((await get('company?select=Comp_Nope')).status).toBe(400);
    });
  });

  describe('where', () => {
    it('filters with timestamp literals and case-insensitive field names', async () => {
      const all = sim.control.records('company');
      const cutoff = Date.parse('2024-06-01T00:00:00Z');
      const expected = all.filter((row) => (row.Comp_UpdatedDate as number) > cutoff).length;
      const reply = await get(`company?${where('comp_updateddate gt @2024-06-01T00:00:00Z@')}&count=100`);
      expect(reply.status).toBe(200);
      expect(reply.body.$totalResults).toBe(expected);
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(250);
    });

    it('answers a bad expression with 400 and the $diagnoses body (BadWhereSyntax)', async () => {
      const reply = await get<Diagnoses>(`company?${where("Comp_UpdatedDate>'2024-03-01T10:00:00Z'")}`);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ $diagnoses: [{ $severity: 'error', $sdataCode: 'BadWhereSyntax', $message: 'Invalid query syntax', $applicationCode: '2403' }] });
      expect(reply.headers.get('x-simulator-detail')).toMatch(/unexpected '>'/);
      expect((await get(`company?${where("comp_nothing eq 'x'")}`)).status).toBe(400);
    });

    it('refuses in, between and not (beyond the documented dialect) with BadWhereSyntax, unless told to accept them', async () => {
      for (const expression of ['comp_companyid in (1, 2)', 'comp_companyid between 1 and 2', 'not comp_companyid eq 1']) {
        const reply = await get<Diagnoses>(`company?${where(expression)}`);
        expect(reply.status).toBe(400);
        expect(reply.body.$diagnoses[0]?.$sdataCode).toBe('BadWhereSyntax');
      }
      expect((await get(`company?${where('comp_companyid eq 1 or comp_companyid eq 2')}`)).body.$totalResults).toBe(2);
      const extended = await startSageCrmSimulator({ recordsPerEntity: 5, extendedWhere: true });
      try {
        const reply = await getJson<Envelope>(`${extended.baseUrl}company?${where('comp_companyid in (1, 2)')}`, { Authorization: basicAuth(extended.username, extended.password) });
        expect(reply.body.$totalResults).toBe(2);
      } finally {
        await extended.close();
      }
    });

    it('reads an unencoded + in an offset as a space, as servers do (clients must encode it)', async () => {
      const raw = await get('company?where=comp_updateddate%20gt%20@2024-03-01T10:00:00+05:00@');
      expect(raw.status).toBe(400);
      const encoded = await get(`company?${where('comp_updateddate gt @2024-03-01T10:00:00+05:00@')}`);
      expect(encoded.status).toBe(200);
    });
  });

  describe('paging', () => {
    it('caps count at 100 and reports it in $itemsPerPage', async () => {
      const reply = await get('company?startIndex=1&count=500');
      expect(reply.body.$itemsPerPage).toBe(100);
      expect(reply.body.$resources).toHaveLength(100);
      expect(reply.body.$totalResults).toBe(250);
      const last = await get('company?startIndex=201&count=100');
      expect(last.body.$resources).toHaveLength(50);
      expect((await get('company?startIndex=0')).status).toBe(400);
      expect((await get('company?count=-1')).status).toBe(400);
    });

    it('returns rows in no particular order, stable while nothing changes', async () => {
      const keys = async () => {
        const seen: string[] = [];
        for (let start = 1; start <= 250; start += 100) seen.push(...(await get(`company?startIndex=${start}&count=100`)).body.$resources.map((r) => r.$key));
        return seen;
      };
      const first = await keys();
      expect(new Set(first).size).toBe(250);
      const numeric = first.map(Number);
      expect(numeric).not.toEqual([...numeric].sort((a, b) => a - b));
      expect(await keys()).toEqual(first);
    });

    it('lets an update between pages make naive offset paging skip or repeat rows', async () => {
      const page1 = (await get('company?startIndex=1&count=100')).body.$resources.map((r) => r.$key);
      sim.control.mutate({ entity: 'company', id: 7, fields: { Comp_Status: 'Inactive' } });
      const page2 = (await get('company?startIndex=101&count=100')).body.$resources.map((r) => r.$key);
      const page3 = (await get('company?startIndex=201&count=100')).body.$resources.map((r) => r.$key);
      const seen = [...page1, ...page2, ...page3];
      const repeats = seen.length - new Set(seen).size;
      const missing = 250 - new Set(seen).size;
      expect(repeats).toBeGreaterThan(0);
      expect(missing).toBe(repeats);
    });

    it('can be ordered by key with ordered: true, and honors orderBy only when supported', async () => {
      const ordered = await startSageCrmSimulator({ recordsPerEntity: 30, ordered: true, orderBySupport: true });
      try {
        const headers = { Authorization: basicAuth(ordered.username, ordered.password) };
        const byKey = await getJson<Envelope>(`${ordered.baseUrl}company?count=30`, headers);
        expect(byKey.body.$resources.map((r) => Number(r.$key))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        const desc = await getJson<Envelope>(`${ordered.baseUrl}company?count=30&orderBy=${encodeURIComponent('Comp_CompanyId desc')}`, headers);
        expect(desc.body.$resources[0]?.$key).toBe('30');
      } finally {
        await ordered.close();
      }
      // The default (pre-2024 R2) server ignores orderBy.
      const ignored = await get(`company?count=100&orderBy=${encodeURIComponent('Comp_CompanyId asc')}`);
      const keys = ignored.body.$resources.map((r) => Number(r.$key));
      expect(keys).not.toEqual([...keys].sort((x, y) => x - y));
    });
  });

  describe('dates and time zones', () => {
    it('serializes dates with the server offset (EST and EDT)', async () => {
      sim.control.mutate({ entity: 'company', id: 1, fields: { Comp_UpdatedDate: '2024-03-01T10:00:00Z', Comp_CreatedDate: '2024-07-01T10:00:00Z' } });
      const one = (await get<Record<string, unknown>>("company('1')")).body;
      expect(one.Comp_UpdatedDate).toBe('2024-03-01T05:00:00-05:00');
      expect(one.Comp_CreatedDate).toBe('2024-07-01T06:00:00-04:00');
    });

    it('serializes bare local wall time on a misconfigured server, and follows setZone', async () => {
      sim.control.mutate({ entity: 'company', id: 1, fields: { Comp_UpdatedDate: '2024-03-01T10:00:00Z' } });
      sim.control.setDateStyle('local');
      expect((await get<Record<string, unknown>>("company('1')")).body.Comp_UpdatedDate).toBe('2024-03-01T05:00:00');
      const zone = await postJson(`${sim.url}/_control/zone`, { timeZone: 'Asia/Kolkata', dateStyle: 'offset' });
      expect(zone.body).toEqual({ timeZone: 'Asia/Kolkata', dateStyle: 'offset' });
      expect((await get<Record<string, unknown>>("company('1')")).body.Comp_UpdatedDate).toBe('2024-03-01T15:30:00+05:30');
      // A literal without offset is now Kolkata time.
      const local = await get(`company?${where('comp_updateddate eq @2024-03-01T15:30:00@ and comp_companyid eq 1')}`);
      expect(local.body.$totalResults).toBe(1);
    });
  });

  describe('soft deletes', () => {
    it('flags the row deleted and hides it from collections and single GETs', async () => {
      const before = (await get('company?count=1')).body.$totalResults;
      expect((await postJson(`${sim.url}/_control/delete`, { entity: 'company', id: 43 })).status).toBe(200);
      expect((await get('company?count=1')).body.$totalResults).toBe(before - 1);
      expect((await get("company('43')")).status).toBe(404);
      const keys = (await get(`company?${where('comp_companyid eq 43')}`)).body.$totalResults;
      expect(keys).toBe(0);
      expect(sim.control.record('company', 43)).toMatchObject({ Comp_Deleted: 1 });
      const state = (await getJson<{ entities: Record<string, { deleted: number; count: number }> }>(`${sim.url}/_control/state?records=false`)).body;
      expect(state.entities.company).toMatchObject({ deleted: 1, count: 249 });
    });
  });

  describe('clock', () => {
    it('sends Date from the simulator clock and stamps changes with it', async () => {
      const dayMs = 86_400_000;
      await postJson(`${sim.url}/_control/clock`, { offsetMs: 10 * dayMs });
      const reply = await get('company?count=1');
      const serverDate = Date.parse(reply.headers.get('date')!);
      expect(Math.abs(serverDate - (Date.now() + 10 * dayMs))).toBeLessThan(5000);
      expect(reply.headers.get('date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);

      const created = (await postJson(`${sim.url}/_control/mutate`, { entity: 'company', fields: { Comp_Name: 'Northwind' } })).body;
      expect(created).toMatchObject({ Comp_Name: 'Northwind', Comp_CompanyId: 251, Comp_Deleted: null });
      const stamp = Date.parse(String(created.Comp_UpdatedDate));
      expect(Math.abs(stamp - (Date.now() + 10 * dayMs))).toBeLessThan(5000);
      expect(created.Comp_CreatedDate).toBe(created.Comp_UpdatedDate);
      expect(String(created.Comp_UpdatedDate)).toMatch(/[+-]\d{2}:\d{2}$/);
    });
  });
});

describe('Sage CRM simulator: seeds, scale and lifecycle', () => {
  it('generates the same data for the same seed and different data for another', async () => {
    const [a, b, c] = await Promise.all([
      startSageCrmSimulator({ seed: 'alpha', recordsPerEntity: 20 }),
      startSageCrmSimulator({ seed: 'alpha', recordsPerEntity: 20 }),
      startSageCrmSimulator({ seed: 'beta', recordsPerEntity: 20 }),
    ]);
    try {
      expect(a.control.records('person')).toEqual(b.control.records('person'));
      expect(a.control.records('person')).not.toEqual(c.control.records('person'));
      const page = async (sim: SageCrmSimulator) => (await getJson<Envelope>(`${sim.baseUrl}person?count=20`, { Authorization: basicAuth(sim.username, sim.password) })).body.$resources.map((r) => r.$key);
      expect(await page(a)).toEqual(await page(b));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('serves 10,000 records in pages of 100 quickly', async () => {
    const sim = await startSageCrmSimulator({ recordsPerEntity: 10_000 });
    try {
      const headers = { Authorization: basicAuth(sim.username, sim.password) };
      const started = performance.now();
      const keys = new Set<string>();
      for (let start = 1; start <= 10_000; start += 100) {
        const reply = await getJson<Envelope>(`${sim.baseUrl}opportunity?${where('oppo_updateddate gt @2000-01-01T00:00:00Z@')}&startIndex=${start}&count=100`, headers);
        for (const resource of reply.body.$resources) keys.add(resource.$key);
      }
      expect(keys.size).toBe(10_000);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await sim.close();
    }
  });

  it('makes live changes on a timer and closes cleanly', async () => {
    const sim = await startSageCrmSimulator({ recordsPerEntity: 10, changesPerMinute: 6000 });
    const versionsBefore = JSON.stringify(sim.control.state({ records: false }).entities);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(JSON.stringify(sim.control.state({ records: false }).entities)).not.toBe(versionsBefore);
    await sim.close();
    await expect(fetch(`${sim.baseUrl}company`)).rejects.toThrow();
  });
});
