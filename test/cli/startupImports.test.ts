/**
 * What the command loads before it knows which command runs: not the engine. `--version`, `validate`
 * and `status` on an empty data dir start in a fraction of the time when SQLite, the connectors and
 * their HTTP client are loaded only by the commands that use them (a static import of one engine
 * function once loaded them all at every start), and the HTTP client only at the first request.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROGRAM = join(import.meta.dirname, '..', '..', 'electron', 'cli', 'program.ts');
const CONNECTORS = join(import.meta.dirname, '..', '..', 'electron', 'engine', 'connectors', 'registry.ts');

/** Every module resolved while importing `file`, in a fresh process. */
function modulesLoadedBy(file: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ resolve: (specifier, context, next) => { const resolved = next(specifier, context); loaded.push(resolved.url); return resolved; } });
    await import(${JSON.stringify(pathToFileURL(file).href)});
    process.stdout.write(JSON.stringify(loaded));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
}

describe('the command line at start', () => {
  it('loads its commands without the engine, SQLite or the connectors', () => {
    const loaded = modulesLoadedBy(PROGRAM);
    expect(loaded).toContainEqual(expect.stringMatching(/electron\/cli\/commands\/status\.ts$/));
    expect(loaded.filter((url) => /electron\/engine\/(engine|store\/database|connectors\/registry)\.ts$|^node:(sqlite|http)$|\/node_modules\/axios\//.test(url))).toEqual([]);
  });

  it('loads the connectors (validate describes their requests) without their HTTP client, which the first request loads', () => {
    const loaded = modulesLoadedBy(CONNECTORS);
    expect(loaded).toContainEqual(expect.stringMatching(/electron\/engine\/connectors\/http\.ts$/));
    expect(loaded.filter((url) => /^node:https?$|\/node_modules\/axios\//.test(url))).toEqual([]);
  });
});
