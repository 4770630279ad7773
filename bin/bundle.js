// Which entry the `crm-event-poller` command starts: the bundle electron/build.ts makes at install
// (out/cli/main.js), while none of the files it was built from changed since; else the TypeScript
// sources. Plain JavaScript, so deciding costs no TypeScript loading.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Relative to the project: the bundle, and the list of files it was built from (with the build's start time). */
export const CLI_BUNDLE = 'out/cli/main.js';
export const CLI_INPUTS = 'out/cli/inputs.json';

/** The bundle's path under `root`, or undefined when it is missing or older than any of its inputs. */
export function freshBundle(root) {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, CLI_INPUTS), 'utf8'));
    statSync(join(root, CLI_BUNDLE));
  } catch {
    return undefined;
  }
  for (const file of inputs.files) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    // A file gone or changed since the build started: the sources are the truth.
    if (!stat || stat.mtimeMs >= inputs.builtAt) return undefined;
  }
  return join(root, CLI_BUNDLE);
}
