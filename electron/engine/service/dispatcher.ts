/**
 * The one way a transport reaches the service: a call's arguments checked against the contract
 * (shared/apiArguments.ts), the call made, its failure mapped to the error model the window shows
 * (shared/transport.ts), and the pushed topics fanned out over one subscription to the service.
 * Electron IPC (electron/main/ipc.ts) and `serve` (electron/cli/serve/httpApi.ts) only carry what
 * this returns, so a method succeeds or fails the same way in the app and in a browser.
 */
import { isApiMethod, type ApiMethod, type PollerApi } from '../../../shared/api.ts';
import { checkArguments, InvalidArgumentsError } from '../../../shared/apiArguments.ts';
import type { ApiErrorBody, ApiReply, PushListener, PushMessage, PushSource } from '../../../shared/transport.ts';
import { InvalidInstanceError } from '../instances/createOrReplace.ts';
import { SecretStoreError } from '../secrets/secretStore.ts';
import { ServiceError } from './pollerService.ts';

export interface DispatcherOptions {
  /** A push listener threw; the other listeners still got the topic (default: logged). */
  onListenerError?: (error: unknown, topic: PushMessage[0]) => void;
}

export class ApiDispatcher implements PushSource {
  readonly #service: PollerApi & PushSource;
  readonly #options: DispatcherOptions;
  readonly #listeners = new Set<{ listener: PushListener }>();
  #unsubscribe: (() => void) | undefined;

  constructor(service: PollerApi & PushSource, options: DispatcherOptions = {}) {
    this.#service = service;
    this.#options = options;
  }

  /** Never throws: whatever happens comes back as a reply. */
  async call(method: ApiMethod, args: unknown): Promise<ApiReply> {
    try {
      if (!isApiMethod(method)) throw new InvalidArgumentsError(`no API method "${String(method)}"`);
      const checked = checkArguments(method, args);
      const call = this.#service[method] as (...parameters: unknown[]) => Promise<unknown>;
      const value = await call.apply(this.#service, checked);
      return { ok: true, value: value ?? null };
    } catch (error) {
      return { ok: false, ...failureOf(error) };
    }
  }

  /**
   * Every pushed topic to `listener`; returns the unsubscribe function. However many listen, the
   * service has one listener per topic, and one listener that throws keeps neither the others nor
   * the service's emitter (the scheduler) from going on.
   */
  subscribe(listener: PushListener): () => void {
    const entry = { listener };
    this.#listeners.add(entry);
    this.#unsubscribe ??= this.#service.subscribe((...message) => this.#fanOut(message));
    return () => {
      this.#listeners.delete(entry);
      if (this.#listeners.size > 0 || !this.#unsubscribe) return;
      this.#unsubscribe();
      this.#unsubscribe = undefined;
    };
  }

  #fanOut(message: PushMessage): void {
    for (const { listener } of [...this.#listeners]) {
      try {
        listener(...message);
      } catch (error) {
        if (this.#options.onListenerError) this.#options.onListenerError(error, message[0]);
        else console.error(`a listener of the pushed topic "${message[0]}" failed: ${(error as Error).message}`);
      }
    }
  }
}

/** The error model of a failure: what the user can act on says so; anything unexpected is internal. */
export function failureOf(error: unknown): ApiErrorBody {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidArgumentsError) return { kind: 'invalid-request', error: message };
  if (error instanceof InvalidInstanceError) return { kind: 'needs-action', error: message, problems: error.problems };
  if (error instanceof ServiceError) return { kind: 'needs-action', error: message, ...(error.problems ? { problems: error.problems } : {}) };
  // Read-only env secrets, an unreachable keychain: the user has to act, the app is fine.
  if (error instanceof SecretStoreError) return { kind: 'needs-action', error: message };
  return { kind: 'internal', error: message };
}
