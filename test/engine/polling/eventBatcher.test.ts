// The batcher with a writer that finishes later (a writer on another thread): writes keep their
// order and never overlap, reading waits for the write before a full batch (bounded memory), and a
// failed write fails the next step and stops the writes after it.
import { describe, expect, it } from 'vitest';
import { EventBatcher } from '../../../electron/engine/polling/eventBatcher.ts';
import type { ChangeEvent } from '../../../electron/engine/polling/events.ts';

const FULL = 2_000;

function events(from: number, count: number): ChangeEvent[] {
  return Array.from({ length: count }, (_, index) => ({ id: `e${from + index}`, instanceId: 1, elementKey: 'generic', resource: 'items', objectId: `r${from + index}`, eventType: 'CREATED', changeTime: 0, pollTime: 0, raw: {} }));
}

/** A store whose writes finish when the test says so. */
function slowStore(options: { failing?: number } = {}) {
  const written: string[][] = [];
  const pending: (() => void)[] = [];
  let running = 0;
  let overlapped = false;
  const store = (batch: ChangeEvent[]) =>
    new Promise<void>((resolve, reject) => {
      running++;
      if (running > 1) overlapped = true;
      pending.push(() => {
        running--;
        if (written.length === options.failing) {
          written.push([]);
          reject(new Error('disk full'));
          return;
        }
        written.push(batch.map((event) => event.id));
        resolve();
      });
    });
  const finishNext = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { store, written, finishNext, pendingCount: () => pending.length, overlapped: () => overlapped };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('EventBatcher with a writer that finishes later', () => {
  it('writes full batches in order, one at a time, and makes reading wait for the write before', async () => {
    const slow = slowStore();
    const batcher = new EventBatcher(slow.store);
    expect(await settled(batcher.add(events(0, FULL)))).toBe(true);
    // The second full batch is handed over while the first is written: reading waits for the first.
    const second = batcher.add(events(FULL, FULL));
    expect(await settled(second)).toBe(false);
    await slow.finishNext();
    expect(await settled(second)).toBe(true);
    const flushed = batcher.flush();
    expect(await settled(flushed)).toBe(false);
    await slow.finishNext();
    await flushed;
    expect(slow.written.map((batch) => [batch[0], batch.length])).toEqual([
      ['e0', FULL],
      [`e${FULL}`, FULL],
    ]);
    expect(slow.overlapped()).toBe(false);
  });

  it('fails the next step with what a write failed with, and writes none of the batches handed over after it', async () => {
    const slow = slowStore({ failing: 0 });
    const batcher = new EventBatcher(slow.store);
    await batcher.add(events(0, FULL));
    const second = batcher.add(events(FULL, FULL));
    await slow.finishNext();
    await second;
    await expect(batcher.add(events(2 * FULL, 1))).rejects.toThrow('disk full');
    await batcher.flush();
    // The second batch was handed over before the failure was known: it is not written (nothing waits for it).
    expect(slow.pendingCount()).toBe(0);
    expect(slow.written).toEqual([[]]);
  });

  it('stores a partial batch once it has waited a moment, and a failure then fails the next step', async () => {
    const slow = slowStore({ failing: 0 });
    const batcher = new EventBatcher(slow.store);
    await batcher.add(events(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slow.pendingCount()).toBe(1);
    await slow.finishNext();
    await expect(batcher.flush()).rejects.toThrow('disk full');
    // Raised once: the poll's error; the next flush stores what is queued after it.
    await batcher.add(events(3, 1));
    const flushed = batcher.flush();
    await slow.finishNext();
    await flushed;
    expect(slow.written).toEqual([[], ['e3']]);
  });
});
