/**
 * A Microsoft Dynamics 365 / Dataverse Web API simulator: a real HTTP server on 127.0.0.1 speaking
 * the dialect in /work/shared/reference/dynamics-web-api.md (tables, OData paging, change
 * tracking, AD FS / Azure AD tokens, service protection), with a control API for tests and demos.
 */

import { toEpochMs } from '../common/clock.ts';
import { ControlError, handleControlRequest, partsControls, partsState, stateEntities } from '../common/control.ts';
import type { CommonControl, StateOptions } from '../common/control.ts';
import { startLiveChanges } from '../common/liveChanges.ts';
import { createRng } from '../common/prng.ts';
import { simulatorParts, startSimulatorServer, type RunningSimulator } from '../common/server.ts';
import { SmallCache } from '../common/smallCache.ts';
import { jsonResponse } from '../common/http.ts';
import type { SimRequest } from '../common/http.ts';
import { handleDynamicsRequest, handleTokenRequest, serializeRow } from './api.ts';
import type { DynamicsApiSettings } from './api.ts';
import { TokenService } from './auth.ts';
import type { Authority, DynamicsClient, DynamicsUser } from './auth.ts';
import { ServiceProtection } from './budget.ts';
import type { RequestBudget } from './budget.ts';
import { DV_ENTITY_SETS } from './entities.ts';
import { DataverseStore } from './store.ts';
import type { DvRow } from './store.ts';

export interface DynamicsSimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Same seed, same data. Default 1. */
  seed?: number | string;
  /** Rows per entity set (activitypointers also shows every task). Default 50. */
  recordsPerEntity?: number;
  /** Random creates/updates/deletes per minute, for a demo. Default 0. */
  changesPerMinute?: number;
  /** Which token endpoint the 401 challenge points at. Default `adfs` (on-premises, `dynamicscrmadfs`). */
  authority?: Authority;
  /**
   * Serve the token endpoints on a second port, as an AD FS on its own host (`authorityUrl`); the 401
   * challenge names it. Default false: this server is its own authority.
   */
  separateAuthority?: boolean;
  /** The origin the 401 challenge names as the authority, whoever that is (a hostile server, in tests). Default: the authority above. */
  authorityOrigin?: string;
  /** Azure AD tenant accepted in `/{tenant}/oauth2/v2.0/token` (plus `common`, `organizations`). Default `contoso.onmicrosoft.com`. */
  tenant?: string;
  /** The API user. Defaults: `crmadmin@contoso.com` / `Pass@word1`. */
  username?: string;
  password?: string;
  users?: DynamicsUser[];
  /** The registered client. Defaults: a fixed GUID and secret `simulator-secret`. */
  clientId?: string;
  clientSecret?: string;
  clients?: DynamicsClient[];
  /** Access token lifetime. Default 3600 s. */
  tokenLifetimeSeconds?: number;
  /** Refresh token lifetime. Default 86400 s. */
  refreshTokenLifetimeSeconds?: number;
  /** Keep and show milliseconds on createdon/modifiedon (`…:00.123Z`). Default false (whole seconds). */
  fractionalSeconds?: boolean;
  /** Largest page served. Default 5000. */
  maxPageSize?: number;
  /** Write `@odata.nextLink` and `@odata.deltaLink` relative to the request URL (OData allows it). Default false (absolute). */
  relativeLinks?: boolean;
  /** Service protection: N requests per window per user, else 429. Default none. */
  budget?: RequestBudget | null;
  /** Delta tokens expire after this many days (simulator clock). Default 7 (online default). */
  deltaTokenMaxAgeDays?: number;
  /** Entity sets without change tracking. Default `['activitypointers']` (UNCONFIRMED whether it can be tracked). */
  changeTrackingDisabledFor?: string[];
  /** The newest seeded stamp (seeded data never depends on the real clock). Default 2025-01-01T00:00:00Z. */
  dataEndTime?: number | string | Date;
  /** Initial clock offset in ms. Default 0. */
  clockOffsetMs?: number;
  /** How many requests the log keeps. Default 5000. */
  requestLogSize?: number;
}

