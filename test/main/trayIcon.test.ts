/** The tray icon drawn in pure code: state colours and glyphs, the unread badge digit by digit, and the PNG handed to nativeImage. */
import { describe, expect, it } from 'vitest';
import { Canvas, encodePng, hex, roundedRect } from '../../electron/main/bitmap.ts';
import { BADGE_COLOR, BADGE_TEXT_COLOR, badgeLayout, badgeText, drawAppIcon, drawTrayIcon, FONT, GLYPH_COLORS, STATE_COLORS, trayIconSizes } from '../../electron/main/trayIcon.ts';
import type { IconState } from '../../electron/main/trayModel.ts';
import { decodePng, pixel } from './support/png.ts';

const STATES: IconState[] = ['idle', 'polling', 'attention', 'paused'];

/** A pixel at a point of the 32-unit design grid, scaled to the icon's size. */
function at(bitmap: ReturnType<typeof drawTrayIcon>, x: number, y: number) {
  const factor = bitmap.width / 32;
  return pixel(bitmap, Math.floor(x * factor), Math.floor(y * factor));
}

describe('the tray icon for each state', () => {
  for (const size of [16, 32, 64]) {
    it(`fills a circle with the state's colour (${size} px), transparent outside it`, () => {
      for (const state of STATES) {
        const icon = drawTrayIcon(state, 0, size);
        expect([icon.width, icon.height, icon.data.length]).toEqual([size, size, size * size * 4]);
        // Between the glyph and the rim the disc shows the state colour.
        expect(at(icon, 16, 3.5)).toEqual([...STATE_COLORS[state]]);
        // The corners are outside the disc.
        expect(pixel(icon, 0, 0)[3]).toBe(0);
        expect(pixel(icon, size - 1, size - 1)[3]).toBe(0);
      }
    });
  }

  it('draws each state with its own glyph', () => {
    const white = [...GLYPH_COLORS.idle];
    const idle = drawTrayIcon('idle', 0, 32);
    expect(at(idle, 16, 16)).toEqual(white); // the centre dot
    expect(at(idle, 16, 8.5)).toEqual(white); // the ring
    expect(at(idle, 16, 12)).toEqual([...STATE_COLORS.idle]); // between dot and ring

    const polling = drawTrayIcon('polling', 0, 32);
    expect(at(polling, 16, 16)).toEqual([...STATE_COLORS.polling]); // no dot
    expect(at(polling, 8.5, 16)).toEqual(white); // the ring on the left
    expect(at(polling, 22, 10)).toEqual([...STATE_COLORS.polling]); // open at the top right

    const attention = drawTrayIcon('attention', 0, 32);
    expect(at(attention, 16, 12)).toEqual([...GLYPH_COLORS.attention]); // the bar of "!"
    expect(at(attention, 16, 23.5)).toEqual([...GLYPH_COLORS.attention]); // its dot
    expect(at(attention, 16, 20.75)).toEqual([...STATE_COLORS.attention]); // the gap between them

    const paused = drawTrayIcon('paused', 0, 32);
    expect(at(paused, 12, 16)).toEqual(white); // left bar
    expect(at(paused, 20, 16)).toEqual(white); // right bar
    expect(at(paused, 16, 16)).toEqual([...STATE_COLORS.paused]); // between the bars
  });

  it('looks different in every state', () => {
    const images = STATES.map((state) => Buffer.from(drawTrayIcon(state, 0, 32).data).toString('base64'));
    expect(new Set(images).size).toBe(STATES.length);
  });

  it('anti-aliases the edge of the disc', () => {
    const icon = drawTrayIcon('idle', 0, 32);
    const alphas = Array.from({ length: 32 }, (_, x) => pixel(icon, x, 16)[3]);
    expect(alphas.some((alpha) => alpha > 0 && alpha < 255)).toBe(true);
  });
});

