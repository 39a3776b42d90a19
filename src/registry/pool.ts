/** Runs `fn` over `items` with at most `n` at a time; the first failure stops new work and is thrown. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      if (signal?.aborted) throw signal.reason;
      const i = next++;
      try {
        await fn(items[i] as T, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}
