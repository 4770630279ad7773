/** Which field names a record in the Events view: labelField, the vendor's name field, the usual ones. */
import { describe, expect, it } from 'vitest';
import { labelPaths, recordLabel } from '../../../shared/config/recordLabel.ts';

describe('record labels', () => {
  it("use the vendor's name field per resource: Sage CRM's hub records, Dynamics' attributes", () => {
    expect(recordLabel({ Comp_CompanyId: 43, Comp_Name: 'Gatecom' }, labelPaths('sagecrm', { name: 'accounts' }))).toBe('Gatecom');
    // The seed configurations write Sage field names in any case.
    expect(recordLabel({ pers_firstname: 'Ada', Pers_LastName: 'Lovelace' }, labelPaths('sagecrm', { name: 'contacts' }))).toBe('Ada Lovelace');
    expect(recordLabel({ id: 'c1', attributes: { fullname: 'Grace Hopper' } }, labelPaths('dynamicscrmadfs', { name: 'contacts' }))).toBe('Grace Hopper');
    expect(recordLabel({ id: 'o1', attributes: { name: 'Big deal' } }, labelPaths('dynamicscrmadfs', { name: 'opportunities' }))).toBe('Big deal');
  });

  it('follow labelField when set (one path, or several joined), and otherwise the first usual name field', () => {
    expect(recordLabel({ requester: { name: 'Lin' }, subject: 'Printer' }, labelPaths('generic', { name: 'tickets', labelField: ['requester.name', 'subject'] }))).toBe('Lin Printer');
    expect(recordLabel({ Comp_Name: 'Gatecom', Comp_Code: 'GC' }, labelPaths('sagecrm', { name: 'accounts', labelField: ['Comp_Code'] }))).toBe('GC');
    expect(recordLabel({ id: 1, title: 'Quarterly report', name: '' }, labelPaths('generic', { name: 'items' }))).toBe('Quarterly report');
    expect(recordLabel({ id: 1, name: { first: 'x' } }, [])).toBeUndefined();
    expect(recordLabel({ id: 1, name: 'x'.repeat(500) }, [])).toHaveLength(200);
  });
});
