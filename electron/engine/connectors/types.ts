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
  /** Where the page was read from (what reports of its records name). */
  url?: string;
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
  /**
   * The pages of this poll list every record of the resource (a change tracking session started, or
   * started over): once the poll completes, ids known before but absent from them were deleted.
   */
  fullListing?: boolean;
}

export interface IdListRequest {
  resource: ResourceConfig;
  /** Only which of these ids exist (confirming deletions); without it, every id. */
  among?: string[];
  signal?: AbortSignal;
}

export interface IdListing {
  ids: string[];
  /** The server's clock when it answered, epoch ms. */
  serverTimeMs?: number;
}

/** Deletions found by comparing id listings, for CRMs that never report them (Sage CRM soft deletes). */
export interface Reconciliation {
  /** Minutes between scheduled reconciliations; 0: only when asked (`poll --reconcile`). */
  readonly intervalMinutes: number;
  listIds(request: IdListRequest): Promise<IdListing>;
}

export interface Connector {
  fetchChanges(request: FetchRequest): AsyncIterable<FetchedPage>;
  /** Field paths fall back to a case-insensitive match (Sage CRM). */
  readonly caseInsensitivePaths?: boolean;
  /** Present when the connector finds deletions by id reconciliation. */
  readonly reconciliation?: Reconciliation;
  /**
   * The URL the next poll starts with, exactly as it is sent (the same builder, encoded as on the
   * wire), for `validate` and *Preview next request*; throws what a poll would.
   */
  describeRequest(resource: ResourceConfig, sinceMs: number, state?: unknown): string;
}

export interface ConnectorContext {
  instance: InstanceConfig;
  /** Reads one secret configuration key (password, token…) from the secret store. */
  secret: (key: string) => Promise<string | undefined>;
  /** What the user does to provide a secret that is not set (with --secrets env: the variable to set). */
  howToSet?: (key: string) => string;
  /** Sign-in authorities (origins) the user approved for this instance after the server named them. */
  trustedAuthorities?: readonly string[];
}

export type ConnectorFactory = (context: ConnectorContext) => Connector;
