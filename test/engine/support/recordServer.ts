/**
 * A small JSON REST API over changing records, for the engine's integration tests. It misbehaves on
 * purpose when asked: a clock that is off, dates in another zone (with or without offsets), seconds-only
 * timestamps, unordered offset paging, and hooks that change data while a poll is paging.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { formatJavaDate } from '../../../shared/dates.ts';
import { listenOnLoopback } from '../../support/loopback.ts';

export interface TestRecord {
  id: string;
  name: string;
  created: number;
  updated: number;
}

export type DateStyle =
  /** `2024-01-31T09:15:42Z`, seconds only: many records share a timestamp. */
  | { kind: 'utc-seconds' }
  /** `2024-01-31T04:15:42-05:00` in the zone. */
  | { kind: 'offset'; zone: string }
  /** `2024-01-31 04:15:42`: wall time in the zone, no offset. */
  | { kind: 'local'; zone: string }
  | { kind: 'epoch' };

export interface RecordServerOptions {
  clockOffsetMs?: number;
  /** Records are stamped this far ahead of the Date header (their database's clock runs ahead). */
  recordClockAheadMs?: number;
  dateStyle?: DateStyle;
  /** Shuffle each response (no server order), deterministically by a seed that changes with the data. */
  unordered?: boolean;
  /** Ignore `limit` above this. */
  maxPageSize?: number;
  /** Answer each request after this long, so a poll spans time (and can be interrupted). */
  latencyMs?: number;
}

export interface RecordServer {
  url: string;
  records: Map<string, TestRecord>;
  now(): number;
  setClockOffset(ms: number): void;
  /** Creates (or updates, when the id exists) a record stamped with the server clock. */
  upsert(id: string, name?: string, at?: number): TestRecord;
  /** Runs before serving the page at this offset (0-based) of the next listing, then is forgotten. */
  beforePage(offset: number, hook: () => void): void;
  /** Runs before serving every page at this offset, until called with undefined. */
  beforeEveryPage(offset: number, hook: (() => void) | undefined): void;
  /** Sends this Date header (epoch ms) with the next `count` answers instead of the server clock's. */
  overrideDate(ms: number, count?: number): void;
  /** The Date header (epoch ms, whole seconds) of the last answer. */
  lastDate(): number | undefined;
  /** Serves the record with one more field, `extra`, written as this raw JSON text (e.g. nested deeper than a reader should follow). */
  setRawExtra(id: string, jsonText: string): void;
  /** Answers the next `count` requests with this status (and headers) instead of data. */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  requests: string[];
  close(): Promise<void>;
}

const PATTERNS: Record<DateStyle['kind'], string> = {
  'utc-seconds': "yyyy-MM-dd'T'HH:mm:ss'Z'",
  offset: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  local: 'yyyy-MM-dd HH:mm:ss.SSS',
  epoch: 'milliseconds',
};

export function patternFor(style: DateStyle): string {
  return PATTERNS[style.kind];
}

export async function startRecordServer(options: RecordServerOptions = {}): Promise<RecordServer> {
  let clockOffset = options.clockOffsetMs ?? 0;
  const style = options.dateStyle ?? { kind: 'utc-seconds' };
  const records = new Map<string, TestRecord>();
  const pageHooks = new Map<number, () => void>();
  const everyPageHooks = new Map<number, () => void>();
  let dateOverride: { ms: number; count: number } | undefined;
  let lastDate: number | undefined;
  const requests: string[] = [];
  let version = 0;
  const now = () => Date.now() + clockOffset;

  const formatDate = (ms: number): string | number => {
    if (style.kind === 'epoch') return ms;
    const zone = style.kind === 'utc-seconds' ? 'UTC' : style.zone;
    return formatJavaDate(ms, PATTERNS[style.kind], zone);
  };
  const rawExtras = new Map<string, string>();
  const present = (record: TestRecord) => ({ id: record.id, name: record.name, created: formatDate(record.created), updated: formatDate(record.updated) });
  const serialize = (record: TestRecord): string => {
    const json = JSON.stringify(present(record));
    const extra = rawExtras.get(record.id);
    return extra === undefined ? json : `${json.slice(0, -1)},"extra":${extra}}`;
  };

  const list = (url: URL) => {
    const since = url.searchParams.get('updated_since');
    const sinceMs = since === null ? Number.NEGATIVE_INFINITY : /^\d+$/.test(since) ? Number(since) : Date.parse(since);
    // Compare at the precision the server shows, as a database comparing its stored values would.
    const visible = (ms: number) => (style.kind === 'utc-seconds' ? Math.floor(ms / 1000) * 1000 : ms);
    const matching = [...records.values()].filter((record) => visible(record.updated) > sinceMs);
    return options.unordered ? shuffle(matching, version) : matching.sort((a, b) => a.updated - b.updated || a.id.localeCompare(b.id));
  };

  let failure: { count: number; status: number; headers: Record<string, string> } | undefined;
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const date = dateOverride && dateOverride.count-- > 0 ? dateOverride.ms : now();
    lastDate = Math.floor(date / 1000) * 1000;
    response.setHeader('Date', new Date(date).toUTCString());
    if (failure && failure.count > 0) {
      failure.count--;
      response.writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers }).end(JSON.stringify({ message: `failure ${failure.status}` }));
      return;
    }
    if (url.pathname !== '/items') {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), options.maxPageSize ?? 1000);
    const hook = pageHooks.get(offset);
    if (hook) {
      pageHooks.delete(offset);
      hook();
    }
    everyPageHooks.get(offset)?.();
    const matching = list(url);
    const body = `{"total":${matching.length},"data":[${matching.slice(offset, offset + limit).map(serialize).join(',')}]}`;
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
  };

  const server: Server = createServer((request, response) => {
    if (options.latencyMs) setTimeout(() => handle(request, response), options.latencyMs);
    else handle(request, response);
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    now,
    setClockOffset: (ms) => (clockOffset = ms),
    upsert(id, name, at) {
      version++;
      const time = at ?? now() + (options.recordClockAheadMs ?? 0);
      const existing = records.get(id);
      const record = existing ? { ...existing, name: name ?? existing.name, updated: time } : { id, name: name ?? `record ${id}`, created: time, updated: time };
      records.set(id, record);
      return record;
    },
    beforePage: (offset, hook) => pageHooks.set(offset, hook),
    beforeEveryPage: (offset, hook) => (hook ? everyPageHooks.set(offset, hook) : everyPageHooks.delete(offset)),
    overrideDate: (ms, count = 1) => (dateOverride = { ms, count }),
    lastDate: () => lastDate,
    setRawExtra: (id, jsonText) => rawExtras.set(id, jsonText),
    failNext: (count, status, headers = {}) => (failure = { count, status, headers }),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A deterministic shuffle: the same data version gives the same order, a change reorders everything. */
function shuffle<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}
