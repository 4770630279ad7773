#!/usr/bin/env node
// The CLI needs Node 24 (node:sqlite, running the TypeScript sources directly). npx and npm scripts
// put the project's own node@24 first on PATH; when an older Node starts this file anyway, hand over
// to the bundled Node 24 so `crm-event-poller` works however it is launched.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MINIMUM_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);

if (major >= MINIMUM_MAJOR) {
  await import('../electron/cli/main.ts');
} else {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    console.error(`crm-event-poller needs Node ${MINIMUM_MAJOR} or later (this is ${process.version}); run "npm ci" in the project to get it.`);
    process.exit(2);
  }
  const result = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
