// @vitest-environment node
// The Events export, Copy as curl, and failure grouping: pure functions of what the window holds.
import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import type { EventQuery, EventRow } from '../../../shared/api.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import { collectEvents, csvCell, toCsv, toNdjson } from '../../../renderer/src/lib/eventExport.ts';
import { curlCommand, shellQuote } from '../../../renderer/src/lib/curl.ts';
import { groupFailures, messageParts, shortUrl } from '../../../renderer/src/lib/failureGroups.ts';

const ROW: EventRow = {
  seq: 7,
  id: 'e7',
  instanceId: 1,
  instanceName: 'Acme, "EU"',
  resource: 'contacts',
  objectId: 'c-1',
  eventType: 'UPDATED',
  date: '2024-05-01T08:30:00.000Z',
  pollDate: '2024-05-01T08:30:02.000Z',
  label: 'Ada\nLovelace',
  changedFields: ['stage', 'owner.name'],
};

describe('the events export', () => {
  it('writes CSV with RFC 4180 quoting and no cell a spreadsheet would run as a formula', () => {
    const csv = toCsv([ROW, { ...ROW, id: 'e8', label: '=HYPERLINK("http://evil")', changedFields: null }, { ...ROW, id: 'e9', label: undefined, changedFields: [] }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,date,pollDate,eventType,instance,resource,objectId,label,changedFields');
    expect(csv).toContain('"Acme, ""EU"""');
    expect(csv).toContain('"Ada\nLovelace"');
    expect(csv).toContain('"stage, owner.name"');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")",first seen`);
    expect(csv).toContain(',,only ignored fields\r\n');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('-1+2')).toBe("'-1+2");
  });

  it('writes NDJSON, one object a line, first seen marked', () => {
    const lines = toNdjson([ROW, { ...ROW, changedFields: null }]).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: 'e7', label: 'Ada\nLovelace', changedFields: ['stage', 'owner.name'], firstSeen: false, instance: 'Acme, "EU"' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ changedFields: null, firstSeen: true });
  });

  it('collects every page of the filtered list, keyset by change time', async () => {
    const all = Array.from({ length: 2500 }, (_, index) => ({ ...ROW, seq: 2500 - index, id: `e${2500 - index}` }));
    const queryEvents = vi.fn(async (query: EventQuery) => {
      const start = query.beforeSeq === undefined ? 0 : all.findIndex((row) => row.seq < (query.beforeSeq as number));
      return { events: all.slice(start, start + (query.limit ?? 200)), total: all.length };
    });
    const rows = await collectEvents({ queryEvents }, { instanceId: 1, eventType: 'UPDATED' });
    expect(rows).toHaveLength(2500);
    expect(queryEvents.mock.calls.map(([query]) => [query.instanceId, query.eventType, query.beforeSeq, query.beforeDate])).toEqual([
      [1, 'UPDATED', undefined, undefined],
      [1, 'UPDATED', 1501, ROW.date],
      [1, 'UPDATED', 501, ROW.date],
    ]);
  });
});

describe('Copy as curl', () => {
  it('quotes every argument for a POSIX shell: the shell reads back exactly the body and headers', () => {
    const body = `{"a":"it's $(rm -rf ~) \`x\` \\n ${'"'}end"}`;
    const command = curlCommand({ url: "http://hook:•••@127.0.0.1:9/h?a=1&b='2'", headers: { 'webhook-id': "id'1", Authorization: '***', 'Content-Type': 'application/json' }, body });
    expect(command).not.toContain('Authorization');
    // sh parses the command with curl replaced by printf: every argument comes back verbatim.
    const args = execFileSync('sh', ['-c', `printf '%s\\0' ${command.slice('curl '.length).replace(/\\\n/g, ' ')}`]).toString('utf8').split('\0').slice(0, -1);
    expect(args).toEqual(['-X', 'POST', "http://hook:•••@127.0.0.1:9/h?a=1&b='2'", '-H', "webhook-id: id'1", '-H', 'Content-Type: application/json', '--data-binary', body]);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe('failure boxes', () => {
  const status = (resources: InstanceStatus['resources'], lastError?: InstanceStatus['lastError']): InstanceStatus => ({
    id: 1, name: 'Acme', elementKey: 'generic', state: 'backing-off', consecutiveFailures: 2, eventsLastPoll: 0, resources, lastError,
  });
  const unreachable = (resource: string, at = 1) => ({ message: `cannot reach https://crm.example.com/api/${resource}?where=a%20b: connection refused`, kind: 'unavailable' as const, advice: 'Check the host', at });

  it('are one per cause (kind and host), listing the resources it hit', () => {
    const names = ['accounts', 'contacts', 'leads', 'opportunities', 'users'];
    const groups = groupFailures(
      status(
        [...names.map((name, index) => ({ name, lastEvents: 0, lastRecords: 0, warnings: [], lastError: unreachable(name, index) })), { name: 'tasks', lastEvents: 0, lastRecords: 0, warnings: [], lastError: { message: 'HTTP 400: bad $filter', kind: 'config' as const, advice: 'Fix it', at: 1 } }],
        unreachable('accounts'),
      ),
    );
    expect(groups.map((group) => [group.kind, group.resources, group.primary])).toEqual([
      ['unavailable', names, true],
      ['config', ['tasks'], false],
    ]);
    expect(groups[0]?.problem.message).toContain('/users');
  });

  it('show a URL as host and path, decoded, the whole URL kept', () => {
    expect(messageParts('cannot reach https://crm.example.com/api/my%20items?x=1: refused.')).toEqual([
      { text: 'cannot reach ' },
      { url: 'https://crm.example.com/api/my%20items?x=1', short: 'crm.example.com/api/my items' },
      { text: ': refused.' },
    ]);
    expect(shortUrl('not a url')).toBe('not a url');
  });
});
