/**
 * Runs async tasks one at a time, in call order. A DuckDB connection must not run two statements at once (and a
 * write transaction must not interleave with another batch), so each connection gets one queue.
 */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
