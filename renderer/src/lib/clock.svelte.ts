/** One ticking "now" for every relative time on screen ("next poll in 42 s"). */
export const clock = $state({ now: Date.now() });

let timer: ReturnType<typeof setInterval> | undefined;

export function startClock(intervalMs = 1000): () => void {
  if (timer === undefined) timer = setInterval(() => (clock.now = Date.now()), intervalMs);
  return () => {
    clearInterval(timer);
    timer = undefined;
  };
}
