/**
 * The port for desktop notifications (the Electron adapter lives in electron/main), with a console
 * adapter for the CLI and a recording one for tests.
 */

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
