/**
 * Sage CRM's rows in memory. Dates are held as epoch ms (whole seconds: what the API shows is what
 * `where` compares). Deletes are soft (`*_Deleted = 1`). Collections come back in an order that is
 * deterministic per seed and per table version but otherwise arbitrary, like SQL Server without
 * ORDER BY: any change to a table reshuffles it, so naive offset paging can skip or repeat rows.
 */

import { ControlError } from '../common/control.ts';
import { createRng, hashString, mixHash } from '../common/prng.ts';
import { parseSageDateTime } from './dates.ts';
import { SAGE_ENTITIES, canonicalField, findSageEntity } from './entities.ts';
import type { SageEntity, SageEntityName } from './entities.ts';

export type SageRow = Record<string, unknown>;

interface Table {
  definition: SageEntity;
  rows: Map<number, SageRow>;
  nextId: number;
  /** Bumped on every change to the table. */
  version: number;
  orderCache?: { version: number; rows: SageRow[] };
}

/** How far back the seeded history reaches. */
const HISTORY_DAYS = 730;
/** The user id that control and live changes act as. */
const ADMIN_USER_ID = 1;

export interface SageStoreOptions {
  seed: number | string;
  recordsPerEntity: number;
  /** The newest seeded stamp; seeded data never depends on the real clock. */
  dataEndTime: number;
  ordered: boolean;
}

const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

export class SageStore {
  private readonly options: SageStoreOptions;
  private readonly seed32: number;
  private tables = new Map<SageEntityName, Table>();

  constructor(options: SageStoreOptions) {
    this.options = options;
    this.seed32 = typeof options.seed === 'number' ? options.seed >>> 0 : hashString(options.seed);
    this.regenerate();
  }

  /** Rebuilds every table from the seed. */
  regenerate(): void {
    const { recordsPerEntity: count, dataEndTime } = this.options;
    const root = createRng(this.options.seed);
    this.tables = new Map();
    for (const definition of SAGE_ENTITIES) {
      const rng = root.fork(definition.name);
      const rows = new Map<number, SageRow>();
      for (let id = 1; id <= count; id++) {
        const created = wholeSecond(dataEndTime - rng.int(0, HISTORY_DAYS * 86_400) * 1000);
        const updated = rng.chance(0.3) ? created : wholeSecond(created + rng.int(0, Math.floor((dataEndTime - created) / 1000)) * 1000);
        const creator = rng.int(1, count);
        rows.set(id, {
          [definition.keyField]: id,
          ...definition.generate(rng, { count }),
          [definition.createdByField]: creator,
          [definition.createdField]: created,
          [definition.updatedByField]: updated === created ? creator : rng.int(1, count),
          [definition.updatedField]: updated,
          [definition.timestampField]: updated,
          [definition.deletedField]: null,
        });
      }
      this.tables.set(definition.name, { definition, rows, nextId: count + 1, version: 1 });
    }
  }

  definition(entity: string): SageEntity {
    return this.table(entity).definition;
  }

  /** The table, or a 404 ControlError naming the entities that exist. */
  private table(entity: string): Table {
    const definition = findSageEntity(entity);
    const table = definition && this.tables.get(definition.name);
    if (!table) throw new ControlError(404, `unknown entity '${entity}' (known: ${SAGE_ENTITIES.map((e) => e.name).join(', ')})`);
    return table;
  }

  /** Every row including soft-deleted ones, by id. */
  allRows(entity: string): SageRow[] {
    return [...this.table(entity).rows.values()];
  }

  get(entity: string, id: number): SageRow | undefined {
    return this.table(entity).rows.get(id);
  }

  /** Rows in the order the server happens to return them for the table's current version. */
  rowsInServerOrder(entity: string): SageRow[] {
    const table = this.table(entity);
    if (table.orderCache?.version === table.version) return table.orderCache.rows;
    const keyField = table.definition.keyField;
    const rows = [...table.rows.values()];
    if (this.options.ordered) {
      rows.sort((a, b) => (a[keyField] as number) - (b[keyField] as number));
    } else {
      const rank = new Map<SageRow, number>();
      for (const row of rows) rank.set(row, mixHash(this.seed32, table.version, row[keyField] as number));
      rows.sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
    }
    table.orderCache = { version: table.version, rows };
    return rows;
  }

