/**
 * One subscription to the engine's pushed topics, shared by every view: a view asks for a topic and
 * gets an unsubscribe function back.
 */
import type { PushTopic, PushTopics } from '../../../shared/api.ts';
import { subscribe } from './api.ts';

type Handler<K extends PushTopic> = (payload: PushTopics[K]) => void;

const handlers = new Map<PushTopic, Set<Handler<never>>>();
let unsubscribe: (() => void) | undefined;

function ensureConnected(): void {
  if (unsubscribe) return;
  unsubscribe = subscribe((topic, payload) => {
    for (const handler of handlers.get(topic) ?? []) (handler as Handler<typeof topic>)(payload as never);
  });
}

export function onPush<K extends PushTopic>(topic: K, handler: Handler<K>): () => void {
  ensureConnected();
  const set = handlers.get(topic) ?? new Set();
  set.add(handler as Handler<never>);
  handlers.set(topic, set);
  return () => set.delete(handler as Handler<never>);
}

/** Calls `fn` at most once per `ms`, at the end of a burst (pushes come in bursts during a poll). */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}
