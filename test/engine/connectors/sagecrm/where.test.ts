/**
 * The hub where clause (Cloud Elements' query language) and its translation into Sage CRM's SData
 * `where`: a table of clauses, every clause of the seed fixtures, and what cannot be translated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CeqlError, parseCeql, parseHubDate } from '../../../../shared/config/ceql.ts';
import { parseHubUrl } from '../../../../shared/config/hubUrl.ts';
import { validateInstance } from '../../../../shared/config/instance.ts';
import { sageBaseUrl, sageQuery, toSDataWhere } from '../../../../shared/config/sagecrm.ts';
import { renderUrlTemplate } from '../../../../shared/urlMacros.ts';
import { compileWhere, parseWhere } from '../../../../electron/simulators/sagecrm/where.ts';
import { SEEDS } from '../../../support/seeds.ts';
import sdataWhereCases from './cases/sdataWhere.json' with { type: 'json' };

/** A hub where clause, and the SData where it becomes. */
const sdataWheres: readonly { where: string; sdata: string }[] = sdataWhereCases;

const AT = Date.UTC(2024, 2, 1, 10, 0, 0);

describe('hub where → SData where', () => {
  // As rows: a title from $where would cut a long clause short.
  it.each(sdataWheres.map(({ where, sdata }) => [where, sdata]))('%s', (where, sdata) => {
    expect(toSDataWhere(where)).toBe(sdata);
    // The simulator (the SData contract) parses what we send.
    expect(() => parseWhere(sdata)).not.toThrow();
  });

  it.each([
    ['', /empty/],
    ['Comp_Name', /expected a comparison after "Comp_Name"/],
    ["Comp_Name = ", /expected a value/],
    ["Comp_Name = 'x", /no closing '/],
    ["Comp_Name = Other_Field", /quote text values/],
    ["Comp_Name == 'x'", /expected a value/],
    ["(Comp_Name = 'x'", /expected "\)"/],
    ["Comp_Name = 'x')", /expected "and", "or" or the end/],
    ["Comp_Name = 'x' and", /expected a field name/],
    ["not Comp_Name = 'x'", /"not" is not supported/],
    ['Comp_Deleted is null', /"is" is not supported/],
    ["Comp_CompanyId between 1 and 3", /"between" is not supported/],
    ['Comp_Name in (', /expected a value/],
    ["Comp_Name in ('a' 'b')", /expected "," or "\)"/],
    ["Comp_Name ~ 'a'", /unexpected "~"/],
    ['12abc = 1', /neither a number nor a field name/],
    ['Comp_Name like 5', /quoted pattern/],
    ['Comp_Flag = true', /no true\/false values/],
    ['Comp_Deleted > null', /only = null and != null/],
    ["Comp_Name in ('a', null)", /cannot list null/],
    ["fetchChanges='true'", /Dynamics change tracking; Sage CRM has none/],
  ])('cannot translate %j', (where, message) => {
    expect(() => toSDataWhere(where)).toThrow(CeqlError);
    expect(() => toSDataWhere(where)).toThrow(message);
  });

  it('says where in the clause a syntax error is', () => {
    expect(() => parseCeql("Comp_Name = 'x' oops")).toThrow('(at character 17)');
  });

  it('selects the same rows in the simulator as the clause means', () => {
    const rows = [
      { Comp_UpdatedDate: Date.UTC(2024, 2, 1, 9, 59, 59), Comp_Type: 'Customer' },
      { Comp_UpdatedDate: Date.UTC(2024, 2, 1, 10, 0, 0), Comp_Type: 'Customer' },
      { Comp_UpdatedDate: Date.UTC(2024, 2, 1, 10, 0, 1), Comp_Type: 'Partner' },
      { Comp_UpdatedDate: Date.UTC(2024, 2, 1, 10, 0, 2), Comp_Type: 'Supplier' },
    ];
    const fields = { comp_updateddate: { name: 'Comp_UpdatedDate', type: 'datetime' as const }, comp_type: { name: 'Comp_Type', type: 'string' as const } };
    const where = toSDataWhere("Comp_UpdatedDate>'2024-03-01T05:00:00-05:00' and (Comp_Type='Partner' or Comp_Type='Supplier')");
    // The server's own zone does not change what a Z literal means.
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'UTC']) {
      const predicate = compileWhere(parseWhere(where), (name) => fields[name.toLowerCase() as keyof typeof fields], zone);
      expect(rows.filter(predicate)).toEqual(rows.slice(2));
    }
  });
});

