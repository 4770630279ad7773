/**
 * Wraps an object (a connector) so that every failure leaving it is redacted first: a method that
 * throws, a promise it returns that rejects, an async iterable it returns that fails while being
 * read, and the same for the objects it holds (a connector's `reconciliation`). Values it produces
 * are left as they are. Written once, so a connector method added later is covered too.
 */
export function redactFailures<T extends object>(target: T, redact: (error: unknown) => unknown): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value === 'function') return (...args: unknown[]) => guard(() => (value as (...parameters: unknown[]) => unknown).apply(object, args), redact);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return redactFailures(value, redact);
      return value;
    },
  });
}

function guard(call: () => unknown, redact: (error: unknown) => unknown): unknown {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    throw redact(error);
  }
  if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(redact(error)));
  if (isAsyncIterable(result)) return redactIteration(result, redact);
  return result;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** `yield*` passes an early `return()` (the reader stopped) on to the source, so it still cleans up. */
async function* redactIteration<T>(source: AsyncIterable<T>, redact: (error: unknown) => unknown): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    throw redact(error);
  }
}
