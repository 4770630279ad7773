/** Which rows of a fixed-row-height list are on screen (plus a margin), so only those are in the DOM. */
export interface RangeInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  overscan?: number;
}

export interface RowRange {
  start: number;
  /** Exclusive. */
  end: number;
}

export function visibleRange({ scrollTop, viewportHeight, rowHeight, count, overscan = 8 }: RangeInput): RowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first - overscan, count - 1));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/** The scrollTop that brings `index` into view with as little movement as possible. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}

/** Browsers cap an element's height (Chrome ~33 M px, Firefox ~17 M px); lists stop well below that. */
export const MAX_SCROLL_HEIGHT = 15_000_000;
