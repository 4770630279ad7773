/** A stand-in for the window's API client: every method a mock, with sensible answers by default. */
import { vi } from 'vitest';
import type { AppInfo, AppSettings, InstanceDetail, PollerApi, TryTarget } from '../../shared/api.ts';
import { validateInstance } from '../../shared/config/instance.ts';
import { ELEMENTS } from '../../shared/config/elements.ts';

export const APP_INFO: AppInfo = {
  version: '0.0.0-test',
  demo: false,
  transport: 'http',
  secrets: 'keychain',
  dataDir: '/tmp/test',
  elements: ELEMENTS.map((element) => ({
    key: element.key,
    name: element.name,
    connectionKeys: element.connectionKeys.map((key) => ({ key: key.key, label: key.label, secret: key.secret === true })),
  })),
};

export const SETTINGS: AppSettings = {
  notifications: { muted: false, mutedInstances: [] },
  startAtLogin: false,
  retention: { maxAgeDays: 90, maxEventsPerInstance: 100_000 },
  theme: 'system',
};

/** What getInstance answers for instance 7, "Orders API": a saved, valid generic instance whose bearer token is saved. */
export function savedOrdersApi(document: Record<string, unknown>): InstanceDetail {
  return {
    id: 7,
    name: 'Orders API',
    elementKey: 'generic',
    enabled: true,
    document,
    credentials: [{ key: 'token', label: 'Bearer token', saved: true }],
    trustedAuthorities: [],
    validation: { valid: true, errors: [], warnings: [] },
    setup: [],
  };
}

export type FakeApi = { [K in keyof PollerApi]: ReturnType<typeof vi.fn<PollerApi[K]>> };

export function fakeApi(): FakeApi {
  return {
    getAppInfo: vi.fn(async () => APP_INFO),
    listInstances: vi.fn(async () => []),
    getInstance: vi.fn(async () => {
      throw new Error('no instance');
    }),
    // The engine's live check runs the shared validator (plus the name among saved instances, not modelled here).
    validateInstance: vi.fn(async (document: unknown) => {
      const { valid, errors, warnings } = validateInstance(document);
      return { valid, errors, warnings };
    }),
    createInstance: vi.fn(async () => ({ ok: false as const, errors: [], warnings: [] })),
    importInstance: vi.fn(async () => ({ ok: false as const, errors: [], warnings: [] })),
    updateInstance: vi.fn(async () => ({ ok: false as const, errors: [], warnings: [] })),
    deleteInstance: vi.fn(async () => undefined),
    setInstanceEnabled: vi.fn(async () => undefined),
    setCredential: vi.fn(async () => undefined),
    clearCredential: vi.fn(async () => undefined),
    trustAuthority: vi.fn(async () => undefined),
    previewRequest: vi.fn(async (_target: TryTarget, resource: string) => ({ resource, since: '2024-05-01T08:30:00.000Z', url: '/items' })),
    testConnection: vi.fn(async () => ({ ok: true, message: 'connected' })),
    fetchSample: vi.fn(async () => []),
    pollNow: vi.fn(async (id: number) => ({ instanceId: id, resources: [] })),
    pollAll: vi.fn(async () => ({ polled: [], skipped: [] })),
    pause: vi.fn(async () => undefined),
    resume: vi.fn(async () => undefined),
    getStatus: vi.fn(async () => []),
    queryEvents: vi.fn(async () => ({ events: [], total: 0 })),
    getEvent: vi.fn(async () => {
      throw new Error('no event');
    }),
    resendEvent: vi.fn(async () => undefined),
    queryDeliveries: vi.fn(async () => ({ deliveries: [], total: 0 })),
    getDeliveryAttempts: vi.fn(async () => []),
    getDelivery: vi.fn(async () => {
      throw new Error('no notification');
    }),
    replayDelivery: vi.fn(async () => undefined),
    replayDeliveries: vi.fn(async () => ({ count: 0 })),
    getActivity: vi.fn(async () => ({ eventsPerHour: [], hours: [], pollDurations: [] })),
    getSettings: vi.fn(async () => structuredClone(SETTINGS)),
    updateSettings: vi.fn(async (patch: Partial<AppSettings>) => ({ ...structuredClone(SETTINGS), ...patch })),
  };
}
