/**
 * The cursor's promise, against a real local HTTP server that misbehaves on purpose: every change
 * becomes exactly one event, whatever the timestamps, the paging, the clocks or the zones.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { describeFindings } from '../../../electron/engine/polling/findings.ts';
import type { PollResult } from '../../../electron/engine/polling/pollResource.ts';
import { fetchSample } from '../../../electron/engine/polling/sample.ts';
import type { ResourceConfig } from '../../../shared/config/types.ts';
import { addItemsInstance, closedAfterEach, itemsInstance, openTestEngine, pollOnce, sleep } from '../support/harness.ts';
import { patternFor, startRecordServer, type RecordServerOptions } from '../support/recordServer.ts';

const MINUTE = 60_000;
const closing = closedAfterEach();

async function setup(options: RecordServerOptions, resource: Partial<Parameters<typeof itemsInstance>[1]> = {}) {
  const server = closing(await startRecordServer(options));
  const engine = closing(openTestEngine());
  const style = options.dateStyle ?? { kind: 'utc-seconds' };
  const instance = await addItemsInstance(engine, server.url, { pattern: patternFor(style), ...resource });
  return { server, engine, instance };
}

const ids = (events: ChangeEvent[]) => events.map((event) => event.objectId).sort();

describe('the cursor, against a misbehaving server', () => {
  it('emits every one of many records sharing the boundary timestamp, across several polls, once', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'utc-seconds' } });
    expect(await pollOnce(engine, instance)).toEqual([]);
    const boundary = Math.floor(server.now() / 1000) * 1000 + 2000;
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) server.upsert(id, undefined, boundary);
    const first = await pollOnce(engine, instance);
    expect(ids(first)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    // More records stamped with the very same second become visible only now (a late commit).
    for (const id of ['b1', 'b2', 'b3']) server.upsert(id, undefined, boundary + 400);
    const second = await pollOnce(engine, instance);
    expect(ids(second)).toEqual(['b1', 'b2', 'b3']);
    server.upsert('c1', undefined, boundary + 900);
    expect(ids(await pollOnce(engine, instance))).toEqual(['c1']);
    expect(await pollOnce(engine, instance)).toEqual([]);
    const all = engine.stores.events.query({ instanceId: instance.id, limit: 100 });
    expect(all).toHaveLength(9);
    expect(new Set(all.map((event) => event.changeTime))).toEqual(new Set([boundary]));
    expect(all.every((event) => event.eventType === 'CREATED')).toBe(true);
  });

  it('re-reads the window when rows shift between offset pages, so nothing is skipped', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'epoch' }, unordered: true }, { pageSize: 10 });
    await pollOnce(engine, instance);
    await sleep(5);
    for (let i = 0; i < 45; i++) server.upsert(`r${String(i).padStart(2, '0')}`);

    // The hazard is real: with a single pass, an update between pages makes rows skip.
    const naive = openTestEngine();
    const naiveInstance = await addItemsInstance(naive, server.url, { pattern: 'milliseconds', pageSize: 10 });
    await naive.pollInstance(naiveInstance, { backfillSince: 0, maxPasses: 1 });
    const naiveIds = new Set(naive.stores.events.query({ limit: 1000 }).map((event) => event.objectId));
    naive.close();
    server.beforePage(20, () => server.upsert('r03'));
    const singlePass = openTestEngine();
    const singleInstance = await addItemsInstance(singlePass, server.url, { pattern: 'milliseconds', pageSize: 10 });
    await singlePass.pollInstance(singleInstance, { backfillSince: 0, maxPasses: 1 });
    const singleIds = new Set(singlePass.stores.events.query({ limit: 1000 }).map((event) => event.objectId));
    singlePass.close();
    expect(naiveIds.size).toBe(45);
    expect(singleIds.size).toBeLessThan(45);

    server.beforePage(20, () => {
      server.upsert('r07');
      server.upsert('r30');
    });
    const outcomes = await engine.pollInstance(instance);
    const result = outcomes[0]?.result;
    expect(result?.passes).toBeGreaterThan(1);
    expect(result?.cursorHeld).toBe(false);
    const stored = engine.stores.events.query({ instanceId: instance.id, limit: 1000 });
    expect(new Set(stored.map((event) => event.objectId)).size).toBe(45);
    for (const id of ['r07', 'r30']) {
      const newest = server.records.get(id)?.updated;
      expect(stored.some((event) => event.objectId === id && event.changeTime === newest)).toBe(true);
    }
    expect(await pollOnce(engine, instance)).toEqual([]);
  });

  it.each([
    ['ahead of', 10 * MINUTE],
    ['behind', -10 * MINUTE],
  ])('misses nothing and repeats nothing with the server clock 10 minutes %s the local clock', async (_label, offset) => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'utc-seconds' }, clockOffsetMs: offset });
    await pollOnce(engine, instance);
    const cursor = engine.stores.cursors.load(instance.id, 'items');
    expect(Math.abs((cursor?.origin ?? 0) - server.now())).toBeLessThan(5000);
    await sleep(1100);
    server.upsert('x1');
    server.upsert('x2');
    expect(ids(await pollOnce(engine, instance))).toEqual(['x1', 'x2']);
    await sleep(1100);
    server.upsert('x1', 'renamed');
    const next = await pollOnce(engine, instance);
    expect(next.map((event) => [event.objectId, event.eventType])).toEqual([['x1', 'UPDATED']]);
    expect(await pollOnce(engine, instance)).toEqual([]);
  });

  it.each([
    ['with offsets', { kind: 'offset', zone: 'America/New_York' }, 'GMT'],
    ['without offsets, zone configured', { kind: 'local', zone: 'Asia/Kolkata' }, 'Asia/Kolkata'],
    ['without offsets, zone configured by its JDK id', { kind: 'local', zone: 'America/Los_Angeles' }, 'PST'],
  ] as const)('reads server dates in a non-UTC zone %s', async (_label, dateStyle, configuredZone) => {
    const { server, engine, instance } = await setup({ dateStyle }, { zone: configuredZone });
    await pollOnce(engine, instance);
    await sleep(5);
    const record = server.upsert('z1');
    const [event] = await pollOnce(engine, instance);
    expect(event?.changeTime).toBe(record.updated);
    expect(event?.eventType).toBe('CREATED');
  });

  it.each([
    ['ahead (a zone east of UTC read as GMT)', 'Asia/Tokyo', 9],
    ['behind (a zone west of UTC read as GMT)', 'America/New_York', -5],
  ])('detects dates shifted %s, holds the cursor, and loses nothing once the zone is fixed', async (_label, serverZone, hours) => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'local', zone: serverZone } }, { zone: 'GMT' });
    await pollOnce(engine, instance);
    await sleep(5);
    server.upsert('s1');
    const outcomes = await engine.pollInstance(instance);
    const result = outcomes[0]?.result;
    expect(result?.zoneShift?.hours).toBe(hours);
    expect(result?.zoneShift?.message).toContain('updatedDateTimezone');
    expect(result?.newEvents).toEqual([]);
    expect(result?.cursorHeld).toBe(true);

    const fixed = itemsInstance(server.url, { pattern: patternFor({ kind: 'local', zone: serverZone }), zone: serverZone });
    const fixedInstance = engine.instances.update(instance.id, { document: fixed }, Date.now());
    const after = await pollOnce(engine, fixedInstance);
    expect(after.map((event) => [event.objectId, event.changeTime])).toEqual([['s1', server.records.get('s1')?.updated]]);
  });

  it('emits one UPDATED with the newest change time for a record updated twice between polls', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'epoch' } });
    await pollOnce(engine, instance);
    await sleep(5);
    server.upsert('u1');
    expect((await pollOnce(engine, instance)).map((event) => event.eventType)).toEqual(['CREATED']);
    await sleep(5);
    server.upsert('u1', 'first change');
    await sleep(5);
    const latest = server.upsert('u1', 'second change');
    const events = await pollOnce(engine, instance);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ objectId: 'u1', eventType: 'UPDATED', changeTime: latest.updated });
    expect((events[0]?.raw as { name: string }).name).toBe('second change');
  });

  it('gives the same change the same event id on every re-poll', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'epoch' } });
    await pollOnce(engine, instance);
    await sleep(5);
    server.upsert('i1');
    const [first] = await pollOnce(engine, instance);
    const again = openTestEngine();
    const sameId = (await again.addInstance(itemsInstance(server.url, { pattern: 'milliseconds' }))).instance;
    expect(sameId.id).toBe(instance.id);
    const [backfilled] = await pollOnce(again, sameId, { backfillSince: 0 });
    again.close();
    expect(backfilled?.id).toBe(first?.id);
  });

  it('reports a record nested 200,000 levels deep as unreadable (URL, position), stores the rest of the page, and goes on', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'epoch' } });
    await pollOnce(engine, instance);
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    for (const id of ['d1', 'a1', 'd2', 'a2']) {
      await sleep(3);
      server.upsert(id);
      if (id.startsWith('d')) server.setRawExtra(id, deep);
    }
    const [outcome] = await engine.pollInstance(instance);
    expect(outcome?.error).toBeUndefined();
    expect(ids(outcome?.result?.newEvents ?? [])).toEqual(['a1', 'a2']);
    expect(outcome?.result?.unreadable).toBe(2);
    const [first, second] = outcome?.result?.unreadableRecords ?? [];
    expect(first).toMatchObject({ objectId: 'd1', position: 1 });
    expect(second).toMatchObject({ objectId: 'd2', position: 3 });
    expect(first?.url).toMatch(new RegExp(`^${server.url}/items\\?`));
    expect(first?.reason).toMatch(/nested too deep/);
    // Not stuck: later changes are emitted, and the deep records never fail a poll.
    await sleep(3);
    server.upsert('a3');
    expect(ids(await pollOnce(engine, instance))).toEqual(['a3']);
    // "Fetch sample" shows them as a problem, in a sample the window can be sent.
    const { loaded, connector } = engine.openConnector(instance);
    const sample = await fetchSample(connector, loaded.config.resources[0] as ResourceConfig, 0);
    expect(sample.filter((record) => record.problem?.includes('nested too deep')).map((record) => record.objectId).sort()).toEqual(['d1', 'd2']);
    expect(() => JSON.stringify(sample)).not.toThrow();
  });

  it('reports records whose change time cannot be read instead of dropping them silently', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'utc-seconds' } }, { pattern: 'yyyy-MM-dd HH:mm:ss' });
    await pollOnce(engine, instance);
    await sleep(5);
    server.upsert('bad1');
    const [outcome] = await engine.pollInstance(instance);
    expect(outcome?.result?.unreadable).toBe(1);
    expect(outcome?.result?.unreadableRecords[0]).toMatchObject({ objectId: 'bad1', field: 'updated' });
    expect(outcome?.result?.unreadableRecords[0]?.reason).toContain('yyyy-MM-dd HH:mm:ss');
    const [run] = engine.stores.runs.recent({ instanceId: instance.id, limit: 1 });
    expect(run?.unreadable).toBe(1);
  });
});

describe('the cursor at its edges', () => {
  it('emits changes made in the same second as the first poll, with dates in whole seconds', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'utc-seconds' } });
    server.upsert('before');
    expect(await pollOnce(engine, instance)).toEqual([]);
    const firstPoll = server.lastDate() as number;
    server.upsert('same1', undefined, firstPoll);
    server.upsert('same2', undefined, firstPoll + 999);
    expect(ids(await pollOnce(engine, instance))).toEqual(['same1', 'same2']);
    expect(await pollOnce(engine, instance)).toEqual([]);
  });

  it('emits what changed while a long first poll was paging, and nothing it found already there', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'epoch' }, latencyMs: 700 }, { pattern: 'milliseconds', pageSize: 10 });
    for (let i = 0; i < 15; i++) server.upsert(`old${String(i).padStart(2, '0')}`);
    // Stamped surely after the first page's Date (whole seconds): a change the first poll cannot have found already there.
    server.beforePage(10, () => server.upsert('during', undefined, (server.lastDate() as number) + 1500));
    expect(ids(await pollOnce(engine, instance))).toEqual(['during']);
    expect(await pollOnce(engine, instance)).toEqual([]);
  });

  it('does not let one answer with Date: 2100 and a record dated 2099 move the cursor: every later change is emitted', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'epoch' } });
    await pollOnce(engine, instance);
    const future = Date.parse('2099-06-01T00:00:00Z');
    server.upsert('future', undefined, future);
    server.overrideDate(Date.parse('2100-01-01T00:00:00Z'));
    const [outcome] = await engine.pollInstance(instance);
    const result = outcome?.result;
    expect(ids(result?.newEvents ?? [])).toEqual(['future']);
    expect(result?.cursorHeld).toBe(false);
    expect(result?.watermark).toBeLessThan(Date.parse('2090-01-01T00:00:00Z'));
    for (const id of ['later1', 'later2', 'later3']) {
      await sleep(5);
      server.upsert(id);
      expect(ids(await pollOnce(engine, instance))).toEqual([id]);
    }
    // Said in the status: the record ahead of the clock, and the clock not believed.
    expect(result?.aheadRecords).toEqual([{ objectId: 'future', changeTime: future }]);
    expect(result?.distrustedClock?.serverTime).toBe(Date.parse('2100-01-01T00:00:00Z'));
    const { warnings } = describeFindings(result as PollResult);
    expect(warnings.join('\n')).toContain("change time ahead of the server's clock");
    expect(warnings.join('\n')).toContain("the server's clock (its Date header) said 2100-01-01T00:00:00.000Z");
  });

  it('is not tripped into a zone shift by one record dated 9999-12-31: it is emitted and reported, and never holds the rest', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'utc-seconds' } });
    await pollOnce(engine, instance);
    server.upsert('odd', undefined, Date.parse('9999-12-31T23:59:59Z'));
    const [outcome] = await engine.pollInstance(instance);
    expect(outcome?.result?.zoneShift).toBeUndefined();
    expect(outcome?.result?.cursorHeld).toBe(false);
    expect(ids(outcome?.result?.newEvents ?? [])).toEqual(['odd']);
    expect(outcome?.result?.ahead).toBe(1);
    await sleep(1100);
    server.upsert('a1');
    server.upsert('a2');
    const [next] = await engine.pollInstance(instance);
    expect(next?.result?.zoneShift).toBeUndefined();
    expect(ids(next?.result?.newEvents ?? [])).toEqual(['a1', 'a2']);
    await sleep(1100);
    server.upsert('a3');
    expect(ids(await pollOnce(engine, instance))).toEqual(['a3']);
  });

  it('reads its window at most twice when the records are stamped 5 s ahead of the Date header, and the cursor advances', async () => {
    const { server, engine, instance } = await setup({ dateStyle: { kind: 'epoch' }, unordered: true, recordClockAheadMs: 5_000 }, { pageSize: 10 });
    await pollOnce(engine, instance);
    let watermark = engine.stores.cursors.load(instance.id, 'items')?.watermark ?? 0;
    for (let round = 0; round < 3; round++) {
      // The Date header counts whole seconds: a second later, the cursor has somewhere to go.
      await sleep(1000);
      const created = Array.from({ length: 12 }, (_, i) => server.upsert(`r${round}-${String(i).padStart(2, '0')}`).id);
      const [outcome] = await engine.pollInstance(instance);
      const result = outcome?.result;
      expect(result?.passes).toBeLessThanOrEqual(2);
      expect(result?.cursorHeld).toBe(false);
      expect(ids(result?.newEvents ?? [])).toEqual(created);
      expect(result?.watermark).toBeGreaterThan(watermark);
      watermark = result?.watermark ?? 0;
    }
    // Nothing changed: one read is enough, the records ahead of the clock were read before.
    const [quiet] = await engine.pollInstance(instance);
    expect(quiet?.result).toMatchObject({ passes: 1, cursorHeld: false, events: 0 });
  });
});
