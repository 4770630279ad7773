// @vitest-environment node
// Pure logic of the window: no DOM needed.
import { describe, expect, it, vi } from 'vitest';
import type { EventQuery, EventRow } from '../../../shared/api.ts';
import { EventList, sortsBefore } from '../../../renderer/src/lib/eventList.ts';

function row(seq: number): EventRow {
  return { seq, id: `e${seq}`, instanceId: 1, instanceName: 'A', resource: 'r', objectId: String(seq), eventType: 'CREATED', date: '2024-01-01T00:00:00.000Z', pollDate: '2024-01-01T00:00:00.000Z' };
}

/** A store of events 1…count, newest first, with keyset paging. */
function source(initial: number) {
  let count = initial;
  return {
    add: (n: number) => (count += n),
    queryEvents: vi.fn(async (query: EventQuery) => {
      const below = Math.min((query.beforeSeq ?? count + 1) - 1, count);
      const events = Array.from({ length: Math.max(0, Math.min(query.limit ?? 200, below)) }, (_, i) => row(below - i));
      return { events, total: count };
    }),
  };
}

/** An EventList over `source(count)`, its first page loaded. */
async function loadedList(count: number) {
  const store = source(count);
  const list = new EventList(store, () => undefined);
  await list.reset({});
  return { store, list };
}

describe('EventList', () => {
  it('loads the first page, then older pages by keyset until an index is covered', async () => {
    const { store, list } = await loadedList(5000);
    expect(list.rows).toHaveLength(200);
    expect(list.total).toBe(5000);
    await list.ensureLoaded(2500);
    expect(list.rows.length).toBeGreaterThan(2500);
    expect(list.rows[2500]?.seq).toBe(2500);
    expect(store.queryEvents.mock.calls.map(([query]) => query.beforeSeq)).toEqual([undefined, 4801, 3801, 2801]);
    await list.ensureLoaded(10_000);
    expect(list.complete).toBe(true);
    expect(list.rows).toHaveLength(5000);
  });

  it('merges newer events at the top and says how many arrived', async () => {
    const { store, list } = await loadedList(300);
    store.add(7);
    expect(await list.refreshTop()).toBe(7);
    expect(list.rows[0]?.seq).toBe(307);
    expect(list.rows[7]?.seq).toBe(300);
    expect(list.total).toBe(307);
  });

  it('puts an arrival with an older change time where it sorts, not on top; one older than every loaded row waits for its page', async () => {
    const at = (seq: number, minute: number): EventRow => ({ ...row(seq), date: new Date(Date.UTC(2024, 0, 1, 4, minute)).toISOString() });
    let events = [at(3, 30), at(2, 20), at(1, 10)];
    const store = { queryEvents: vi.fn(async () => ({ events, total: events.length })) };
    const list = new EventList(store, () => undefined);
    await list.reset({ order: 'changed' });
    // Arrived later (seq 4, 5, 6): one changed at 04:40, one at 04:25, one at 04:05 (below all but not loaded as complete).
    events = [at(4, 40), at(3, 30), at(5, 25), at(2, 20), at(1, 10), at(6, 5)];
    expect(await list.refreshTop()).toBe(1);
    expect(list.rows.map((event) => event.seq)).toEqual([4, 3, 5, 2, 1, 6]);
    expect(sortsBefore(at(7, 1), at(8, 2), 'arrived')).toBe(false);
    expect(sortsBefore(at(7, 1), at(8, 1), 'changed')).toBe(false);
    expect(sortsBefore(at(7, 3), at(8, 2), 'changed')).toBe(true);
  });

  it('starts over when more arrived than one page can bridge', async () => {
    const { store, list } = await loadedList(300);
    store.add(1000);
    expect(await list.refreshTop()).toBe(0);
    expect(list.rows[0]?.seq).toBe(1300);
    expect(list.rows).toHaveLength(200);
  });

  it('ignores an answer to a filter that was replaced', async () => {
    const store = source(100);
    let release: () => void = () => undefined;
    store.queryEvents.mockImplementationOnce(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { events: [row(1)], total: 1 };
    });
    const list = new EventList(store, () => undefined);
    const first = list.reset({ text: 'old' });
    await list.reset({ text: 'new' });
    release();
    await first;
    expect(list.total).toBe(100);
    expect(list.query).toEqual({ text: 'new' });
  });
});