describe('the unread count drawn into the icon', () => {
  it('writes nothing for 0, the count up to 99, then 99+', () => {
    expect([0, -1, Number.NaN, 1, 9, 42, 99, 100, 12_345].map(badgeText)).toEqual(['', '', '', '1', '9', '42', '99', '99+', '99+']);
  });

  it('leaves the icon alone when nothing is unread', () => {
    for (const state of STATES) {
      const icon = drawTrayIcon(state, 0, 32);
      const red = Array.from({ length: 32 * 32 }, (_, index) => pixel(icon, index % 32, Math.floor(index / 32))).filter((rgba) => rgba.join() === [...BADGE_COLOR].join());
      expect(red).toEqual([]);
      expect(drawTrayIcon(state, 1, 32)).not.toEqual(icon);
    }
    expect(badgeLayout(0, 32)).toBeUndefined();
    // Top right, where the badge would go, is the disc's plain edge region.
    expect(pixel(drawTrayIcon('idle', 0, 32), 31, 0)[3]).toBe(0);
  });

  for (const [unread, size] of [
    [7, 32],
    [42, 32],
    [150, 32],
    [3, 16],
    [88, 16],
    [5, 64],
  ] as const) {
    it(`draws ${badgeText(unread)} in white 3×5 digits on a red pill, pixel for pixel (${size} px)`, () => {
      const icon = drawTrayIcon('idle', unread, size);
      const badge = badgeLayout(unread, size);
      if (!badge) throw new Error('expected a badge');
      expect(badge.cell).toBe(Math.max(1, size / 16));
      expect(badge.x1).toBe(size);
      expect(badge.y0).toBe(0);
      let x = badge.textX;
      for (const character of badge.text) {
        const glyph = FONT[character] as readonly string[];
        for (let row = 0; row < 5 * badge.cell; row++) {
          for (let column = 0; column < 3 * badge.cell; column++) {
            const lit = glyph[Math.floor(row / badge.cell)]?.[Math.floor(column / badge.cell)] === '#';
            expect(pixel(icon, x + column, badge.textY + row), `${character} at ${column},${row}`).toEqual(lit ? [...BADGE_TEXT_COLOR] : [...BADGE_COLOR]);
          }
        }
        // The column between two digits is the badge's red.
        if (character !== badge.text.at(-1)) for (let row = 0; row < 5 * badge.cell; row++) expect(pixel(icon, x + 3 * badge.cell, badge.textY + row)).toEqual([...BADGE_COLOR]);
        x += 4 * badge.cell;
      }
      // The digits sit inside the pill, which sits inside the icon.
      expect(badge.textX).toBeGreaterThanOrEqual(badge.x0);
      expect(x - badge.cell).toBeLessThanOrEqual(badge.x1);
      expect(badge.x0).toBeGreaterThanOrEqual(0);
    });
  }

  it('keeps the state visible under the badge', () => {
    const icon = drawTrayIcon('attention', 150, 32);
    expect(at(icon, 16, 23.5)).toEqual([...GLYPH_COLORS.attention]);
    expect(at(icon, 5, 24)).toEqual([...STATE_COLORS.attention]);
  });

  it('cuts a transparent gap around the badge so it reads on any panel colour', () => {
    const icon = drawTrayIcon('idle', 7, 32);
    const badge = badgeLayout(7, 32);
    if (!badge) throw new Error('expected a badge');
    // Just below the pill, on the disc: cleared.
    expect(pixel(icon, badge.x0 + 7, badge.y1)[3]).toBeLessThan(128);
  });
});

describe('PNG encoding (what nativeImage.createFromBuffer reads)', () => {
  it('round-trips every pixel, alpha included', () => {
    for (const bitmap of [drawTrayIcon('paused', 42, 32), drawTrayIcon('idle', 0, 16), drawAppIcon(48)]) {
      const png = encodePng(bitmap);
      expect(decodePng(png)).toEqual({ width: bitmap.width, height: bitmap.height, data: bitmap.data });
    }
  });

  it('writes a well-formed RGBA PNG', () => {
    const png = encodePng(drawTrayIcon('idle', 1, 32));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([32, 32, 8, 6]);
    expect(png.toString('latin1', png.length - 8, png.length - 4)).toBe('IEND');
  });

  it('composes translucent shapes with straight alpha', () => {
    const canvas = new Canvas(2, 1);
    canvas.fill(roundedRect(0, 0, 2, 1, 0), hex('#ff0000', 128));
    canvas.fill(roundedRect(1, 0, 2, 1, 0), hex('#0000ff', 255));
    expect(Array.from(canvas.toBitmap().data)).toEqual([255, 0, 0, 128, 0, 0, 255, 255]);
  });
});

describe('sizes per platform', () => {
  it('gives Linux one 32 px image and the others 16 px with a 2× version', () => {
    expect(trayIconSizes('linux')).toEqual([{ size: 32, scaleFactor: 1 }]);
    expect(trayIconSizes('win32')).toEqual([
      { size: 16, scaleFactor: 1 },
      { size: 32, scaleFactor: 2 },
    ]);
    expect(trayIconSizes('darwin')).toEqual(trayIconSizes('win32'));
  });
});
