/**
 * The hub where clause as Dynamics understands it: `fetchChanges='true'` is change tracking, anything
 * else an OData `$filter` (checked against the simulator's OData parser); the organization's API URL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CeqlError } from '../../../../shared/config/ceql.ts';
import { dynamicsEndpoint, dynamicsQuery, toODataQuery } from '../../../../shared/config/dynamics.ts';
import { validateInstance } from '../../../../shared/config/instance.ts';
import { authorityFromChallenge, configuredAuthority, parseBearerChallenge } from '../../../../electron/engine/connectors/dynamics/auth.ts';
import { parseFilter } from '../../../../electron/simulators/dynamics/odata.ts';
import { SEEDS } from '../../../support/seeds.ts';
import odataFilterCases from './cases/odataFilters.json' with { type: 'json' };

/** A hub where clause, and the OData $filter it becomes. */
const odataFilters: readonly { where: string; filter: string }[] = odataFilterCases;

const AT = Date.UTC(2024, 2, 1, 10, 0, 0);

describe('hub where → OData', () => {
  // As rows: a title from $where would cut a long clause short.
  it.each(odataFilters.map(({ where, filter }) => [where, filter]))('%s', (where, filter) => {
    expect(toODataQuery(where)).toEqual({ tracking: false, filter });
    expect(() => parseFilter(filter)).not.toThrow();
  });

  it.each([["fetchChanges='true'", true], ['fetchChanges = true', true], ["FETCHCHANGES='TRUE'", true], ["fetchChanges='false'", false]])('%s', (where, tracking) => {
    expect(toODataQuery(where)).toEqual({ tracking });
  });

  it.each([
    ["fetchChanges='true' and modifiedon>'2024-03-01T10:00:00Z'", /must be the whole where clause/],
    ["fetchChanges='maybe'", /'true' or 'false'/],
    ["name like '%a_b%'", /cannot be written in OData/],
    ["name like 'a%b'", /cannot be written in OData/],
    ["name like '%'", /cannot be written in OData/],
    ['name like 3', /quoted pattern/],
    ['revenue > null', /only = null and != null/],
    ["name = 'x' or", /expected a field name/],
  ])('cannot translate %j', (where, message) => {
    expect(() => toODataQuery(where)).toThrow(CeqlError);
    expect(() => toODataQuery(where)).toThrow(message);
  });
});

describe('the Dynamics seed fixtures', () => {
  const resources = (file: string) => validateInstance(JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as unknown).config?.resources ?? [];

  it.each(['dynamicscrmadfs-instance-2016.json', 'dynamicscrmadfs-instance-2016-string-config.json'])('%s polls every resource by change tracking', (file) => {
    const queries = resources(file).map((resource) => dynamicsQuery(resource, AT));
    expect(queries.map((query) => [query.mode, query.set.entitySet])).toEqual([
      ['tracking', 'accounts'],
      ['tracking', 'contacts'],
      ['tracking', 'opportunities'],
      ['tracking', 'leads'],
      ['tracking', 'tasks'],
      ['tracking', 'annotations'],
      ['tracking', 'activitypointers'],
    ]);
  });

  it('polls the legacy fixture by modifiedon, macros filled', () => {
    const queries = resources('dynamicscrmadfs-instance-legacy.json').map((resource) => dynamicsQuery(resource, AT));
    expect(queries).toHaveLength(7);
    for (const query of queries) expect(query).toMatchObject({ mode: 'filter', filter: 'modifiedon gt 2024-03-01T10:00:00Z' });
    expect(queries.map((query) => query.set.primaryKey)).toEqual(['accountid', 'contactid', 'opportunityid', 'leadid', 'activityid', 'annotationid', 'activityid']);
  });
});

describe('the organization address', () => {
  it.each([
    ['yourcompanyname.crm.dynamics.com', undefined, 'https://yourcompanyname.crm.dynamics.com/api/data/v9.2'],
    ['yourcompanyname.crm.dynamics.com', 'v9.0', 'https://yourcompanyname.crm.dynamics.com/api/data/v9.0'],
    ['https://crm.contoso.local/Contoso', 'v9.1', 'https://crm.contoso.local/Contoso/api/data/v9.1'],
    ['https://crm.contoso.local/Contoso/api/data/v9.0/', undefined, 'https://crm.contoso.local/Contoso/api/data/v9.0'],
    ['http://127.0.0.1:5555', undefined, 'http://127.0.0.1:5555/api/data/v9.2'],
  ])('%s (%s) → %s', (tenant, version, apiUrl) => {
    expect(dynamicsEndpoint(tenant, version, false)).toMatchObject({ apiUrl });
  });

  it('refuses a bad version and plain http to another host', () => {
    expect(dynamicsEndpoint('org.crm.dynamics.com', '9.2', false)).toEqual({ error: expect.stringContaining('v9.2') });
    expect(dynamicsEndpoint('http://crm.contoso.local', undefined, false)).toEqual({ error: expect.stringContaining('allow.insecure.http') });
  });
});

describe('the sign-in authority', () => {
  it('reads the Bearer challenge among several', () => {
    const header = 'Bearer authorization_uri=https://adfs.contoso.com/adfs/oauth2/authorize, resource_id=https://crm.contoso.com/, Negotiate, NTLM';
    expect(parseBearerChallenge(header)).toEqual({ authorizationUri: 'https://adfs.contoso.com/adfs/oauth2/authorize', resourceId: 'https://crm.contoso.com/' });
    expect(parseBearerChallenge('Bearer error="invalid_token", authorization_uri="https://login.microsoftonline.com/contoso/oauth2/authorize", resource_id="https://x/"')).toEqual({
      authorizationUri: 'https://login.microsoftonline.com/contoso/oauth2/authorize',
      resourceId: 'https://x/',
    });
    expect(parseBearerChallenge('Negotiate, NTLM')).toBeUndefined();
  });

  it('finds the token endpoint of AD FS and of Azure AD', () => {
    expect(authorityFromChallenge('https://adfs.contoso.com/adfs/oauth2/authorize', 'https://crm/')).toEqual({ kind: 'adfs', tokenUrl: 'https://adfs.contoso.com/adfs/oauth2/token', resource: 'https://crm/' });
    expect(authorityFromChallenge('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize', 'https://org/')).toEqual({
      kind: 'azure',
      tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      resource: 'https://org/',
    });
    expect(configuredAuthority('https://adfs.contoso.com/adfs', 'https://crm/')).toMatchObject({ kind: 'adfs', tokenUrl: 'https://adfs.contoso.com/adfs/oauth2/token' });
    expect(configuredAuthority('https://login.microsoftonline.com/contoso.onmicrosoft.com', 'https://org/')).toMatchObject({
      kind: 'azure',
      tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    });
  });
});
