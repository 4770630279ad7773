import type { InstanceStatus } from '../../../shared/status.ts';

export function status(id: number, patch: Partial<InstanceStatus> = {}): InstanceStatus {
  return { id, name: `Instance ${id}`, elementKey: 'generic', state: 'idle', consecutiveFailures: 0, eventsLastPoll: 0, resources: [], ...patch };
}
