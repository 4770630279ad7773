/**
 * The latest version of each object on disk: a pointer to its newest stored event, the raw record
 * copied only when that event is deleted (by any statement: retention, by age or count), a late
 * arrival never replacing a newer version, and versions kept across the upgrade from schema 5.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { eventId, type ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { inTransaction, openDatabase, type Database } from '../../../electron/engine/store/database.ts';
import { EventStore } from '../../../electron/engine/store/eventStore.ts';
import { MIGRATIONS } from '../../../electron/engine/store/migrations.ts';
import { ObjectVersionStore } from '../../../electron/engine/store/objectVersionStore.ts';
import { tempDataDir } from '../support/harness.ts';

function event(objectId: string, changeTime: number, raw: unknown, eventType: ChangeEvent['eventType'] = 'UPDATED'): ChangeEvent {
  return { id: eventId(1, 'accounts', objectId, changeTime, eventType), instanceId: 1, elementKey: 'generic', resource: 'accounts', objectId, eventType, changeTime, pollTime: changeTime, raw };
}

function open(): { db: Database; events: EventStore; versions: ObjectVersionStore } {
  const db = openDatabase(join(tempDataDir(), 'events.sqlite'));
  return { db, events: new EventStore(db), versions: new ObjectVersionStore(db) };
}

function store(stores: ReturnType<typeof open>, events: ChangeEvent[], storedAt = 1): void {
  inTransaction(stores.db, () => stores.versions.note(stores.events.insertWithSeqs(events, undefined, storedAt)));
}

const copies = (db: Database) => db.prepare('SELECT object_id, event_seq IS NULL AS copied, raw FROM object_versions ORDER BY object_id').all();

describe('the object version store', () => {
  it('points at the newest stored event instead of copying its record', () => {
    const stores = open();
    store(stores, [event('a', 1, { stage: 'Lead' }), event('b', 1, { stage: 'Lead' })]);
    store(stores, [event('a', 2, { stage: 'Won' })]);
    expect(stores.versions.latest(1, 'accounts', 'a')).toEqual({ changeTime: 2, raw: { stage: 'Won' } });
    expect([...stores.versions.latestOf(1, 'accounts', ['a', 'b', 'c'])]).toEqual([
      ['a', { changeTime: 2, raw: { stage: 'Won' } }],
      ['b', { changeTime: 1, raw: { stage: 'Lead' } }],
    ]);
    expect(copies(stores.db)).toEqual([
      { object_id: 'a', copied: 0, raw: null },
      { object_id: 'b', copied: 0, raw: null },
    ]);
  });

  it('copies the record when retention deletes the event pointed at, and keeps it through later prunes', () => {
    const stores = open();
    store(stores, [event('a', 1, { stage: 'Lead' })], 10);
    store(stores, [event('a', 2, { stage: 'Won' }), event('b', 2, { stage: 'New' })], 20);
    expect(stores.events.enforceRetention({ olderThan: 15 })).toBe(1);
    // The pruned event was not the latest version of anything: nothing copied.
    expect(copies(stores.db)).toEqual([
      { object_id: 'a', copied: 0, raw: null },
      { object_id: 'b', copied: 0, raw: null },
    ]);
    expect(stores.events.enforceRetention({ maxPerInstance: 0 })).toBe(2);
    expect(stores.events.count()).toBe(0);
    expect(stores.versions.latest(1, 'accounts', 'a')).toEqual({ changeTime: 2, raw: { stage: 'Won' } });
    expect(stores.versions.latest(1, 'accounts', 'b')).toEqual({ changeTime: 2, raw: { stage: 'New' } });
    expect(copies(stores.db)).toEqual([
      { object_id: 'a', copied: 1, raw: '{"stage":"Won"}' },
      { object_id: 'b', copied: 1, raw: '{"stage":"New"}' },
    ]);
    // A newer event points again, and drops the copy.
    store(stores, [event('a', 3, { stage: 'Lost' })]);
    expect(stores.versions.latest(1, 'accounts', 'a')).toEqual({ changeTime: 3, raw: { stage: 'Lost' } });
    expect(copies(stores.db)[0]).toEqual({ object_id: 'a', copied: 0, raw: null });
  });

  it('keeps the newer version when an older change arrives late, and a deletion drops the object', () => {
    const stores = open();
    store(stores, [event('a', 5, { stage: 'Won' })]);
    store(stores, [event('a', 3, { stage: 'Lead' })]);
    expect(stores.versions.latest(1, 'accounts', 'a')).toEqual({ changeTime: 5, raw: { stage: 'Won' } });
    store(stores, [event('a', 6, { id: 'a', deleted: true }, 'DELETED')]);
    expect(stores.versions.latest(1, 'accounts', 'a')).toBeUndefined();
    expect(stores.versions.count()).toBe(0);
  });

  it('keeps the copies of a database written at schema 5', () => {
    const file = join(tempDataDir(), 'events.sqlite');
    const old = new DatabaseSync(file);
    for (const migration of MIGRATIONS.slice(0, 5)) old.exec(migration);
    old.exec('PRAGMA user_version = 5');
    old.prepare("INSERT INTO object_versions (instance_id, resource, object_id, change_time, raw) VALUES (1, 'accounts', 'a', 7, ?)").run('{"stage":"Lead"}');
    old.close();
    const db = openDatabase(file);
    const versions = new ObjectVersionStore(db);
    expect(versions.latest(1, 'accounts', 'a')).toEqual({ changeTime: 7, raw: { stage: 'Lead' } });
    const events = new EventStore(db);
    inTransaction(db, () => versions.note(events.insertWithSeqs([event('a', 8, { stage: 'Won' })], undefined, 1)));
    expect(versions.latest(1, 'accounts', 'a')).toEqual({ changeTime: 8, raw: { stage: 'Won' } });
  });
});
