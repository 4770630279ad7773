/**
 * Dataverse rows in memory, with a global row version (like SQL rowversion) so change tracking can
 * answer "what changed since version V": every create and update takes the next version, and every
 * delete leaves a tombstone carrying its version. Datetimes are held as epoch ms (UTC).
 */

import { ControlError } from '../common/control.ts';
import { createRng } from '../common/prng.ts';
import type { Rng } from '../common/prng.ts';
import { DV_ENTITY_SETS, findEntitySet } from './entities.ts';
import type { DvEntitySet, EntitySetName } from './entities.ts';

export type DvRow = Record<string, unknown>;

export interface Tombstone {
  id: string;
  /** The version the deletion took. */
  version: number;
  deletedAt: number;
}

interface Table {
  set: DvEntitySet;
  rows: Map<string, DvRow>;
  /** Ids ever created, for picking lookup targets quickly (may include deleted ones, like a dangling lookup). */
  ids: string[];
  tombstones: Tombstone[];
}

export interface DataverseStoreOptions {
  seed: number | string;
  recordsPerEntity: number;
  /** The newest seeded stamp; seeded data never depends on the real clock. */
  dataEndTime: number;
  /** Keep milliseconds on stamps (otherwise whole seconds). */
  fractionalSeconds: boolean;
}

const HISTORY_DAYS = 730;
const FIRST_VERSION = 1_000_000;
const OWNER_COUNT = 12;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class DataverseStore {
  private readonly options: DataverseStoreOptions;
  private tables = new Map<EntitySetName, Table>();
  private owners: string[] = [];
  private currentVersion = FIRST_VERSION;
  private createCounter = 0;
  private rowsCache = new Map<EntitySetName, { version: number; rows: DvRow[] }>();

  constructor(options: DataverseStoreOptions) {
    this.options = options;
    this.regenerate();
  }

  /** The latest row version handed out (what a delta token taken now would carry). */
  version(): number {
    return this.currentVersion;
  }

  /** Takes a version without changing a row (used to fence off expired delta tokens). */
  bumpVersion(): number {
    return ++this.currentVersion;
  }

  stamp(ms: number): number {
    return this.options.fractionalSeconds ? ms : Math.floor(ms / 1000) * 1000;
  }

  regenerate(): void {
    const { recordsPerEntity: count, dataEndTime } = this.options;
    const root = createRng(this.options.seed);
    const ownerRng = root.fork('owners');
    this.owners = Array.from({ length: OWNER_COUNT }, () => ownerRng.guid());
    this.tables = new Map();
    this.rowsCache.clear();
    this.createCounter = 0;
    const all: Array<{ row: DvRow; set: DvEntitySet }> = [];
    for (const set of DV_ENTITY_SETS) {
      const rng = root.fork(set.setName);
      const table: Table = { set, rows: new Map(), ids: [], tombstones: [] };
      this.tables.set(set.setName, table);
      for (let i = 0; i < count; i++) {
        const created = this.stamp(dataEndTime - rng.int(0, HISTORY_DAYS * 86_400_000));
        const modified = rng.chance(0.3) ? created : this.stamp(created + rng.int(0, dataEndTime - created));
        const id = rng.guid();
        const row: DvRow = { [set.primaryKey]: id, ...set.generate(rng, this.context(rng)), _ownerid_value: rng.pick(this.owners), createdon: created, modifiedon: modified };
        table.rows.set(id, row);
        table.ids.push(id);
        all.push({ row, set });
      }
    }
    // Older changes got older versions, as if the history had really happened.
    all.sort((a, b) => (a.row.modifiedon as number) - (b.row.modifiedon as number));
    let version = FIRST_VERSION;
    for (const { row } of all) row.versionnumber = ++version;
    this.currentVersion = version;
  }

  private context(rng: Rng) {
    return {
      ref: (setName: EntitySetName): string | null => {
        const ids = this.tables.get(setName)?.ids;
        return ids && ids.length > 0 ? rng.pick(ids) : null;
      },
      owner: () => rng.pick(this.owners),
    };
  }

  entitySet(name: string): DvEntitySet {
    return this.table(name).set;
  }

  private table(name: string): Table {
    const set = findEntitySet(name);
    const table = set && this.tables.get(set.setName);
    if (!table) throw new ControlError(404, `unknown entity set '${name}' (known: ${DV_ENTITY_SETS.map((s) => s.setName).join(', ')})`);
    return table;
  }

  /**
   * Rows of a set (a shared array: copy before sorting). activitypointers shows every activity:
   * its own rows plus the tasks.
   */
  rows(name: string): readonly DvRow[] {
    const table = this.table(name);
    const cached = this.rowsCache.get(table.set.setName);
    if (cached?.version === this.currentVersion) return cached.rows;
    let rows = [...table.rows.values()];
    if (table.set.setName === 'activitypointers') {
      const fields = Object.keys(table.set.fields);
      rows = rows.concat([...this.table('tasks').rows.values()].map((task) => Object.fromEntries(fields.map((field) => [field, task[field] ?? null]))));
    }
    this.rowsCache.set(table.set.setName, { version: this.currentVersion, rows });
    return rows;
  }

  tombstones(name: string): Tombstone[] {
    const table = this.table(name);
    return table.set.setName === 'activitypointers' ? [...table.tombstones, ...this.table('tasks').tombstones] : [...table.tombstones];
  }

  get(name: string, id: string): DvRow | undefined {
    const table = this.table(name);
    const key = id.toLowerCase();
    if (table.set.setName === 'activitypointers' && !table.rows.has(key)) {
      return this.rows(name).find((row) => row.activityid === key);
    }
    return table.rows.get(key);
  }

  /** The table that owns a row: tasks shown through activitypointers are changed in tasks. */
  private owningTable(name: string, id: string): Table {
    const table = this.table(name);
    if (table.set.setName === 'activitypointers' && !table.rows.has(id) && this.table('tasks').rows.has(id)) return this.table('tasks');
    return table;
  }

  create(name: string, fields: Record<string, unknown>, now: number, seedLabel: string): DvRow {
    const table = this.table(name);
    const set = table.set;
    const values = coerceFields(set, fields);
    const rng = createRng(`${seedLabel}:${++this.createCounter}`);
    const id = rng.guid();
    const created = (values.createdon as number | undefined) ?? this.stamp(now);
    const row: DvRow = {
      [set.primaryKey]: id,
      ...set.generate(rng, this.context(rng)),
      _ownerid_value: this.owners[0] ?? null,
      createdon: created,
      modifiedon: created,
      ...values,
    };
    row[set.primaryKey] = id;
    row.versionnumber = ++this.currentVersion;
    set.derive?.(row);
    table.rows.set(id, row);
    table.ids.push(id);
    return row;
  }

  update(name: string, id: string, fields: Record<string, unknown>, now: number): DvRow {
    const key = id.toLowerCase();
    const table = this.owningTable(name, key);
    const row = table.rows.get(key);
    if (!row) throw new ControlError(404, `${table.set.logicalName} With Id = ${id} Does Not Exist`);
    const values = coerceFields(table.set, fields);
    if (table.set.primaryKey in values) throw new ControlError(400, `${table.set.primaryKey} cannot be changed`);
    Object.assign(row, { modifiedon: this.stamp(now) }, values);
    row.versionnumber = ++this.currentVersion;
    table.set.derive?.(row);
    return row;
  }

  /** A hard delete, remembered as a tombstone for change tracking. */
  delete(name: string, id: string, now: number): void {
    const key = id.toLowerCase();
    const table = this.owningTable(name, key);
    if (!table.rows.delete(key)) throw new ControlError(404, `${table.set.logicalName} With Id = ${id} Does Not Exist`);
    table.tombstones.push({ id: key, version: ++this.currentVersion, deletedAt: now });
  }

  counts(name: string): { rows: number; tombstones: number } {
    return { rows: this.rows(name).length, tombstones: this.tombstones(name).length };
  }
}