export interface DynamicsControl extends CommonControl {
  /** Every delta token issued so far becomes expired (400 0x80044352). */
  expireDeltaTokens(): void;
  /** Sets (or with null removes) the request budget; forgets past requests. */
  setBudget(budget: RequestBudget | null): void;
  /** Makes every access token issued so far expired (next API call: 401 ExpiredAuthTicket). */
  expireAccessTokens(): void;
  /** Lifetime of tokens issued from now on. */
  setTokenLifetime(seconds: number): void;
  /** The stored rows of a set (datetimes as epoch ms): live objects, do not mutate. */
  records(entitySet: string): readonly DvRow[];
  /** One row as the API would serialize it, or undefined. */
  record(entitySet: string, id: string): Record<string, unknown> | undefined;
  /** The current row version (what a delta token taken now would carry). */
  version(): number;
}

/** Its `url` (`http://127.0.0.1:<port>`) is also the resource / org URL. */
export interface DynamicsSimulator extends RunningSimulator {
  /** The origin serving the token endpoints: `url`, or the second server with `separateAuthority`. */
  authorityUrl: string;
  /** `url` + `/api/data/v9.2` */
  apiUrl: string;
  /** The token endpoint for the configured authority. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  tenant: string;
  control: DynamicsControl;
}

const DEFAULT_DATA_END = '2025-01-01T00:00:00Z';
const DEFAULT_CLIENT_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';
const DAY_MS = 86_400_000;

export async function startDynamicsSimulator(options: DynamicsSimulatorOptions = {}): Promise<DynamicsSimulator> {
  const seed = options.seed ?? 1;
  const username = options.username ?? 'crmadmin@contoso.com';
  const password = options.password ?? 'Pass@word1';
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? 'simulator-secret';
  const tenant = options.tenant ?? 'contoso.onmicrosoft.com';
  const authority = options.authority ?? 'adfs';

  const parts = simulatorParts(options);
  const { clock, log, faults } = parts;
  const store = new DataverseStore({
    seed,
    recordsPerEntity: options.recordsPerEntity ?? 50,
    dataEndTime: toEpochMs(options.dataEndTime ?? DEFAULT_DATA_END),
    fractionalSeconds: options.fractionalSeconds ?? false,
  });
  const tokenSettings = () => ({
    tenant,
    users: [{ username, password }, ...(options.users ?? [])],
    clients: [{ clientId, clientSecret }, ...(options.clients ?? [])],
    accessTokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 86_400,
  });
  const tokens = new TokenService(tokenSettings());
  const protection = new ServiceProtection(options.budget ?? null);
  const initialSettings: DynamicsApiSettings = {
    authority,
    tenant,
    fractionalSeconds: options.fractionalSeconds ?? false,
    maxPageSize: options.maxPageSize ?? 5000,
    relativeLinks: options.relativeLinks ?? false,
    deltaTokenMaxAgeMs: (options.deltaTokenMaxAgeDays ?? 7) * DAY_MS,
    minDeltaVersion: 0,
    changeTrackingDisabled: options.changeTrackingDisabledFor ?? ['activitypointers'],
    seed,
  };
  let settings = { ...initialSettings };
  const results = new SmallCache<DvRow[]>();
  // Set once the Web API listens: the AD FS issues tokens for it.
  let organizationUrl = '';
  const createLabel = `${String(seed)}:control`;

  const control: DynamicsControl = {
    ...partsControls(parts),
    mutate({ entity, id, fields = {} }) {
      const set = store.entitySet(entity);
      const row = id === undefined ? store.create(entity, fields, clock.now(), createLabel) : store.update(entity, String(id), fields, clock.now());
      return serializeRow(row, set, settings.fractionalSeconds);
    },
    delete({ entity, id }) {
      store.delete(entity, String(id), clock.now());
    },
    state(stateOptions: StateOptions = {}) {
      const entities = stateEntities(DV_ENTITY_SETS, stateOptions, {
        name: (set) => set.setName,
        named: (set, name) => name === set.setName || name === set.logicalName,
        describe: (set) => {
          const counts = store.counts(set.setName);
          return {
            primaryKey: set.primaryKey,
            count: counts.rows,
            deleted: counts.tombstones,
            changeTracking: !settings.changeTrackingDisabled.includes(set.setName),
            ...(stateOptions.records === false ? {} : { records: store.rows(set.setName).map((row) => serializeRow(row, set, settings.fractionalSeconds)) }),
          };
        },
      });
      return {
        vendor: 'dynamics',
        ...partsState(parts),
        authority: settings.authority,
        version: store.version(),
        budget: protection.current(),
        tokens: tokens.stats(clock.now()),
        entities,
      };
    },
    reset() {
      store.regenerate();
      results.clear();
      tokens.revokeAll();
      tokens.settings = tokenSettings();
      protection.setBudget(options.budget ?? null);
      settings = { ...initialSettings };
      clock.setOffset(options.clockOffsetMs ?? 0);
      faults.clear();
      log.clear();
    },
    expireDeltaTokens() {
      // Fence: tokens carry the version current when issued; new tokens will be above this one.
      settings = { ...settings, minDeltaVersion: store.bumpVersion() };
    },
    setBudget(budget) {
      try {
        protection.setBudget(budget);
      } catch (error) {
        throw new ControlError(400, (error as Error).message);
      }
    },
    expireAccessTokens: () => tokens.expireAccessTokens(clock.now()),
    setTokenLifetime(seconds) {
      if (!(seconds > 0)) throw new ControlError(400, 'token lifetime must be > 0 seconds');
      tokens.settings = { ...tokens.settings, accessTokenLifetimeSeconds: seconds };
    },
    records: (entitySet) => store.rows(entitySet),
    record(entitySet, id) {
      const row = store.get(entitySet, id);
      return row && serializeRow(row, store.entitySet(entitySet), settings.fractionalSeconds);
    },
    version: () => store.version(),
  };

  const controlRoutes = (request: SimRequest) => handleControlRequest(request, control, {
      'POST expire-delta-tokens': () => {
        control.expireDeltaTokens();
        return { expired: true };
      },
      'POST budget': (body) => {
        const budget = body.requests === undefined || body.requests === null ? null : { requests: Number(body.requests), windowSeconds: Number(body.windowSeconds ?? 300) };
        control.setBudget(budget);
        return { budget };
      },
      'POST expire-tokens': () => {
        control.expireAccessTokens();
        return { expired: true };
      },
      'POST token-lifetime': (body) => {
        control.setTokenLifetime(Number(body.seconds));
        return { seconds: Number(body.seconds) };
      },
    });
  const host = options.host !== undefined ? { host: options.host } : {};
  // The AD FS on its own host shares the token service, the clock, the faults and the request log.
  const authorityServer = options.separateAuthority
    ? await startSimulatorServer({
        ...host,
        clock,
        log,
        faults,
        handle: (request) => handleTokenRequest(request, { tokens, now: () => clock.now() }, organizationUrl) ?? jsonResponse(404, { error: 'not_found', error_description: 'this server serves the token endpoints only' }),
        control: controlRoutes,
      })
    : undefined;
  const authorityOrigin = options.authorityOrigin ?? authorityServer?.url;
  if (authorityOrigin !== undefined) {
    initialSettings.authorityOrigin = authorityOrigin;
    initialSettings.separateAuthority = authorityServer !== undefined;
    settings = { ...initialSettings };
  }
  const server = await startSimulatorServer({
    ...host,
    ...(options.port !== undefined ? { port: options.port } : {}),
    clock,
    log,
    faults,
    handle: (request) => handleDynamicsRequest(request, { store, results, tokens, protection, settings, now: () => clock.now() }),
    control: controlRoutes,
  });
  organizationUrl = server.url;

  const live = startLiveChanges(options.changesPerMinute ?? 0, createRng(`${String(seed)}:live`), (kind, rng) => {
    const set = rng.pick(DV_ENTITY_SETS.filter((candidate) => candidate.setName !== 'activitypointers'));
    const rows = store.rows(set.setName);
    if (kind === 'create' || rows.length === 0) {
      control.mutate({ entity: set.setName });
      return;
    }
    const id = String(rng.pick(rows)[set.primaryKey]);
    if (kind === 'update') control.mutate({ entity: set.setName, id, fields: set.randomEdit(rng) });
    else control.delete({ entity: set.setName, id });
  });

  const authorityUrl = authorityServer?.url ?? server.url;
  return {
    url: server.url,
    authorityUrl,
    apiUrl: `${server.url}/api/data/v9.2`,
    tokenUrl: authority === 'adfs' ? `${authorityUrl}/adfs/oauth2/token` : `${authorityUrl}/${tenant}/oauth2/v2.0/token`,
    port: server.port,
    username,
    password,
    clientId,
    clientSecret,
    tenant,
    control,
    async close() {
      live.stop();
      await Promise.all([server.close(), authorityServer?.close()]);
    },
  };
}
