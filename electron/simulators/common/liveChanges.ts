/**
 * Random creates, updates and deletes on a timer, so a demo shows a CRM that is being used.
 * The caller decides what each kind of change means for its vendor.
 */

import type { Rng } from './prng.ts';

export type LiveChangeKind = 'create' | 'update' | 'delete';

export interface LiveChanges {
  stop(): void;
}

/** Calls `apply` `perMinute` times a minute; about 60% updates, 30% creates, 10% deletes. */
export function startLiveChanges(perMinute: number, rng: Rng, apply: (kind: LiveChangeKind, rng: Rng) => void): LiveChanges {
  if (!(perMinute > 0)) return { stop() {} };
  const timer = setInterval(() => {
    const roll = rng.next();
    apply(roll < 0.6 ? 'update' : roll < 0.9 ? 'create' : 'delete', rng);
  }, 60_000 / perMinute);
  return { stop: () => clearInterval(timer) };
}
