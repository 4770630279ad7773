// @vitest-environment node
// Pure logic of the window: no DOM needed.
import { describe, expect, it } from 'vitest';
import { booleanValue, fieldText, parseFieldInput, readField, RESOURCE_FIELD_GROUPS, visibleFields, writeField } from '../../../renderer/src/lib/resourceFields.ts';

describe('resource fields', () => {
  it('cover every poller key of Cloud Elements, and the generic paging keys', () => {
    const keys = RESOURCE_FIELD_GROUPS.flatMap((group) => group.fields.map((field) => field.key.join('.')));
    for (const key of [
      'url',
      'idField',
      'xPath',
      'datesConfiguration.updatedDateField',
      'datesConfiguration.updatedDateFormat',
      'datesConfiguration.updatedDateTimezone',
      'datesConfiguration.createdDateField',
      'datesConfiguration.createdDateFormat',
      'datesConfiguration.createdDateTimezone',
      'datesConfiguration.createdCheckTolerance',
      'createdCheckTolerance',
      'filterByUpdatedDate',
      'filterByCurrentDate',
      'pageSize',
      'pollDelay',
      'recordsPath',
      'paging.type',
      'paging.offsetParam',
      'paging.limitParam',
      'paging.pageParam',
      'paging.sizeParam',
      'paging.firstPage',
      'paging.pageSize',
      'paging.nextPath',
      'notifyOnFields',
      'ignoreFields',
      'secretFields',
    ]) {
      expect(keys).toContain(key);
    }
  });

  it('show the generic keys only for the generic element, and paging keys by paging type', () => {
    const paging = RESOURCE_FIELD_GROUPS.find((group) => group.title === 'Paging')!;
    expect(visibleFields(paging, {}, 'sagecrm')).toEqual([]);
    expect(visibleFields(paging, { paging: { type: 'page' } }, 'generic').map((field) => field.key.at(-1))).toEqual(['type', 'pageParam', 'sizeParam', 'firstPage', 'pageSize']);
  });

  it('write down a path, and remove emptied objects', () => {
    const resource: Record<string, unknown> = { url: '/a' };
    writeField(resource, ['datesConfiguration', 'updatedDateField'], 'modified');
    expect(resource).toEqual({ url: '/a', datesConfiguration: { updatedDateField: 'modified' } });
    expect(readField(resource, ['datesConfiguration', 'updatedDateField'])).toBe('modified');
    writeField(resource, ['datesConfiguration', 'updatedDateField'], undefined);
    expect(resource).toEqual({ url: '/a' });
    writeField(resource, ['paging', 'type'], undefined);
    expect(resource).toEqual({ url: '/a' });
  });

  it('read the loose values Cloud Elements wrote', () => {
    expect(booleanValue('true', false)).toBe(true);
    expect(booleanValue('false', true)).toBe(false);
    expect(booleanValue(undefined, true)).toBe(true);
    const pageSize = RESOURCE_FIELD_GROUPS[0]!.fields.find((field) => field.key[0] === 'pageSize')!;
    expect(parseFieldInput(pageSize, '50')).toBe(50);
    expect(parseFieldInput(pageSize, 'lots')).toBe('lots');
    expect(parseFieldInput(pageSize, ' ')).toBeUndefined();
  });

  it('edit lists of field paths as text separated by commas', () => {
    const notify = RESOURCE_FIELD_GROUPS.flatMap((group) => group.fields).find((field) => field.key[0] === 'notifyOnFields')!;
    expect(parseFieldInput(notify, "stage, ['Close Date'] ,,address.city")).toEqual(['stage', "['Close Date']", 'address.city']);
    expect(parseFieldInput(notify, '  ')).toBeUndefined();
    expect(fieldText(['stage', 'address.city'])).toBe('stage, address.city');
  });
});
