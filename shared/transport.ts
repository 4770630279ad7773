/**
 * What both transports (Electron IPC, and HTTP for `crm-event-poller serve`) carry between the
 * engine's dispatcher (electron/engine/service/dispatcher.ts) and the window, declared once: the
 * reply to a call (its value, or the error model below), the listener of pushed topics, and the
 * preload's bridge. A reply stays plain data all the way to the window's API client: an Error
 * crossing IPC or Electron's context bridge keeps its message and loses everything else.
 */
import type { Problem } from './config/problems.ts';
import type { PushTopic, PushTopics } from './api.ts';

/**
 * Why a call failed, the same over both transports:
 * - `refused`: the caller may not call (not the app's own window; over `serve`, no live session);
 * - `invalid-request`: no such method, or arguments the contract does not take;
 * - `needs-action`: the service could not do it for a reason the user can act on (no such instance,
 *   read-only secrets, a locked keychain, a configuration error: its `problems` by JSON path);
 * - `internal`: anything else.
 */
export type ApiErrorKind = 'refused' | 'invalid-request' | 'needs-action' | 'internal';
export const API_ERROR_KINDS = ['refused', 'invalid-request', 'needs-action', 'internal'] as const satisfies readonly ApiErrorKind[];

/** A failed call as data: what to show, and for a configuration error where (`problems`). */
export interface ApiErrorBody {
  kind: ApiErrorKind;
  error: string;
  problems?: Problem[];
}

/** What a call comes back as over either transport (IPC has no `undefined`: a call without a result is `null`). */
export type ApiReply = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

/** A failed call, as the window's code sees it. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly problems: Problem[];

  constructor(body: ApiErrorBody) {
    super(body.error);
    this.name = 'ApiError';
    this.kind = body.kind;
    this.problems = body.problems ?? [];
  }
}

/** The value of a reply, or its failure thrown as an ApiError. */
export function replyValue(reply: ApiReply): unknown {
  if (reply.ok) return reply.value;
  throw new ApiError(reply);
}

/** The reply an HTTP answer of `serve` stands for; an error body of another shape (a proxy's page, say) is an internal error. */
export function httpReply(status: number, text: string): ApiReply {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'internal', error: `HTTP ${status}: the answer is not JSON` };
  }
  if (status >= 200 && status < 300) return { ok: true, value: body };
  if (isApiErrorBody(body)) return { ok: false, kind: body.kind, error: body.error, ...(body.problems ? { problems: body.problems } : {}) };
  return { ok: false, kind: 'internal', error: `HTTP ${status}` };
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const { kind, error, problems } = body as Partial<Record<keyof ApiErrorBody, unknown>>;
  return (API_ERROR_KINDS as readonly unknown[]).includes(kind) && typeof error === 'string' && (problems === undefined || Array.isArray(problems));
}

/** One pushed topic with its payload, as the listener's two arguments (a check of the topic narrows the payload). */
export type PushMessage = { [K in PushTopic]: [topic: K, payload: PushTopics[K]] }[PushTopic];
export type PushListener = (...message: PushMessage) => void;

/** Whatever pushes the topics: the service, and the dispatcher that fans them out. */
export interface PushSource {
  /** Returns the function that unsubscribes. */
  subscribe(listener: PushListener): () => void;
}

/** What the preload hands the page as `window.crmEventPoller`. */
export interface PreloadBridge extends PushSource {
  /** Only the contract's methods; the reply as it came from the main process. */
  call(method: string, args: unknown[]): Promise<ApiReply>;
}
