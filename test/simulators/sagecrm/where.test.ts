import { describe, expect, it } from 'vitest';
import { SAGE_ENTITIES, canonicalField } from '../../../electron/simulators/sagecrm/entities.ts';
import { WhereSyntaxError, compileWhere, parseWhere } from '../../../electron/simulators/sagecrm/where.ts';

const company = SAGE_ENTITIES.find((entity) => entity.name === 'company')!;
const resolve = (name: string) => {
  const field = canonicalField(company, name);
  return field ? { name: field, type: company.fields[field]! } : undefined;
};
const SERVER_ZONE = 'America/New_York';
const matcher = (where: string, zone = SERVER_ZONE) => compileWhere(parseWhere(where), resolve, zone);

/** The one company row the evaluation reads. */
const GATECOM = {
  Comp_CompanyId: 1, Comp_Name: 'Gatecom', Comp_Type: 'Customer', Comp_Status: 'Active', Comp_Deleted: null,
  Comp_UpdatedDate: Date.parse('2024-03-01T10:00:00Z'), Comp_CreatedDate: Date.parse('2024-02-07T14:00:00Z'),
};

/** Each where, and whether it selects Gatecom on a server in that zone (SERVER_ZONE unless named). */
function expectSelections(cases: [where: string, selected: boolean, zone?: string][]): void {
  for (const [where, selected, zone] of cases) expect(matcher(where, zone)(GATECOM), `${where} (${zone ?? SERVER_ZONE})`).toBe(selected);
}

describe('SData where: parsing', () => {
  it('parses comparisons, and/or precedence and parentheses', () => {
    expect(parseWhere("a eq 1 or b eq 2 and c eq 3")).toMatchObject({ type: 'or', right: { type: 'and' } });
    expect(parseWhere("(a eq 1 or b eq 2) and c eq 3")).toMatchObject({ type: 'and', left: { type: 'or' } });
    expect(parseWhere("not a eq 1")).toMatchObject({ type: 'not', operand: { type: 'compare', op: 'eq' } });
    expect(parseWhere("Comp_Type IN ('Customer', 'Partner')")).toMatchObject({ type: 'in', values: [{ value: 'Customer' }, { value: 'Partner' }] });
    expect(parseWhere("x between 1 and 5")).toMatchObject({ type: 'between' });
  });

  it('reads string, number, null and date literals', () => {
    expect(parseWhere("n eq 'Maxim''s'")).toMatchObject({ right: { kind: 'string', value: "Maxim's" } });
    expect(parseWhere('n eq "Maxim\'s"')).toMatchObject({ right: { kind: 'string', value: "Maxim's" } });
    expect(parseWhere('n eq -12.5')).toMatchObject({ right: { kind: 'number', value: -12.5 } });
    expect(parseWhere('n eq null')).toMatchObject({ right: { kind: 'null' } });
    expect(parseWhere('d gt @2024-03-01T10:00:00+05:00@')).toMatchObject({ right: { kind: 'timestamp', text: '2024-03-01T10:00:00+05:00' } });
  });

  it.each([
    ["Comp_UpdatedDate>'2024-03-01T10:00:00Z'", /unexpected '>'/],
    ['Comp_Name eq', /expected a field name or a literal/],
    ["Comp_Name eq 'open", /unterminated string/],
    ['Comp_Name eq @2024-03-01', /unterminated date/],
    ["Comp_Name equals 'x'", /comparison operator/],
    ["(Comp_Name eq 'x'", /expected '\)'/],
    ["Comp_Name eq 'x' Comp_Type eq 'y'", /'and', 'or' or end/],
    ['', /empty/],
  ])('rejects %s', (where, message) => {
    expect(() => parseWhere(where)).toThrow(WhereSyntaxError);
    expect(() => parseWhere(where)).toThrow(message);
  });
});

describe('SData where: evaluation', () => {
  it('compares timestamps given in Z, with an offset, or as server-local time', () => {
    expectSelections([
      ['comp_updateddate gt @2024-03-01T09:59:59Z@', true],
      ['comp_updateddate gt @2024-03-01T10:00:00Z@', false],
      ['comp_updateddate ge @2024-03-01T10:00:00Z@', true],
      ['comp_updateddate eq @2024-03-01T15:00:00+05:00@', true],
      // No offset = server-local: 05:00 in New York (EST, -05:00) is 10:00Z.
      ['comp_updateddate eq @2024-03-01T05:00:00@', true],
      ['comp_updateddate eq @2024-03-01T05:00:00@', false, 'Europe/London'],
      ['comp_updateddate eq @2024-03-01T10:00:00@', true, 'Europe/London'],
      ['comp_updateddate gt @2024-03-01@', true],
    ]);
  });

  it('treats field names case-insensitively and text case-insensitively (SQL Server collation)', () => {
    expectSelections([
      ["COMP_NAME eq 'gatecom'", true],
      ["comp_name like 'GATE%'", true],
      ["comp_name like '_atecom'", true],
      ["comp_name like 'gate'", false],
      ["comp_type in ('partner', 'customer')", true],
      ['comp_companyid between 1 and 3', true],
    ]);
  });

  it('follows SQL NULL semantics: comparisons with NULL are unknown, not even true under not', () => {
    // Gatecom's Comp_Deleted is NULL.
    expectSelections([
      ['comp_deleted eq null', true],
      ['comp_deleted ne null', false],
      ['comp_deleted ne 1', false],
      ['not comp_deleted eq 1', false],
      ["comp_deleted eq 1 or comp_name eq 'Gatecom'", true],
    ]);
  });

  it('converts text literals to the column type like SQL Server, or fails', () => {
    expectSelections([
      ["comp_updateddate gt '2024-03-01T09:00:00Z'", true],
      ["comp_companyid eq '1'", true],
    ]);
    expect(() => matcher("comp_updateddate gt 'yesterday'")).toThrow(/Conversion failed/);
    expect(() => matcher('comp_name gt @2024-03-01@')).toThrow(/incompatible/);
  });

  it('rejects unknown columns and bad date literals', () => {
    expect(() => matcher("comp_nope eq 'x'")).toThrow(/Invalid column name 'comp_nope'/);
    expect(() => matcher('comp_updateddate gt @2024-13-01T00:00:00Z@')).toThrow(/invalid date literal/);
    expect(() => matcher('comp_updateddate gt @yesterday@')).toThrow(/invalid date literal/);
  });
});
