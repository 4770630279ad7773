import { describe, expect, it } from 'vitest';
import { SAGE_ENTITIES, canonicalField } from '../../../electron/simulators/sagecrm/entities.ts';
import { WhereSyntaxError, compileWhere, parseWhere } from '../../../electron/simulators/sagecrm/where.ts';

const company = SAGE_ENTITIES.find((entity) => entity.name === 'company')!;
const resolve = (name: string) => {
  const field = canonicalField(company, name);
  return field ? { name: field, type: company.fields[field]! } : undefined;
};
const matcher = (where: string, zone = 'America/New_York') => compileWhere(parseWhere(where), resolve, zone);

const row = (fields: Record<string, unknown>) => ({
  Comp_CompanyId: 1, Comp_Name: 'Gatecom', Comp_Type: 'Customer', Comp_Status: 'Active', Comp_Deleted: null,
  Comp_UpdatedDate: Date.parse('2024-03-01T10:00:00Z'), Comp_CreatedDate: Date.parse('2024-02-07T14:00:00Z'), ...fields,
});

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
    const updated = row({});
    expect(matcher('comp_updateddate gt @2024-03-01T09:59:59Z@')(updated)).toBe(true);
    expect(matcher('comp_updateddate gt @2024-03-01T10:00:00Z@')(updated)).toBe(false);
    expect(matcher('comp_updateddate ge @2024-03-01T10:00:00Z@')(updated)).toBe(true);
    expect(matcher('comp_updateddate eq @2024-03-01T15:00:00+05:00@')(updated)).toBe(true);
    // No offset = server-local: 05:00 in New York (EST, -05:00) is 10:00Z.
    expect(matcher('comp_updateddate eq @2024-03-01T05:00:00@')(updated)).toBe(true);
    expect(matcher('comp_updateddate eq @2024-03-01T05:00:00@', 'Europe/London')(updated)).toBe(false);
    expect(matcher('comp_updateddate eq @2024-03-01T10:00:00@', 'Europe/London')(updated)).toBe(true);
    expect(matcher('comp_updateddate gt @2024-03-01@')(updated)).toBe(true);
  });

  it('treats field names case-insensitively and text case-insensitively (SQL Server collation)', () => {
    expect(matcher("COMP_NAME eq 'gatecom'")(row({}))).toBe(true);
    expect(matcher("comp_name like 'GATE%'")(row({}))).toBe(true);
    expect(matcher("comp_name like '_atecom'")(row({}))).toBe(true);
    expect(matcher("comp_name like 'gate'")(row({}))).toBe(false);
    expect(matcher("comp_type in ('partner', 'customer')")(row({}))).toBe(true);
    expect(matcher("comp_companyid between 1 and 3")(row({}))).toBe(true);
  });

  it('follows SQL NULL semantics: comparisons with NULL are unknown, not even true under not', () => {
    const deletedNull = row({});
    expect(matcher('comp_deleted eq null')(deletedNull)).toBe(true);
    expect(matcher('comp_deleted ne null')(deletedNull)).toBe(false);
    expect(matcher('comp_deleted ne 1')(deletedNull)).toBe(false);
    expect(matcher('not comp_deleted eq 1')(deletedNull)).toBe(false);
    expect(matcher("comp_deleted eq 1 or comp_name eq 'Gatecom'")(deletedNull)).toBe(true);
  });

  it('converts text literals to the column type like SQL Server, or fails', () => {
    expect(matcher("comp_updateddate gt '2024-03-01T09:00:00Z'")(row({}))).toBe(true);
    expect(matcher("comp_companyid eq '1'")(row({}))).toBe(true);
    expect(() => matcher("comp_updateddate gt 'yesterday'")).toThrow(/Conversion failed/);
    expect(() => matcher('comp_name gt @2024-03-01@')).toThrow(/incompatible/);
  });

  it('rejects unknown columns and bad date literals', () => {
    expect(() => matcher("comp_nope eq 'x'")).toThrow(/Invalid column name 'comp_nope'/);
    expect(() => matcher('comp_updateddate gt @2024-13-01T00:00:00Z@')).toThrow(/invalid date literal/);
    expect(() => matcher('comp_updateddate gt @yesterday@')).toThrow(/invalid date literal/);
  });
});
