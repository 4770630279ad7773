/**
 * Links the project's command into node_modules/.bin at install (`prepare`), so `npx
 * crm-event-poller` inside the project runs it at once. npm links the bins of dependencies there,
 * never the root package's own; and when the root package.json declares a bin of that name, npm 11's
 * npx installs the project into its cache to link it, walking the whole installed tree on every
 * call (seconds). So package.json declares no bin, and the command is linked here.
 * Run: node electron/scripts/linkBin.ts
 */
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The commands, by name, and the files they run (relative to the project). */
export const COMMANDS: Record<string, string> = { 'crm-event-poller': 'bin/crm-event-poller.js' };

/** Links each command into `root`'s node_modules/.bin; returns the links (made, or already right). */
export function linkCommands(root = ROOT): string[] {
  const binDir = join(root, 'node_modules', '.bin');
  mkdirSync(binDir, { recursive: true });
  return Object.entries(COMMANDS).map(([name, file]) => {
    const link = join(binDir, name);
    const target = relative(binDir, join(root, file));
    if (readLinkOrUndefined(link) !== target) {
      rmSync(link, { force: true });
      symlinkSync(target, link);
    }
    return link;
  });
}

function readLinkOrUndefined(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) linkCommands();
