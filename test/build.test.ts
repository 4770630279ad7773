/**
 * The bundles of electron/build.ts, built into a temporary folder: the preload is one file that
 * needs nothing but `electron` (and works when run that way, as a sandboxed preload is), and the
 * main bundle imports only Electron, Node's built-ins and runtime dependencies.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../shared/api.ts';
import { buildElectron, isMainExternal } from '../electron/build.ts';
import { MAIN_BUNDLE, PRELOAD_BUNDLE } from '../electron/main/paths.ts';
import { apiChannel, PUSH_CHANNEL } from '../electron/preload/channels.ts';

const ROOT = join(import.meta.dirname, '..');
const dependencies = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cep-build-'));
  await buildElectron(out);
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

function importsOf(code: string): string[] {
  const specifiers = new Set<string>();
  for (const match of code.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']/gm)) specifiers.add(match[1] as string);
  for (const match of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) specifiers.add(match[1] as string);
  for (const match of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specifiers.add(match[1] as string);
  for (const match of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) specifiers.add(match[1] as string);
  return [...specifiers].sort();
}

describe('the preload bundle', () => {
  it('is one CommonJS file next to its source map', () => {
    expect(readdirSync(join(out, 'out', 'preload')).sort()).toEqual(['index.cjs', 'index.cjs.map']);
  });

  it('requires electron and nothing else', () => {
    const code = readFileSync(join(out, PRELOAD_BUNDLE), 'utf8');
    expect(importsOf(code)).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });

  it('runs where require knows only electron, and exposes the contract as built', async () => {
    const code = readFileSync(join(out, PRELOAD_BUNDLE), 'utf8');
    const exposed = new Map<string, unknown>();
    const invoked: string[] = [];
    const listened: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string) => (invoked.push(channel), { ok: true, value: channel }),
        on: (channel: string) => listened.push(channel),
        removeListener: () => undefined,
        send: () => undefined,
      },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, window: { addEventListener: () => undefined }, URL, Object, Set, Error, Promise, Array });
    const bridge = exposed.get('crmEventPoller') as { call(method: string, args: unknown[]): Promise<unknown>; subscribe(listener: () => void): () => void };
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    for (const method of API_METHODS) await bridge.call(method, []);
    expect(invoked).toEqual(API_METHODS.map(apiChannel));
    await expect(bridge.call('notAMethod', [])).rejects.toThrow(/no API method/);
    bridge.subscribe(() => undefined);
    expect(listened).toEqual([PUSH_CHANNEL]);
  });
});

describe('the main bundle', () => {
  it('is one ES module (no chunks) at the path package.json names', () => {
    expect(readdirSync(join(out, 'out', 'main')).sort()).toEqual(['index.js', 'index.js.map']);
    expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main).toBe(MAIN_BUNDLE);
  });

  it('imports only electron, Node built-ins and runtime dependencies (packed by electron-builder), never a source file', () => {
    const imports = importsOf(readFileSync(join(out, MAIN_BUNDLE), 'utf8'));
    expect(imports).toContain('electron');
    expect(imports).toContain('electron-store');
    expect(imports).toContain('keytar');
    expect(imports).toContain('node:sqlite');
    for (const specifier of imports) {
      expect(isMainExternal(specifier), specifier).toBe(true);
      expect(specifier).not.toMatch(/^\.|\.ts$/);
      if (!specifier.startsWith('node:') && specifier !== 'electron') expect(dependencies.some((name) => specifier === name || specifier.startsWith(`${name}/`)), specifier).toBe(true);
    }
  });

  it('is valid JavaScript for Node', () => {
    execFileSync(process.execPath, ['--check', join(out, MAIN_BUNDLE)]);
  });

  it('bundles the project code: the composition root, the engine and the contract', () => {
    const code = readFileSync(join(out, MAIN_BUNDLE), 'utf8');
    for (const marker of ['requestSingleInstanceLock', 'var PollerService = class', 'var Scheduler = class', 'crm-event-poller:api:', 'Content-Security-Policy']) expect(code).toContain(marker);
  });
});

describe('what stays external', () => {
  it('is electron, built-ins with or without node:, and runtime dependencies with their subpaths', () => {
    for (const id of ['electron', 'node:fs', 'fs', 'path', 'electron-store', 'keytar', 'zod', 'zod/v4']) expect(isMainExternal(id), id).toBe(true);
    for (const id of ['./engine.ts', '/abs/file.ts', 'vitest', 'svelte', 'electron-builder', 'playwright-core']) expect(isMainExternal(id), id).toBe(false);
  });
});
