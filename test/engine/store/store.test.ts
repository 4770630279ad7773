/** The SQLite store on disk: WAL, schema version, events once per id, retention, cursors with their seen sets. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { eventId, type ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { CursorStore } from '../../../electron/engine/store/cursorStore.ts';
import { inTransaction, openDatabase, schemaVersion } from '../../../electron/engine/store/database.ts';
import { EventStore, type EventQuery } from '../../../electron/engine/store/eventStore.ts';
import { MIGRATIONS } from '../../../electron/engine/store/migrations.ts';
import { tempDataDir } from '../support/harness.ts';

function event(objectId: string, changeTime: number, instanceId = 1, eventType: ChangeEvent['eventType'] = 'UPDATED'): ChangeEvent {
  return {
    id: eventId(instanceId, 'accounts', objectId, changeTime, eventType),
    instanceId,
    elementKey: 'generic',
    resource: 'accounts',
    objectId,
    eventType,
    changeTime,
    pollTime: changeTime + 1000,
    raw: { id: objectId, note: 'ü 100% _x_' },
  };
}

describe('the event store', () => {
  it('opens in WAL mode with a 16 MiB page cache at the current schema version, and refuses a newer schema', () => {
    const file = join(tempDataDir(), 'events.sqlite');
    const db = openDatabase(file);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    // KiB when negative: the store benchmark's inserts slow by a third past 200,000 events with SQLite's 2 MiB.
    expect(db.prepare('PRAGMA cache_size').get()).toEqual({ cache_size: -16 * 1024 });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    const raw = new DatabaseSync(file);
    raw.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer version of CRM Event Poller/);
  });

  it('opens a database another process is migrating meanwhile: its migrations are not run twice', async () => {
    const file = join(tempDataDir(), 'events.sqlite');
    // The other process (the desktop app, a second command) holds the write lock over every migration for a moment.
    const other = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DatabaseSync } from 'node:sqlite';
      import { MIGRATIONS } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../../electron/engine/store/migrations.ts')).href)};
      const db = new DatabaseSync(${JSON.stringify(file)});
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('BEGIN IMMEDIATE');
      for (const migration of MIGRATIONS) db.exec(migration);
      db.exec('PRAGMA user_version = ' + MIGRATIONS.length);
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 1000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => createInterface({ input: other.stdout }).once('line', resolve));
    // Reads version 0 (the other's work is not committed), then waits for the write lock.
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    await new Promise((resolve) => other.once('close', resolve));
  });

  it('says what a failed write means for the database and rolls back once, whatever SQLite already undid', () => {
    const dir = tempDataDir();
    const db = openDatabase(join(dir, 'events.sqlite'));
    const events = new EventStore(db);
    db.exec('PRAGMA query_only = 1');
    expect(() => inTransaction(db, () => events.insert([event('a', 1)], undefined, 1))).toThrow(`the event database ${join(dir, 'events.sqlite')} cannot be written`);
    expect(db.isTransaction).toBe(false);
    db.exec('PRAGMA query_only = 0');
    // What the work itself throws passes through as it is.
    expect(() => inTransaction(db, () => { throw new Error('the work failed'); })).toThrow(/^the work failed$/);
    expect(inTransaction(db, () => events.insert([event('a', 1)], undefined, 1))).toHaveLength(1);
    db.close();
  });

  it('stores each event id once and says which were new', () => {
    const events = new EventStore(openDatabase(':memory:'));
    expect(events.insert([event('a', 1), event('b', 2)], undefined, 10)).toHaveLength(2);
    expect(events.insert([event('a', 1), event('a', 3)], undefined, 11).map((e) => e.objectId + e.changeTime)).toEqual(['a3']);
    expect(events.count()).toBe(3);
    expect(events.get(event('a', 1).id)?.raw).toEqual({ id: 'a', note: 'ü 100% _x_' });
  });

  it('queries newest first with filters, text search (LIKE wildcards taken literally) and paging', () => {
    const events = new EventStore(openDatabase(':memory:'));
    events.insert([event('a', 1), event('b', 2), event('c', 3, 2), event('d', 4, 1, 'CREATED')], undefined, 10);
    expect(events.query().map((e) => e.objectId)).toEqual(['d', 'c', 'b', 'a']);
    expect(events.query({ instanceId: 1, eventType: 'UPDATED' }).map((e) => e.objectId)).toEqual(['b', 'a']);
    expect(events.query({ since: 2, until: 4 }).map((e) => e.objectId)).toEqual(['c', 'b']);
    expect(events.query({ text: '100%' })).toHaveLength(4);
    expect(events.query({ text: '1_0' })).toHaveLength(0);
    const [newest] = events.query({ limit: 1 });
    expect(events.query({ beforeSeq: newest?.seq, limit: 2 }).map((e) => e.objectId)).toEqual(['c', 'b']);
    expect(events.query({ afterSeq: 2 }).map((e) => e.objectId)).toEqual(['c', 'd']);
  });

  it("pages with the total of the filters, paging aside: a text filter's matches found in one scan, or the page and a count when there are too many to hold", () => {
    const events = new EventStore(openDatabase(':memory:'));
    const many = Array.from({ length: 10_002 }, (_, i) => event(`m${i}`, 100 + i));
    events.insert([event('a', 1), event('b', 2), event('c', 3, 2), event('d', 4, 1, 'CREATED'), ...many], undefined, 10);
    const asQueried = (query: EventQuery) => ({ events: events.query(query), total: events.count({ ...query, beforeSeq: undefined, beforeChangeTime: undefined }) });
    const [newest] = events.query({ limit: 1, order: 'changed' });
    for (const text of ['100%', 'm10001', 'm1', '"a"', 'none']) {
      for (const query of [{ text }, { text, limit: 3 }, { text, instanceId: 1, order: 'changed' as const }, { text, beforeSeq: newest?.seq, beforeChangeTime: newest?.changeTime, order: 'changed' as const, limit: 5 }]) {
        expect(events.page(query), JSON.stringify(query)).toEqual(asQueried(query));
      }
    }
    expect(events.page({ text: '"a"' }).events.map((e) => e.objectId)).toEqual(['a']);
    expect(events.page({ text: 'm1000', limit: 2 })).toMatchObject({ total: 3, events: [{ objectId: 'm10001' }, { objectId: 'm10000' }] });
    expect(events.page({ text: '100%', beforeSeq: 3, limit: 1 })).toMatchObject({ total: 10_006, events: [{ objectId: 'b' }] });
    expect(events.page({ instanceId: 2 })).toMatchObject({ total: 1, events: [{ objectId: 'c' }] });
  });

  it('enforces retention by age and by count per instance', () => {
    const events = new EventStore(openDatabase(':memory:'));
    events.insert([event('old', 1)], undefined, 100);
    events.insert(Array.from({ length: 5 }, (_, i) => event(`n${i}`, 10 + i)), undefined, 1000);
    events.insert([event('other', 1, 2)], undefined, 1000);
    expect(events.enforceRetention({ olderThan: 500 })).toBe(1);
    expect(events.enforceRetention({ maxPerInstance: 3 })).toBe(2);
    expect(events.query({ instanceId: 1 }).map((e) => e.objectId)).toEqual(['n4', 'n3', 'n2']);
    expect(events.count({ instanceId: 2 })).toBe(1);
  });

  it('saves a cursor with its seen set and connector state, replacing the previous one', () => {
    const db = openDatabase(':memory:');
    const cursors = new CursorStore(db);
    inTransaction(db, () => cursors.save(1, 'accounts', { origin: 5, watermark: 9, seen: new Map([['a@9', 9], ['b@9', 9]]), connectorState: { delta: 'x' } }, 10));
    expect(cursors.load(1, 'accounts')).toEqual({ origin: 5, watermark: 9, seen: new Map([['a@9', 9], ['b@9', 9]]), connectorState: { delta: 'x' } });
    cursors.save(1, 'accounts', { origin: 5, watermark: 12, seen: new Map([['c@12', 12]]) }, 11);
    expect(cursors.load(1, 'accounts')?.seen).toEqual(new Map([['c@12', 12]]));
    expect(cursors.load(1, 'contacts')).toBeUndefined();
  });

  it('rolls a failed transaction back completely', () => {
    const db = openDatabase(':memory:');
    const events = new EventStore(db);
    expect(() =>
      inTransaction(db, () => {
        events.insert([event('a', 1)], undefined, 1);
        throw new Error('crash in the middle');
      }),
    ).toThrow('crash in the middle');
    expect(events.count()).toBe(0);
  });
});
