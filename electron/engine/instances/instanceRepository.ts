/** Saved instances (configuration only; secrets live in the secret store), kept in the settings file. */
import { nameTakenMessage } from '../../../shared/config/instanceName.ts';
import { validateInstance, type ValidationResult } from '../../../shared/config/instance.ts';
import type { InstanceConfig } from '../../../shared/config/types.ts';
import type { Settings, StoredInstance } from '../settings/settingsSchema.ts';
import type { SettingsStore } from '../settings/settingsStore.ts';

export interface LoadedInstance {
  stored: StoredInstance;
  config: InstanceConfig;
  validation: ValidationResult;
}

export class InstanceRepository {
  readonly #settings: SettingsStore;
  /** Validation per stored version: the settings hand out the same frozen object until the file changes. */
  readonly #loaded = new WeakMap<StoredInstance, LoadedInstance>();

  constructor(settings: SettingsStore) {
    this.#settings = settings;
  }

  list(): StoredInstance[] {
    return this.#settings.get('instances');
  }

  get(id: number): StoredInstance | undefined {
    return this.list().find((instance) => instance.id === id);
  }

  /**
   * Calls `listener` with the instances as they are after any was added, edited or removed (in this
   * process at once, by another one while the settings watch it); returns the function that unsubscribes.
   */
  onChange(listener: (instances: readonly StoredInstance[]) => void): () => void {
    return this.#settings.onChange((change) => {
      if (change.keys.has('instances')) listener(change.settings.instances);
    });
  }

  /** By name (case-sensitive first, then ignoring case) or by numeric id. */
  find(nameOrId: string): StoredInstance | undefined {
    return findInstance(this.list(), nameOrId);
  }

  /** The instance other than `exceptId` whose name equals `name` ignoring case: names are unique that way. */
  nameTaken(name: string, exceptId?: number, instances = this.list()): StoredInstance | undefined {
    const clash = findInstance(instances, name);
    return clash && clash.id !== exceptId && clash.name.toLowerCase() === name.toLowerCase() ? clash : undefined;
  }

  /** Re-reads the stored document; configuration can only be invalid if the file was edited by hand. */
  load(stored: StoredInstance): LoadedInstance {
    let loaded = this.#loaded.get(stored);
    if (!loaded) {
      const validation = validateInstance(stored.document);
      const config = validation.config ?? { tags: [], notification: { enabled: false }, refreshIntervalMinutes: 15, vendorType: 'polling', resources: [], configuration: {} };
      loaded = { stored, config: { ...config, name: stored.name, elementKey: stored.elementKey }, validation };
      if (Object.isFrozen(stored)) this.#loaded.set(stored, loaded);
    }
    return loaded;
  }

  /** Saves a new instance under the next free id; another process saving at the same time gets another. */
  create(fields: Omit<StoredInstance, 'id' | 'createdAt' | 'updatedAt'>, now: number): StoredInstance {
    return this.#settings.transaction((settings) => {
      this.#refuseTakenName(fields.name, undefined, settings);
      // Past every id in the file too, should a hand edit have left nextInstanceId behind.
      const id = Math.max(settings.nextInstanceId, ...settings.instances.map((instance) => instance.id + 1));
      const created: StoredInstance = { ...fields, id, createdAt: now, updatedAt: now };
      settings.nextInstanceId = id + 1;
      settings.instances = [...settings.instances, created];
      return created;
    });
  }

  update(id: number, fields: Partial<Omit<StoredInstance, 'id' | 'createdAt'>>, now: number): StoredInstance {
    return this.#settings.transaction((settings) => {
      if (fields.name !== undefined) this.#refuseTakenName(fields.name, id, settings);
      let updated: StoredInstance | undefined;
      settings.instances = settings.instances.map((instance) => (instance.id === id ? (updated = { ...instance, ...fields, updatedAt: now }) : instance));
      if (!updated) throw new Error(`no instance with id ${id}`);
      return updated;
    });
  }

  remove(id: number): boolean {
    return this.#settings.transaction((settings) => {
      const before = settings.instances.length;
      settings.instances = settings.instances.filter((instance) => instance.id !== id);
      return settings.instances.length !== before;
    });
  }

  /** Checked again inside the write: another process may have saved the name since the caller looked. */
  #refuseTakenName(name: string, exceptId: number | undefined, settings: Settings): void {
    const clash = this.nameTaken(name, exceptId, settings.instances);
    if (clash) throw new InstanceNameTakenError(clash.name);
  }
}

export class InstanceNameTakenError extends Error {
  constructor(existing: string) {
    super(nameTakenMessage(existing));
    this.name = 'InstanceNameTakenError';
  }
}

function findInstance(instances: StoredInstance[], nameOrId: string): StoredInstance | undefined {
  return (
    instances.find((instance) => instance.name === nameOrId) ??
    instances.find((instance) => instance.name.toLowerCase() === nameOrId.toLowerCase()) ??
    (/^\d+$/.test(nameOrId) ? instances.find((instance) => instance.id === Number(nameOrId)) : undefined)
  );
}
