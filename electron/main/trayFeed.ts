/**
 * What the tray is drawn from, kept up to date by what the engine announces: each instance's status
 * as the scheduler changes it, instances added, edited or removed, and the settings it shows
 * (pauses, mute, start at login) changed by this process or another one. Plain TypeScript (no
 * Electron), so it is tested in plain Node; tray.ts draws the model built from `input()`.
 */
import type { InstanceStatus } from '../../shared/status.ts';
import type { InstanceRepository } from '../engine/instances/instanceRepository.ts';
import type { Scheduler } from '../engine/scheduler/scheduler.ts';
import type { Settings } from '../engine/settings/settingsSchema.ts';
import type { SettingsStore } from '../engine/settings/settingsStore.ts';
import type { TrayInput } from './trayModel.ts';

const SHOWN = ['ui', 'notifications', 'pauses'] as const satisfies readonly (keyof Settings)[];
type Shown = Pick<Settings, (typeof SHOWN)[number]>;

export interface TraySources {
  /** The statuses as the scheduler holds them now (`PollerService.getStatus`). */
  statuses(): Promise<InstanceStatus[]>;
  scheduler: Pick<Scheduler, 'on' | 'off'>;
  instances: Pick<InstanceRepository, 'onChange'>;
  /** Read once here; after that, what the changes it announces say. */
  settings: Pick<SettingsStore, 'get' | 'onChange'>;
  unread(): number;
}

export class TrayFeed {
  readonly #sources: TraySources;
  #shown: Shown;
  readonly #unsubscribe: (() => void)[];

  /** `changed` is called whenever what the tray shows may have changed (the tray redraws, debounced). */
  constructor(sources: TraySources, changed: () => void) {
    this.#sources = sources;
    const { settings, scheduler } = sources;
    this.#shown = { ui: settings.get('ui'), notifications: settings.get('notifications'), pauses: settings.get('pauses') };
    const statusChanged = () => changed();
    scheduler.on('status', statusChanged);
    this.#unsubscribe = [
      () => scheduler.off('status', statusChanged),
      sources.instances.onChange(() => changed()),
      settings.onChange((change) => {
        if (!SHOWN.some((key) => change.keys.has(key))) return;
        this.#shown = { ui: change.settings.ui, notifications: change.settings.notifications, pauses: change.settings.pauses };
        changed();
      }),
    ];
  }

  async input(now: number): Promise<TrayInput> {
    const { ui, notifications, pauses } = this.#shown;
    return { statuses: await this.#sources.statuses(), unread: this.#sources.unread(), startAtLogin: ui.startAtLogin, muted: notifications.muted, pauses, now };
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}
