import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  callbackColumns,
  callbacksDocsBlock,
  docsBlock,
  sampleConfig,
  SUMMARY_PAGES,
  summaryBlock,
  synthesizedTemplate,
} from '../../tools/cost';
import {
  estimate,
  runsPerMonth,
  steadyCustomMetrics,
  total,
  type TemplateJson,
} from '../../tools/cost/estimate';
import { CALLBACK_USAGE, CLOUDWATCH_FREE_TIER, PRICE } from '../../tools/cost/prices';

/**
 * `npm run cost` counts what the synthesized template bills: the table of docs/deploy.md is its output,
 * and the goals of issue 15 hold on it (an account adds cents beyond its secret; ten cost less
 * than USD 8; nothing billed by the month grows with the accounts but the secrets).
 */

const normalize = (text: string) => text.replace(/-{3,}/g, '---').replace(/\s+/g, ' ').trim();
const lineOf = (lines: ReturnType<typeof estimate>, name: string): number => {
  const found = lines.find((l) => l.line === name);
  if (found === undefined) throw new Error(`no line ${name} in the estimate`);
  return found.usd;
};

describe('npm run cost', () => {
  const one = estimate(synthesizedTemplate(sampleConfig(1)));
  const ten = estimate(synthesizedTemplate(sampleConfig(10)));

  it.each(SUMMARY_PAGES)(
    '%s holds the summary npm run cost prints (1, 10, 100 accounts)',
    (page) => {
      const text = readFileSync(new URL(`../../${page}`, import.meta.url), 'utf8');
      const block = /<!-- cost-summary:start -->([\s\S]*?)<!-- cost-summary:end -->/.exec(
        text,
      )?.[1];
      expect(block, `${page} has no cost-summary block`).toBeDefined();
      expect(normalize(block ?? '')).toBe(normalize(summaryBlock()));
    },
  );

  it("bills no custom metric by the month: the alarms read AWS's own metrics (the watchdog's Errors, the queues' counts)", () => {
    const template = synthesizedTemplate(sampleConfig(1));
    expect(steadyCustomMetrics(template)).toEqual([]);
    expect(lineOf(one, 'CloudWatch custom metrics')).toBe(0);
    // It can fail: an alarm that breaches when its custom metric is silent bills that metric.
    const alarm = (props: Record<string, unknown>) =>
      ({
        Resources: { A: { Type: 'AWS::CloudWatch::Alarm', Properties: props } },
      }) satisfies TemplateJson;
    const custom = { Metric: { Namespace: 'DexchangeBalanceMonitor', MetricName: 'Overdue' } };
    expect(
      steadyCustomMetrics(
        alarm({ Metrics: [{ Expression: 'FILL(m, 1)' }, { Id: 'm', MetricStat: custom }] }),
      ),
    ).toEqual(['Overdue']);
    expect(
      steadyCustomMetrics(
        alarm({
          Namespace: 'DexchangeBalanceMonitor',
          MetricName: 'Parked',
          TreatMissingData: 'notBreaching',
        }),
      ),
    ).toEqual([]);
    expect(
      steadyCustomMetrics(
        alarm({
          Metrics: [
            { Expression: 'FILL(m, 1)' },
            { Id: 'm', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors' } } },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("prices inside CloudWatch's always-free tier: the stack's alarms, metrics and logs fit in it", () => {
    const free = estimate(synthesizedTemplate(sampleConfig(1)), { cloudWatchFreeTier: true });
    const alarms = one.find((l) => l.line === 'CloudWatch alarms')?.count ?? '';
    expect(Number(/(\d+) alarm metrics/.exec(alarms)?.[1])).toBeLessThanOrEqual(
      CLOUDWATCH_FREE_TIER.alarmMetrics,
    );
    expect(lineOf(free, 'CloudWatch alarms')).toBe(0);
    expect(lineOf(free, 'CloudWatch Logs')).toBe(0);
    expect(total(one) - total(free)).toBeCloseTo(
      lineOf(one, 'CloudWatch alarms') + lineOf(one, 'CloudWatch Logs'),
      5,
    );
    // Outside CloudWatch, nothing changes: a secret has no always-free tier.
    expect(lineOf(free, 'Secrets Manager')).toBe(lineOf(one, 'Secrets Manager'));
  });

  it('is what the cost section of docs/deploy.md says', () => {
    const page = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const block = /<!-- cost:start -->([\s\S]*?)<!-- cost:end -->/.exec(page)?.[1] ?? '';
    expect(normalize(block)).toBe(normalize(docsBlock()));
  });

  it('keeps the monthly, per-resource lines flat as accounts are added: only secrets grow', () => {
    for (const line of ['CloudWatch alarms', 'CloudWatch custom metrics', 'CloudWatch dashboards'])
      expect(lineOf(ten, line), line).toBe(lineOf(one, line));
    expect(lineOf(ten, 'Secrets Manager') - lineOf(one, 'Secrets Manager')).toBeCloseTo(
      9 * (0.4 + 0.0036),
      2,
    );
  });

  it('meets the goals: each more account under USD 1, ten accounts under USD 8', () => {
    expect((total(ten) - total(one)) / 9).toBeLessThan(1);
    expect(total(ten)).toBeLessThan(8);
  });

  it('counts what a config adds: a dashboard, a KMS key, an account with its own recipients', () => {
    const base = sampleConfig(2) as { accounts: Record<string, unknown>[] };
    const more = estimate(
      synthesizedTemplate({
        ...base,
        dashboard: true,
        topicEncryption: 'kms',
        accounts: [
          base.accounts[0],
          { ...base.accounts[1], recipients: { alertEmails: ['b@example.sn'] } },
        ],
      }),
    );
    const plain = estimate(synthesizedTemplate(base));
    expect(lineOf(more, 'CloudWatch dashboards') - lineOf(plain, 'CloudWatch dashboards')).toBe(3);
    expect(lineOf(more, 'KMS keys') - lineOf(plain, 'KMS keys')).toBe(1);
    // Its own topic has its own delivery alarm.
    expect(lineOf(more, 'CloudWatch alarms') - lineOf(plain, 'CloudWatch alarms')).toBeCloseTo(
      0.1,
      5,
    );
  });

  it('counts schedule runs over 30 days, rates and crons alike', () => {
    expect(runsPerMonth('rate(5 minutes)', 'UTC')).toBe(8640);
    expect(runsPerMonth('cron(0 8 * * ? *)', 'Africa/Dakar')).toBe(30);
    expect(runsPerMonth('cron(0/15 8-20 ? * MON-SAT *)', 'Africa/Dakar')).toBe(26 * 13 * 4);
  });

  it('shows polling against callbacks with a 15-minute backstop, as docs/deploy.md says', () => {
    const page = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const block =
      /<!-- cost-callbacks:start -->([\s\S]*?)<!-- cost-callbacks:end -->/.exec(page)?.[1] ?? '';
    expect(normalize(block)).toBe(normalize(callbacksDocsBlock()));
  });

  it('prices a config without any address in both columns (the repository cdk.json lists none)', () => {
    const bare = { accounts: [{ name: 'main', lowBalanceThreshold: 100_000 }], alertEmails: [] };
    const [polled, called] = callbackColumns(bare);
    expect(polled?.title).toBe('polling, rate(5 minutes)');
    expect(called?.title).toBe('callbacks, backstop rate(15 minutes)');
    expect(total(called?.lines ?? [])).toBeGreaterThan(total(polled?.lines ?? []));
  });

  it('counts what callbacks change: the key, the receiver and its callbacks, a third of the schedule runs', () => {
    const [polled, called] = callbackColumns(sampleConfig(1));
    if (polled === undefined || called === undefined) throw new Error('two columns');
    expect(polled.title).toBe('polling, rate(5 minutes)');
    expect(called.title).toBe('callbacks, backstop rate(15 minutes)');
    // The CallbacksKey secret, and its reads (at most every 5 minutes per container, all day).
    expect(
      lineOf(called.lines, 'Secrets Manager') - lineOf(polled.lines, 'Secrets Manager'),
    ).toBeCloseTo(
      PRICE.secretPerMonth +
        (720 * CALLBACK_USAGE.receiverKeyReadsPerHour * PRICE.secretPer10kCalls) / 10_000,
      5,
    );
    // 2,880 scheduled checks a month instead of 8,640 (and the watchdog's 4,320 either way).
    expect(called.lines.find((l) => l.line === 'EventBridge Scheduler')?.count).toBe(
      `${2880 + 4320 + 720} invocations`,
    );
    expect(polled.lines.find((l) => l.line === 'EventBridge Scheduler')?.count).toBe(
      `${8640 + 4320 + 720} invocations`,
    );
    const callbacks = 30 * CALLBACK_USAGE.callbacksPerAccountPerDay;
    expect(called.lines.find((l) => l.line === 'Lambda')?.count).toContain(
      `${callbacks} callbacks to the Function URL, each starting a check`,
    );
    expect(polled.lines.find((l) => l.line === 'Lambda')?.count).not.toContain('callbacks');
  });
});
