/**
 * A Sage CRM (SData REST) simulator: a real HTTP server on 127.0.0.1 speaking the dialect in
 * /work/shared/reference/sage-crm-api.md, with a control API for tests, demos and benchmarks.
 */

import { toEpochMs } from '../common/clock.ts';
import { ControlError, handleControlRequest, partsControls, partsState, stateEntities } from '../common/control.ts';
import type { CommonControl, StateOptions } from '../common/control.ts';
import { startLiveChanges } from '../common/liveChanges.ts';
import type { LiveChanges } from '../common/liveChanges.ts';
import { createRng } from '../common/prng.ts';
import { simulatorParts, startSimulatorServer, type RunningSimulator } from '../common/server.ts';
import { SmallCache } from '../common/smallCache.ts';
import { handleSageRequest, serializeRow } from './api.ts';
import type { SageApiSettings } from './api.ts';
import { BasicAuthGate } from './auth.ts';
import type { AccountState, SageUser } from './auth.ts';
import { assertTimeZone } from './dates.ts';
import type { SageDateStyle } from './dates.ts';
import { SAGE_ENTITIES } from './entities.ts';
import type { SageEntityName } from './entities.ts';
import { SageStore } from './store.ts';
import type { SageRow } from './store.ts';

export interface SageCrmSimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Same seed, same data. Default 1. */
  seed?: number | string;
  /** Rows per entity (company, person, lead, opportunity, user). Default 50. */
  recordsPerEntity?: number;
  /** Random creates/updates/deletes per minute, for a demo. Default 0. */
  changesPerMinute?: number;
  /** The `{installName}` in `/sdata/{installName}j/sagecrm2/-/`. Default `crm`. */
  installName?: string;
  /** The API user. Defaults: `admin` / `sagecrm`. */
  username?: string;
  password?: string;
  /** More accounts, besides username/password. */
  users?: SageUser[];
  /** Consecutive bad passwords that lock an account (0 = never). Default 5. */
  lockoutThreshold?: number;
  /** The server's IANA time zone. Default `America/New_York`. */
  timeZone?: string;
  /** `offset` (default): `2024-03-01T05:00:00-05:00`; `local`: `2024-03-01T05:00:00` (misconfigured server). */
  dateStyle?: SageDateStyle;
  /** Server cap on `count`. Default 100 (SData 1.1). */
  maxPageSize?: number;
  /** Page size when `count` is absent. Default 100 (UNCONFIRMED). */
  defaultPageSize?: number;
  /** Return rows by key instead of an arbitrary order. Default false. */
  ordered?: boolean;
  /** Honor `orderBy` (Sage 2024 R2 and later); otherwise it is ignored. Default false. */
  orderBySupport?: boolean;
  /** Whether soft-deleted rows appear in collections (UNCONFIRMED; default hidden). */
  deletedVisibility?: 'hidden' | 'visible';
  /** The newest seeded stamp (seeded data never depends on the real clock). Default 2025-01-01T00:00:00Z. */
  dataEndTime?: number | string | Date;
  /**
   * Accept `in (…)`, `between` and `not` in `where`, which the SData query language has but the
   * documented Sage CRM dialect (eq ne gt ge lt le like and or) does not. Default false: they are
   * refused with 400 BadWhereSyntax, so clients are tested against the dialect they may rely on.
   */
  extendedWhere?: boolean;
  /** Initial clock offset in ms. Default 0. */
  clockOffsetMs?: number;
  /** How many requests the log keeps. Default 5000. */
  requestLogSize?: number;
}

export interface SageCrmControl extends CommonControl {
  /** Clears lockout state for one user or all users. */
  unlock(username?: string): void;
  /** Changes the server's time zone (and optionally the date style) for everything served from now on. */
  setZone(timeZone: string, dateStyle?: SageDateStyle): void;
  setDateStyle(dateStyle: SageDateStyle): void;
  /** The stored rows (dates as epoch ms, soft-deleted rows included): live objects, do not mutate. */
  records(entity: string): SageRow[];
  /** One row as the API would serialize it (also when soft-deleted), or undefined. */
  record(entity: string, id: number | string): Record<string, unknown> | undefined;
  /** Lockout counters per user. */
  accounts(): Record<string, AccountState>;
}

/** Its `url` is `http://127.0.0.1:<port>`. */
export interface SageCrmSimulator extends RunningSimulator {
  /** `url` + `/sdata/crmj/sagecrm2/-/` */
  baseUrl: string;
  control: SageCrmControl;
}

const DEFAULT_DATA_END = '2025-01-01T00:00:00Z';

