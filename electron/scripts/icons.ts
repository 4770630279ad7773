/**
 * Draws the application icons into build/ (what electron-builder packs): icon.png at 1024×1024
 * for macOS and Windows, and the Linux icon set build/icons/<size>x<size>.png. The same drawing
 * code makes the window icon at run time. Run: node electron/scripts/icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodePng } from '../main/bitmap.ts';
import { drawAppIcon } from '../main/trayIcon.ts';

export const APP_ICON_SIZE = 1024;
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

export function writeIcons(buildDir: string): void {
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  writeFileSync(join(buildDir, 'icon.png'), encodePng(drawAppIcon(APP_ICON_SIZE)));
  for (const size of LINUX_ICON_SIZES) writeFileSync(join(buildDir, 'icons', `${size}x${size}.png`), encodePng(drawAppIcon(size)));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeIcons(resolve(import.meta.dirname, '..', '..', 'build'));
}
