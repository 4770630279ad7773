// The window keeps the newest status of each instance: a list fetched while a poll ran (its status
// "polling") must not replace the status pushed when the poll ended, nor an older push a newer one.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstanceSummary } from '../../../shared/api.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import { api as client } from '../../../renderer/src/lib/api.ts';
import { applyStatus, instances, refreshInstances } from '../../../renderer/src/lib/appState.svelte.ts';
import type { FakeApi } from '../fakeApi.ts';

vi.mock('../../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('../fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;

function status(state: InstanceStatus['state'], revision: number): InstanceStatus {
  return { id: 1, name: 'CRM', elementKey: 'generic', state, consecutiveFailures: 0, eventsLastPoll: 0, resources: [], revision };
}

function summary(withStatus: InstanceStatus): InstanceSummary {
  return { id: 1, name: 'CRM', elementKey: 'generic', elementName: 'Generic', enabled: true, tags: [], refreshIntervalMinutes: 15, resources: ['items'], status: withStatus, eventsToday: 0, warnings: [], setup: [] };
}

beforeEach(() => {
  instances.list = [summary(status('idle', 1))];
});

describe('statuses in the window', () => {
  it('keeps the status pushed while a list was on its way when the list is older', async () => {
    let answer!: (list: InstanceSummary[]) => void;
    api.listInstances.mockReturnValue(new Promise<InstanceSummary[]>((resolve) => (answer = resolve)));
    const loading = refreshInstances();
    // The poll ended and said so; the list, taken while it ran, arrives after.
    applyStatus(status('needs-attention', 3));
    answer([summary(status('polling', 2))]);
    await loading;
    expect(instances.list[0]?.status.state).toBe('needs-attention');
  });

  it('takes a list newer than the status held, and ignores a push older than it', async () => {
    api.listInstances.mockResolvedValue([summary(status('polling', 5))]);
    await refreshInstances();
    expect(instances.list[0]?.status.state).toBe('polling');
    applyStatus(status('idle', 4));
    expect(instances.list[0]?.status.state).toBe('polling');
    applyStatus(status('idle', 6));
    expect(instances.list[0]?.status.state).toBe('idle');
  });
});
