/**
 * Desktop notifications about new events: one per poll and instance ("Acme CRM: 3 accounts created,
 * 12 updated"), at most one per instance per interval and a few per minute overall (what comes
 * sooner is merged into the next one), never when muted globally or for the instance.
 */
import type { ChangeEvent, EventType } from '../polling/events.ts';
import type { Settings } from '../settings/settingsSchema.ts';
import { silentNotifier, type DesktopNotice, type Notifier } from './notifier.ts';

export interface PollNoticeOptions {
  /** An instance is announced at most once per this. */
  perInstanceIntervalMs: number;
  /** At most this many notifications per window, over all instances. */
  maxPerWindow: number;
  windowMs: number;
  /** Event ids a notification carries for the window to open (the count says how many there were). */
  maxEventIds: number;
}

export const DEFAULT_POLL_NOTICE_OPTIONS: PollNoticeOptions = { perInstanceIntervalMs: 60_000, maxPerWindow: 4, windowMs: 60_000, maxEventIds: 200 };

export interface PollNoticeDeps {
  settings: { get(key: 'notifications'): Settings['notifications'] };
  now: () => number;
  notifier?: Notifier;
  options?: Partial<PollNoticeOptions>;
}

export interface NoticeInstance {
  id: number;
  name: string;
}

/** Counts the events of one poll of one instance; `finish` hands them over as one notification. */
export interface PollTally {
  add(events: readonly ChangeEvent[]): void;
  finish(): void;
}

interface Pending {
  instance: NoticeInstance;
  kind: DesktopNotice['kind'];
  /** resource → event type → count, in the order seen. */
  counts: Map<string, Map<EventType, number>>;
  eventIds: string[];
  eventCount: number;
  problems: string[];
  url?: string;
}

const VERBS: Record<EventType, string> = { CREATED: 'created', UPDATED: 'updated', DELETED: 'deleted', UNKNOWN: 'changed' };

