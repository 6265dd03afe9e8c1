import { describe, expect, it } from 'vitest';
import { SMS_SEVERITIES } from '../../infra/config';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../infra/metric-names';
import { SEVERITIES } from '../../lambda/alerting/types';
import { FUNCTION_TIMEOUT, REQUEST_TIMEOUT_MS } from '../../infra/monitor-function';
import { DEFAULT_BACKOFF } from '../../lambda/dexchange/backoff';
import * as observability from '../../lambda/observability';

/** infra mirrors a few facts of the function (it never imports its code); these keep them equal. */

describe('what infra assumes about the function', () => {
  it('the metric namespace and service name are the ones the function emits', () => {
    expect(METRICS_NAMESPACE).toBe(observability.METRICS_NAMESPACE);
    expect(SERVICE_NAME).toBe(observability.SERVICE_NAME);
  });

  it('the metric names are the ones the function emits', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(
      new URL('../../lambda/observability.ts', import.meta.url),
      'utf8',
    );
    const emitted = [...source.matchAll(/addMetric\(\s*'(\w+)'/g)].map((m) => m[1]);
    expect(new Set(emitted)).toEqual(new Set(Object.values(METRIC)));
  });

  it('the SMS severities are every severity the function sends, but REMINDER (which follows its own)', () => {
    expect([...SMS_SEVERITIES]).toEqual(SEVERITIES.filter((s) => s !== 'REMINDER'));
  });

  it('the function timeout covers three attempts, two capped Retry-After waits and 15 s more', () => {
    const needed = 3 * REQUEST_TIMEOUT_MS + 2 * DEFAULT_BACKOFF.retryAfterCapMs + 15_000;
    expect(FUNCTION_TIMEOUT.toMilliseconds()).toBeGreaterThanOrEqual(needed);
  });
});
