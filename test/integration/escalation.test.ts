import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createTopicWithQueue, sentNotifications, type DeliveredAlert } from '../support/aws';
import { acknowledgeSetUp, closeAckServers } from '../support/ack-fixture';
import { captureConsole } from '../support/console-capture';
import { createMonitorFixture } from '../support/monitor-fixture';
import { MOTO_INSTALL_HINT } from '../support/moto';
import { startReadGate } from '../support/read-gate';

/**
 * Escalation through the real handler, on moto and the sandbox: two tiers after the usual
 * recipients, each on its own SNS topic with an SQS inbox (what SNS really delivered). The
 * clock lives in the state table, so a cold container picks it up; an "I'm on it" posted on the
 * real acknowledge page stops it; two containers racing tell a tier once.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] escalation tests: ${MOTO_INSTALL_HINT}`);

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await closeAckServers();
});

/** Two tiers: it-oncall 15 minutes after the usual recipients, direction 30 after it-oncall. */
async function twoTiers(endpoint: string) {
  const oncall = await createTopicWithQueue(endpoint);
  const direction = await createTopicWithQueue(endpoint);
  const env = {
    ESCALATION: JSON.stringify({
      tiers: [
        { name: 'it-oncall', afterMinutes: 15, topicArn: oncall.topicArn },
        { name: 'direction', afterMinutes: 30, topicArn: direction.topicArn },
      ],
    }),
  };
  return { oncall, direction, env };
}

const severities = (alerts: readonly DeliveredAlert[]) =>
  alerts.map((a) => a.attributes.severity ?? '?');

describe.skipIf(motoUrl === null)('escalation through the real handler', () => {
  it(
    'it-oncall is told after 15 min with who was told before; its "I\'m on it" stops the escalation; RECOVERED reaches it',
    { timeout: 60_000 },
    async () => {
      const tiers = await twoTiers(motoUrl ?? '');
      const { monitor, handler, linkIn } = await acknowledgeSetUp(
        motoUrl ?? '',
        sandboxUrl,
        [20_000],
        tiers.env,
      );
      const start = Date.now();
      const check = async (minutes: number, run = handler) => {
        vi.useFakeTimers({ toFake: ['Date'], now: start + minutes * 60_000 });
        try {
          const { result } = await monitor.invoke({}, run);
          expect(result.status, JSON.stringify(result)).toBe('fulfilled');
        } finally {
          vi.useRealTimers();
        }
      };
      await check(0);
      await check(10);
      expect(severities(await monitor.delivered())).toEqual(['CRITICAL']);
      expect(await tiers.oncall.delivered()).toEqual([]);

      // 16 minutes on, in a cold container: the clock was in the state table.
      await check(16, await monitor.newContainer());
      expect(severities(await tiers.oncall.delivered())).toEqual(['CRITICAL']);
      const [escalated] = await sentNotifications(motoUrl ?? '', tiers.oncall.topicArn);
      expect(escalated?.attributes).toMatchObject({ severity: 'CRITICAL', tier: 'it-oncall' });
      const text = escalated?.message ?? { email: '', sms: '' };
      expect(text.email).toMatch(
        /^Alerte transmise au niveau « it-oncall » : personne ne s'en occupe depuis 16 min\. Déjà prévenus : les destinataires habituels à \d+ h \d\d\.\n/,
      );
      expect(text.sms).toMatch(/^Personne ne s'en occupe depuis 16 min : /);
      expect(text.sms.length).toBeLessThanOrEqual(160);

      // it-oncall takes it, from the link in its own message.
      const link = linkIn(text.email) ?? '';
      const posted = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          t: new URL(link).searchParams.get('t') ?? '',
          name: 'Moussa',
        }).toString(),
      });
      expect(posted.status).toBe(200);

      // The next check tells everyone told who took it; direction is never told.
      for (const minute of [20, 50, 80, 120]) await check(minute);
      expect(severities(await tiers.oncall.delivered())).toEqual(['ACKNOWLEDGED']);
      expect(await tiers.direction.delivered()).toEqual([]);

      // The balance comes back: RECOVERED to the usual recipients and to it-oncall.
      await monitor.script({ balances: [250_000] });
      await check(125);
      expect(severities(await monitor.delivered())).toEqual(['ACKNOWLEDGED', 'RECOVERED']);
      expect(severities(await tiers.oncall.delivered())).toEqual(['RECOVERED']);
      expect(await tiers.direction.delivered()).toEqual([]);
    },
  );

  it('two containers racing when it-oncall is due tell it once; unanswered, direction is told 30 min later, naming both before it', async () => {
    const tiers = await twoTiers(motoUrl ?? '');
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [20_000] },
      env: { ...tiers.env, ALERT_LOCALE: 'en' },
    });
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    await monitor.invoke({});
    vi.useRealTimers();

    // Two cold containers, both reading the state before either saves.
    const gate = await startReadGate(motoUrl ?? '', 2);
    try {
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', gate.url);
      const first = await monitor.newContainer();
      const second = await monitor.newContainer();
      const context = { getRemainingTimeInMillis: () => 30_000 };
      vi.useFakeTimers({ toFake: ['Date'], now: start + 16 * 60_000 });
      const { result, output } = await captureConsole(() =>
        Promise.all([first({}, context), second({}, context)]),
      );
      vi.useRealTimers();
      expect(result.status, JSON.stringify(result)).toBe('fulfilled');
      expect(gate.released()).toBe('together');
      expect(gate.held).toEqual([{ item: true }, { item: true }]);
      expect(output).toContain('"retriedAfterLostRace": true');
    } finally {
      vi.useRealTimers();
      await gate.close();
    }
    expect(severities(await tiers.oncall.delivered())).toEqual(['CRITICAL']);

    // Nobody answers: direction 30 minutes after it-oncall, told who heard before.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', motoUrl ?? '');
    for (const minute of [30, 45, 46]) {
      vi.useFakeTimers({ toFake: ['Date'], now: start + minute * 60_000 });
      await monitor.invoke({}, await monitor.newContainer());
      vi.useRealTimers();
    }
    expect(severities(await tiers.direction.delivered())).toEqual(['CRITICAL']);
    const [told] = await sentNotifications(motoUrl ?? '', tiers.direction.topicArn);
    const email = told?.message.email ?? '';
    expect(email).toMatch(
      /^Escalated to you \("direction"\): nobody has said "I'm on it" for 46 minutes\. Already told: the usual recipients at \d+:\d\d [ap]m, then "it-oncall" at \d+:\d\d [ap]m\.\n/,
    );
    expect(await tiers.oncall.delivered()).toEqual([]);
    expect(severities(await monitor.delivered())).toEqual(['CRITICAL']);
  });
});