  tableVersion(entity: string): number {
    return this.table(entity).version;
  }

  nextId(entity: string): number {
    return this.table(entity).nextId;
  }

  /** Creates a row: generated business fields, overridden by `fields`, stamped `now` unless given. */
  create(entity: string, fields: Record<string, unknown>, now: number, timeZone: string, seedLabel: string): SageRow {
    const table = this.table(entity);
    const definition = table.definition;
    const values = this.coerceFields(definition, fields, timeZone);
    const id = table.nextId++;
    const stamp = wholeSecond(now);
    const created = (values[definition.createdField] as number | undefined) ?? stamp;
    const updated = (values[definition.updatedField] as number | undefined) ?? created;
    const row: SageRow = {
      [definition.keyField]: id,
      ...definition.generate(createRng(`${seedLabel}:${definition.name}:${id}`), { count: Math.max(1, table.rows.size) }),
      [definition.createdByField]: ADMIN_USER_ID,
      [definition.createdField]: created,
      [definition.updatedByField]: ADMIN_USER_ID,
      [definition.updatedField]: updated,
      [definition.timestampField]: updated,
      [definition.deletedField]: null,
      ...values,
    };
    row[definition.keyField] = id;
    table.rows.set(id, row);
    table.version++;
    return row;
  }

  /** Changes fields of a row (deleted or not) and stamps it `now` unless the update stamp is given. */
  update(entity: string, id: number, fields: Record<string, unknown>, now: number, timeZone: string): SageRow {
    const table = this.table(entity);
    const definition = table.definition;
    const row = table.rows.get(id);
    if (!row) throw new ControlError(404, `${definition.name} ${id} does not exist`);
    const values = this.coerceFields(definition, fields, timeZone);
    if (definition.keyField in values) throw new ControlError(400, `${definition.keyField} cannot be changed`);
    const updated = (values[definition.updatedField] as number | undefined) ?? wholeSecond(now);
    Object.assign(row, { [definition.updatedByField]: ADMIN_USER_ID, [definition.updatedField]: updated, [definition.timestampField]: updated }, values);
    table.version++;
    return row;
  }

  /** Sage deletes by flagging the row; the flag change is an update like any other. */
  softDelete(entity: string, id: number, now: number): SageRow {
    const table = this.table(entity);
    const definition = table.definition;
    const row = table.rows.get(id);
    if (!row || row[definition.deletedField] === 1) throw new ControlError(404, `${definition.name} ${id} does not exist`);
    const stamp = wholeSecond(now);
    Object.assign(row, { [definition.deletedField]: 1, [definition.updatedByField]: ADMIN_USER_ID, [definition.updatedField]: stamp, [definition.timestampField]: stamp });
    table.version++;
    return row;
  }

  /** Converts control-supplied values to the stored types; dates as ISO text (offset or server-local) or epoch ms. */
  private coerceFields(definition: SageEntity, fields: Record<string, unknown>, timeZone: string): SageRow {
    const out: SageRow = {};
    for (const [name, value] of Object.entries(fields)) {
      const field = canonicalField(definition, name);
      if (!field) throw new ControlError(400, `${definition.name} has no field '${name}'`);
      const type = definition.fields[field];
      if (value === null) {
        out[field] = null;
      } else if (type === 'datetime') {
        const ms = typeof value === 'number' ? value : typeof value === 'string' ? parseSageDateTime(value, timeZone) : undefined;
        if (ms === undefined || !Number.isFinite(ms)) throw new ControlError(400, `${field} needs a date (ISO text or epoch ms), got ${JSON.stringify(value)}`);
        out[field] = wholeSecond(ms);
      } else if (type === 'int' || type === 'decimal') {
        const number = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(number)) throw new ControlError(400, `${field} needs a number, got ${JSON.stringify(value)}`);
        out[field] = type === 'int' ? Math.trunc(number) : number;
      } else {
        out[field] = String(value);
      }
    }
    return out;
  }
}
