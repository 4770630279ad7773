/**
 * The settings file (instances without secrets, retention, notifications), one schema for both
 * electron-store in the app and `conf` in the CLI (the same library underneath).
 */
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../dataDir.ts';

export interface StoredInstance {
  id: number;
  name: string;
  elementKey: string;
  enabled: boolean;
  /** The Cloud Elements instance JSON as given, minus every secret (those are in the secret store). */
  document: Record<string, unknown>;
  /** Sign-in authorities (origins) the user approved after the server named them (Dynamics). */
  trustedAuthorities?: string[];
  /** The origins the connection secrets were saved for; another server named since gets none of them. */
  credentialsFor?: string[];
  createdAt: number;
  updatedAt: number;
}

export interface RetentionSettings {
  maxAgeDays: number;
  maxEventsPerInstance: number;
}

export interface Settings {
  instances: StoredInstance[];
  nextInstanceId: number;
  retention: RetentionSettings;
  notifications: { muted: boolean; mutedInstances: number[] };
  /** Instance id (or "all") → paused until epoch ms; null means until resumed. */
  pauses: Record<string, number | null>;
  /** Removed instance id → its last name, so the events it leaves behind still say whose they were. */
  formerNames: Record<string, string>;
  ui: { theme: 'system' | 'light' | 'dark'; startAtLogin: boolean };
}

export const DEFAULT_SETTINGS: Settings = {
  instances: [],
  nextInstanceId: 1,
  retention: { maxAgeDays: 30, maxEventsPerInstance: 100_000 },
  notifications: { muted: false, mutedInstances: [] },
  pauses: {},
  formerNames: {},
  ui: { theme: 'system', startAtLogin: false },
};

/** JSON Schema for conf/electron-store: a hand-edited file that breaks it is reported, not silently used. */
export const SETTINGS_SCHEMA = {
  instances: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'name', 'elementKey', 'enabled', 'document'],
      properties: {
        id: { type: 'integer', minimum: 1 },
        name: { type: 'string', minLength: 1 },
        elementKey: { type: 'string' },
        enabled: { type: 'boolean' },
        document: { type: 'object' },
        trustedAuthorities: { type: 'array', items: { type: 'string' } },
        credentialsFor: { type: 'array', items: { type: 'string' } },
        createdAt: { type: 'number' },
        updatedAt: { type: 'number' },
      },
    },
  },
  nextInstanceId: { type: 'integer', minimum: 1 },
  retention: {
    type: 'object',
    properties: { maxAgeDays: { type: 'number', minimum: 1 }, maxEventsPerInstance: { type: 'integer', minimum: 100 } },
  },
  notifications: {
    type: 'object',
    properties: { muted: { type: 'boolean' }, mutedInstances: { type: 'array', items: { type: 'integer' } } },
  },
  pauses: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
  formerNames: { type: 'object', additionalProperties: { type: 'string' } },
  ui: {
    type: 'object',
    properties: { theme: { enum: ['system', 'light', 'dark'] }, startAtLogin: { type: 'boolean' } },
  },
} as const;

/**
 * Options of the validator conf and electron-store build from SETTINGS_SCHEMA: the schema is this
 * constant, not user input, so checking it against JSON Schema's own meta-schema at every start
 * (the larger part of opening the settings, about 90 ms) is skipped.
 */
export const SETTINGS_AJV_OPTIONS = { validateSchema: false } as const;

/** The settings file's name in the data dir, without `.json`. */
export const SETTINGS_FILE = 'settings';

export function settingsPath(dataDir: string): string {
  return join(dataDir, `${SETTINGS_FILE}.json`);
}

/** The settings file's own version; add a migration below when the shape changes. */
export const SETTINGS_VERSION = '1.0.0';

/** conf/electron-store migrations keyed by the version that introduced them. */
export const SETTINGS_MIGRATIONS: Record<string, (store: { get(key: string): unknown; set(key: string, value: unknown): void }) => void> = {
  '1.0.0': (store) => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) if (store.get(key) === undefined) store.set(key, value);
  },
};

/** What conf (the CLI) and electron-store (the app) both open the file with: the same place, schema and rules. */
export function settingsFileOptions(dataDir: string) {
  return {
    cwd: dataDir,
    schema: SETTINGS_SCHEMA as never,
    ajvOptions: SETTINGS_AJV_OPTIONS,
    // conf 16 (electron-store 12 too) runs no migration on a new file: the defaults give it the current shape.
    defaults: structuredClone(DEFAULT_SETTINGS) as never,
    migrations: SETTINGS_MIGRATIONS as never,
    projectVersion: SETTINGS_VERSION,
    // A hand-edited file that breaks the schema is reported, never silently replaced.
    clearInvalidConfig: false,
    // Instances and settings are the user's own: no other account reads them.
    configFileMode: PRIVATE_FILE_MODE,
  };
}
