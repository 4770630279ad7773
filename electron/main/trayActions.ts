/**
 * What a tray menu action does, against the API contract and a few shell ports (testable without
 * Electron). What follows a changed setting (the login item, the redraw) follows the change the
 * settings announce, not the action.
 */
import type { PollerApi } from '../../shared/api.ts';
import { pauseUntil } from '../../shared/pauseChoices.ts';
import type { TrayAction } from './trayModel.ts';

export interface TrayPorts {
  api: Pick<PollerApi, 'pollNow' | 'pollAll' | 'pause' | 'resume' | 'getSettings' | 'updateSettings'>;
  showWindow(): void;
  openEvents(instanceId: number): void;
  quit(): void;
  now(): number;
  /** A failed action: shown to the user (a notification), never swallowed. */
  report(message: string): void;
}

export async function runTrayAction(action: TrayAction, ports: TrayPorts): Promise<void> {
  try {
    await perform(action, ports);
  } catch (error) {
    ports.report(`${describe(action)} failed: ${(error as Error).message}`);
  }
}

async function perform(action: TrayAction, ports: TrayPorts): Promise<void> {
  switch (action.type) {
    case 'poll': {
      // A failed poll is recorded in the instance's status (the menu line shows it); only an unusable request is an error here.
      // Poll all leaves out what the scheduler would (credentials refused last); Poll now of one such instance is
      // refused saying the account may lock: the tray cannot ask, the window's Poll now does.
      if (action.target !== 'all') return void (await ports.api.pollNow(action.target));
      const { skipped } = await ports.api.pollAll();
      if (skipped.length > 0) ports.report(`Poll now: not polled: ${skipped.map((item) => `${item.name} (${item.reason})`).join('; ')}`);
      return;
    }
    case 'pause': {
      const until = pauseUntil(action.choice, ports.now());
      return ports.api.pause(action.target, until === null ? null : new Date(until).toISOString());
    }
    case 'resume':
      return ports.api.resume(action.target);
    case 'open-window':
      return ports.showWindow();
    case 'open-events':
      return ports.openEvents(action.instanceId);
    case 'start-at-login':
      await ports.api.updateSettings({ startAtLogin: action.enabled });
      return;
    case 'mute': {
      const { notifications } = await ports.api.getSettings();
      await ports.api.updateSettings({ notifications: { ...notifications, muted: action.muted } });
      return;
    }
    case 'quit':
      return ports.quit();
  }
}

function describe(action: TrayAction): string {
  switch (action.type) {
    case 'poll':
      return 'Poll now';
    case 'pause':
      return 'Pause';
    case 'resume':
      return 'Resume';
    case 'start-at-login':
      return 'Start at login';
    case 'mute':
      return 'Mute notifications';
    default:
      return action.type;
  }
}
