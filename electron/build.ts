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
 * - cli → out/cli/main.js, the `crm-event-poller` command (and `serve`) as ES modules with their
 *   dependencies in (a few files to read and compile instead of hundreds: the start takes a
 *   fraction of running the TypeScript sources); what a command imports when it runs (the engine,
 *   `serve`, the simulators) is in out/cli/chunks/, so `--version` or `validate` never load it.
 *   Only Node's built-ins and keytar (native) stay imports.
 *   Beside it, out/cli/inputs.json lists the files it was built from and when, so the bin runs it
 *   only while none has changed since (bin/bundle.js). Built at install (`prepare`).
 *
 * Usage: node electron/build.ts [--out <dir>] [--cli]   (the default is the project's out/, and both Electron bundles)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type InlineConfig, type Rolldown } from 'vite';
import { CLI_BUNDLE, CLI_INPUTS } from '../bin/bundle.js';
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

/** `split`: what is imported dynamically goes to chunks of its own, loaded when used (else one file). */
function bundle(entry: string, outFile: string, format: 'es' | 'cjs', target: string, external: (id: string) => boolean, outRoot: string, split = false): InlineConfig {
  const file = join(outRoot, outFile);
  return {
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    // Node's builds of the packages, never their browser ones (a bundled dependency picks by these).
    resolve: target.startsWith('node') ? { conditions: ['node', 'module'], mainFields: ['module', 'main'] } : undefined,
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
        output: split ? { chunkFileNames: 'chunks/[name]-[hash].js' } : { codeSplitting: false },
        platform: 'node',
      },
    },
  };
}

export async function buildElectron(outRoot = ROOT): Promise<void> {
  await build(bundle('electron/main/main.ts', MAIN_BUNDLE, 'es', MAIN_TARGET, isMainExternal, outRoot));
  await build(bundle('electron/preload/index.ts', PRELOAD_BUNDLE, 'cjs', PRELOAD_TARGET, (id) => id === 'electron', outRoot));
}

/** True for imports that stay imports in the CLI bundle: Node's built-ins, and keytar, whose native file loads from node_modules. */
export function isCliExternal(id: string): boolean {
  return NODE_BUILTINS.has(id) || id.startsWith('node:') || id === 'keytar' || id.startsWith('keytar/');
}

/** The files whose change makes the bundle stale: its own sources, and the installed dependencies (package-lock.json). */
function bundleInputs(output: Rolldown.RolldownOutput | Rolldown.RolldownOutput[]): string[] {
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output).filter((item) => item.type === 'chunk');
  const own = chunks.flatMap((chunk) => chunk.moduleIds).filter((id) => id.startsWith(ROOT + sep) && !id.includes(`${sep}node_modules${sep}`));
  return [...new Set([...own.map((id) => relative(ROOT, id).split(sep).join('/')), 'package.json', 'package-lock.json'])].sort();
}

export async function buildCli(outRoot = ROOT): Promise<void> {
  const builtAt = Date.now();
  const output = await build(bundle('electron/cli/main.ts', CLI_BUNDLE, 'es', MAIN_TARGET, isCliExternal, outRoot, true));
  writeFileSync(join(outRoot, CLI_INPUTS), `${JSON.stringify({ builtAt, files: bundleInputs(output as Rolldown.RolldownOutput) }, null, 1)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const outIndex = process.argv.indexOf('--out');
  const outRoot = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : ROOT;
  await (process.argv.includes('--cli') ? buildCli(outRoot) : buildElectron(outRoot));
}
