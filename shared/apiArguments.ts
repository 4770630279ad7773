/**
 * The arguments each API method accepts, checked at the transport boundary (IPC handlers and the
 * HTTP server) before the service sees them. A call with bad arguments is refused with what is wrong.
 */
import { z } from 'zod';
import type { ApiMethod } from './api.ts';

const id = z.number().int().positive();
const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO-8601 time');
const target = z.union([id, z.literal('all')]);
const eventType = z.enum(['CREATED', 'UPDATED', 'DELETED', 'UNKNOWN']);
const deliveryState = z.enum(['pending', 'delivered', 'failed', 'disabled']);
const name = z.string().min(1).max(200);

const eventQuery = z
  .object({
    instanceId: id.optional(),
    resource: name.optional(),
    eventType: eventType.optional(),
    text: z.string().max(500).optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    order: z.enum(['changed', 'arrived']).optional(),
    beforeSeq: z.number().int().positive().optional(),
    beforeDate: isoTime.optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

const deliveryQuery = z
  .object({
    state: deliveryState.optional(),
    instanceId: id.optional(),
    endpoint: z.string().max(2000).optional(),
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

const settingsPatch = z
  .object({
    notifications: z.object({ muted: z.boolean(), mutedInstances: z.array(id) }).strict().optional(),
    startAtLogin: z.boolean().optional(),
    retention: z.object({ maxAgeDays: z.number().min(1).max(3650), maxEventsPerInstance: z.number().int().min(100).max(10_000_000) }).strict().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
  })
  .strict();

const instanceDraft = z
  .object({
    id: id.optional(),
    document: z.unknown(),
    secrets: z.record(z.string().min(1).max(200), z.string().max(100_000)).optional(),
  })
  .strict();
const tryTarget = z.union([id, instanceDraft]);
const lockoutConfirmation = z.object({ confirmLockoutRisk: z.boolean().optional() }).strict();

export const API_ARGUMENTS = {
  getAppInfo: z.tuple([]),
  listInstances: z.tuple([]),
  getInstance: z.tuple([id]),
  validateInstance: z.union([z.tuple([z.unknown()]), z.tuple([z.unknown(), z.object({ id: id.optional() }).strict()])]),
  createInstance: z.tuple([z.unknown()]),
  importInstance: z.tuple([z.string().max(5_000_000)]),
  updateInstance: z.union([z.tuple([id, z.unknown()]), z.tuple([id, z.unknown(), z.object({ keepCredentials: z.boolean().optional() }).strict()])]),
  deleteInstance: z.tuple([id]),
  setInstanceEnabled: z.tuple([id, z.boolean()]),
  setCredential: z.tuple([id, name, z.string().min(1).max(100_000)]),
  clearCredential: z.tuple([id, name]),
  trustAuthority: z.tuple([id, z.string().min(1).max(2000)]),
  previewRequest: z.tuple([tryTarget, name]),
  testConnection: z.union([z.tuple([tryTarget]), z.tuple([tryTarget, lockoutConfirmation])]),
  fetchSample: z.union([z.tuple([tryTarget, name]), z.tuple([tryTarget, name, lockoutConfirmation])]),
  // JSON has no undefined: "all resources" before the options comes as null.
  pollNow: z.union([z.tuple([id]), z.tuple([id, name]), z.tuple([id, name.nullish(), lockoutConfirmation])]),
  pollAll: z.tuple([]),
  pause: z.tuple([target, isoTime.nullable()]),
  resume: z.tuple([target]),
  getStatus: z.tuple([]),
  queryEvents: z.tuple([eventQuery]),
  getEvent: z.tuple([z.string().min(1).max(100)]),
  resendEvent: z.tuple([z.string().min(1).max(100)]),
  queryDeliveries: z.tuple([deliveryQuery]),
  getDeliveryAttempts: z.tuple([id]),
  getDelivery: z.tuple([id]),
  replayDelivery: z.tuple([id]),
  replayDeliveries: z.tuple([
    z.object({ since: isoTime, instanceId: id.optional(), endpoint: z.string().max(2000).optional(), state: z.enum(['failed', 'delivered']).optional() }).strict(),
  ]),
  getActivity: z.tuple([z.object({ hours: z.number().int().min(1).max(24 * 31) }).strict()]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([settingsPatch]),
} satisfies Record<ApiMethod, z.ZodType>;

export class InvalidArgumentsError extends Error {}

/** Returns the parsed arguments, or throws saying which argument is wrong and how. */
export function checkArguments(method: ApiMethod, args: unknown): unknown[] {
  const result = API_ARGUMENTS[method].safeParse(args);
  if (result.success) return result.data as unknown[];
  const issues = result.error.issues.map((issue) => `${issue.path.length ? `argument ${issue.path.join('.')}` : 'arguments'}: ${issue.message}`);
  throw new InvalidArgumentsError(`${method}: ${issues.join('; ')}`);
}
