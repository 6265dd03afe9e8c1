import { describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUT, REQUEST_TIMEOUT_MS } from '../../infra/monitor-function';
import { METRIC } from '../../lambda/contract/metrics';
import { DEFAULT_BACKOFF } from '../../lambda/providers/dexchange/backoff';

/** What infra assumes about the function beyond the shared contract module. */

describe('what infra assumes about the function', () => {
  it('every metric name in the contract is one the function emits, and it emits no other', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const root = new URL('../../lambda/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const sources = await Promise.all(files.map((f) => readFile(new URL(f, root), 'utf8')));
    const emitted = sources.flatMap((source) =>
      [...source.matchAll(/addMetric\(\s*METRIC\.(\w+)/g)].map((m) => m[1] ?? ''),
    );
    expect(new Set(emitted)).toEqual(new Set(Object.keys(METRIC)));
    // Only through the contract's names: a literal would escape this check.
    for (const source of sources) expect(source).not.toMatch(/addMetric\(\s*'/);
  });

  it('the function timeout covers three attempts, two capped Retry-After waits and 15 s more', () => {
    const needed = 3 * REQUEST_TIMEOUT_MS + 2 * DEFAULT_BACKOFF.retryAfterCapMs + 15_000;
    expect(FUNCTION_TIMEOUT.toMilliseconds()).toBeGreaterThanOrEqual(needed);
  });
});
