/** Typed access to the settings file, over any conf-like key-value store (conf in the CLI, electron-store in the app). */
import { DEFAULT_SETTINGS, type Settings } from './settingsSchema.ts';

export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class SettingsStore {
  readonly #store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  get<K extends keyof Settings>(key: K): Settings[K] {
    const value = this.#store.get(key) as Settings[K] | undefined;
    return value ?? structuredClone(DEFAULT_SETTINGS[key]);
  }

  set<K extends keyof Settings>(key: K, value: Settings[K]): void {
    this.#store.set(key, value);
  }

  update<K extends keyof Settings>(key: K, change: (value: Settings[K]) => Settings[K]): Settings[K] {
    const next = change(this.get(key));
    this.set(key, next);
    return next;
  }
}
