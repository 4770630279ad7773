/**
 * A change announced to whoever subscribed in this process: the settings, the instance repository
 * and the scheduler say what changed, so nobody has to guess it from the calls that were made.
 * Listeners run synchronously, in the order they subscribed, once the change is done. One that
 * throws is reported and keeps neither the others nor the change from happening: the change was
 * made, and its caller must not be told otherwise.
 */
export class Announcer<Payload> {
  readonly #what: string;
  readonly #listeners = new Set<(payload: Payload) => void>();

  /** `what` names the change in the report of a failed listener ("settings changed"). */
  constructor(what: string) {
    this.#what = what;
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: (payload: Payload) => void): () => void {
    const entry = (payload: Payload) => listener(payload);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  announce(payload: Payload): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`a listener of "${this.#what}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