describe('the seed fixtures', () => {
  const sageResources = () => {
    const document = JSON.parse(readFileSync(join(SEEDS, 'sagecrm-instance-example.json'), 'utf8')) as unknown;
    return validateInstance(document).config?.resources ?? [];
  };

  it('translates the where clause of every Sage CRM resource, macros filled', () => {
    const queries = Object.fromEntries(sageResources().map((resource) => [resource.name, sageQuery(resource, AT)]));
    expect(Object.fromEntries(Object.entries(queries).map(([name, query]) => [name, [query.entity.entity, query.where]]))).toEqual({
      accounts: ['company', 'Comp_UpdatedDate gt @2024-03-01T10:00:00Z@'],
      contacts: ['person', 'Pers_UpdatedDate gt @2024-03-01T10:00:00Z@'],
      leads: ['lead', 'Lead_UpdatedDate gt @2024-03-01T10:00:00Z@'],
      opportunities: ['opportunity', 'Oppo_UpdatedDate gt @2024-03-01T10:00:00Z@'],
      users: ['user', 'User_UpdatedDate gt @2024-03-01T10:00:00Z@'],
    });
  });

  it('parses the where clause of every fixture, of every element', () => {
    const clauses: string[] = [];
    for (const name of readdirSync(SEEDS).filter((file) => file.endsWith('.json'))) {
      const config = validateInstance(JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as unknown).config;
      for (const resource of config?.resources ?? []) {
        const where = parseHubUrl(renderUrlTemplate(resource.url, AT)).params.get('where');
        if (where !== undefined) clauses.push(where);
      }
    }
    expect(clauses.length).toBeGreaterThanOrEqual(5 + 5 + 7 * 3);
    for (const where of clauses) expect(() => parseCeql(where)).not.toThrow();
    expect(new Set(clauses)).toContain("fetchChanges='true'");
    expect(new Set(clauses)).toContain("modifiedon >'2024-03-01T10:00:00Z'");
  });
});

describe('hub URLs', () => {
  it.each([
    ["/hubs/crm/accounts?where=Comp_UpdatedDate>'x'", 'accounts', "Comp_UpdatedDate>'x'"],
    ['hubs/crm/contacts', 'contacts', undefined],
    ['/leads?where=a%20%3D%201', 'leads', 'a = 1'],
    ["https://api.cloud-elements.com/elements/api-v2/hubs/crm/users?where=a='b?c&d'&pageSize=50", 'users', "a='b?c&d'"],
    ["/hubs/crm/accounts?where=Comp_UpdatedDate>'2024-03-01T05:00:00+05:00'", 'accounts', "Comp_UpdatedDate>'2024-03-01T05:00:00+05:00'"],
  ])('%s', (url, resource, where) => {
    const hub = parseHubUrl(url);
    expect(hub.resource).toBe(resource);
    expect(hub.params.get('where')).toBe(where);
  });

  it('rejects a URL that names no resource, or a sub-resource', () => {
    expect(() => parseHubUrl('/hubs/crm/')).toThrow('names no resource');
    expect(() => parseHubUrl('/hubs/crm/accounts/43/contacts')).toThrow('sub-resource');
  });

  it('reads dates the hub way (UTC unless a zone is written)', () => {
    expect(parseHubDate('2024-03-01T10:00:00Z')).toBe(AT);
    expect(parseHubDate('2024-03-01T10:00:00')).toBe(AT);
    expect(parseHubDate('2024-03-01T15:30:00+0530')).toBe(AT);
    expect(parseHubDate('2024-02-30T10:00:00Z')).toBeUndefined();
    expect(parseHubDate('Gatecom')).toBeUndefined();
  });
});

describe('the Sage CRM server address', () => {
  it.each([
    ['sagecrm-0.cloud-elements.com', 'https://sagecrm-0.cloud-elements.com/sdata/crmj/sagecrm2/-/'],
    ['crm.example.com:8443', 'https://crm.example.com:8443/sdata/crmj/sagecrm2/-/'],
    ['https://crm.example.com/sdata/salesj/sagecrm2/-', 'https://crm.example.com/sdata/salesj/sagecrm2/-/'],
    ['http://127.0.0.1:8123', 'http://127.0.0.1:8123/sdata/crmj/sagecrm2/-/'],
    ['http://localhost:8123/', 'http://localhost:8123/sdata/crmj/sagecrm2/-/'],
  ])('%s → %s', (subdomain, url) => {
    expect(sageBaseUrl(subdomain, false)).toEqual({ url });
  });

  it('refuses plain http to another host unless allowed', () => {
    expect(sageBaseUrl('http://crm.example.com', false)).toEqual({ error: expect.stringContaining('allow.insecure.http') });
    expect(sageBaseUrl('http://crm.example.com', true)).toEqual({ url: 'http://crm.example.com/sdata/crmj/sagecrm2/-/' });
    expect(sageBaseUrl('ftp://crm.example.com', true)).toEqual({ error: expect.stringContaining('https://') });
    expect(sageBaseUrl('https://me:pw@crm.example.com', true)).toEqual({ error: expect.stringContaining('credentials') });
  });
});
