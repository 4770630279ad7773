/** What the poller needs from a connector: pages of records in the shape the resource configuration reads. */
import type { InstanceConfig, ResourceConfig } from '../../../shared/config/types.ts';

export interface FetchRequest {
  resource: ResourceConfig;
  /** The instant the URL macros are filled with (changes since then are asked for). */
  sinceMs: number;
  /** The connector's own state from the cursor (e.g. a Dynamics delta link). */
  state?: unknown;
  signal?: AbortSignal;
}

export interface FetchedPage {
  records: unknown[];
  /** The server's clock when it answered (its HTTP Date header), epoch ms. */
  serverTimeMs?: number;
  /** The total the server says matches the query, when it says. */
  totalResults?: number;
  /** Ids the server reports as deleted (change tracking). */
  deletedIds?: string[];
  /** Offset paging with no server order: rows can shift between pages when data changes mid-poll. */
  mayShift?: boolean;
  /** State to keep in the cursor once the poll commits; the last page's value wins. */
  nextState?: unknown;
}

export interface Connector {
  fetchChanges(request: FetchRequest): AsyncIterable<FetchedPage>;
  /** Field paths fall back to a case-insensitive match (Sage CRM). */
  readonly caseInsensitivePaths?: boolean;
}

export interface ConnectorContext {
  instance: InstanceConfig;
  /** Reads one secret configuration key (password, token…) from the secret store. */
  secret: (key: string) => Promise<string | undefined>;
}

export type ConnectorFactory = (context: ConnectorContext) => Connector;
