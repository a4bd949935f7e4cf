// Runs an async task over a stream of items with at most `limit` in flight: the kernel engine
// gives each session its own executor, so two traces can be on the kernel at once while the
// model, in this process, runs a third.

export async function forEachLimited<T>(
  items: Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (;;) {
      if (signal?.aborted === true) return;
      const next = iterator.next();
      if (next.done === true) return;
      await task(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}
