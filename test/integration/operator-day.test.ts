import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createTopicWithQueue, sentNotifications } from '../support/aws';
import { createChannelsFixture } from '../support/channels-fixture';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * A simulated day of one account on moto and the sandbox, every channel on a real local
 * server: a morning digest, a silence for a DEXCHANGE maintenance (its failed reads say
 * nothing), a LOW, a CRITICAL inside Telegram's quiet hours (let through), a failure in the
 * night (held on Telegram, sent at 07:00 because still true), and the next morning's digest.
 * An escalation tier (it-oncall, an hour, quiet at night) hears what nobody acknowledged.
 * The test lists what each channel received.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)("an operator's day", () => {
  it(
    'each channel gets what the day called for, and nothing the silence or the quiet hours held',
    { timeout: 120_000 },
    async () => {
      const channels = await createChannelsFixture(motoUrl ?? '', { telegramQuiet: '22:00-07:00' });
      try {
        const oncall = await createTopicWithQueue(motoUrl ?? '');
        const escalation = {
          tiers: [
            {
              name: 'it-oncall',
              afterMinutes: 60,
              topicArn: oncall.topicArn,
              quiet: { hours: '22:00-07:00', allow: ['CRITICAL'] },
            },
          ],
        };
        const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
          env: {
            ...channels.env,
            REQUEST_TIMEOUT_MS: '300',
            ALERT_TIME_ZONE: 'Africa/Dakar',
            ESCALATION: JSON.stringify(escalation),
          },
        });
        const handler = await monitor.newContainer();
        const day = Date.parse('2026-12-02T06:00:00.000Z');
        const telegramAt = new Map<object, string>();
        const clock = (hhmm: string, nextDay = false) => {
          const [h, m] = hhmm.split(':').map(Number);
          return day + ((nextDay ? 24 : 0) + (h ?? 0) - 6) * 3_600_000 + (m ?? 0) * 60_000;
        };
        const run = async (at: number, balance: number | 'down', event: unknown = {}) => {
          vi.useFakeTimers({ toFake: ['Date'], now: at });
          try {
            await monitor.script(
              balance === 'down'
                ? { faults: ['503', '503', '503', '503'] }
                : { balances: [balance], lastUpdate: new Date(at).toISOString() },
            );
            const before = channels.telegram.messages.length;
            const { result } = await monitor.invoke(event, handler);
            expect(result.status, JSON.stringify(result)).toBe('fulfilled');
            // When each Telegram message arrived, in the schedule's time (Dakar is UTC).
            for (const m of channels.telegram.messages.slice(before))
              telegramAt.set(m, new Date(at).toISOString().slice(11, 16));
            if (process.env.DEBUG_DAY)
              console.log(new Date(at).toISOString(), JSON.stringify(result).slice(0, 300));
          } finally {
            vi.useRealTimers();
          }
        };
        const balanceAt = (t: number): number | 'down' => {
          if (t >= clock('10:15') && t < clock('12:00')) return 'down'; // the maintenance
          if (t >= clock('03:00', true) && t < clock('07:30', true)) return 'down'; // a night outage
          if (t >= clock('22:30')) return 20_000;
          if (t >= clock('14:00')) return 90_000;
          return 300_000;
        };
        let tierAtDawn: (string | undefined)[] = [];
        for (let t = clock('06:00'); t <= clock('08:00', true); t += 30 * 60_000) {
          if (t === clock('10:00'))
            await run(t, balanceAt(t), {
              action: 'silence',
              minutes: 120,
              reason: 'DEXCHANGE maintenance',
            });
          await run(
            t,
            balanceAt(t),
            t === clock('08:00') || t === clock('08:00', true) ? { action: 'digest' } : {},
          );
          // What it-oncall had by 06:30, inside its quiet hours.
          if (t === clock('06:30', true))
            tierAtDawn = (await sentNotifications(motoUrl ?? '', oncall.topicArn)).map(
              (m) => m.attributes.severity,
            );
        }

        const label = (severity: string | undefined, extra?: string) =>
          `${severity ?? '?'}${extra === undefined ? '' : `:${extra}`}`;
        const sns = (await monitor.sent()).map((s) =>
          label(s.attributes.severity, s.attributes.remindsOf),
        );
        const chat = (await channels.chat.delivered()).map((d) => {
          const n = JSON.parse(d.message) as {
            metadata: { eventType: string; additionalContext: { remindsOf?: string } };
          };
          return label(n.metadata.eventType, n.metadata.additionalContext.remindsOf);
        });
        if (process.env.DEBUG_DAY)
          console.log(
            JSON.stringify(
              channels.webhook.received
                .slice(0, 3)
                .map((r) => [r.problems, r.headers['webhook-timestamp']]),
            ),
          );
        // Every webhook request verified (signature, timestamp, schema): none was refused.
        expect(channels.webhook.received.flatMap((r) => r.problems)).toEqual([]);
        const webhook = channels.webhook.received.map((r) => {
          const b = r.body as { severity: string; remindsOf?: string };
          return label(b.severity, b.remindsOf);
        });
        const everyone = [
          'DIGEST',
          'LOW',
          'REMINDER:LOW',
          'CRITICAL',
          'FAILING',
          'FAILING_RESOLVED',
          'REMINDER:CRITICAL',
          'DIGEST',
        ];
        console.info(
          `operator's day:\n  e-mail/SMS ${sns.join(', ')}\n  chat ${chat.join(', ')}\n  webhook ${webhook.join(', ')}\n  Telegram ${channels.telegram.messages.map((m) => m.plain.split('\n')[0]).join(' | ')}`,
        );
        // The silence held FAILING and FAILING_RESOLVED of the maintenance: both dropped.
        expect(sns).toEqual(everyone);
        expect(chat).toEqual(everyone);
        expect(webhook).toEqual(everyone);
        // Telegram: quiet from 22:00 to 07:00 with CRITICAL let through; the night's FAILING was
        // held (not sent at 03:00), and at 07:00 it was still true: sent then, as itself (one
        // alert, not dated), before the rest of the morning.
        const arrived = channels.telegram.messages.map(
          (m) =>
            `${/^\[([A-Z ]+)/.exec(m.plain.split('\n')[0] ?? '')?.[1] ?? '?'}@${telegramAt.get(m) ?? '?'}`,
        );
        expect(arrived).toEqual([
          'DIGEST@08:00',
          'LOW@14:00',
          'REMINDER LOW@20:00',
          'CRITICAL@22:30',
          'FAILING@07:00',
          'RESOLVED@07:30',
          'REMINDER CRITICAL@07:30',
          'DIGEST@08:00',
        ]);
        // it-oncall: the LOW nobody acknowledged, an hour on (15:00), saying who heard before;
        // the CRITICAL it became (22:30, let through its quiet hours); the night's FAILING, due
        // at 05:00 inside its quiet hours, held until 07:00 and sent then as still true; its
        // end. Never the maintenance's FAILING (the silence held it, and it ended within the
        // hour), nor the reminders or the digests.
        expect(tierAtDawn).toEqual(['LOW', 'CRITICAL']);
        const tier = await sentNotifications(motoUrl ?? '', oncall.topicArn);
        expect(tier.map((m) => m.attributes.severity)).toEqual([
          'LOW',
          'CRITICAL',
          'FAILING',
          'FAILING_RESOLVED',
        ]);
        expect((await oncall.delivered()).map((d) => d.attributes.severity)).toEqual([
          'LOW',
          'CRITICAL',
          'FAILING',
          'FAILING_RESOLVED',
        ]);
        expect(tier[0]?.message.email).toMatch(
          /^Escalated to you \("it-oncall"\): nobody has said "I'm on it" for 1 hour\. Already told: the usual recipients at 2:00 pm\.\n/,
        );
        // Released at 07:00, the FAILING still says it was escalated, and when.
        expect(tier[2]?.message.email).toMatch(
          /^Escalated to you \("it-oncall"\): nobody has said "I'm on it" for 1 hour\. Already told: the usual recipients at 4:00 am\.\n/,
        );
      } finally {
        await channels.close();
      }
    },
  );
});
