/**
 * The HTTP transport of the API contract: `POST /api/<method>` with a JSON array of arguments.
 * Generic over method names: exactly the contract's methods are reachable, each argument list
 * checked before the service sees it. (The pushed topics are in eventStream.ts.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_METHODS, type ApiMethod, type PollerApi } from '../../../shared/api.ts';
import { checkArguments, InvalidArgumentsError } from '../../../shared/apiArguments.ts';
import { SecretStoreError } from '../../engine/secrets/secretStore.ts';
import { ServiceError } from '../../engine/service/pollerService.ts';
import { acceptsJsonPost, BodyTooLargeError, readBody, sendJson } from './responses.ts';

/** The largest argument list taken: an import of many instances fits. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;
const METHODS = new Set<string>(API_METHODS);

export async function handleApiCall(api: PollerApi, method: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!METHODS.has(method)) return sendJson(response, 404, { error: `no API method "${method}"` });
  if (!acceptsJsonPost(request, response, 'a JSON array of arguments')) return;
  let args: unknown[];
  try {
    const body = await readBody(request, MAX_BODY_BYTES);
    args = checkArguments(method as ApiMethod, body === '' ? [] : (JSON.parse(body) as unknown));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(response, 413, { error: error.message });
    const known = error instanceof InvalidArgumentsError || error instanceof SyntaxError;
    return sendJson(response, known ? 400 : 500, { error: (error as Error).message });
  }
  try {
    const call = api[method as ApiMethod] as (...parameters: unknown[]) => Promise<unknown>;
    const result = await call.apply(api, args);
    sendJson(response, 200, result ?? null);
  } catch (error) {
    if (error instanceof ServiceError) return sendJson(response, 422, { error: error.message, problems: error.problems });
    // Read-only env secrets, an unreachable keychain: the user has to act, the server is fine.
    if (error instanceof SecretStoreError) return sendJson(response, 422, { error: error.message });
    sendJson(response, 500, { error: (error as Error).message });
  }
}
