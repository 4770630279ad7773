/** The Instances view's own actions: Poll all (the service's) and Pause all with the tray's durations, Resume all. */
import { render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstanceSummary } from '../../shared/api.ts';
import { PAUSE_CHOICES } from '../../shared/pauseChoices.ts';
import { api as client } from '../../renderer/src/lib/api.ts';
import { instances } from '../../renderer/src/lib/appState.svelte.ts';
import { notices } from '../../renderer/src/lib/notices.svelte.ts';
import InstancesView from '../../renderer/src/views/InstancesView.svelte';
import type { FakeApi } from './fakeApi.ts';
import { click } from './interact.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;

function instance(id: number, pausedUntil?: number | null): InstanceSummary {
  return {
    id,
    name: `CRM ${id}`,
    elementKey: 'generic',
    elementName: 'Generic',
    enabled: true,
    tags: [],
    refreshIntervalMinutes: 15,
    resources: ['items'],
    status: { id, name: `CRM ${id}`, elementKey: 'generic', state: pausedUntil === undefined ? 'idle' : 'paused', consecutiveFailures: 0, eventsLastPoll: 0, resources: [], ...(pausedUntil === undefined ? {} : { pausedUntil }) },
    eventsToday: 0,
    warnings: [],
    setup: [],
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  instances.list = [instance(1), instance(2)];
  instances.loaded = true;
});

describe('the Instances view', () => {
  it('polls all through the service and says what came of it', async () => {
    api.pollAll.mockResolvedValue({
      polled: [
        { instanceId: 1, resources: [{ resource: 'items', events: 3, records: 3, warnings: [] }] },
        { instanceId: 2, resources: [{ resource: 'items', events: 0, records: 0, error: 'cannot reach', warnings: [] }] },
      ],
      skipped: [{ id: 3, name: 'Sage', reason: 'the last sign-in was refused' }],
    });
    render(InstancesView, {});
    await click(screen.getByRole('button', { name: 'Poll all' }));
    await waitFor(() => expect(api.pollAll).toHaveBeenCalledOnce());
    expect(api.pollNow).not.toHaveBeenCalled();
    await waitFor(() => expect(notices.list.map((notice) => notice.message)).toContain('Polled 2 instances: 3 new events, 1 failed (see the cards), 1 left out: Sage (the last sign-in was refused)'));
  });

  it("pauses all with the tray's durations, and offers Resume all while something is paused", async () => {
    render(InstancesView, {});
    await click(screen.getByRole('button', { name: 'Pause all ▾' }));
    const offered = screen.getAllByRole('button', { name: /^Pause all / }).slice(1).map((button) => button.textContent);
    expect(offered).toEqual(PAUSE_CHOICES.map(({ label }) => `Pause all ${label.charAt(0).toLowerCase()}${label.slice(1)}`));
    const before = Date.now();
    await click(screen.getByRole('button', { name: 'Pause all for 1 hour' }));
    await waitFor(() => expect(api.pause).toHaveBeenCalledOnce());
    const [target, until] = api.pause.mock.calls[0]!;
    expect(target).toBe('all');
    expect(Date.parse(until as string) - before).toBeGreaterThanOrEqual(60 * 60_000);
    expect(screen.queryByRole('button', { name: 'Resume all' })).not.toBeInTheDocument();
  });

  it('resumes all', async () => {
    instances.list = [instance(1, null), instance(2)];
    render(InstancesView, {});
    await click(screen.getByRole('button', { name: 'Resume all' }));
    await waitFor(() => expect(api.resume).toHaveBeenCalledWith('all'));
  });
});
