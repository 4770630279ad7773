/**
 * Tells when a file changes on disk, cheaply enough for an idle tray app.
 *
 * The file's dir is watched, not the file: a file replaced by an atomic write (write and rename) is
 * a new inode, and a watch on the old one goes blind after the first change. The OS tells at once
 * and costs nothing while nothing changes. A stat once a second used to do it, and cost an idle
 * `run` about 80 ms of CPU a minute (measured; most of its idle cost). A change is reported a moment
 * after the OS tells (a hand edit may come in several writes); the slow stat stays as a safety net
 * for file systems that tell nothing (network shares), and where the OS refuses a watch the stat
 * runs once a second as before.
 */
import { unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

const SETTLE_MS = 50;
const SAFETY_NET_INTERVAL_MS = 30_000;
const STAT_ONLY_INTERVAL_MS = 1_000;

/** Calls `changed` after `path` may have changed, until the returned function is called; never keeps the process alive. */
export function watchFileChanges(path: string, changed: () => void): () => void {
  const onStat = (): void => changed();
  let settle: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  const statEvery = (interval: number): void => {
    unwatchFile(path, onStat);
    watchFile(path, { persistent: false, interval }, onStat);
  };
  try {
    const name = basename(path);
    watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
      if (filename !== name) return;
      clearTimeout(settle);
      settle = setTimeout(changed, SETTLE_MS).unref();
    });
    // A watch that fails later (the dir removed, the OS's watch limit) leaves it to the stat.
    watcher.on('error', () => statEvery(STAT_ONLY_INTERVAL_MS));
    statEvery(SAFETY_NET_INTERVAL_MS);
  } catch {
    statEvery(STAT_ONLY_INTERVAL_MS);
  }
  return () => {
    watcher?.close();
    clearTimeout(settle);
    unwatchFile(path, onStat);
  };
}
