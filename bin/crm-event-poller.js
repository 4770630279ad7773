#!/usr/bin/env -S node --max-semi-space-size=16
// The CLI needs Node 24 (node:sqlite). npx and npm scripts put the project's own node@24 first on
// PATH; when an older Node starts this file anyway, hand over to the bundled Node 24 so
// `crm-event-poller` works however it is launched. The first line passes V8_FLAGS (v8Flags.js).
//
// It starts from the JavaScript bundle built at install (out/cli/main.js) while that is up to date
// with the sources, else from the TypeScript sources themselves (always, with
// CRM_EVENT_POLLER_FROM_SOURCES=1, as the tests run it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './bundle.js';
import { V8_FLAGS } from './v8Flags.js';

const MINIMUM_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);

if (major >= MINIMUM_MAJOR) {
  const bundle = process.env.CRM_EVENT_POLLER_FROM_SOURCES === '1' ? undefined : freshBundle(fileURLToPath(new URL('..', import.meta.url)));
  if (bundle) {
    // Compiled code kept on disk between starts (Node's own cache, in the temp folder).
    module.enableCompileCache?.();
    await import(pathToFileURL(bundle).href);
  } else {
    await import('../electron/cli/main.ts');
  }
} else {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    console.error(`crm-event-poller needs Node ${MINIMUM_MAJOR} or later (this is ${process.version}); run "npm ci" in the project to get it.`);
    process.exit(2);
  }
  const result = spawnSync(bundled, [...V8_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
