/** Asks for the next page while the current one is processed, so network waits overlap with work. */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = iterator.next();
      // A failure of the page fetched ahead surfaces when it is awaited, not as an unhandled rejection.
      pending.catch(() => undefined);
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
