// What one resource poll works on (the instance, resource and connector) and writes to (the
// stores): declared apart from pollResource.ts so that reconcile.ts, which it calls, needs not import it.
import type { InstanceConfig, ResourceConfig } from '../../../shared/config/types.ts';
import type { Connector } from '../connectors/types.ts';
import type { Database } from '../store/database.ts';
import type { CursorStore } from '../store/cursorStore.ts';
import type { EventStore } from '../store/eventStore.ts';
import type { KnownObjectStore } from '../store/knownObjectStore.ts';
import type { ObjectVersionStore } from '../store/objectVersionStore.ts';
import type { PollRunStore } from '../store/pollRunStore.ts';
import type { ChangeEvent } from './events.ts';

export interface PollStores {
  db: Database;
  events: EventStore;
  cursors: CursorStore;
  runs: PollRunStore;
  /** The ids known to exist per resource, for finding deletions in full listings (made on first use when absent). */
  known?: KnownObjectStore;
  /** The latest stored version of each object, for the changes of the next (made on first use when absent). */
  versions?: ObjectVersionStore;
  /** Called inside the transaction that stores new events (the delivery outbox is written there, atomically with them). */
  onEventsStored?: (events: ChangeEvent[], instance: InstanceConfig) => void;
}

export interface PollTarget {
  instanceId: number;
  instance: InstanceConfig;
  resource: ResourceConfig;
  connector: Connector;
  /** False when the server is known to ignore the URL's date filter (zone shifts are then only detected forward). */
  serverFiltersBySince?: boolean;
}
