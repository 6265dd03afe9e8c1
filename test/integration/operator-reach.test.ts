import { CreateTopicCommand, DeleteTopicCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { STACK_NAME } from '../../infra/monitor-app';
import { clients, subscribeQueue, uniqueName } from '../support/aws';
import { DeployedTemplate } from '../support/deployed-template';
import { createMonitorFixture, unknown } from '../support/monitor-fixture';
import { synthesize } from '../support/synth';
import { readmeStep3 as step3 } from '../support/shared-configs';

/**
 * Who hears what by default (issue 20, item 1), through the real handler, moto's SNS and the
 * DEXCHANGE sandbox: the deploy guide's step-3 config is synthesized, the subscriptions of its alert
 * topic (with their filter policies) and of its operator topic are made in moto, each endpoint
 * an SQS queue, and the function runs with the environment the stack gives it. An expired key
 * reaches IT (it@), not only finance; an alert the alert topic cannot take reaches IT on the
 * operator topic.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');

interface Received {
  readonly severity: string;
  readonly subject: string;
  readonly text: string;
}

/** Every message SNS put in a queue so far. */
async function drain(queueUrl: string): Promise<Received[]> {
  const { sqs } = clients(motoUrl ?? '');
  const got: Received[] = [];
  for (;;) {
    const batch =
      (
        await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 300,
          }),
        )
      ).Messages ?? [];
    if (batch.length === 0) return got;
    for (const m of batch) {
      const envelope = JSON.parse(m.Body ?? '{}') as {
        Subject?: string;
        Message: string;
        MessageAttributes?: Record<string, { Value: string }>;
      };
      got.push({
        severity: envelope.MessageAttributes?.severity?.Value ?? '',
        subject: envelope.Subject ?? '',
        text: envelope.Message,
      });
    }
  }
}

/**
 * The step-3 stack's account `main` in moto: its alert topic (or none, `alertTopic: 'gone'`)
 * and the operator topic, each subscription of the template an SQS queue with its filter
 * policy, and the handler with the stack's environment for what the texts and routes read.
 */
let synthesized: ReturnType<typeof synthesize> | undefined;

async function deployStep3(options: { faults?: string[]; balances?: number[]; gone?: boolean }) {
  // Synthesized once for the file (no bundling: 0.2 s idle, several seconds on a busy machine).
  const { template } = (synthesized ??= synthesize(step3));
  const t = new DeployedTemplate(
    template.toJSON() as { Resources: Record<string, never> },
    STACK_NAME,
  );
  const check =
    t
      .idsOf('AWS::Lambda::Function')
      .find((id) => JSON.stringify(t.prop(id, 'Environment')).includes('"ACCOUNT_NAME":"main"')) ??
    '';
  const env = (t.prop(check, 'Environment') as { Variables: Record<string, string> }).Variables;
  const { sns } = clients(motoUrl ?? '');
  const topic = async (name: string) =>
    (await sns.send(new CreateTopicCommand({ Name: uniqueName(name) }))).TopicArn ?? '';
  const alertTopic = await topic('alerts');
  const operatorTopic = await topic('operators');
  const inbox = new Map<string, string>();
  for (const id of t.idsOf('AWS::SNS::Subscription')) {
    const on = t.prop(id, 'TopicArn');
    const topicArn =
      on === env.ALERT_TOPIC_ARN
        ? alertTopic
        : on === env.OPERATOR_TOPIC_ARN
          ? operatorTopic
          : undefined;
    if (topicArn === undefined) continue;
    const where = `${t.prop(id, 'Endpoint') as string} on ${topicArn === alertTopic ? 'alerts' : 'operators'}`;
    inbox.set(where, await subscribeQueue(motoUrl ?? '', topicArn, t.prop(id, 'FilterPolicy')));
  }
  if (options.gone === true) await sns.send(new DeleteTopicCommand({ TopicArn: alertTopic }));
  const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
    account: {
      ...(options.faults === undefined ? {} : { faults: options.faults as never }),
      balances: options.balances ?? [900_000],
    },
    env: {
      ACCOUNT_NAME: 'main',
      LOW_BALANCE_THRESHOLD: env.LOW_BALANCE_THRESHOLD ?? '',
      CRITICAL_BALANCE_THRESHOLD: env.CRITICAL_BALANCE_THRESHOLD ?? '',
      ALERT_LOCALE: env.ALERT_LOCALE ?? '',
      ALERT_TOPIC_ARN: alertTopic,
      OPERATOR_TOPIC_ARN: operatorTopic,
      OPERATOR_ROUTE: env.OPERATOR_ROUTE ?? '',
    },
  });
  const received = async (where: string) => {
    const queue = inbox.get(where);
    if (queue === undefined) throw new Error(`no subscription ${where}`);
    return drain(queue);
  };
  return { monitor, received, endpoints: [...inbox.keys()].sort() };
}

