import { describe, expect, it } from 'vitest';
import { STACK_NAME } from '../../infra/monitor-app';
import { sampleConfig } from '../../tools/cost';
import { DeployedTemplate } from '../support/deployed-template';
import { synthesize } from '../support/synth';

/**
 * Issue 24's cost target: a default stack (one account, e-mail only, no digest, no callbacks,
 * no WhatsApp) has three alarms, each on a metric AWS keeps (no custom metric). An operator
 * unreachable is the subscription-health job's own notice, its backstop the dead-man switch
 * (the watchdog watches the job's item); a lost check, watchdog or job run is the dead-man's
 * too, so the dead-letter queue has an alarm only when something lands there that the dead-man
 * switch cannot see: a digest's run, a WhatsApp event given up.
 */

type Alarm = { Properties: Record<string, unknown> };
const PREFIX = `${STACK_NAME}.`;

function alarmsOf(config: unknown) {
  const { template } = synthesize(config);
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
  const t = new DeployedTemplate(
    template.toJSON() as { Resources: Record<string, never> },
    STACK_NAME,
  );
  const resolved = t.idsOf('AWS::CloudWatch::Alarm').map((id) => ({
    name: String(t.prop(id, 'AlarmName')),
    text: String(t.prop(id, 'AlarmDescription')),
  }));
  return { template, alarms, resolved, t };
}

/** Every namespace an alarm reads: its own metric's, or each of its metric-math metrics'. */
const namespacesOf = (alarm: Alarm): unknown[] => [
  ...(alarm.Properties.Namespace === undefined ? [] : [alarm.Properties.Namespace]),
  ...((alarm.Properties.Metrics ?? []) as { MetricStat?: { Metric: { Namespace: string } } }[])
    .map((m) => m.MetricStat?.Metric.Namespace)
    .filter((n) => n !== undefined),
];

// The defaults (as `npm run cost` prices them), in English: the names below are English.
const defaults = { ...(sampleConfig(1) as { accounts: object[] }), locale: 'en' };
const whatsapp = {
  ...defaults,
  accounts: [
    {
      name: 'shop1',
      lowBalanceThreshold: 100_000,
      recipients: {
        alertEmails: ['caisse@boutique.sn'],
        whatsapp: [{ name: 'awa-diop', number: '+221771234567' }],
        whatsappPhoneNumberId: 'phone-number-id-0123456789abcdef0123456789abcdef',
      },
    },
  ],
};

