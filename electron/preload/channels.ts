/**
 * The IPC channel names, shared by the main process and the preload (bundled into both), so the
 * two sides cannot drift: one `invoke` channel per contract method, one push channel, one for
 * links the user clicked.
 */
import type { ApiMethod } from '../../shared/api.ts';

export const API_CHANNEL_PREFIX = 'crm-event-poller:api:';
export const PUSH_CHANNEL = 'crm-event-poller:push';
export const OPEN_EXTERNAL_CHANNEL = 'crm-event-poller:open-external';

export function apiChannel(method: ApiMethod): string {
  return `${API_CHANNEL_PREFIX}${method}`;
}
