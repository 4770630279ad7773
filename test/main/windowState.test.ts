/** Where the main window opens: the place it was left, kept reachable on today's displays. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadWindowState, placeWindow, saveWindowState, type Rect } from '../../electron/main/windowState.ts';
import { WINDOW_SIZE } from '../../electron/main/windowOptions.ts';
import { tempDataDir } from '../engine/support/harness.ts';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 870 };
const leftMonitor: Rect = { x: -2560, y: -200, width: 2560, height: 1400 };
const saved = (bounds: Rect, maximized = false) => ({ bounds, maximized });

describe('placing the window', () => {
  it('keeps a place that is on a display, including one left of and above the primary', () => {
    expect(placeWindow(saved({ x: 100, y: 50, width: 1000, height: 700 }), [laptop], WINDOW_SIZE)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: false });
    expect(placeWindow(saved({ x: -2000, y: -150, width: 1600, height: 1000 }, true), [laptop, leftMonitor], WINDOW_SIZE)).toEqual({
      x: -2000,
      y: -150,
      width: 1600,
      height: 1000,
      maximized: true,
    });
  });

  it('opens centred at the first size when the display it was on is gone', () => {
    expect(placeWindow(saved({ x: -2000, y: -150, width: 1600, height: 1000 }), [laptop], WINDOW_SIZE)).toEqual({ width: 1180, height: 780, maximized: false });
    expect(placeWindow(undefined, [laptop], WINDOW_SIZE)).toEqual({ width: 1180, height: 780, maximized: false });
  });

  it('pulls a window hanging off the edge back in, and shrinks one larger than its display', () => {
    // Only the left 200 px of the title bar were on the laptop: moved so all of it is.
    expect(placeWindow(saved({ x: 1240, y: 400, width: 1000, height: 700 }), [laptop], WINDOW_SIZE)).toEqual({ x: 440, y: 170, width: 1000, height: 700, maximized: false });
    // Saved on a big monitor, opened on the laptop's smaller work area.
    expect(placeWindow(saved({ x: 10, y: 10, width: 2400, height: 1300 }), [laptop], WINDOW_SIZE)).toEqual({ x: 0, y: 0, width: 1440, height: 870, maximized: false });
  });

  it('never goes below the smallest size the views are laid out for', () => {
    expect(placeWindow(saved({ x: 10, y: 10, width: 200, height: 100 }), [laptop], WINDOW_SIZE)).toMatchObject({ width: 720, height: 480 });
  });

  it('needs 120 px of the title bar on a display (then pulls the rest in), else opens centred', () => {
    expect(placeWindow(saved({ x: 1400, y: 10, width: 800, height: 600 }), [laptop], WINDOW_SIZE)).toEqual({ width: 1180, height: 780, maximized: false });
    expect(placeWindow(saved({ x: 100, y: 869, width: 800, height: 600 }), [laptop], WINDOW_SIZE)).toMatchObject({ x: 100, y: 270 });
    expect(placeWindow(saved({ x: 100, y: -40, width: 800, height: 600 }), [laptop], WINDOW_SIZE)).toEqual({ width: 1180, height: 780, maximized: false });
  });
});

describe('the window state file', () => {
  it('gives back what was saved', () => {
    const dataDir = tempDataDir();
    saveWindowState(dataDir, saved({ x: -5, y: 20, width: 900, height: 640 }, true));
    expect(loadWindowState(dataDir)).toEqual(saved({ x: -5, y: 20, width: 900, height: 640 }, true));
  });

  it.each([
    ['no file', undefined],
    ['a truncated file', '{"bounds":{"x":1,'],
    ['a size of zero', JSON.stringify(saved({ x: 0, y: 0, width: 0, height: 600 }))],
    ['a place that is not a number', JSON.stringify({ bounds: { x: '10', y: 0, width: 900, height: 600 }, maximized: false })],
    ['no maximized flag', JSON.stringify({ bounds: { x: 10, y: 0, width: 900, height: 600 } })],
  ])('ignores %s', (_label, content) => {
    const dataDir = tempDataDir();
    if (content !== undefined) writeFileSync(join(dataDir, 'window-state.json'), content);
    expect(loadWindowState(dataDir)).toBeUndefined();
  });

  it('warns, and does not throw, when the state cannot be written', () => {
    const warn = vi.fn();
    saveWindowState(join(tempDataDir(), 'missing', 'dir'), saved({ x: 0, y: 0, width: 900, height: 600 }), warn);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^could not remember the window's place in .*window-state\.json: ENOENT/));
  });
});
