/** The outbox in SQLite: written atomically with its events, claimed in order per object, leased, migrated onto old databases. */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { EndpointStore } from '../../../electron/engine/delivery/endpointStore.ts';
import { OutboxStore } from '../../../electron/engine/delivery/outboxStore.ts';
import { buildOutboxDrafts } from '../../../electron/engine/delivery/payload.ts';
import { eventId, type ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { inTransaction, openDatabase, schemaVersion } from '../../../electron/engine/store/database.ts';
import { EventStore } from '../../../electron/engine/store/eventStore.ts';
import { MIGRATIONS } from '../../../electron/engine/store/migrations.ts';
import { tempDataDir } from '../support/harness.ts';

const instance = { name: 'Acme', elementKey: 'generic', tags: [], resources: [] };
let clock = 1_000;

function event(objectId: string, changeTime = clock++): ChangeEvent {
  return { id: eventId(1, 'accounts', objectId, changeTime, 'UPDATED'), instanceId: 1, elementKey: 'generic', resource: 'accounts', objectId, eventType: 'UPDATED', changeTime, pollTime: changeTime, raw: { id: objectId } };
}

function open() {
  const db = openDatabase(':memory:');
  const outbox = new OutboxStore(db);
  const endpoints = new EndpointStore(db);
  const endpoint = inTransaction(db, () => endpoints.forUrl('http://127.0.0.1:1/hook', 0));
  const enqueue = (...objectIds: string[][]) =>
    inTransaction(db, () => objectIds.flatMap((ids) => outbox.enqueue(buildOutboxDrafts(ids.map((id) => event(id)), instance), endpoint.id, false, 10)));
  const claim = (owner: string, now = 10, limit = 10) => inTransaction(db, () => outbox.claim(endpoint.id, limit, owner, now, now + 1000)).map((row) => row.id);
  return { db, outbox, endpoints, endpoint, enqueue, claim };
}

describe('the outbox', () => {
  it('is written in the transaction of its events: a rollback keeps neither', () => {
    const { db, outbox, endpoint } = open();
    const events = new EventStore(db);
    expect(() =>
      inTransaction(db, () => {
        const stored = events.insert([event('a'), event('b')], undefined, 10);
        outbox.enqueue(buildOutboxDrafts(stored, instance), endpoint.id, false, 10);
        throw new Error('crash before commit');
      }),
    ).toThrow('crash before commit');
    expect(events.count()).toBe(0);
    expect(outbox.count()).toBe(0);
  });

  it('holds back a notification while an earlier pending one carries the same object to the same endpoint', () => {
    const { outbox, enqueue, claim } = open();
    const [first, second, third, fourth] = enqueue(['x', 'y'], ['z'], ['y'], ['x']);
    expect(claim('w1')).toEqual([first, second]);
    outbox.finish(first as number, 'w1', { state: 'pending', step: 1, nextAttemptAt: 50, attemptedAt: 10, status: 500 });
    // The first is waiting for its retry: the later ones about x and y still wait behind it.
    expect(claim('w1', 20)).toEqual([]);
    expect(claim('w1', 60)).toEqual([first]);
    outbox.finish(first as number, 'w1', { state: 'delivered', step: 2, attemptedAt: 60, status: 200 });
    expect(claim('w1', 60)).toEqual([third, fourth]);
  });

  it('lets a failed notification stop blocking, and a replay put its objects back in line', () => {
    const { db, outbox, endpoint, enqueue, claim } = open();
    const [first, second] = enqueue(['x'], ['x']);
    claim('w1');
    outbox.finish(first as number, 'w1', { state: 'failed', step: 8, attemptedAt: 10, status: 500 });
    inTransaction(db, () => outbox.replay(first as number, endpoint.id, 20));
    expect(claim('w1', 20)).toEqual([first]);
    expect(second).toBeGreaterThan(first as number);
    expect(outbox.get(first as number)).toMatchObject({ state: 'pending', step: 0, attempts: 1 });
  });

  it('leases rows: another worker cannot claim them until the lease runs out, and the lease holder alone finishes them', () => {
    const { outbox, enqueue, claim } = open();
    const [id] = enqueue(['a']);
    expect(claim('w1', 10)).toEqual([id]);
    expect(claim('w2', 500)).toEqual([]);
    expect(claim('w2', 1010)).toEqual([id]);
    expect(outbox.finish(id as number, 'w1', { state: 'delivered', step: 1, attemptedAt: 1020 })).toBe(false);
    expect(outbox.finish(id as number, 'w2', { state: 'delivered', step: 1, attemptedAt: 1020 })).toBe(true);
    expect(outbox.get(id as number)).toMatchObject({ state: 'delivered', deliveredAt: 1020, attempts: 1 });
  });

  it('stores notifications for a disabled endpoint as disabled, to be replayed', () => {
    const { db, outbox, endpoint } = open();
    const ids = inTransaction(db, () => outbox.enqueue(buildOutboxDrafts([event('a')], instance), endpoint.id, true, 10));
    expect(outbox.get(ids[0] as number)).toMatchObject({ state: 'disabled' });
    expect(outbox.dueEndpoints(1e12)).toEqual([]);
  });

  it('is added to a database written by the previous version, keeping its events', () => {
    const file = join(tempDataDir(), 'events.sqlite');
    const old = new DatabaseSync(file);
    old.exec(MIGRATIONS[0] as string);
    old.exec('PRAGMA user_version = 1');
    old.exec("INSERT INTO events (id, instance_id, resource, object_id, event_type, change_time, poll_time, element_key, raw, stored_at) VALUES ('e1', 1, 'r', 'o', 'UPDATED', 1, 1, 'generic', '{}', 1)");
    old.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(new EventStore(db).count()).toBe(1);
    expect(new OutboxStore(db).count()).toBe(0);
    db.close();
  });
});
