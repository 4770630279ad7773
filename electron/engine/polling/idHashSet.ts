/**
 * A set of 64-bit hashes of strings, in typed arrays: 8 bytes per id (16 with the free slots) where
 * a Set<string> of a million record ids held about 100 MB (each id string kept alive, plus the
 * table). A collision can only make `has` say yes for an id never added, never no for one added:
 * use it only where a false "seen" is safe. A pass of a poll uses it to spot a row read twice, and a
 * false "twice" (about one in 10^7 at a million ids) only reads the window once more.
 */
const INITIAL_CAPACITY = 1 << 10;

export class IdHashSet {
  #hashes = new Uint32Array(INITIAL_CAPACITY * 2);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds the id; returns false when it (or an id with the same hash) was there already. */
  add(id: string): boolean {
    const [high, low] = hash64(id);
    if (this.#insert(this.#hashes, high, low)) {
      this.#size++;
      if (this.#size * 2 > this.#hashes.length / 2) this.#grow();
      return true;
    }
    return false;
  }

  has(id: string): boolean {
    const [high, low] = hash64(id);
    const slots = this.#hashes;
    const mask = slots.length / 2 - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      const h = slots[slot * 2] as number;
      const l = slots[slot * 2 + 1] as number;
      if (h === 0 && l === 0) return false;
      if (h === high && l === low) return true;
    }
  }

  /** Open addressing, linear probing; (0, 0) marks a free slot, so no hash is ever (0, 0). */
  #insert(slots: Uint32Array, high: number, low: number): boolean {
    const mask = slots.length / 2 - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      const h = slots[slot * 2] as number;
      const l = slots[slot * 2 + 1] as number;
      if (h === 0 && l === 0) {
        slots[slot * 2] = high;
        slots[slot * 2 + 1] = low;
        return true;
      }
      if (h === high && l === low) return false;
    }
  }

  #grow(): void {
    const old = this.#hashes;
    const slots = new Uint32Array(old.length * 2);
    for (let index = 0; index < old.length; index += 2) {
      const high = old[index] as number;
      const low = old[index + 1] as number;
      if (high !== 0 || low !== 0) this.#insert(slots, high, low);
    }
    this.#hashes = slots;
  }
}

/** Two independent 32-bit multiplicative hashes of the UTF-16 code units (cyrb53's mixing, kept at 64 bits). */
function hash64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const high = h1 >>> 0;
  const low = h2 >>> 0;
  return high === 0 && low === 0 ? [0, 1] : [high, low];
}
