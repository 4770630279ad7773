/**
 * The application's operations as one typed interface, and the topics the engine pushes. The
 * engine's service object implements it; one dispatcher (electron/engine/service/dispatcher.ts)
 * checks and calls it for two thin transports (Electron IPC, and HTTP for `crm-event-poller serve`),
 * whose replies and pushes are declared in transport.ts. The renderer only ever talks to this interface.
 */
import type { Problem } from './config/problems.ts';
import type { FieldChange } from './fieldChange.ts';
import type { InstanceStatus } from './status.ts';

export type EventType = 'CREATED' | 'UPDATED' | 'DELETED' | 'UNKNOWN';

export interface ValidationReport {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}

export interface CredentialField {
  key: string;
  label: string;
  /** True when a value is stored; the value itself never leaves the secret store. */
  saved: boolean;
}

export interface InstanceSummary {
  id: number;
  name: string;
  elementKey: string;
  elementName: string;
  enabled: boolean;
  tags: string[];
  refreshIntervalMinutes: number;
  resources: string[];
  status: InstanceStatus;
  eventsToday: number;
  /** Configuration warnings (placeholders left, unknown keys). */
  warnings: Problem[];
  /** "Needs setup": what is left before it may poll, each at the path of its field; empty when ready. */
  setup: Problem[];
}

export interface InstanceDetail {
  id: number;
  name: string;
  elementKey: string;
  enabled: boolean;
  /** The Cloud Elements instance JSON, without any secret. */
  document: Record<string, unknown>;
  credentials: CredentialField[];
  /** Sign-in authorities (origins) the user trusted after the server named them (Dynamics). */
  trustedAuthorities: string[];
  validation: ValidationReport;
  /** What is left before it may poll (see InstanceSummary.setup). */
  setup: Problem[];
}

/** Connection secrets an edit left behind: they were saved for other servers than the instance now names. */
export interface DroppedCredentials {
  keys: string[];
  /** The origins they were saved for. */
  savedFor: string[];
  /** The origins the instance names now (which get none of them). */
  now: string[];
}

export type SaveResult =
  | { ok: true; instance: InstanceSummary; warnings: Problem[]; droppedCredentials?: DroppedCredentials }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

export interface UpdateOptions {
  /** The saved credentials are for the new server too: keep them although the server (or token URL) changed. */
  keepCredentials?: boolean;
}

export interface RequestPreview {
  resource: string;
  /** The URL the next poll requests, exactly as it is sent: on the server, macros filled, percent-encoded. */
  url?: string;
  /** The instant the macros were filled with (changes since then are asked for). */
  since: string;
  error?: string;
}

export interface ConnectionTest {
  ok: boolean;
  message: string;
  resource?: string;
  records?: number;
}

export interface SampleRecord {
  objectId?: string;
  changeTime?: string;
  createdTime?: string;
  /** What the record would produce if it were new. */
  eventType?: EventType;
  problem?: string;
  raw: unknown;
}

export interface PollSummary {
  instanceId: number;
  resources: { resource: string; events: number; records: number; error?: string; warnings: string[] }[];
}

/** Which time the Events list is ordered by, newest first: when the record changed (ties by arrival), or when the event arrived. */
export type EventOrder = 'changed' | 'arrived';

/**
 * After a refused sign-in (InstanceStatus.signIn `confirm-first`), Test connection and Poll now are
 * refused unless the user was told the account may lock and asked to try anyway.
 */
export interface LockoutConfirmation {
  confirmLockoutRisk?: boolean;
}

/** Poll all: what was polled, and what was not (credentials refused last, needs setup). */
export interface PollAllResult {
  polled: PollSummary[];
  skipped: { id: number; name: string; reason: string }[];
}

export interface EventQuery {
  instanceId?: number;
  resource?: string;
  eventType?: EventType;
  text?: string;
  /** ISO times bounding the change time. */
  since?: string;
  until?: string;
  /** `changed` (default): by change time, ties by arrival; `arrived`: by arrival (sequence number). */
  order?: EventOrder;
  /** Paging: events after this row in the order (older): its `seq`, and with order `changed` its `date` too. */
  beforeSeq?: number;
  beforeDate?: string;
  limit?: number;
}

