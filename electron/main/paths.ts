/**
 * Where the app's files are, relative to the app folder (the project, or app.asar when packaged).
 * electron/build.ts writes the bundles here, package.json's "main" names the main bundle and
 * electron-builder.yml packs these folders; a test keeps the four in agreement.
 */
import { join } from 'node:path';

export const MAIN_BUNDLE = 'out/main/index.js';
export const PRELOAD_BUNDLE = 'out/preload/index.cjs';
export const RENDERER_INDEX = 'renderer/dist/index.html';

export function appFiles(appPath: string): { preload: string; indexFile: string } {
  return { preload: join(appPath, PRELOAD_BUNDLE), indexFile: join(appPath, RENDERER_INDEX) };
}
