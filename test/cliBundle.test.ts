/**
 * The command as built at install (electron/build.ts --cli), into a temporary folder: it answers
 * like the sources (version, validate, add and poll against a local server), imports nothing but
 * Node's built-ins, its own chunks and keytar; and bin/bundle.js runs it only while it is fresh.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE, CLI_INPUTS, freshBundle } from '../bin/bundle.js';
import { buildCli } from '../electron/build.ts';
import { itemsInstance, tempDataDir } from './engine/support/harness.ts';
import { startRecordServer } from './engine/support/recordServer.ts';
import { SEEDS } from './support/seeds.ts';

const ROOT = join(import.meta.dirname, '..');
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cep-cli-build-'));
  await buildCli(out);
  // The bundle finds the package's version where the sources do: in package.json two folders up.
  copyFileSync(join(ROOT, 'package.json'), join(out, 'package.json'));
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs the bundle in a child process (not blocking: the record server answers from this one). */
function bundled(args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(out, CLI_BUNDLE), ...args], { encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    child.stdin?.end(input);
  });
}

describe('the command bundle', () => {
  it('answers as the sources do: version, validate, instances add, poll', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect((await bundled(['--version'])).trim()).toBe(version);
    expect(await bundled(['validate', join(SEEDS, 'sagecrm-instance-example.json')])).toContain('valid');
    const server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
    try {
      server.upsert('r1', 'Acme', server.now() - 60_000);
      const global = ['--data-dir', tempDataDir('cep-bundle-'), '--secrets', 'env'];
      expect(await bundled([...global, 'instances', 'add', '-'], JSON.stringify(itemsInstance(server.url, { pattern: 'milliseconds' })))).toContain('added instance "Test API"');
      const events = (await bundled([...global, 'poll', 'Test API', '--since', new Date(server.now() - 3_600_000).toISOString(), '--no-deliver']))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { objectId: string; eventType: string });
      expect(events.map((event) => `${event.objectId} ${event.eventType}`)).toEqual(['r1 CREATED']);
    } finally {
      await server.close();
    }
  });

  it('imports only Node built-ins, its own chunks and keytar (native, from node_modules)', () => {
    const code = [join(out, CLI_BUNDLE), ...chunkFiles()].map((file) => readFileSync(file, 'utf8')).join('\n');
    const specifiers = new Set([...code.matchAll(/^(?:import|export)\s[^"]*?from\s*"([^"]+)";$|^import\s*"([^"]+)";$|\bimport\(\s*"([^"]+)"\s*\)/gm)].map((match) => (match[1] ?? match[2] ?? match[3]) as string));
    const foreign = [...specifiers].filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== 'keytar' && !isBuiltin(specifier));
    expect(foreign).toEqual([]);
  });

  it('lists the files it was built from: the command, the engine, the shared code, package.json and the lock file', () => {
    const { files } = JSON.parse(readFileSync(join(out, CLI_INPUTS), 'utf8')) as { files: string[] };
    expect(files).toEqual(expect.arrayContaining(['electron/cli/main.ts', 'electron/engine/engine.ts', 'shared/config/instance.ts', 'package.json', 'package-lock.json']));
    expect(files.some((file) => file.includes('node_modules'))).toBe(false);
  });
});

describe('choosing the bundle', () => {
  function fakeRoot(): { root: string; source: string } {
    const root = mkdtempSync(join(tmpdir(), 'cep-fresh-'));
    mkdirSync(join(root, 'out', 'cli'), { recursive: true });
    const source = join(root, 'main.ts');
    writeFileSync(source, '');
    const builtAt = Date.parse('2030-01-01T00:00:00Z');
    utimesSync(source, new Date(builtAt - 60_000), new Date(builtAt - 60_000));
    writeFileSync(join(root, CLI_BUNDLE), '');
    writeFileSync(join(root, CLI_INPUTS), JSON.stringify({ builtAt, files: ['main.ts'] }));
    return { root, source };
  }

  it('runs the bundle while every file it was built from is older than the build', () => {
    const { root } = fakeRoot();
    expect(freshBundle(root)).toBe(join(root, CLI_BUNDLE));
  });

  it('runs the sources once a file changed after the build, went missing, or the bundle is not there', () => {
    const changed = fakeRoot();
    utimesSync(changed.source, new Date('2030-01-02T00:00:00Z'), new Date('2030-01-02T00:00:00Z'));
    expect(freshBundle(changed.root)).toBeUndefined();
    const removed = fakeRoot();
    rmSync(removed.source);
    expect(freshBundle(removed.root)).toBeUndefined();
    const unbuilt = fakeRoot();
    rmSync(join(unbuilt.root, CLI_BUNDLE));
    expect(freshBundle(unbuilt.root)).toBeUndefined();
  });
});

function chunkFiles(): string[] {
  const dir = join(out, 'out', 'cli', 'chunks');
  return readdirSync(dir).filter((file) => file.endsWith('.js')).map((file) => join(dir, file));
}
