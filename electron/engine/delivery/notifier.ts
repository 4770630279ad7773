/**
 * The port for desktop notifications (the Electron adapter lives in electron/main), with a console
 * adapter for the CLI and a recording one for tests.
 */

import type { WindowTarget } from '../../../shared/api.ts';

/** What the window opens when the notification is clicked. */
export type NoticeTarget =
  | { view: 'events'; instanceId: number; eventIds: string[]; eventCount: number }
  | { view: 'deliveries'; instanceId: number; url?: string };

export interface DesktopNotice {
  kind: 'events' | 'problem';
  instanceId: number;
  /** The instance name, e.g. "Acme CRM". */
  title: string;
  /** e.g. "3 accounts created, 12 updated". */
  body: string;
  open: NoticeTarget;
  at: number;
}

/** Where the window goes when a notice is clicked: a notice about one event opens that event. */
export function windowTarget(target: NoticeTarget): WindowTarget {
  const { instanceId } = target;
  if (target.view === 'deliveries') return { view: 'deliveries', instanceId };
  const [onlyEvent] = target.eventIds;
  return target.eventCount === 1 && onlyEvent !== undefined ? { view: 'events', instanceId, eventId: onlyEvent } : { view: 'events', instanceId };
}

export interface Notifier {
  show(notice: DesktopNotice): void;
}

/** One line per notification on stderr (or wherever `write` goes). */
export class ConsoleNotifier implements Notifier {
  readonly #write: (text: string) => void;

  constructor(write: (text: string) => void = (text) => process.stderr.write(text)) {
    this.#write = write;
  }

  show(notice: DesktopNotice): void {
    this.#write(`${notice.kind === 'problem' ? 'problem' : 'notification'}: ${notice.title}: ${notice.body}\n`);
  }
}

/** Keeps every notification shown, for tests. */
export class RecordingNotifier implements Notifier {
  readonly shown: DesktopNotice[] = [];

  show(notice: DesktopNotice): void {
    this.shown.push(notice);
  }
}

export const silentNotifier: Notifier = { show: () => undefined };