export interface EventRow {
  seq: number;
  id: string;
  instanceId: number;
  instanceName: string;
  resource: string;
  objectId: string;
  eventType: EventType;
  date: string;
  pollDate: string;
  /** The record's readable name (the resource's `labelField`, or the vendor's name field); absent when it has none. */
  label?: string;
  /**
   * The paths of the fields that changed; `null`: first seen (no earlier version to compare with);
   * `[]`: only ignored fields changed; absent: not compared (deletions, events stored before).
   */
  changedFields?: string[] | null;
}

export interface EventDetail extends EventRow {
  elementKey: string;
  raw: unknown;
  /** Each changed field with its old and new value (`secretFields` masked); null and absent as for `changedFields`. */
  changes?: FieldChange[] | null;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'disabled';

export interface DeliveryQuery {
  state?: DeliveryState;
  instanceId?: number;
  endpoint?: string;
  beforeId?: number;
  limit?: number;
}

export interface DeliveryRow {
  id: number;
  instanceId: number;
  instanceName: string;
  resource: string;
  endpoint: string;
  state: DeliveryState;
  eventCount: number;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  durationMs: number;
  responseSnippet?: string;
  error?: string;
  /** The request headers exactly as sent (signatures included), credentials redacted; absent for attempts recorded before they were kept. */
  requestHeaders?: Record<string, string>;
}

/** One notification in full: what it carries and what was sent. */
export interface DeliveryDetail extends DeliveryRow {
  /** The JSON body, byte for byte as sent (the same on every attempt). */
  body: string;
  /** The ids of the events it carries (they may have been removed by retention since). */
  eventIds: string[];
}

export interface ReplayFilter {
  since: string;
  instanceId?: number;
  endpoint?: string;
  state?: 'failed' | 'delivered';
}

export interface ActivityQuery {
  hours: number;
}

export interface Activity {
  /** Per instance, events per hour (oldest first), one bucket per hour of the window. */
  eventsPerHour: { instanceId: number; instanceName: string; counts: number[] }[];
  hours: string[];
  pollDurations: { instanceId: number; resource: string; at: string; durationMs: number; outcome: string }[];
}

export interface AppSettings {
  notifications: { muted: boolean; mutedInstances: number[] };
  startAtLogin: boolean;
  retention: { maxAgeDays: number; maxEventsPerInstance: number };
  theme: 'system' | 'light' | 'dark';
}

export interface AppInfo {
  version: string;
  demo: boolean;
  transport: 'ipc' | 'http';
  secrets: 'keychain' | 'env';
  dataDir: string;
  elements: { key: string; name: string; connectionKeys: { key: string; label: string; secret: boolean }[] }[];
}

export interface ValidateOptions {
  /** The saved instance the document is a new version of (its own name is not "in use"). */
  id?: number;
}

/**
 * The editor's draft, tried as it is, saved or not (Try before saving). Nothing of it is stored;
 * `secrets` typed in the editor are used for this one call. For an existing instance (`id`), the
 * saved credentials are used for those not typed, and only when the draft names the server they
 * were saved for.
 */
export interface InstanceDraft {
  id?: number;
  document: unknown;
  secrets?: Record<string, string>;
}

/** A saved instance by id, or a draft. */
export type TryTarget = number | InstanceDraft;

export interface PollerApi {
  getAppInfo(): Promise<AppInfo>;

  listInstances(): Promise<InstanceSummary[]>;
  getInstance(id: number): Promise<InstanceDetail>;
  /**
   * Live validation of a document being edited: exactly what saving it would refuse (the shared
   * validator as the engine runs it, the name among the instances saved, `id` being the one edited).
   */
  validateInstance(document: unknown, options?: ValidateOptions): Promise<ValidationReport>;
  createInstance(document: unknown): Promise<SaveResult>;
  /** Cloud Elements JSON as pasted text: a syntax error comes back as a problem, not an exception. */
  importInstance(json: string): Promise<SaveResult>;
  /**
   * Saves a new version. When it names another server (or token URL), the saved connection secrets
   * are dropped (none is sent there) unless the document gives new ones or `keepCredentials` says so.
   */
  updateInstance(id: number, document: unknown, options?: UpdateOptions): Promise<SaveResult>;
  deleteInstance(id: number): Promise<void>;
  setInstanceEnabled(id: number, enabled: boolean): Promise<void>;

