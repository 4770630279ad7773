/**
 * The control API both simulators expose over HTTP under `/_control/` (JSON, no auth) and
 * in-process as `control`: tests and other processes change data, move the clock, inject faults
 * and read the request log through the same operations.
 */

import type { SimClock } from './clock.ts';
import type { FaultSpec } from './faults.ts';
import { validateFaultSpec } from './faults.ts';
import { jsonResponse, parseJsonBody } from './http.ts';
import type { SimRequest, SimResponse } from './http.ts';
import type { RequestLogEntry } from './requestLog.ts';
import { CONTROL_PREFIX, type SimulatorParts } from './server.ts';

/** A control call that cannot be done (unknown entity, missing id, ...), with the status to answer. */
export class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface MutateInput {
  entity: string;
  /** Update this record; without it a record is created. */
  id?: string | number;
  /** Fields to set, named as on the wire. Date fields accept ISO strings or epoch ms. */
  fields?: Record<string, unknown>;
}

export interface DeleteInput {
  entity: string;
  id: string | number;
}

export interface StateOptions {
  /** Include the records themselves (default true). */
  records?: boolean;
  /** Only this entity. */
  entity?: string;
}

/** Operations both simulators offer, in process and over HTTP. */
export interface CommonControl {
  readonly clock: SimClock;
  /** Updates (id given) or creates a record, stamping it with the simulator clock; returns it as served. */
  mutate(input: MutateInput): Record<string, unknown>;
  delete(input: DeleteInput): void;
  setClockOffset(offsetMs: number): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  state(options?: StateOptions): Record<string, unknown>;
  requests(sinceSeq?: number): RequestLogEntry[];
  requestCount(): number;
  clearRequests(): void;
  /** Back to the seeded data and default settings; clears the log, faults and clock offset. */
  reset(): void;
}

/** The operations on the clock, the fault queue and the request log, the same in both simulators. */
export function partsControls({ clock, faults, log }: SimulatorParts): Pick<CommonControl, 'clock' | 'setClockOffset' | 'injectFault' | 'clearFaults' | 'requests' | 'requestCount' | 'clearRequests'> {
  return {
    clock,
    setClockOffset: (offsetMs) => clock.setOffset(offsetMs),
    injectFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    requests: (sinceSeq) => log.list(sinceSeq),
    requestCount: () => log.count(),
    clearRequests: () => log.clear(),
  };
}

/** What `state` reports of the clock, the request log and the faults, the same in both simulators. */
export function partsState({ clock, faults, log }: SimulatorParts): Record<string, unknown> {
  return { now: new Date(clock.now()).toISOString(), clockOffsetMs: clock.offsetMs(), requestCount: log.count(), faults: faults.list() };
}

/** The entities of `state`, by name: every one, or only the one `options.entity` names (as `named` reads a name). */
export function stateEntities<Entity>(
  all: readonly Entity[],
  options: StateOptions,
  entity: { name: (entity: Entity) => string; named: (entity: Entity, name: string) => boolean; describe: (entity: Entity) => unknown },
): Record<string, unknown> {
  const asked = all.filter((candidate) => options.entity === undefined || entity.named(candidate, options.entity));
  return Object.fromEntries(asked.map((candidate) => [entity.name(candidate), entity.describe(candidate)]));
}

export type ExtraRoute = (body: Record<string, unknown>, request: SimRequest) => unknown;

/** Routes `/_control/...`; `extra` maps `"POST name"` to vendor-specific operations. */
export function handleControlRequest(request: SimRequest, control: CommonControl, extra: Record<string, ExtraRoute> = {}): SimResponse {
  const name = request.url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
  const query = request.url.searchParams;
  try {
    const body = request.method === 'GET' || request.method === 'DELETE' ? {} : parseJsonBody(request.body);
    const route = `${request.method} ${name}`;
    switch (route) {
      case 'POST mutate':
        return jsonResponse(200, control.mutate(mutateInput(body)));
      case 'POST delete':
        control.delete(deleteInput(body));
        return jsonResponse(200, { deleted: true });
      case 'POST clock': {
        const offsetMs = Number(body.offsetMs);
        if (!Number.isFinite(offsetMs)) throw new ControlError(400, 'offsetMs must be a number');
        control.setClockOffset(offsetMs);
        return jsonResponse(200, { offsetMs });
      }
      case 'POST fault':
        control.injectFault(validateFaultSpec(body));
        return jsonResponse(200, { queued: true });
      case 'DELETE fault':
        control.clearFaults();
        return jsonResponse(200, { cleared: true });
      case 'GET state': {
        const entity = query.get('entity') ?? undefined;
        return jsonResponse(200, control.state({ records: query.get('records') !== 'false', ...(entity ? { entity } : {}) }));
      }
      case 'GET requests':
        return jsonResponse(200, { count: control.requestCount(), requests: control.requests(Number(query.get('since') ?? 0)) });
      case 'DELETE requests':
        control.clearRequests();
        return jsonResponse(200, { cleared: true });
      case 'POST reset':
        control.reset();
        return jsonResponse(200, { reset: true });
      default: {
        const handler = extra[route];
        if (!handler) return jsonResponse(404, { error: `no control operation ${route}` });
        return jsonResponse(200, handler(body, request) ?? { ok: true });
      }
    }
  } catch (error) {
    const status = error instanceof ControlError ? error.status : 400;
    return jsonResponse(status, { error: (error as Error).message });
  }
}

function mutateInput(body: Record<string, unknown>): MutateInput {
  if (typeof body.entity !== 'string') throw new ControlError(400, 'entity is required');
  const id = body.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') throw new ControlError(400, 'id must be a string or number');
  const fields = body.fields;
  if (fields !== undefined && (fields === null || typeof fields !== 'object' || Array.isArray(fields))) throw new ControlError(400, 'fields must be an object');
  return { entity: body.entity, ...(id !== undefined ? { id } : {}), ...(fields ? { fields: fields as Record<string, unknown> } : {}) };
}

function deleteInput(body: Record<string, unknown>): DeleteInput {
  if (typeof body.entity !== 'string') throw new ControlError(400, 'entity is required');
  if (typeof body.id !== 'string' && typeof body.id !== 'number') throw new ControlError(400, 'id is required');
  return { entity: body.entity, id: body.id };
}
