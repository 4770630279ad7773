/**
 * Builds the Electron main process and the preload with Vite (Rolldown underneath):
 *
 * - main → out/main/index.js, one ES module; the project's own TypeScript (engine, shared) is
 *   bundled in, while `electron`, Node's built-ins and the runtime dependencies (electron-store,
 *   keytar, …) stay imports: electron-builder packs node_modules, and keytar's native file must be
 *   loaded from disk (it is unpacked from the asar).
 * - preload → out/preload/index.cjs, one CommonJS file with nothing external but `electron`: a
 *   sandboxed preload cannot load local modules at run time. API_METHODS is bundled in from
 *   shared/api.ts, so the exposed methods follow the contract by construction.
 *
 * Usage: node electron/build.ts [--out <dir>]   (the default is the project's out/)
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import { MAIN_BUNDLE, PRELOAD_BUNDLE } from './main/paths.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** Electron 45 runs Node 24 in the main process and Chromium 140 in the renderer. */
const MAIN_TARGET = 'node24';
const PRELOAD_TARGET = 'chrome140';

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
const runtimeDependencies = Object.keys(packageJson.dependencies ?? {});
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** True for imports that stay imports in the main bundle. */
export function isMainExternal(id: string): boolean {
  if (id === 'electron' || id.startsWith('electron/') || NODE_BUILTINS.has(id) || id.startsWith('node:')) return true;
  return runtimeDependencies.some((name) => id === name || id.startsWith(`${name}/`));
}

function bundle(entry: string, outFile: string, format: 'es' | 'cjs', target: string, external: (id: string) => boolean, outRoot: string): InlineConfig {
  const file = join(outRoot, outFile);
  return {
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: dirname(file),
      emptyOutDir: true,
      target,
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry: join(ROOT, entry), formats: [format], fileName: () => file.slice(dirname(file).length + 1) },
      rolldownOptions: {
        external,
        output: { codeSplitting: false },
        platform: 'node',
      },
    },
  };
}

export async function buildElectron(outRoot = ROOT): Promise<void> {
  await build(bundle('electron/main/main.ts', MAIN_BUNDLE, 'es', MAIN_TARGET, isMainExternal, outRoot));
  await build(bundle('electron/preload/index.ts', PRELOAD_BUNDLE, 'cjs', PRELOAD_TARGET, (id) => id === 'electron', outRoot));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const outIndex = process.argv.indexOf('--out');
  await buildElectron(outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : ROOT);
}