describe('the alarms of a stack, and what each costs a month', () => {
  const base = alarmsOf(defaults);

  it('a default stack has exactly 3: the dead-man switch, alerts given up, the alert topic undelivered', () => {
    expect(base.resolved.map((a) => a.name).sort()).toEqual(
      ['alert-given-up', 'alerts-undelivered', 'no-completed-check'].map((n) => PREFIX + n),
    );
  });

  it('no alarm of a default stack reads a custom metric: every one is on AWS/...', () => {
    expect(base.alarms).toHaveLength(3);
    for (const alarm of base.alarms) {
      const namespaces = namespacesOf(alarm);
      expect(namespaces.length, String(alarm.Properties.AlarmName)).toBeGreaterThan(0);
      for (const ns of namespaces) expect(ns).toMatch(/^AWS\//);
    }
  });

  it("the dead-man switch's text names the subscription-health job (3 hours) and the dead-letter queue where Scheduler's reason is", () => {
    const deadMan = base.resolved.find((a) => a.name === `${PREFIX}no-completed-check`);
    const queue = base.t
      .idsOf('AWS::SQS::Queue')
      .find((id) => id.startsWith('ScheduleDeadLetters'));
    if (deadMan === undefined || queue === undefined) throw new Error('no dead-man or queue');
    expect(deadMan.text).toContain('the subscription-health job has completed no run for 3 hours');
    expect(deadMan.text).toContain(
      `The dead-letter queue ${base.t.att(queue, 'QueueName')} holds Scheduler's reason`,
    );
    // A late job alarms as a pulse (lambda/watchdog/overdue.ts), and the text says so; its OK
    // does not read as "all fixed" while the job may still be late.
    expect(deadMan.text).toContain('a late job: an hour a day at most, then OK');
    expect(deadMan.text).toContain('OK: no account late; "overdue" names a job still late.');
    expect(deadMan.text).not.toContain('nothing to do');
    // Where the job's own errors are: a saved query over the watchdog's and the job's log groups.
    expect(deadMan.text).toContain('"watchdog-errors" (watchdog, job)');
    const query = base.t
      .idsOf('AWS::Logs::QueryDefinition')
      .find((id) => String(base.t.prop(id, 'Name')).endsWith('/watchdog-errors'));
    const logGroups = base.t.idsOf('AWS::Logs::LogGroup');
    const groupOf = (prefix: string) =>
      base.t.ref(logGroups.find((id) => id.startsWith(prefix)) ?? '');
    expect(base.t.prop(query ?? '', 'LogGroupNames')).toEqual([
      groupOf('WatchdogFunctionLogs'),
      groupOf('SubscriptionHealthFunctionLogs'),
    ]);
    // The queue is kept without its alarm: every schedule still leaves Scheduler's reason there.
    const schedules = base.t.idsOf('AWS::Scheduler::Schedule');
    expect(schedules.length).toBe(3);
    for (const id of schedules)
      expect(JSON.stringify(base.t.prop(id, 'Target'))).toContain(base.t.att(queue, 'Arn'));
  });

  it("the watchdog's input watches the subscription-health job, which it may read and never write (test/infra/iam-simulation.test.ts)", () => {
    const inputs = base.t
      .idsOf('AWS::Scheduler::Schedule')
      .map((id) => (base.t.prop(id, 'Target') as { Input?: unknown }).Input)
      .filter((i): i is string => typeof i === 'string' && i.includes('"watched"'));
    expect(inputs).toHaveLength(1);
    const { watched } = JSON.parse(inputs[0] ?? '{}') as { watched: object[] };
    expect(watched).toEqual([
      { account: 'shop1', overdueAfterMinutes: expect.any(Number) as unknown },
      { kind: 'subscription-health', overdueAfterMinutes: 180 },
    ]);
  });

  it('with a digest, 4: the dead-letter alarm, whose text says it covers the digests', () => {
    const digest = alarmsOf({ ...defaults, digest: { at: '07:30' } });
    expect(digest.resolved.map((a) => a.name).sort()).toEqual(
      ['alert-given-up', 'alerts-undelivered', 'no-completed-check', 'schedule-cannot-invoke'].map(
        (n) => PREFIX + n,
      ),
    );
    const dropped = digest.resolved.find((a) => a.name === `${PREFIX}schedule-cannot-invoke`);
    expect(dropped?.text).toMatch(
      /^What is broken: EventBridge Scheduler could not start a morning digest/,
    );
    expect(dropped?.text).not.toContain('WhatsApp');
    const alarm = digest.alarms.find(
      (a) =>
        a.Properties.MetricName === 'NumberOfMessagesSent' &&
        JSON.stringify(a.Properties.Dimensions).includes('AlarmedDeadLetters'),
    );
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      Statistic: 'Sum',
      Period: 300,
    });
  });

  it("a lost check run does not fire it: the digests have their own queue, the alarmed one, and the checks', watchdog's and job's schedules send to another that no alarm reads", () => {
    const { t, alarms } = alarmsOf({ ...defaults, digest: { at: '07:30' } });
    const queues = t.idsOf('AWS::SQS::Queue');
    const schedulesQueue = queues.find((id) => id.startsWith('ScheduleDeadLetters')) ?? '';
    const alarmedQueue = queues.find((id) => id.startsWith('AlarmedDeadLetters')) ?? '';
    expect(schedulesQueue).not.toBe('');
    expect(alarmedQueue).not.toBe('');
    const dlqOf = (id: string) =>
      (t.prop(id, 'Target') as { DeadLetterConfig: { Arn: unknown } }).DeadLetterConfig.Arn;
    const schedules = t.idsOf('AWS::Scheduler::Schedule');
    const digests = schedules.filter((id) => id.includes('DigestSchedule'));
    expect(digests).toHaveLength(1);
    for (const id of schedules)
      expect(dlqOf(id), id).toEqual(
        t.att(digests.includes(id) ? alarmedQueue : schedulesQueue, 'Arn'),
      );
    // The one dead-letter alarm reads the digests' queue; none reads the schedules'.
    const onQueue = (queue: string) =>
      alarms.filter((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(queue));
    expect(onQueue(alarmedQueue)).toHaveLength(1);
    expect(onQueue(schedulesQueue)).toHaveLength(0);
  });

  it("a default stack creates no second dead-letter queue: the schedules' only, and the parked alerts'", () => {
    const queues = base.t.idsOf('AWS::SQS::Queue');
    expect(queues.filter((id) => id.startsWith('AlarmedDeadLetters'))).toEqual([]);
    expect(queues).toHaveLength(2);
  });

  it('with WhatsApp, the dead-letter alarm too, whose text says it covers the WhatsApp events', () => {
    const withWhatsapp = alarmsOf(whatsapp);
    // The WhatsApp events function's failed events go to the alarmed queue, named in the text.
    const alarmedQueue = withWhatsapp.t
      .idsOf('AWS::SQS::Queue')
      .find((id) => id.startsWith('AlarmedDeadLetters'));
    const dropped = withWhatsapp.resolved.find((a) => a.name === `${PREFIX}schedule-cannot-invoke`);
    expect(dropped?.text).toMatch(
      /^What is broken: the WhatsApp events function failed three times/,
    );
    expect(dropped?.text).not.toContain('digest');
    expect(dropped?.text).toContain(
      `the dead-letter queue ${withWhatsapp.t.att(alarmedQueue ?? '', 'QueueName')}`,
    );
  });

  it('in French, the same texts', () => {
    const fr = alarmsOf({ ...defaults, locale: 'fr', digest: { at: '07:30' } });
    const deadMan = fr.resolved.find((a) => a.name === `${PREFIX}aucun-controle-termine`);
    expect(deadMan?.text).toContain(
      "la surveillance des abonnements n'a rien terminé depuis 3 heures",
    );
    expect(deadMan?.text).toContain('abonnements en retard : une heure par jour au plus, puis OK');
    expect(deadMan?.text).toContain(
      "OK : aucun compte en retard ; « overdue » nomme ce qui l'est encore.",
    );
    expect(deadMan?.text).not.toContain('rien à faire');
    expect(deadMan?.text).toContain('« watchdog-errors » (chien de garde, abonnements)');
    expect(deadMan?.text).toContain('garde la raison de Scheduler');
    const dropped = fr.resolved.find((a) => a.name === `${PREFIX}planification-bloquee`);
    expect(dropped?.text).toMatch(
      /^Ce qui ne va pas : EventBridge Scheduler n'a pas pu lancer un résumé du jour/,
    );
  });
});
