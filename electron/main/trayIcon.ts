/**
 * The tray icon for a state, with the unread count drawn into it (no desktop offers a native tray
 * badge), and the application icon. Pure pixels: tray.ts hands the PNG to `nativeImage`.
 *
 * States: idle (blue, a ring and a dot), polling (cyan, an open ring), needs attention (amber, an
 * exclamation mark), paused (grey, two bars). The count sits in a red pill at the top right.
 */
import { Canvas, circle, hex, inflate, ring, roundedRect, scaled, union, type Bitmap, type Rgba, type Shape } from './bitmap.ts';
import type { IconState } from './trayModel.ts';

export const STATE_COLORS: Record<IconState, Rgba> = {
  idle: hex('#2563eb'),
  polling: hex('#0891b2'),
  attention: hex('#d97706'),
  paused: hex('#6b7280'),
};
export const GLYPH_COLORS: Record<IconState, Rgba> = {
  idle: hex('#ffffff'),
  polling: hex('#ffffff'),
  attention: hex('#111827'),
  paused: hex('#ffffff'),
};
export const BADGE_COLOR = hex('#dc2626');
export const BADGE_TEXT_COLOR = hex('#ffffff');

/** 3×5 pixel digits (and "+"), one string per row, "#" for a lit cell. */
export const FONT: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '..#', '..#'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

/** The badge's text: nothing for 0, the count up to 99, then "99+". */
export function badgeText(unread: number): string {
  if (!Number.isFinite(unread) || unread < 1) return '';
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

export interface BadgeLayout {
  text: string;
  /** Pixels per font cell. */
  cell: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Top-left of the first glyph. */
  textX: number;
  textY: number;
}

/** Where the badge and its digits go on an icon of `size` pixels (undefined when nothing is unread). */
export function badgeLayout(unread: number, size: number): BadgeLayout | undefined {
  const text = badgeText(unread);
  if (text === '') return undefined;
  const cell = Math.max(1, Math.floor(size / 16));
  const textWidth = text.length * 3 * cell + (text.length - 1) * cell;
  const textHeight = 5 * cell;
  const height = textHeight + 2 * cell;
  const width = Math.min(size, Math.max(height, textWidth + 4 * cell));
  const x0 = size - width;
  return { text, cell, x0, y0: 0, x1: size, y1: height, textX: x0 + Math.floor((width - textWidth) / 2), textY: Math.floor((height - textHeight) / 2) };
}

/** Sizes (pixels) and scale factors for the tray: Linux panels scale one larger image; others pick by DPI. */
export function trayIconSizes(platform: NodeJS.Platform): { size: number; scaleFactor: number }[] {
  if (platform === 'linux') return [{ size: 32, scaleFactor: 1 }];
  return [
    { size: 16, scaleFactor: 1 },
    { size: 32, scaleFactor: 2 },
  ];
}

export function drawTrayIcon(state: IconState, unread: number, size: number): Bitmap {
  const canvas = new Canvas(size);
  canvas.fill(scaled(circle(16, 16, 14.5), size), STATE_COLORS[state]);
  canvas.fill(scaled(glyph(state), size), GLYPH_COLORS[state]);
  const badge = badgeLayout(unread, size);
  if (badge) drawBadge(canvas, badge);
  return canvas.toBitmap();
}

function glyph(state: IconState): Shape {
  switch (state) {
    case 'idle':
      return union(ring(16, 16, 6, 9), circle(16, 16, 2.75));
    case 'polling':
      // A ring open at the top right, like a refresh arrow.
      return (x, y) => Math.max(ring(16, 16, 6, 9.25)(x, y), Math.min(x - 16, 16 - y));
    case 'attention':
      return union(roundedRect(14.25, 6.5, 17.75, 19, 1.5), circle(16, 23.5, 2));
    case 'paused':
      return union(roundedRect(10, 9, 14, 23, 1), roundedRect(18, 9, 22, 23, 1));
  }
}

function drawBadge(canvas: Canvas, badge: BadgeLayout): void {
  const radius = (badge.y1 - badge.y0) / 2;
  const pill = roundedRect(badge.x0, badge.y0, badge.x1, badge.y1, radius);
  canvas.erase(inflate(pill, Math.max(1, badge.cell / 2)));
  canvas.fill(pill, BADGE_COLOR);
  let x = badge.textX;
  for (const character of badge.text) {
    const rows = FONT[character] ?? [];
    rows.forEach((row, rowIndex) => {
      for (let column = 0; column < row.length; column++) {
        if (row[column] === '#') canvas.fillPixels(x + column * badge.cell, badge.textY + rowIndex * badge.cell, badge.cell, badge.cell, BADGE_TEXT_COLOR);
      }
    });
    x += 4 * badge.cell;
  }
}

export const APP_ICON_COLOR = hex('#1d4ed8');

/** The application icon (window, installers): a rounded square with the idle glyph and a signal arc. */
export function drawAppIcon(size: number): Bitmap {
  const canvas = new Canvas(size);
  canvas.fill(scaled(roundedRect(1, 1, 31, 31, 7), size), APP_ICON_COLOR);
  const outerRing = ring(16, 16, 10.75, 13);
  const signal: Shape = (x, y) => Math.max(outerRing(x, y), 16.5 - x, y - 15.5);
  canvas.fill(scaled(union(ring(16, 16, 5, 7.75), circle(16, 16, 2.5), signal), size), hex('#ffffff'));
  return canvas.toBitmap();
}
