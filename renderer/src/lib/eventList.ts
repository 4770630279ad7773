/**
 * The Events view's rows: newest first (by change time, or by arrival as the query says), loaded in
 * keyset pages (`beforeSeq`, with `beforeDate` for change-time order) as the user scrolls,
 * with new events merged in at the top when the engine pushes "events added". Holds plain rows; the
 * view renders only the visible ones.
 */
import type { EventQuery, EventRow, PollerApi } from '../../../shared/api.ts';

export const FIRST_PAGE = 200;
export const NEXT_PAGE = 1000;

export type EventSource = Pick<PollerApi, 'queryEvents'>;

export class EventList {
  rows: EventRow[] = [];
  total = 0;
  /** Every older event is loaded. */
  complete = false;
  loading = false;
  error: string | undefined;
  readonly #source: EventSource;
  readonly #onChange: () => void;
  #query: EventQuery = {};
  #generation = 0;
  #paging: Promise<void> | undefined;

  constructor(source: EventSource, onChange: () => void) {
    this.#source = source;
    this.#onChange = onChange;
  }

  get query(): EventQuery {
    return this.#query;
  }

  /** Starts over with a new filter. */
  async reset(query: EventQuery): Promise<void> {
    const generation = ++this.#generation;
    this.#query = query;
    this.#paging = undefined;
    this.loading = true;
    this.#onChange();
    try {
      const page = await this.#source.queryEvents({ ...query, limit: FIRST_PAGE });
      if (generation !== this.#generation) return;
      this.rows = page.events;
      this.total = page.total;
      this.complete = page.events.length < FIRST_PAGE;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.rows = [];
      this.total = 0;
      this.complete = true;
      this.error = (error as Error).message;
    } finally {
      if (generation === this.#generation) {
        this.loading = false;
        this.#onChange();
      }
    }
  }

  /** Loads older pages until row `index` is loaded (or there are no more). */
  ensureLoaded(index: number): Promise<void> {
    if (index < this.rows.length || this.complete) return Promise.resolve();
    this.#paging ??= this.#loadUntil(index, this.#generation).finally(() => (this.#paging = undefined));
    return this.#paging.then(() => (index < this.rows.length || this.complete ? undefined : this.ensureLoaded(index)));
  }

  async #loadUntil(index: number, generation: number): Promise<void> {
    while (index >= this.rows.length && !this.complete && generation === this.#generation) {
      const last = this.rows[this.rows.length - 1];
      const page = await this.#source.queryEvents({ ...this.#query, limit: NEXT_PAGE, ...(last ? { beforeSeq: last.seq, beforeDate: last.date } : {}) });
      if (generation !== this.#generation) return;
      this.rows = this.rows.concat(page.events);
      this.total = Math.max(page.total, this.rows.length);
      this.complete = page.events.length < NEXT_PAGE;
      this.#onChange();
    }
  }

  /**
   * Merges events that arrived since the rows were loaded. Returns how many rows were added above the
   * ones shown, so the view can keep what the user is looking at in place.
   */
  async refreshTop(): Promise<number> {
    const generation = this.#generation;
    const newest = this.rows.reduce((max, row) => Math.max(max, row.seq), 0);
    const page = await this.#source.queryEvents({ ...this.#query, limit: FIRST_PAGE });
    if (generation !== this.#generation) return 0;
    const fresh = page.events.filter((event) => event.seq > newest);
    if (this.rows.length > 0 && fresh.length === FIRST_PAGE) {
      // More arrived than one page: the gap cannot be filled from the top, so start over.
      await this.reset(this.#query);
      return 0;
    }
    const first = this.rows[0];
    const last = this.rows[this.rows.length - 1];
    const sortsFirst = (a: EventRow, b: EventRow) => sortsBefore(a, b, this.#query.order);
    let above = 0;
    const rows = [...this.rows];
    for (const event of fresh) {
      // One that sorts after every loaded row (an old change time) comes with the next page.
      if (last && !this.complete && sortsFirst(last, event)) continue;
      if (!first || sortsFirst(event, first)) above++;
      const at = rows.findIndex((row) => sortsFirst(event, row));
      rows.splice(at < 0 ? rows.length : at, 0, event);
    }
    this.rows = rows;
    this.total = Math.max(page.total, this.rows.length);
    if (this.rows.length === 0) this.complete = true;
    this.#onChange();
    return above;
  }
}

/** Whether `a` is listed before `b`: newer change time first, ties (and order `arrived`) by arrival. */
export function sortsBefore(a: EventRow, b: EventRow, order: EventQuery['order']): boolean {
  if (order !== 'arrived') {
    const difference = Date.parse(a.date) - Date.parse(b.date);
    if (difference !== 0) return difference > 0;
  }
  return a.seq > b.seq;
}
