/**
 * The HTTP transport of the API contract: `POST /api/<method>` with a JSON array of arguments,
 * answered with the result as JSON, or with the failure (the error model of shared/transport.ts)
 * under the status of its kind. The dispatcher (engine/service/dispatcher.ts) checks the arguments
 * and calls the service; this only reads the body. (The pushed topics are in eventStream.ts.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isApiMethod } from '../../../shared/api.ts';
import type { ApiErrorBody, ApiErrorKind } from '../../../shared/transport.ts';
import type { ApiDispatcher } from '../../engine/service/dispatcher.ts';
import { acceptsJsonPost, BodyTooLargeError, readBody, sendJson } from './responses.ts';

/** The largest argument list taken: an import of many instances fits. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

/** The status of a failed call of each kind (422: the request was fine, the user has to act). */
export const HTTP_STATUS: Record<ApiErrorKind, number> = { refused: 403, 'invalid-request': 400, 'needs-action': 422, internal: 500 };

export async function handleApiCall(dispatcher: ApiDispatcher, method: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!isApiMethod(method)) return sendJson(response, 404, { kind: 'invalid-request', error: `no API method "${method}"` } satisfies ApiErrorBody);
  if (!acceptsJsonPost(request, response, 'a JSON array of arguments')) return;
  let args: unknown;
  try {
    const body = await readBody(request, MAX_BODY_BYTES);
    args = body === '' ? [] : (JSON.parse(body) as unknown);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    const known = tooLarge || error instanceof SyntaxError;
    return sendJson(response, tooLarge ? 413 : known ? 400 : 500, { kind: known ? 'invalid-request' : 'internal', error: (error as Error).message } satisfies ApiErrorBody);
  }
  const reply = await dispatcher.call(method, args);
  if (reply.ok) return sendJson(response, 200, reply.value);
  const { ok: _ok, ...failure } = reply;
  sendJson(response, HTTP_STATUS[failure.kind], failure satisfies ApiErrorBody);
}
