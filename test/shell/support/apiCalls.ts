/** One valid argument list per contract method (the compiler checks none is missing), for the transport tests. */
import type { ApiMethod } from '../../../shared/api.ts';

export interface CallContext {
  instanceId: number;
  resource: string;
  credentialKey: string;
  eventId: string;
  deliveryId: number;
  document: Record<string, unknown>;
}

export function validArguments(context: CallContext): Record<ApiMethod, unknown[]> {
  const { instanceId, resource, credentialKey, eventId, deliveryId, document } = context;
  return {
    getAppInfo: [],
    listInstances: [],
    getInstance: [instanceId],
    validateInstance: [document],
    createInstance: [{ ...document, name: `${String(document.name)} copy` }],
    importInstance: [JSON.stringify({ ...document, name: `${String(document.name)} imported` })],
    updateInstance: [instanceId, document],
    deleteInstance: [instanceId],
    setInstanceEnabled: [instanceId, true],
    setCredential: [instanceId, credentialKey, 'a secret value'],
    clearCredential: [instanceId, credentialKey],
    trustAuthority: [instanceId, 'https://adfs.example.com'],
    previewRequest: [instanceId, resource],
    testConnection: [instanceId],
    fetchSample: [instanceId, resource],
    pollNow: [instanceId],
    pollAll: [],
    pause: [instanceId, new Date(Date.now() + 60_000).toISOString()],
    resume: [instanceId],
    getStatus: [],
    queryEvents: [{ instanceId, limit: 10 }],
    getEvent: [eventId],
    resendEvent: [eventId],
    queryDeliveries: [{ instanceId, limit: 10 }],
    getDeliveryAttempts: [deliveryId],
    replayDelivery: [deliveryId],
    replayDeliveries: [{ since: new Date(Date.now() - 3_600_000).toISOString(), instanceId }],
    getActivity: [{ hours: 24 }],
    getSettings: [],
    updateSettings: [{ theme: 'dark' }],
  };
}

/** Argument lists that must be refused, each with the argument the refusal has to name. */
export const BAD_ARGUMENTS: { method: ApiMethod; args: unknown; names: RegExp }[] = [
  { method: 'getInstance', args: ['seven'], names: /argument 0/ },
  { method: 'getInstance', args: [-1], names: /argument 0/ },
  { method: 'setInstanceEnabled', args: [1, 'yes'], names: /argument 1/ },
  { method: 'pause', args: [1, 'next tuesday'], names: /argument 1.*ISO-8601/ },
  { method: 'queryEvents', args: [{ limit: 5000 }], names: /argument 0\.limit/ },
  { method: 'queryEvents', args: [{ injected: true }], names: /argument 0.*injected/ },
  { method: 'updateSettings', args: [{ theme: 'neon' }], names: /argument 0\.theme/ },
  { method: 'listInstances', args: [1], names: /arguments|argument/ },
  { method: 'getInstance', args: { 0: 1 }, names: /arguments/ },
];
