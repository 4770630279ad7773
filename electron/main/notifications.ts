/**
 * Desktop notifications through Electron's `Notification`: the adapter of the engine's Notifier
 * port (electron/engine/delivery/notifier.ts), which already coalesces one notification per poll
 * and instance, rate-limits and honours the mute switches. A click opens the window on what the
 * notification is about.
 */
import { Notification } from 'electron';
import type { NativeImage } from 'electron';
import type { DesktopNotice, NoticeTarget, Notifier } from '../engine/delivery/notifier.ts';

export interface ElectronNotifierOptions {
  /** The user clicked a notification. */
  open(target: NoticeTarget): void;
  icon?: NativeImage;
}

export class ElectronNotifier implements Notifier {
  readonly #options: ElectronNotifierOptions;
  /** Shown notifications are kept referenced until closed: a collected one loses its click handler. */
  readonly #showing = new Set<Notification>();

  constructor(options: ElectronNotifierOptions) {
    this.#options = options;
  }

  show(notice: DesktopNotice): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: notice.title, body: notice.body, icon: this.#options.icon, urgency: notice.kind === 'problem' ? 'critical' : 'normal' });
    const forget = () => this.#showing.delete(notification);
    notification.on('click', () => {
      forget();
      this.#options.open(notice.open);
    });
    notification.on('close', forget);
    notification.on('failed', forget);
    this.#showing.add(notification);
    notification.show();
  }

  /** Closes what is still on screen (at quit). */
  closeAll(): void {
    for (const notification of this.#showing) notification.close();
    this.#showing.clear();
  }
}
