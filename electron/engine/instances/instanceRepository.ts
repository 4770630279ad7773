/** Saved instances (configuration only; secrets live in the secret store), kept in the settings file. */
import { validateInstance, type ValidationResult } from '../../../shared/config/instance.ts';
import type { InstanceConfig } from '../../../shared/config/types.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import type { SettingsStore } from '../settings/settingsStore.ts';

export interface LoadedInstance {
  stored: StoredInstance;
  config: InstanceConfig;
  validation: ValidationResult;
}

export class InstanceRepository {
  readonly #settings: SettingsStore;

  constructor(settings: SettingsStore) {
    this.#settings = settings;
  }

  list(): StoredInstance[] {
    return this.#settings.get('instances');
  }

  get(id: number): StoredInstance | undefined {
    return this.list().find((instance) => instance.id === id);
  }

  /** By name (case-sensitive first, then ignoring case) or by numeric id. */
  find(nameOrId: string): StoredInstance | undefined {
    const instances = this.list();
    return (
      instances.find((instance) => instance.name === nameOrId) ??
      instances.find((instance) => instance.name.toLowerCase() === nameOrId.toLowerCase()) ??
      (/^\d+$/.test(nameOrId) ? instances.find((instance) => instance.id === Number(nameOrId)) : undefined)
    );
  }

  /** Re-reads the stored document; configuration can only be invalid if the file was edited by hand. */
  load(stored: StoredInstance): LoadedInstance {
    const validation = validateInstance(stored.document);
    const config = validation.config ?? { tags: [], notification: { enabled: false }, refreshIntervalMinutes: 15, vendorType: 'polling', resources: [], configuration: {} };
    return { stored, config: { ...config, name: stored.name, elementKey: stored.elementKey }, validation };
  }

  create(fields: Omit<StoredInstance, 'id' | 'createdAt' | 'updatedAt'>, now: number): StoredInstance {
    const id = this.#settings.get('nextInstanceId');
    const created: StoredInstance = { ...fields, id, createdAt: now, updatedAt: now };
    this.#settings.set('nextInstanceId', id + 1);
    this.#settings.update('instances', (instances) => [...instances, created]);
    return created;
  }

  update(id: number, fields: Partial<Omit<StoredInstance, 'id' | 'createdAt'>>, now: number): StoredInstance {
    let updated: StoredInstance | undefined;
    this.#settings.update('instances', (instances) =>
      instances.map((instance) => (instance.id === id ? (updated = { ...instance, ...fields, updatedAt: now }) : instance)),
    );
    if (!updated) throw new Error(`no instance with id ${id}`);
    return updated;
  }

  remove(id: number): boolean {
    const before = this.list();
    const after = before.filter((instance) => instance.id !== id);
    this.#settings.set('instances', after);
    return after.length !== before.length;
  }
}
