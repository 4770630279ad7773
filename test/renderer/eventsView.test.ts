/**
 * The Events view keeps a bounded number of rows in the DOM with 100,000 events, paging by keyset;
 * shows each record's label and changed fields, the changes before/after, exports what is filtered.
 */
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
const ROW_HEIGHT = 48;

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
    const list = await screen.findByRole('listbox', { name: 'Events, newest change first (100,000)' });
    await within(list).findByText('obj-100000');
    expect(within(list).getAllByRole('option').length).toBeLessThan(60);
    expect(within(list).getAllByRole('option')[0]).toHaveAttribute('aria-setsize', String(TOTAL));
    expect(api.queryEvents).toHaveBeenCalledWith({ order: 'changed', limit: 200 });

    const scroller = list.closest('.scroller') as HTMLElement;
    scroller.scrollTop = 30_000 * ROW_HEIGHT;
    await fireEvent.scroll(scroller);
    await within(list).findByText(`obj-${TOTAL - 30_000}`);
    expect(within(list).getAllByRole('option').length).toBeLessThan(60);
    // Keyset pages of 1000 below the last loaded seq, never an offset.
    const pages = api.queryEvents.mock.calls.map(([query]) => query).slice(1);
    expect(pages[0]).toEqual({ order: 'changed', limit: 1000, beforeSeq: TOTAL - 199, beforeDate: row(TOTAL - 199).date });
    expect(pages.every((query) => query.beforeSeq !== undefined && query.limit === 1000)).toBe(true);
  });

  it('filters by type through the query', async () => {
    render(EventsView, {});
    await screen.findByText('100,000 events');
    await select(screen.getByLabelText('Type'), 'UPDATED');
    await waitFor(() => expect(screen.getByText('50,000 events')).toBeInTheDocument());
    expect(api.queryEvents).toHaveBeenLastCalledWith({ eventType: 'UPDATED', order: 'changed', limit: 200 });
  });

  it('opens an event with its raw record from the keyboard', async () => {
    api.getEvent.mockImplementation(async (id: string) => ({ ...row(Number(id.slice(1))), elementKey: 'generic', raw: { id: id, name: 'Raw name' } }));
    render(EventsView, {});
    const list = await screen.findByRole('listbox', { name: /Events, newest change first/ });
    await within(list).findByText('obj-100000');
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'Enter' });
    const detail = await screen.findByRole('region', { name: 'Event' });
    expect(api.getEvent).toHaveBeenCalledWith('e99999');
    await within(detail).findByText('"Raw name"');
  });

  it('orders by arrival when chosen, saying so', async () => {
    render(EventsView, {});
    await screen.findByText('100,000 events');
    await select(screen.getByLabelText('Order'), 'arrived');
    await screen.findByRole('listbox', { name: 'Events, newest arrival first (100,000)' });
    expect(api.queryEvents).toHaveBeenLastCalledWith({ order: 'arrived', limit: 200 });
  });

  it("shows each record's label and changed fields, first seen and only-ignored marked; the detail shows before and after; Escape closes it", async () => {
    const rows: EventRow[] = [
      { ...row(3), label: 'Ada Lovelace', changedFields: ['stage', 'owner.name'] },
      { ...row(2), label: 'Grace Hopper', changedFields: null },
      { ...row(1), changedFields: [] },
    ];
    api.queryEvents.mockResolvedValue({ events: rows, total: 3 });
    api.getEvent.mockResolvedValue({ ...rows[0]!, elementKey: 'generic', raw: { id: 'obj-3' }, changes: [{ path: 'stage', old: 'Prospecting', new: 'Negotiation' }, { path: 'owner.name', new: 'Lin' }] });
    render(EventsView, {});
    const list = await screen.findByRole('listbox', { name: /newest change first \(3\)/ });
    const [first, second, third] = within(list).getAllByRole('option');
    expect(first).toHaveTextContent('Ada Lovelace');
    expect(first).toHaveTextContent('stage, owner.name');
    expect(second).toHaveTextContent('first seen');
    expect(third).toHaveTextContent('no label');
    expect(third).toHaveTextContent('only ignored fields');

    await fireEvent.click(first!);
    const detail = await screen.findByRole('region', { name: 'Event' });
    const changes = await within(detail).findByRole('table', { name: 'What changed' });
    const cells = within(changes).getAllByRole('row').map((tableRow) => [...tableRow.children].map((cell) => cell.textContent?.trim()).join(' | '));
    expect(cells).toEqual(['Field | Before | After', 'stage | Prospecting | Negotiation', 'owner.name | (absent) | Lin']);

    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Event' })).not.toBeInTheDocument());
  });

  it('exports every event the filters match as CSV, through a download', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => (created.push(blob), 'blob:export'));
    URL.revokeObjectURL = vi.fn();
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    serveEvents(1500);
    render(EventsView, {});
    await screen.findByText('1,500 events');
    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    click.mockRestore();
    expect(clicked[0]).toMatch(/^events-.*\.csv$/);
    const text = await created[0]!.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,date,pollDate,eventType,instance,resource,objectId,label,changedFields');
    expect(lines).toHaveLength(1501);
    expect(lines[1]).toContain('obj-1500');
    expect(lines[1500]).toContain('obj-1');
  });
});
