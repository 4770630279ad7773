import { describe, expect, it } from 'vitest';
import { DV_ENTITY_SETS } from '../../../electron/simulators/dynamics/entities.ts';
import { ODataQueryError, compileFilter, parseFilter, parseOrderBy, parsePrefer, parseSelect, rowComparator } from '../../../electron/simulators/dynamics/odata.ts';

const accounts = DV_ENTITY_SETS.find((set) => set.setName === 'accounts')!;
const filter = (text: string) => compileFilter(parseFilter(text), accounts);
const row = (fields: Record<string, unknown> = {}) => ({
  accountid: '49b0be2e-d01c-ed11-b83e-000d3a572421', name: 'Fabrikam', revenue: 5000, numberofemployees: 12, statecode: 0,
  modifiedon: Date.parse('2024-03-01T10:00:00Z'), createdon: Date.parse('2024-02-01T09:00:00Z'), telephone1: null,
  _primarycontactid_value: null, ...fields,
});

describe('OData $filter', () => {
  it('compares unquoted date-times, numbers, quoted strings and bare GUIDs', () => {
    expect(filter('modifiedon gt 2024-01-01T00:00:00Z')(row())).toBe(true);
    expect(filter('modifiedon gt 2024-03-01T10:00:00Z')(row())).toBe(false);
    expect(filter('modifiedon ge 2024-03-01T10:00:00.000Z')(row())).toBe(true);
    expect(filter('modifiedon eq 2024-03-01T15:00:00+05:00')(row())).toBe(true);
    expect(filter('modifiedon lt 2024-03-02')(row())).toBe(true);
    expect(filter('revenue le 5000.0 and numberofemployees gt 10')(row())).toBe(true);
    expect(filter("name eq 'fabrikam'")(row())).toBe(true);
    expect(filter("name ne 'Fabrikam'")(row())).toBe(false);
    expect(filter('accountid eq 49B0BE2E-D01C-ED11-B83E-000D3A572421')(row())).toBe(true);
  });

  it('handles and/or/not, parentheses and string functions', () => {
    expect(filter("statecode eq 1 or (statecode eq 0 and contains(name,'brik'))")(row())).toBe(true);
    expect(filter("not contains(name,'zzz')")(row())).toBe(true);
    expect(filter("not (name eq 'Fabrikam')")(row())).toBe(false);
    expect(filter("startswith(name,'FAB') and endswith(name,'kam')")(row())).toBe(true);
  });

  it('treats NULL the SQL way: eq null tests it, other comparisons are unknown', () => {
    expect(filter('telephone1 eq null')(row())).toBe(true);
    expect(filter('telephone1 ne null')(row())).toBe(false);
    expect(filter("telephone1 ne '555'")(row())).toBe(false);
    expect(filter("not (telephone1 eq '555')")(row())).toBe(false);
  });

  it.each([
    ["modifiedon gt '2024-01-01T00:00:00Z'", /incompatible types.*'Edm.DateTimeOffset' and 'Edm.String'.*'GreaterThan'/],
    ["accountid eq '49b0be2e-d01c-ed11-b83e-000d3a572421'", /'Edm.Guid' and 'Edm.String'/],
    ['modifiedon > 2024-01-01T00:00:00Z', /Syntax error: character '>' is not valid/],
    ['modifiedon gt 2024-01-01T00:00:00', /Syntax error/],
    ["name eq 'Fabrikam' AND statecode eq 0", /Syntax error/],
    ["nope eq 'x'", /Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.account'/],
    ["not name eq 'x'", /unary operator with an incompatible type/],
    ['name', /must evaluate to a single boolean/],
    ["substringof('x', name)", /unknown function with name 'substringof'/],
    ["contains(name)", /No function signature/],
    ["name eq 'open", /unterminated string literal/],
    ['(statecode eq 0', /Syntax error/],
  ])('rejects %s', (text, message) => {
    expect(() => filter(text)).toThrow(ODataQueryError);
    expect(() => filter(text)).toThrow(message);
  });
});

describe('OData $select, $orderby and Prefer', () => {
  it('parses $select and $orderby against the table', () => {
    expect(parseSelect('name,modifiedon', accounts)).toEqual(['name', 'modifiedon']);
    expect(() => parseSelect('name,Name', accounts)).toThrow(/Could not find a property named 'Name'/);
    expect(parseOrderBy('modifiedon desc, name', accounts)).toEqual([
      { field: 'modifiedon', type: 'datetime', descending: true },
      { field: 'name', type: 'string', descending: false },
    ]);
    expect(() => parseOrderBy('name sideways', accounts)).toThrow(ODataQueryError);
  });

  it('orders NULLs first and breaks ties by the primary key', () => {
    const rows = [row({ accountid: 'b', telephone1: '2' }), row({ accountid: 'a', telephone1: '2' }), row({ accountid: 'c', telephone1: null })];
    rows.sort(rowComparator(parseOrderBy('telephone1', accounts), 'accountid'));
    expect(rows.map((r) => r.accountid)).toEqual(['c', 'a', 'b']);
  });

  it('reads maxpagesize and track-changes from one or several Prefer values', () => {
    expect(parsePrefer('odata.track-changes,odata.maxpagesize=500')).toEqual({ trackChanges: true, maxPageSize: 500 });
    expect(parsePrefer('odata.include-annotations="*", odata.maxpagesize=2')).toEqual({ trackChanges: false, maxPageSize: 2 });
    expect(parsePrefer(undefined)).toEqual({ trackChanges: false });
    expect(parsePrefer('odata.maxpagesize=abc')).toEqual({ trackChanges: false });
  });
});