  /** Write-only: nothing ever reads a secret back. The secret is for the server the instance names now. */
  setCredential(id: number, key: string, value: string): Promise<void>;
  clearCredential(id: number, key: string): Promise<void>;
  /**
   * The answer to "this server names <authority> as its sign-in authority; trust it?": the origin of
   * `authority` may get the password for this instance from now on. Polling resumes.
   */
  trustAuthority(id: number, authority: string): Promise<void>;

  /** What the next poll would request: of the saved instance (`id`) or of a draft in the editor. */
  previewRequest(target: TryTarget, resource: string): Promise<RequestPreview>;
  /** One page of a resource, the saved instance or a draft; nothing is stored, no cursor moves. */
  testConnection(target: TryTarget, options?: LockoutConfirmation): Promise<ConnectionTest>;
  /** Recent records with what the poller would make of them, the saved instance or a draft; the cursor does not move. */
  fetchSample(target: TryTarget, resource: string, options?: LockoutConfirmation): Promise<SampleRecord[]>;

  pollNow(id: number, resource?: string, options?: LockoutConfirmation): Promise<PollSummary>;
  /** *Poll all* (the window's button, the tray's "Poll now → All instances"): every enabled instance now, as the scheduler would: none whose credentials were refused last (they ask first), none that needs setup. */
  pollAll(): Promise<PollAllResult>;
  /** `until` is an ISO time, or null for "until resumed". */
  pause(target: number | 'all', until: string | null): Promise<void>;
  resume(target: number | 'all'): Promise<void>;
  getStatus(): Promise<InstanceStatus[]>;

  queryEvents(query: EventQuery): Promise<{ events: EventRow[]; total: number }>;
  getEvent(id: string): Promise<EventDetail>;
  resendEvent(id: string): Promise<void>;

  queryDeliveries(query: DeliveryQuery): Promise<{ deliveries: DeliveryRow[]; total: number }>;
  getDeliveryAttempts(id: number): Promise<DeliveryAttempt[]>;
  getDelivery(id: number): Promise<DeliveryDetail>;
  replayDelivery(id: number): Promise<void>;
  replayDeliveries(filter: ReplayFilter): Promise<{ count: number }>;

  getActivity(query: ActivityQuery): Promise<Activity>;

  getSettings(): Promise<AppSettings>;
  updateSettings(patch: Partial<AppSettings>): Promise<AppSettings>;
}

export type ApiMethod = keyof PollerApi;

/** Every method, at run time: the transports register exactly these, and the preload exposes exactly these. */
export const API_METHODS = [
  'getAppInfo',
  'listInstances',
  'getInstance',
  'validateInstance',
  'createInstance',
  'importInstance',
  'updateInstance',
  'deleteInstance',
  'setInstanceEnabled',
  'setCredential',
  'clearCredential',
  'trustAuthority',
  'previewRequest',
  'testConnection',
  'fetchSample',
  'pollNow',
  'pollAll',
  'pause',
  'resume',
  'getStatus',
  'queryEvents',
  'getEvent',
  'resendEvent',
  'queryDeliveries',
  'getDeliveryAttempts',
  'getDelivery',
  'replayDelivery',
  'replayDeliveries',
  'getActivity',
  'getSettings',
  'updateSettings',
] as const satisfies readonly ApiMethod[];

const METHOD_NAMES: ReadonlySet<string> = new Set(API_METHODS);

/** Whether a name from outside (a URL, the page) is one of the contract's methods, not `__proto__` or `toString`. */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && METHOD_NAMES.has(name);
}

/** Topics the engine pushes to the window. */
export interface PushTopics {
  status: InstanceStatus;
  'events-added': { instanceId: number; count: number };
  'delivery-changed': { id: number; state: DeliveryState };
  /**
   * The user clicked a desktop notification or a tray item: show this place. (Not named "open":
   * over `serve` topics are EventSource events, and "open" is EventSource's own.)
   */
  'open-view': WindowTarget;
}

/** A place the window is asked to show: an instance's events (one event, when a notice was about one), or its deliveries. */
export type WindowTarget = { view: 'events'; instanceId: number; eventId?: string } | { view: 'deliveries'; instanceId: number };

export type PushTopic = keyof PushTopics;
export const PUSH_TOPICS = ['status', 'events-added', 'delivery-changed', 'open-view'] as const satisfies readonly PushTopic[];

/** Compile-time check that API_METHODS lists every method of PollerApi. */
type UnlistedMethods = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
export const API_METHODS_COMPLETE: [UnlistedMethods] extends [never] ? true : UnlistedMethods = true;
