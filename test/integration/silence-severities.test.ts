import { HOLDABLE_SEVERITIES, SEVERITIES } from '../../lambda/contract/severities';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { MOTO_INSTALL_HINT } from '../support/moto';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * The silence action through the handler (issue 14): `severities` takes only what a silence can
 * hold; RECOVERED, FAILING_RESOLVED, STALE_RESOLVED, ACKNOWLEDGED, HELD and TEST were taken and
 * then matched nothing. Refused as an answer (no function error), nothing changed.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] silence action tests: ${MOTO_INSTALL_HINT}`);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)('the silence action', () => {
  it('refuses a severity a silence cannot hold, naming the field and what it allows', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [45_000] },
    });
    const handler = await monitor.newContainer();
    // Every kind a hold does not decide on (contract/severities.ts).
    for (const severity of SEVERITIES.filter(
      (s) => !(HOLDABLE_SEVERITIES as readonly string[]).includes(s),
    )) {
      const { result, logs } = await monitor.invoke(
        { action: 'silence', minutes: 60, severities: ['LOW', severity] },
        handler,
      );
      expect(result).toEqual({
        status: 'fulfilled',
        value: {
          account: 'Boutique Dakar',
          action: 'refused',
          error: `silence: severities must list only severities a silence can hold: LOW, CRITICAL, FAILING, STALE, FORECAST, DIGEST, in capitals (a reminder, RECOVERED, RESOLVED or acknowledgment is held with the alert it is about), not "${severity}"; nothing was changed`,
        },
      });
      expect(logs).toContain('action refused');
    }
    const listed = await monitor.invoke({ action: 'silences' }, handler);
    expect(listed.result).toMatchObject({ status: 'fulfilled', value: { silences: [] } });
  });

  it('takes the ones it can hold, and the silence holds them', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [45_000] },
    });
    const handler = await monitor.newContainer();
    const set = await monitor.invoke(
      { action: 'silence', minutes: 60, severities: ['LOW', 'CRITICAL', 'FAILING'] },
      handler,
    );
    expect(set.result).toMatchObject({
      status: 'fulfilled',
      value: { action: 'silence', silence: { severities: ['LOW', 'CRITICAL', 'FAILING'] } },
    });
    // A LOW now: held by the silence, nothing published.
    const check = await monitor.invoke({}, handler);
    expect(check.result).toMatchObject({ status: 'fulfilled', value: { status: 'LOW' } });
    expect(await monitor.sent()).toEqual([]);
  });
});
