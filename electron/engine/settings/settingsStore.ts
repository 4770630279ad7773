/**
 * The settings file, held in memory. It is read once and read again only after it changed on disk
 * (the desktop app and the CLI share a data dir), so a hot path (scheduler, poll, delivery, tray)
 * costs one `stat`, never a read, a parse or a schema check.
 *
 * Every write is a transaction across processes: under a lock the file is read fresh, changed and
 * written back atomically (conf's write-and-rename), so two processes writing at once both keep
 * their change, and ids handed out inside it are unique.
 *
 * The lock is SQLite's exclusive lock on a small file beside the settings (`settings.json.lock`):
 * the kernel holds it, so a holder that dies lets go at once (no stale-lock timeout), and a waiter
 * waits in SQLite's busy handler. (A lock-directory library, proper-lockfile, was tried first: its
 * signal-exit hook and conf's own exit hook both re-raise SIGTERM, which killed graceful stops.)
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Announcer } from '../announcer.ts';
import { watchFileChanges } from './fileChangeWatch.ts';
import { DEFAULT_SETTINGS, type Settings } from './settingsSchema.ts';

/** What `onChange` listeners are told: which settings changed, and all of them as they are now (frozen). */
export interface SettingsChange {
  keys: ReadonlySet<keyof Settings>;
  settings: Settings;
}

/** The file underneath: conf in the CLI and `serve`, electron-store in the app (the same library). */
export interface SettingsFile {
  /** The whole file, migrated and checked against the schema (a fresh object on each call). */
  read(): Partial<Settings>;
  /** Checks the whole file against the schema and writes it atomically. */
  write(settings: Settings): void;
}

/** conf and electron-store both read and write the whole file through `store`. */
export function wholeStoreFile(store: { store: Record<string, unknown> }): SettingsFile {
  return {
    read: () => store.store as Partial<Settings>,
    write: (settings) => {
      store.store = settings as unknown as Record<string, unknown>;
    },
  };
}

/** Holders keep the lock for milliseconds; waiting this long means a holder is stuck. */
const LOCK_WAIT_MS = 15_000;

export class SettingsStore {
  readonly #path: string;
  readonly #file: SettingsFile;
  #snapshot: Settings;
  /** Identifies the file's version on disk that #snapshot holds. */
  #stamp: string;
  /** The stamp of a file that could not be read, reported once. */
  #brokenStamp: string | undefined;
  readonly #changes = new Announcer<SettingsChange>('settings changed');
  /** The settings as last announced: a change is what differs from them. */
  #announced: Settings;
  #watchers = 0;
  #unwatch: () => void = () => undefined;

  /**
   * `open` builds the reader of the file at `path`; it may write the file (defaults, migrations),
   * so it runs under the lock too.
   */
  constructor(path: string, open: () => SettingsFile) {
    this.#path = path;
    mkdirSync(dirname(path), { recursive: true });
    const { file, snapshot, stamp } = withFileLock(path, () => {
      const file = open();
      return { file, snapshot: file.read(), stamp: fileStamp(path) };
    });
    this.#file = file;
    this.#snapshot = deepFreeze(withDefaults(snapshot));
    this.#announced = this.#snapshot;
    this.#stamp = stamp;
  }

  /** The value held in memory; it is frozen: change settings with `set`, `update` or `transaction`. */
  get<K extends keyof Settings>(key: K): Settings[K] {
    return this.#current()[key];
  }

  set<K extends keyof Settings>(key: K, value: Settings[K]): void {
    this.transaction((settings) => {
      settings[key] = value;
    });
  }

  /** Changes one setting from its value on disk, without losing another process's change meanwhile. */
  update<K extends keyof Settings>(key: K, change: (value: Settings[K]) => Settings[K]): Settings[K] {
    return this.transaction((settings) => (settings[key] = change(settings[key])));
  }

  /**
   * Runs `change` on a fresh, writable copy of the file, under the lock, then writes the copy. A
   * throw from `change` writes nothing. Keep `change` short and synchronous: other writers wait.
   */
  transaction<T>(change: (settings: Settings) => T): T {
    const result = withFileLock(this.#path, () => {
      const settings = withDefaults(this.#file.read());
      const result = change(settings);
      this.#file.write(settings);
      // A copy: the values `change` put in are the caller's objects, not to be frozen under it.
      this.#snapshot = deepFreeze(structuredClone(settings));
      this.#stamp = fileStamp(this.#path);
      return result;
    });
    // Outside the lock: listeners may read the settings, or write them.
    this.#announce(this.#snapshot);
    return result;
  }

  /**
   * Calls `listener` after the settings changed: at once for a change made in this process, within
   * moments for one another process made while `watchOtherProcesses` is on. A change that
   * leaves every value as it was is not announced. Returns the function that unsubscribes.
   */
  onChange(listener: (change: SettingsChange) => void): () => void {
    return this.#changes.subscribe(listener);
  }

  /**
   * Watches for changes another process made (the app and the CLI share a data dir) and announces
   * them, until the returned function is called. The watch never keeps the process alive.
   */
  watchOtherProcesses(): () => void {
    if (this.#watchers++ === 0) this.#unwatch = watchFileChanges(this.#path, this.#changedOnDisk);
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      if (--this.#watchers === 0) this.#unwatch();
    };
  }

  readonly #changedOnDisk = (): void => this.#announce(this.#current());

  #announce(settings: Settings): void {
    const before = this.#announced;
    if (settings === before) return;
    this.#announced = settings;
    const keys = new Set((Object.keys(settings) as (keyof Settings)[]).filter((key) => JSON.stringify(settings[key]) !== JSON.stringify(before[key])));
    if (keys.size > 0) this.#changes.announce({ keys, settings });
  }

  /** The snapshot, read again when the file on disk is no longer the one it was read from. */
  #current(): Settings {
    const stamp = fileStamp(this.#path);
    if (stamp === this.#stamp || stamp === this.#brokenStamp) return this.#snapshot;
    try {
      this.#snapshot = deepFreeze(withDefaults(this.#file.read()));
      this.#stamp = stamp;
      this.#brokenStamp = undefined;
    } catch (error) {
      // A hand edit that breaks the file must not stop polling: keep what was read before, say so once.
      this.#brokenStamp = stamp;
      process.stderr.write(`the settings file ${this.#path} cannot be read (${(error as Error).message}); still using the settings read before it changed: fix the file\n`);
    }
    return this.#snapshot;
  }
}

/** Changes whenever the file is replaced (a new inode) or written in place (size, times). */
function fileStamp(path: string): string {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : 'missing';
}

function withDefaults(settings: Partial<Settings>): Settings {
  const complete = { ...settings } as Settings;
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    if (complete[key] === undefined) (complete as unknown as Record<string, unknown>)[key] = structuredClone(DEFAULT_SETTINGS[key]);
  }
  return complete;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Runs `work` holding the file's cross-process lock, waiting for another holder to let go. */
function withFileLock<T>(path: string, work: () => T): T {
  const lock = new DatabaseSync(`${path}.lock`, { timeout: LOCK_WAIT_MS });
  try {
    try {
      lock.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      throw new Error(`the settings file ${path} stayed locked by another process for ${LOCK_WAIT_MS / 1000} s (${(error as Error).message}); try again, or stop the other crm-event-poller`, { cause: error });
    }
    try {
      return work();
    } finally {
      lock.exec('COMMIT');
    }
  } finally {
    lock.close();
  }
}