describe.skipIf(motoUrl === null)("who hears what, with the deploy guide's step-3 config", () => {
  it('an expired API key: IT (it@) gets FAILING and FAILING_RESOLVED by real SNS delivery; finance is told that IT is sent it too', async () => {
    // Each check reads the secret afresh after a 401 and asks once more: two faults a check.
    const { monitor, received, endpoints } = await deployStep3({
      faults: Array.from({ length: 6 }, () => '401-expired'),
      balances: [900_000],
    });
    expect(endpoints).toEqual([
      '+221771234567 on alerts',
      'finance@example.sn on alerts',
      'it@example.sn on alerts',
      'it@example.sn on operators',
    ]);
    for (let i = 0; i < 3; i += 1) {
      const { result } = await monitor.invoke();
      expect(unknown(result).error.kind).toBe('authentication');
    }
    const { result } = await monitor.invoke();
    expect(result).toMatchObject({
      status: 'fulfilled',
      value: { events: ['FAILING_RESOLVED'] },
    });

    const it_ = await received('it@example.sn on alerts');
    expect(it_.map((m) => m.severity)).toEqual(['FAILING', 'FAILING_RESOLVED']);
    expect(it_[0]?.text).toContain('la clé API a expiré (401)');
    const finance = await received('finance@example.sn on alerts');
    expect(finance.map((m) => m.severity)).toEqual(['FAILING', 'FAILING_RESOLVED']);
    expect(finance[0]?.text).toContain('Cette alerte est aussi envoyée au service informatique.');
    // Only FAILING says so: its end needs no one to act.
    expect(finance[1]?.text).not.toContain('service informatique');
    expect((await received('+221771234567 on alerts')).map((m) => m.severity)).toEqual([
      'FAILING',
      'FAILING_RESOLVED',
    ]);
    // The alarms' topic carries no alert: IT gets each once.
    expect(await received('it@example.sn on operators')).toEqual([]);
  }, 120_000);

  it('a balance alert is not for IT: the LOW reaches finance and not it@', async () => {
    const { monitor, received } = await deployStep3({ balances: [450_000] });
    const { result } = await monitor.invoke();
    expect(result).toMatchObject({ status: 'fulfilled', value: { events: ['LOW'] } });
    expect((await received('finance@example.sn on alerts')).map((m) => m.severity)).toEqual([
      'LOW',
    ]);
    expect(await received('it@example.sn on alerts')).toEqual([]);
  }, 120_000);

  it('the alert topic is gone: the LOW is given up on, and IT gets it on the operator topic', async () => {
    const { monitor, received } = await deployStep3({ balances: [450_000], gone: true });
    const { result, logs } = await monitor.invoke();
    expect(result).toMatchObject({ status: 'fulfilled', value: { events: [] } });
    expect(logs).toContain('"message": "alert undeliverable"');
    const told = await received('it@example.sn on operators');
    expect(told).toHaveLength(1);
    expect(told[0]?.severity).toBe('UNDELIVERABLE');
    expect(told[0]?.subject).toBe("[NON LIVREE] une alerte du compte main n'a pas pu etre livree");
    // Which, where and why; then the alert itself, for IT to pass on.
    expect(told[0]?.text).toContain(
      'canal sns, après 1 tentative : SNS refused the publish (NotFoundException)',
    );
    expect(told[0]?.text).toContain("L'alerte telle qu'elle a été rédigée :");
    expect(told[0]?.text).toMatch(
      /Le solde DEXCHANGE du compte « main » est de 450\s000\sF\sCFA, sous le seuil bas/,
    );
  }, 120_000);
});
