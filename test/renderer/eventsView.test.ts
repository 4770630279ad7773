/** The Events view keeps a bounded number of rows in the DOM with 100,000 events, paging by keyset. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventQuery, EventRow } from '../../shared/api.ts';
import { api as client } from '../../renderer/src/lib/api.ts';
import EventsView from '../../renderer/src/views/EventsView.svelte';
import type { FakeApi } from './fakeApi.ts';
import { select } from './interact.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;
const TOTAL = 100_000;
const ROW_HEIGHT = 36;

/** Event seq n (1…TOTAL); the newest has the highest seq. */
function row(seq: number): EventRow {
  const date = new Date(Date.UTC(2024, 0, 1) + seq * 1000).toISOString();
  return { seq, id: `e${seq}`, instanceId: 1, instanceName: 'Bulk', resource: 'items', objectId: `obj-${seq}`, eventType: seq % 2 ? 'CREATED' : 'UPDATED', date, pollDate: date };
}

function serveEvents(total: number): void {
  api.queryEvents.mockImplementation(async (query: EventQuery) => {
    const matching = query.eventType ? Math.floor(total / 2) : total;
    const below = Math.min(query.beforeSeq ? query.beforeSeq - 1 : total, total);
    const limit = query.limit ?? 200;
    const events: EventRow[] = [];
    for (let seq = below; seq >= 1 && events.length < limit; seq--) if (!query.eventType || row(seq).eventType === query.eventType) events.push(row(seq));
    return { events, total: matching };
  });
}

beforeEach(() => {
  vi.clearAllMocks();
  serveEvents(TOTAL);
});

describe('the Events view', () => {
  it('holds a bounded number of rows in the DOM with 100,000 events', async () => {
    render(EventsView, {});
    const list = await screen.findByRole('listbox', { name: 'Events, newest first (100,000)' });
    await within(list).findByText('obj-100000');
    expect(within(list).getAllByRole('option').length).toBeLessThan(60);
    expect(within(list).getAllByRole('option')[0]).toHaveAttribute('aria-setsize', String(TOTAL));
    expect(api.queryEvents).toHaveBeenCalledWith({ limit: 200 });

    const scroller = list.closest('.scroller') as HTMLElement;
    scroller.scrollTop = 30_000 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await within(list).findByText(`obj-${TOTAL - 30_000}`);
    expect(within(list).getAllByRole('option').length).toBeLessThan(60);
    // Keyset pages of 1000 below the last loaded seq, never an offset.
    const pages = api.queryEvents.mock.calls.map(([query]) => query).slice(1);
    expect(pages[0]).toEqual({ limit: 1000, beforeSeq: TOTAL - 199 });
    expect(pages.every((query) => query.beforeSeq !== undefined && query.limit === 1000)).toBe(true);
  });

  it('filters by type through the query', async () => {
    render(EventsView, {});
    await screen.findByText('100,000 events');
    await select(screen.getByLabelText('Type'), 'UPDATED');
    await waitFor(() => expect(screen.getByText('50,000 events')).toBeInTheDocument());
    expect(api.queryEvents).toHaveBeenLastCalledWith({ eventType: 'UPDATED', limit: 200 });
  });

  it('opens an event with its raw record from the keyboard', async () => {
    api.getEvent.mockImplementation(async (id: string) => ({ ...row(Number(id.slice(1))), elementKey: 'generic', raw: { id: id, name: 'Raw name' } }));
    render(EventsView, {});
    const list = await screen.findByRole('listbox', { name: /Events, newest first/ });
    await within(list).findByText('obj-100000');
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'Enter' });
    const detail = await screen.findByRole('region', { name: 'Event' });
    expect(api.getEvent).toHaveBeenCalledWith('e99999');
    await within(detail).findByText('"Raw name"');
  });
});
