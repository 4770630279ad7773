/**
 * Where the main window was: its size and place are kept in `<data dir>/window-state.json` and
 * given back at the next start, unless the display it was on is gone (a laptop off its dock), in
 * which case the window opens centred on the primary display. Plain Node: tested without Electron.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The window's bounds when not maximized. */
  bounds: Rect;
  maximized: boolean;
}

export interface WindowPlacement {
  /** Absent: let the system centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface SizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** How much of the window's top edge must lie on a display for it to be reachable with the mouse. */
const MIN_VISIBLE_WIDTH = 120;
const TITLE_BAR_HEIGHT = 32;
const FILE_NAME = 'window-state.json';

/** The saved state's placement on today's displays (their work areas), or a centred default. */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[], limits: SizeLimits): WindowPlacement {
  const fallback: WindowPlacement = { width: limits.width, height: limits.height, maximized: saved?.maximized ?? false };
  if (!saved) return fallback;
  const area = workAreas.find((candidate) => titleBarVisibleOn(saved.bounds, candidate));
  if (!area) return fallback;
  // Never larger than the display it opens on, never smaller than the window allows.
  const width = clamp(saved.bounds.width, limits.minWidth, Math.max(limits.minWidth, area.width));
  const height = clamp(saved.bounds.height, limits.minHeight, Math.max(limits.minHeight, area.height));
  const x = clamp(saved.bounds.x, area.x, area.x + area.width - Math.min(width, area.width));
  const y = clamp(saved.bounds.y, area.y, area.y + area.height - Math.min(height, area.height));
  return { x, y, width, height, maximized: saved.maximized };
}

function titleBarVisibleOn(bounds: Rect, area: Rect): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const top = Math.max(bounds.y, area.y);
  const bottom = Math.min(bounds.y + TITLE_BAR_HEIGHT, area.y + area.height);
  return right - left >= MIN_VISIBLE_WIDTH && bottom > top;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** The saved state, or undefined when there is none or it is not one (a hand-edited or truncated file is ignored). */
export function loadWindowState(dataDir: string): WindowState | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, FILE_NAME), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { bounds, maximized } = parsed as { bounds?: unknown; maximized?: unknown };
  if (!isRect(bounds) || typeof maximized !== 'boolean') return undefined;
  return { bounds, maximized };
}

/** Writes the state atomically (a crash mid-write leaves the previous file); failures are only logged, a window place is not worth an error. */
export function saveWindowState(dataDir: string, state: WindowState, warn: (message: string) => void = console.warn): void {
  const file = join(dataDir, FILE_NAME);
  try {
    writeFileSync(`${file}.tmp`, `${JSON.stringify(state)}\n`);
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    warn(`could not remember the window's place in ${file}: ${(error as Error).message}`);
  }
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const rect = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((key) => Number.isSafeInteger(rect[key])) && (rect.width as number) > 0 && (rect.height as number) > 0;
}
