import { describe, expect, it } from 'vitest';
import { checkFieldPath, parseFieldPath, readFieldPath } from '../../shared/fieldPath.ts';

describe('field paths', () => {
  it.each([
    ['id', ['id']],
    ['attributes.modifiedon', ['attributes', 'modifiedon']],
    ['_info.lastUpdated', ['_info', 'lastUpdated']],
    ["['Modified Time']", ['Modified Time']],
    ['["Modified Time"]', ['Modified Time']],
    ["data['Created By'].name", ['data', 'Created By', 'name']],
    ['items[0].id', ['items', 0, 'id']],
    ['$.items[12]', ['items', 12]],
    ["['it\\'s']", ["it's"]],
    ["['a.b']", ['a.b']],
  ])('parses %s', (path, segments) => {
    expect(parseFieldPath(path)).toEqual(segments);
  });

  it.each([
    ['', 'empty path'],
    ['a..b', 'unexpected "."'],
    ['a.', 'path ends with "."'],
    ["['open", "unterminated ' quote"],
    ['items[x]', '"[x]" is neither an array index nor a quoted key'],
    ['items[0', 'unterminated "["'],
  ])('rejects %j with a message saying where', (path, message) => {
    expect(checkFieldPath(path)).toContain(message);
  });

  const record = {
    id: 'A-1',
    attributes: { modifiedon: 1700000000000 },
    'Modified Time': '2024-01-01',
    items: [{ id: 'x' }, { id: 'y' }],
    Lead_CreatedDate: '2024-02-02T00:00:00Z',
  };

  it('reads values in every form', () => {
    expect(readFieldPath(record, 'id')).toBe('A-1');
    expect(readFieldPath(record, 'attributes.modifiedon')).toBe(1700000000000);
    expect(readFieldPath(record, "['Modified Time']")).toBe('2024-01-01');
    expect(readFieldPath(record, 'items[1].id')).toBe('y');
    expect(readFieldPath(record, 'items[5].id')).toBeUndefined();
    expect(readFieldPath(record, 'attributes.missing.deeper')).toBeUndefined();
    expect(readFieldPath(record, 'id.length')).toBeUndefined();
  });

  it('falls back to a case-insensitive key only when asked', () => {
    expect(readFieldPath(record, 'lead_createddate')).toBeUndefined();
    expect(readFieldPath(record, 'lead_createddate', { caseInsensitive: true })).toBe('2024-02-02T00:00:00Z');
    expect(readFieldPath({ Id: 1, id: 2 }, 'id', { caseInsensitive: true })).toBe(2);
  });
});
