/**
 * `fn` over `items`, at most `limit` calls in flight at once, the results in the items' order.
 * For the subscription-health job's calls to SNS: a hundred topics listed at once would meet
 * SNS's per-account rate limits, and a job that fails raises the dead-man switch.
 */
export async function mapAtMost<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  // Each worker takes the next item as it finishes one: `limit` calls in flight until the last.
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
