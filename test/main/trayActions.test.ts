/** What each tray menu action does, against a fake API and shell. */
import { describe, expect, it, vi } from 'vitest';
import type { AppSettings, PollAllResult } from '../../shared/api.ts';
import { runTrayAction, type TrayPorts } from '../../electron/main/trayActions.ts';
import type { TrayAction } from '../../electron/main/trayModel.ts';

const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
const SETTINGS: AppSettings = { notifications: { muted: false, mutedInstances: [3] }, startAtLogin: false, retention: { maxAgeDays: 30, maxEventsPerInstance: 100_000 }, theme: 'system' };

const summary = (instanceId: number) => ({ instanceId, resources: [] });
let skipped: PollAllResult = { polled: [summary(1), summary(3)], skipped: [] };

function ports() {
  const api = {
    pollAll: vi.fn(async () => skipped),
    pollNow: vi.fn(async (id: number) => ({ instanceId: id, resources: [] })),
    pause: vi.fn(async () => undefined),
    resume: vi.fn(async () => undefined),
    getSettings: vi.fn(async () => structuredClone(SETTINGS)),
    updateSettings: vi.fn(async () => SETTINGS),
  };
  const shell = {
    api,
    showWindow: vi.fn(),
    openEvents: vi.fn(),
    quit: vi.fn(),
    now: () => NOW,
    report: vi.fn(),
  } satisfies TrayPorts;
  return shell;
}

async function run(action: TrayAction) {
  const shell = ports();
  await runTrayAction(action, shell);
  return shell;
}

describe('tray actions', () => {
  it('Poll now → all polls as the service does (every enabled instance the scheduler would poll)', async () => {
    const shell = await run({ type: 'poll', target: 'all' });
    expect(shell.api.pollAll).toHaveBeenCalledOnce();
    expect(shell.api.pollNow).not.toHaveBeenCalled();
    expect(shell.report).not.toHaveBeenCalled();
  });

  it('Poll now → all says which instances it left out, and why', async () => {
    skipped = { polled: [summary(1)], skipped: [{ id: 3, name: 'Sage', reason: 'the last sign-in of "Sage" was refused' }] };
    const shell = await run({ type: 'poll', target: 'all' });
    skipped = { polled: [summary(1), summary(3)], skipped: [] };
    expect(shell.report).toHaveBeenCalledWith('Poll now: not polled: Sage (the last sign-in of "Sage" was refused)');
  });

  it('Poll now → one instance polls just that one', async () => {
    expect((await run({ type: 'poll', target: 2 })).api.pollNow.mock.calls).toEqual([[2]]);
  });

  it('pauses from the moment of the click, as an ISO time (or null for indefinitely)', async () => {
    expect((await run({ type: 'pause', target: 'all', choice: '30m' })).api.pause).toHaveBeenCalledWith('all', new Date(NOW + 30 * 60_000).toISOString());
    expect((await run({ type: 'pause', target: 4, choice: '1h' })).api.pause).toHaveBeenCalledWith(4, new Date(NOW + 3_600_000).toISOString());
    expect((await run({ type: 'pause', target: 'all', choice: 'indefinitely' })).api.pause).toHaveBeenCalledWith('all', null);
    const tomorrow = (await run({ type: 'pause', target: 'all', choice: 'tomorrow' })).api.pause.mock.calls[0] as unknown[];
    expect(Date.parse(tomorrow[1] as string)).toBeGreaterThan(NOW + 12 * 3_600_000);
  });

  it('resumes all or one', async () => {
    expect((await run({ type: 'resume', target: 'all' })).api.resume).toHaveBeenCalledWith('all');
    expect((await run({ type: 'resume', target: 3 })).api.resume).toHaveBeenCalledWith(3);
  });

  it('opens the window, or the window on an instance\'s events', async () => {
    expect((await run({ type: 'open-window' })).showWindow).toHaveBeenCalled();
    expect((await run({ type: 'open-events', instanceId: 3 })).openEvents).toHaveBeenCalledWith(3);
  });

  it('Start at login saves the setting (the login item and the redraw follow its announced change: trayFeed.test.ts)', async () => {
    const shell = await run({ type: 'start-at-login', enabled: true });
    expect(shell.api.updateSettings).toHaveBeenCalledWith({ startAtLogin: true });
  });

  it('Mute notifications keeps the per-instance mutes', async () => {
    const shell = await run({ type: 'mute', muted: true });
    expect(shell.api.updateSettings).toHaveBeenCalledWith({ notifications: { muted: true, mutedInstances: [3] } });
  });

  it('Quit quits', async () => {
    expect((await run({ type: 'quit' })).quit).toHaveBeenCalled();
  });

  it('reports a failure instead of losing it', async () => {
    const shell = ports();
    shell.api.resume.mockRejectedValue(new Error('no instance with id 9'));
    await runTrayAction({ type: 'resume', target: 9 }, shell);
    expect(shell.report).toHaveBeenCalledWith('Resume failed: no instance with id 9');
    const polling = ports();
    polling.api.pollNow.mockImplementation(async (id: number) => {
      if (id === 3) throw new Error('no instance with id 3; it may have been deleted');
      return { instanceId: id, resources: [] };
    });
    await runTrayAction({ type: 'poll', target: 3 }, polling);
    expect(polling.report).toHaveBeenCalledWith('Poll now failed: no instance with id 3; it may have been deleted');
  });
});