export class PollNotices {
  readonly #deps: PollNoticeDeps;
  readonly #options: PollNoticeOptions;
  #notifier: Notifier;
  /** Key (`events:<id>`, `problem:<id>`) → when its last notification was shown. */
  readonly #lastShown = new Map<string, number>();
  readonly #recent: number[] = [];
  readonly #deferred = new Map<string, Pending>();
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: PollNoticeDeps) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_POLL_NOTICE_OPTIONS, ...deps.options };
    this.#notifier = deps.notifier ?? silentNotifier;
  }

  use(notifier: Notifier): void {
    this.#notifier = notifier;
  }

  startPoll(instance: NoticeInstance): PollTally {
    const pending = emptyPending(instance, 'events');
    return {
      add: (events) => {
        for (const event of events) {
          const types = pending.counts.get(event.resource) ?? new Map<EventType, number>();
          types.set(event.eventType, (types.get(event.eventType) ?? 0) + 1);
          pending.counts.set(event.resource, types);
          if (pending.eventIds.length < this.#options.maxEventIds) pending.eventIds.push(event.id);
          pending.eventCount++;
        }
      },
      finish: () => {
        if (pending.eventCount > 0) this.#offer(`events:${instance.id}`, pending);
      },
    };
  }

  /** Something about the instance's deliveries the user must act on. */
  problem(instance: NoticeInstance, message: string, url?: string): void {
    this.#offer(`problem:${instance.id}`, { ...emptyPending(instance, 'problem'), problems: [message], url });
  }

  /** Shows what is still held back (the app or command is ending). */
  close(): void {
    clearTimeout(this.#timer);
    for (const pending of this.#deferred.values()) this.#show(pending);
    this.#deferred.clear();
  }

  #offer(key: string, pending: Pending): void {
    if (this.#muted(pending.instance.id)) return;
    const held = this.#deferred.get(key);
    if (held) return void merge(held, pending, this.#options.maxEventIds);
    if (this.#allowedAt(key) > this.#deps.now()) {
      this.#deferred.set(key, pending);
      this.#arm();
      return;
    }
    this.#show(pending);
  }

  #allowedAt(key: string): number {
    const now = this.#deps.now();
    const { perInstanceIntervalMs, maxPerWindow, windowMs } = this.#options;
    while (this.#recent.length > 0 && (this.#recent[0] as number) <= now - windowMs) this.#recent.shift();
    const instanceAt = (this.#lastShown.get(key) ?? Number.NEGATIVE_INFINITY) + perInstanceIntervalMs;
    const windowAt = this.#recent.length < maxPerWindow ? now : (this.#recent[this.#recent.length - maxPerWindow] as number) + windowMs;
    return Math.max(instanceAt, windowAt);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    if (this.#deferred.size === 0) return;
    const now = this.#deps.now();
    const at = Math.min(...[...this.#deferred.keys()].map((key) => this.#allowedAt(key)));
    this.#timer = setTimeout(() => this.#flush(), Math.max(1, at - now));
    this.#timer.unref();
  }

  #flush(): void {
    const now = this.#deps.now();
    for (const [key, pending] of [...this.#deferred]) {
      if (this.#allowedAt(key) > now) continue;
      this.#deferred.delete(key);
      if (!this.#muted(pending.instance.id)) this.#show(pending);
    }
    this.#arm();
  }

  #show(pending: Pending): void {
    const now = this.#deps.now();
    const key = `${pending.kind}:${pending.instance.id}`;
    this.#lastShown.set(key, now);
    this.#recent.push(now);
    this.#notifier.show(toNotice(pending, now));
  }

  #muted(instanceId: number): boolean {
    const settings = this.#deps.settings.get('notifications');
    return settings.muted || settings.mutedInstances.includes(instanceId);
  }
}

function emptyPending(instance: NoticeInstance, kind: DesktopNotice['kind']): Pending {
  return { instance, kind, counts: new Map(), eventIds: [], eventCount: 0, problems: [] };
}

function merge(into: Pending, from: Pending, maxEventIds: number): void {
  for (const [resource, types] of from.counts) {
    const target = into.counts.get(resource) ?? new Map<EventType, number>();
    for (const [type, count] of types) target.set(type, (target.get(type) ?? 0) + count);
    into.counts.set(resource, target);
  }
  into.eventIds.push(...from.eventIds.slice(0, Math.max(0, maxEventIds - into.eventIds.length)));
  into.eventCount += from.eventCount;
  into.problems.push(...from.problems);
  into.url ??= from.url;
}

function toNotice(pending: Pending, at: number): DesktopNotice {
  const { instance } = pending;
  if (pending.kind === 'problem') {
    const [first, ...more] = pending.problems;
    const body = `${first ?? ''}${more.length > 0 ? ` (and ${more.length} more problem${more.length === 1 ? '' : 's'})` : ''}`;
    return { kind: 'problem', instanceId: instance.id, title: instance.name, body, open: { view: 'deliveries', instanceId: instance.id, url: pending.url }, at };
  }
  return {
    kind: 'events',
    instanceId: instance.id,
    title: instance.name,
    body: describeCounts(pending.counts),
    open: { view: 'events', instanceId: instance.id, eventIds: pending.eventIds, eventCount: pending.eventCount },
    at,
  };
}

/** "3 accounts created, 12 updated; 2 contacts deleted". */
export function describeCounts(counts: Map<string, Map<EventType, number>>): string {
  return [...counts]
    .map(([resource, types]) => [...types].map(([type, count], index) => `${count}${index === 0 ? ` ${count === 1 ? singular(resource) : resource}` : ''} ${VERBS[type]}`).join(', '))
    .join('; ');
}

/** Resource names are plural ("accounts", "opportunities"); one of them reads better singular. */
function singular(resource: string): string {
  if (/ies$/i.test(resource)) return `${resource.slice(0, -3)}y`;
  if (/[^s]s$/i.test(resource)) return resource.slice(0, -1);
  return resource;
}
