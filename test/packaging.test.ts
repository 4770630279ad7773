/**
 * Packaging, checked as far as this machine allows (no Electron binary): the npm scripts,
 * electron-builder.yml against electron-builder's own schema, the icons, and a real
 * electron-builder run (`--dir`, a stand-in for the Electron binary) whose app.asar must hold the
 * main bundle package.json names, the preload, the window, and keytar's native file unpacked.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ELECTRON_JS_FLAGS } from '../bin/v8Flags.js';
import { buildElectron } from '../electron/build.ts';
import { MAIN_BUNDLE, PRELOAD_BUNDLE, RENDERER_INDEX } from '../electron/main/paths.ts';
import { drawAppIcon } from '../electron/main/trayIcon.ts';
import { APP_ICON_SIZE, LINUX_ICON_SIZES } from '../electron/scripts/icons.ts';
import { decodePng } from './main/support/png.ts';

const ROOT = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface BuilderConfig {
  appId: string;
  productName: string;
  files: { filter: string[] }[];
  asarUnpack: string[];
  icon: string;
  directories: { output: string; buildResources: string };
  linux: { target: string[]; icon: string; executableArgs: string[] };
  mac: { target: string };
  win: { target: string };
  deb: { depends: string[] };
  extraMetadata: { homepage?: string };
}

async function builderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(projectDir: string, configPath: string | null, options: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
  await validateConfiguration(config, { isEnabled: false, add: () => undefined });
  return config;
}

describe('the npm scripts', () => {
  it('build the renderer and the Electron bundles before starting or packaging', () => {
    expect(packageJson.main).toBe(MAIN_BUNDLE);
    expect(packageJson.scripts['build:electron']).toBe('node electron/build.ts');
    expect(packageJson.scripts.start).toBe('npm run build:renderer && npm run build:electron && electron .');
    expect(packageJson.scripts.dist).toMatch(/^npm run build:renderer && npm run build:electron && electron-builder --config electron-builder.yml/);
    expect(packageJson.scripts['test:electron']).toContain('test/e2e-electron/vitest.config.ts');
  });

  it('keep the Electron smoke test out of npm test', () => {
    expect(packageJson.scripts.test).not.toContain('test:electron');
    expect(readdirSync(join(ROOT, 'test', 'e2e-electron')).filter((name) => name.endsWith('.test.ts'))).toEqual([]);
  });
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(builderConfig()).resolves.toBeDefined();
  });

  it('builds AppImage and deb, dmg and NSIS, with the app id, product name and icons', async () => {
    const config = await builderConfig();
    expect(config).toMatchObject({ appId: 'com.crmeventpoller.app', productName: 'CRM Event Poller', icon: 'build/icon.png' });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.icon).toBe('build/icons');
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.deb.depends).toContain('libsecret-1-0');
    // The deb target needs a homepage (package.json has none).
    expect(config.extraMetadata.homepage).toMatch(/^https:\/\//);
  });

  it("starts the Linux app's main process with the product's V8 flags", async () => {
    expect((await builderConfig()).linux.executableArgs).toEqual([ELECTRON_JS_FLAGS]);
  });

  it('packs the bundles and the window, and unpacks keytar', async () => {
    const config = await builderConfig();
    expect(config.files.flatMap((set) => set.filter)).toEqual(['package.json', 'out/main/**/*', 'out/preload/**/*', 'renderer/dist/**/*']);
    expect(config.asarUnpack).toContain('node_modules/keytar/**/*');
    expect(Object.keys(packageJson.dependencies)).toContain('keytar');
  });
});

describe('the icons in build/', () => {
  it('are the drawn app icon: 1024 px for macOS and Windows', () => {
    const icon = decodePng(readFileSync(join(ROOT, 'build', 'icon.png')));
    expect(icon.width).toBe(APP_ICON_SIZE);
    expect(Buffer.from(icon.data).equals(Buffer.from(drawAppIcon(APP_ICON_SIZE).data))).toBe(true);
  });

  it('include a Linux set named by size', () => {
    expect(readdirSync(join(ROOT, 'build', 'icons')).sort()).toEqual(LINUX_ICON_SIZES.map((size) => `${size}x${size}.png`).sort());
    for (const size of LINUX_ICON_SIZES) {
      const icon = decodePng(readFileSync(join(ROOT, 'build', 'icons', `${size}x${size}.png`)));
      expect([icon.width, icon.height]).toEqual([size, size]);
      expect(Buffer.from(icon.data).equals(Buffer.from(drawAppIcon(size).data))).toBe(true);
    }
  });
});

describe('a packaging run', () => {
  it(
    'puts the main bundle, the preload and the window in app.asar, keytar.node beside it, and no sources or dev tools',
    async () => {
      if (!existsSync(join(ROOT, RENDERER_INDEX))) throw new Error('run "npm run build:renderer" first (npm ci does)');
      await buildElectron(ROOT);
      // A stand-in for the Electron binary, which cannot be downloaded here.
      const electronDist = mkdtempSync(join(tmpdir(), 'cep-fake-electron-'));
      const output = mkdtempSync(join(tmpdir(), 'cep-dist-'));
      temporary.push(electronDist, output);
      writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n');
      chmodSync(join(electronDist, 'electron'), 0o755);
      mkdirSync(join(electronDist, 'resources'));
      const builder = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
      await promisify(execFile)(
        process.execPath,
        [builder, '--linux', 'dir', '--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${output}`, '--publish', 'never'],
        { cwd: ROOT, env: { ...process.env, CI: 'true' } },
      );
      const resources = join(output, 'linux-unpacked', 'resources');
      const asar = require('@electron/asar') as { listPackage(path: string, options: { isPack: boolean }): string[]; extractFile(path: string, file: string): Buffer };
      const files = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((file) => file.replace(/\\/g, '/'));
      const packed = JSON.parse(asar.extractFile(join(resources, 'app.asar'), 'package.json').toString('utf8')) as { main: string };
      expect(packed.main).toBe(MAIN_BUNDLE);
      for (const file of [MAIN_BUNDLE, PRELOAD_BUNDLE, RENDERER_INDEX]) expect(files, file).toContain(`/${file}`);
      expect(files).toContain('/node_modules/electron-store/index.js');
      expect(files.some((file) => file.startsWith('/electron/') || file.startsWith('/test/') || file.startsWith('/shared/') || file.startsWith('/renderer/src/'))).toBe(false);
      for (const devTool of ['electron', 'vitest', 'electron-builder', 'playwright-core', 'node']) expect(files, devTool).not.toContain(`/node_modules/${devTool}/package.json`);
      expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'keytar', 'build', 'Release', 'keytar.node'))).toBe(true);
      expect(existsSync(join(output, 'linux-unpacked', 'crm-event-poller'))).toBe(true);
    },
    180_000,
  );
});
