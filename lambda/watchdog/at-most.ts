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
  let failed = false;
  // Each worker takes the next item as it finishes one: `limit` calls in flight until the last.
  // Once one call fails the whole fails: the others take nothing more (a frozen container would
  // otherwise go on calling SNS at its next run, adding to the throttling that failed it).
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