/** Converts control-supplied values to stored types; datetimes as ISO text (no offset = UTC) or epoch ms. */
function coerceFields(set: DvEntitySet, fields: Record<string, unknown>): DvRow {
  const out: DvRow = {};
  for (const [name, value] of Object.entries(fields)) {
    const type = set.fields[name];
    if (!type) throw new ControlError(400, `${set.logicalName} has no column '${name}'`);
    if (name === 'versionnumber') throw new ControlError(400, 'versionnumber is maintained by the server');
    const fail = (expected: string): never => {
      throw new ControlError(400, `${name} needs ${expected}, got ${JSON.stringify(value)}`);
    };
    if (value === null) {
      out[name] = null;
      continue;
    }
    switch (type) {
      case 'guid':
        if (typeof value !== 'string' || !GUID.test(value)) fail('a GUID');
        out[name] = (value as string).toLowerCase();
        break;
      case 'datetime':
      case 'date': {
        const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || type === 'date' ? value : `${value}Z`) : Number.NaN;
        if (!Number.isFinite(ms)) fail('a date (ISO text or epoch ms)');
        out[name] = ms;
        break;
      }
      case 'int':
      case 'bigint':
        if (typeof value !== 'number' || !Number.isInteger(value)) fail('an integer');
        out[name] = value;
        break;
      case 'decimal':
        if (typeof value !== 'number') fail('a number');
        out[name] = value;
        break;
      case 'bool':
        if (typeof value !== 'boolean') fail('true or false');
        out[name] = value;
        break;
      case 'string':
        out[name] = String(value);
        break;
    }
  }
  return out;
}