export async function startSageCrmSimulator(options: SageCrmSimulatorOptions = {}): Promise<SageCrmSimulator> {
  const username = options.username ?? 'admin';
  const password = options.password ?? 'sagecrm';
  const seed = options.seed ?? 1;
  const recordsPerEntity = options.recordsPerEntity ?? 50;
  const initialZone = options.timeZone ?? 'America/New_York';
  assertTimeZone(initialZone);

  const parts = simulatorParts(options);
  const { clock, log, faults } = parts;
  const store = new SageStore({ seed, recordsPerEntity, dataEndTime: toEpochMs(options.dataEndTime ?? DEFAULT_DATA_END), ordered: options.ordered ?? false });
  const users = [{ username, password }, ...(options.users ?? [])];
  const lockoutThreshold = options.lockoutThreshold ?? 5;
  let auth = new BasicAuthGate(users, lockoutThreshold);

  const initialSettings: SageApiSettings = {
    basePath: `/sdata/${options.installName ?? 'crm'}j/sagecrm2/-/`,
    timeZone: initialZone,
    dateStyle: options.dateStyle ?? 'offset',
    maxPageSize: options.maxPageSize ?? 100,
    defaultPageSize: options.defaultPageSize ?? 100,
    orderBySupport: options.orderBySupport ?? false,
    deletedVisibility: options.deletedVisibility ?? 'hidden',
    extendedWhere: options.extendedWhere ?? false,
  };
  let settings = { ...initialSettings };
  const results = new SmallCache<SageRow[] | string>();
  // Rows created through control or live changes get generated fields from this stream's labels.
  let createCounter = 0;

  const serializeForControl = (entity: string, row: SageRow): Record<string, unknown> =>
    serializeRow(row, store.definition(entity), { headers: {}, url: new URL(server.url) }, settings);

  const toId = (id: number | string): number => {
    const number = Number(id);
    if (!Number.isInteger(number)) throw new ControlError(400, `Sage ids are integers, got ${JSON.stringify(id)}`);
    return number;
  };

  const control: SageCrmControl = {
    ...partsControls(parts),
    mutate({ entity, id, fields = {} }) {
      const row = id === undefined
        ? store.create(entity, fields, clock.now(), settings.timeZone, `${String(seed)}:control:${++createCounter}`)
        : store.update(entity, toId(id), fields, clock.now(), settings.timeZone);
      return serializeForControl(entity, row);
    },
    delete({ entity, id }) {
      store.softDelete(entity, toId(id), clock.now());
    },
    state(stateOptions: StateOptions = {}) {
      const entities = stateEntities(SAGE_ENTITIES, stateOptions, {
        name: (definition) => definition.name,
        named: (definition, name) => name.toLowerCase() === definition.name,
        describe: (definition) => {
          const rows = store.allRows(definition.name);
          const deleted = rows.filter((row) => row[definition.deletedField] === 1).length;
          return {
            keyField: definition.keyField,
            count: rows.length - deleted,
            deleted,
            nextId: store.nextId(definition.name),
            version: store.tableVersion(definition.name),
            ...(stateOptions.records === false ? {} : { records: rows.map((row) => serializeRow(row, definition, { headers: {}, url: new URL(server.url) }, settings)) }),
          };
        },
      });
      return {
        vendor: 'sagecrm',
        ...partsState(parts),
        timeZone: settings.timeZone,
        dateStyle: settings.dateStyle,
        accounts: auth.state(),
        entities,
      };
    },
    reset() {
      store.regenerate();
      results.clear();
      auth = new BasicAuthGate(users, lockoutThreshold);
      settings = { ...initialSettings };
      clock.setOffset(options.clockOffsetMs ?? 0);
      faults.clear();
      log.clear();
      createCounter = 0;
    },
    unlock: (user) => auth.unlock(user),
    setZone(timeZone, dateStyle) {
      assertTimeZone(timeZone);
      settings = { ...settings, timeZone, ...(dateStyle ? { dateStyle } : {}) };
    },
    setDateStyle(dateStyle) {
      if (dateStyle !== 'offset' && dateStyle !== 'local') throw new ControlError(400, `dateStyle is 'offset' or 'local'`);
      settings = { ...settings, dateStyle };
    },
    records: (entity) => store.allRows(entity),
    record(entity, id) {
      const row = store.get(entity, toId(id));
      return row && serializeForControl(entity, row);
    },
    accounts: () => auth.state(),
  };

  const server = await startSimulatorServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    clock,
    log,
    faults,
    handle: (request) => handleSageRequest(request, { store, auth, settings, results }),
    control: (request) => handleControlRequest(request, control, {
      'POST unlock': (body) => control.unlock(typeof body.username === 'string' ? body.username : undefined),
      'POST zone': (body) => {
        if (body.timeZone !== undefined && typeof body.timeZone !== 'string') throw new ControlError(400, 'timeZone must be an IANA zone name');
        if (body.dateStyle !== undefined) control.setDateStyle(body.dateStyle as SageDateStyle);
        if (typeof body.timeZone === 'string') control.setZone(body.timeZone);
        return { timeZone: settings.timeZone, dateStyle: settings.dateStyle };
      },
    }),
  });

  const liveRng = createRng(`${String(seed)}:live`);
  const live: LiveChanges = startLiveChanges(options.changesPerMinute ?? 0, liveRng, (kind, rng) => {
    const definition = rng.pick(SAGE_ENTITIES);
    const name: SageEntityName = definition.name;
    const visible = store.allRows(name).filter((row) => row[definition.deletedField] !== 1);
    if (kind === 'create' || visible.length === 0) {
      control.mutate({ entity: name });
      return;
    }
    const row = rng.pick(visible);
    const id = row[definition.keyField] as number;
    if (kind === 'update') control.mutate({ entity: name, id, fields: definition.randomEdit(rng) });
    else control.delete({ entity: name, id });
  });

  return {
    url: server.url,
    baseUrl: `${server.url}${settings.basePath}`,
    port: server.port,
    username,
    password,
    control,
    async close() {
      live.stop();
      await server.close();
    },
  };
}
