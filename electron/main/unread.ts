/** New events the user has not seen: counted while the window is not in front, cleared when it is. */
export class UnreadCounter {
  #count = 0;
  readonly #changed: (count: number) => void;

  constructor(changed: (count: number) => void) {
    this.#changed = changed;
  }

  get count(): number {
    return this.#count;
  }

  added(events: number, windowInFront: boolean): void {
    if (windowInFront || events <= 0) return;
    this.#count += events;
    this.#changed(this.#count);
  }

  seen(): void {
    if (this.#count === 0) return;
    this.#count = 0;
    this.#changed(0);
  }
}
