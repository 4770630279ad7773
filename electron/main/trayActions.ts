/**
 * What a tray menu action does, against the API contract and a few shell ports (testable without
 * Electron). What follows a changed setting (the login item, the redraw) follows the change the
 * settings announce, not the action.
 */
import type { PollerApi } from '../../shared/api.ts';
import { pauseUntil, type TrayAction } from './trayModel.ts';

export interface TrayPorts {
  api: Pick<PollerApi, 'listInstances' | 'pollNow' | 'pause' | 'resume' | 'getSettings' | 'updateSettings'>;
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
      const ids = action.target === 'all' ? (await ports.api.listInstances()).filter((instance) => instance.enabled).map((instance) => instance.id) : [action.target];
      // A failed poll is recorded in the instance's status (the menu line shows it); only an unusable request is an error here.
      const results = await Promise.allSettled(ids.map((id) => ports.api.pollNow(id)));
      const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (rejected) throw rejected.reason as Error;
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
