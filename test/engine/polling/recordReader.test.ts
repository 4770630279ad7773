import { describe, expect, it } from 'vitest';
import { validateInstance } from '../../../shared/config/instance.ts';
import type { ResourceConfig } from '../../../shared/config/types.ts';
import { createRecordReader } from '../../../electron/engine/polling/recordReader.ts';

function resource(patch: Record<string, unknown> = {}): ResourceConfig {
  const result = validateInstance({
    element: { key: 'generic' },
    name: 'x',
    configuration: {
      'base.url': 'http://127.0.0.1',
      'event.poller.configuration': {
        items: {
          url: '/items',
          idField: 'key',
          datesConfiguration: { updatedDateField: 'u', updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'", createdDateField: 'c', createdDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'" },
          ...patch,
        },
      },
    },
  });
  expect(result.errors).toEqual([]);
  return result.config?.resources[0] as ResourceConfig;
}

const at = (text: string) => Date.parse(text);

describe('reading records', () => {
  it('classifies CREATED when created and updated match, UPDATED otherwise', () => {
    const read = createRecordReader(resource());
    expect(read({ key: 1, u: '2024-01-01T00:00:00Z', c: '2024-01-01T00:00:00Z' })).toEqual({
      record: { objectId: '1', changeTime: at('2024-01-01T00:00:00Z'), createdTime: at('2024-01-01T00:00:00Z'), eventType: 'CREATED', raw: expect.anything() },
    });
    expect(read({ key: 'k', u: '2024-01-01T00:00:05Z', c: '2024-01-01T00:00:00Z' })).toMatchObject({ record: { eventType: 'UPDATED', createdTime: at('2024-01-01T00:00:00Z') } });
  });

  it('honours createdCheckTolerance in seconds', () => {
    const read = createRecordReader(resource({ createdCheckTolerance: 10 }));
    expect(read({ key: 1, u: '2024-01-01T00:00:10Z', c: '2024-01-01T00:00:00Z' })).toMatchObject({ record: { eventType: 'CREATED' } });
    expect(read({ key: 1, u: '2024-01-01T00:00:11Z', c: '2024-01-01T00:00:00Z' })).toMatchObject({ record: { eventType: 'UPDATED' } });
  });

  it('filters by the created date when filterByUpdatedDate is false', () => {
    const read = createRecordReader(resource({ filterByUpdatedDate: false, datesConfiguration: { createdDateField: 'c', createdDateFormat: 'milliseconds' } }));
    expect(read({ key: 1, c: '1700000000000' })).toMatchObject({ record: { changeTime: 1700000000000, eventType: 'CREATED' } });
  });

  it('reports what it cannot read, with the field and why', () => {
    const read = createRecordReader(resource());
    expect(read({ u: '2024-01-01T00:00:00Z' })).toMatchObject({ unreadable: { field: 'key', reason: 'no record id at "key"' } });
    expect(read({ key: 2 })).toMatchObject({ unreadable: { objectId: '2', field: 'u', reason: 'no date at "u"' } });
    const bad = read({ key: 3, u: '01/02/2024' });
    expect(bad).toMatchObject({ unreadable: { objectId: '3', field: 'u', value: '01/02/2024' } });
    expect('unreadable' in bad && bad.unreadable.reason).toContain("yyyy-MM-dd'T'HH:mm:ss'Z'");
  });

  it('falls back to case-insensitive field names only for connectors that ask', () => {
    const record = { KEY: 5, U: '2024-01-01T00:00:00Z' };
    expect(createRecordReader(resource())(record)).toHaveProperty('unreadable');
    expect(createRecordReader(resource(), { caseInsensitivePaths: true })(record)).toMatchObject({ record: { objectId: '5' } });
  });
});
