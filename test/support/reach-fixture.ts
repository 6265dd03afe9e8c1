import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, vi } from 'vitest';
import {
  SUBSCRIPTIONS_ITEM_KEY,
  type SubscriptionHealthEvent,
} from '../../lambda/contract/subscriptions';
import { SUBSCRIPTION_HEALTH_WATCH } from '../../lambda/contract/watchdog';
import type { OverdueError } from '../../lambda/watchdog/overdue';
import type { SubscriptionHealthResult } from '../../lambda/watchdog/subscriptions-handler';
import { clients, createStateTable, createTopicWithQueue, uniqueName } from './aws';
import { captureConsole } from './console-capture';

/**
 * The subscription-health job's scenarios against moto (run by the fault matrix, rows reach-*): an address unsubscribed behind the monitor's back
 * (as the footer link does) is subscribed again, with the template's filter policy, and the
 * operators read it in their own topic's inbox (an SQS queue subscribed to it, the path the
 * job publishes to itself). moto confirms every subscription at once, so the states it cannot
 * hold (an address still unconfirmed, one confirmed by a click) come from a mocked listing,
 * while the job's memory stays in moto's DynamoDB.
 */

const DAY = 24 * 60 * 60_000;
const ROUTE_POLICY = { route: ['LOW', 'CRITICAL', 'FAILING'] };

/** A fresh container at `at` (epoch ms; now if undefined): what it knows is in its item. */
async function runJob(event: SubscriptionHealthEvent, at?: number) {
  if (at !== undefined) vi.useFakeTimers({ toFake: ['Date'], now: at });
  try {
    vi.resetModules();
    const { handler } = await import('../../lambda/watchdog/subscriptions-handler');
    const { result, output } = await captureConsole(() => handler(event));
    if (result.status === 'rejected') throw result.reason as Error;
    return { value: result.value, output };
  } finally {
    vi.useRealTimers();
  }
}

async function environment(motoUrl: string, locale: 'en' | 'fr') {
  const operators = await createTopicWithQueue(motoUrl);
  const tableName = await createStateTable(motoUrl);
  for (const [name, value] of Object.entries({
    AWS_ENDPOINT_URL: motoUrl,
    STATE_TABLE_NAME: tableName,
    OPERATOR_TOPIC_ARN: operators.topicArn,
    ALERT_LOCALE: locale,
  }))
    vi.stubEnv(name, value);
  return operators;
}

/**
 * An e-mail of the operators, an e-mail and an SMS number of an account's alerts unsubscribed
 * behind the monitor's back (the footer link's GET): the next run subscribes each again, the
 * number with its filter policy, and the operators' inbox holds one message naming them.
 */
/** The operator topic as the job's input lists it: it@ and oncall@ by e-mail. */
const operatorsTopic = (topicArn: string): SubscriptionHealthEvent['topics'][number] => ({
  topicArn,
  audience: 'operators',
  subscriptions: [
    { protocol: 'email', endpoint: 'it@example.com' },
    { protocol: 'email', endpoint: 'oncall@example.com' },
  ],
});

export async function unsubscribedBehindItsBack(motoUrl: string): Promise<void> {
  const { sns } = clients(motoUrl);
  const operators = await environment(motoUrl, 'en');
  const alertTopic =
    (await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }))).TopicArn ?? '';
  // As the template creates them (moto confirms them at once).
  const subscribe = (topicArn: string, protocol: string, endpoint: string, policy?: object) =>
    sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: protocol,
        Endpoint: endpoint,
        ...(policy === undefined
          ? {}
          : {
              Attributes: {
                FilterPolicy: JSON.stringify(policy),
                FilterPolicyScope: 'MessageAttributes',
              },
            }),
      }),
    );
  await subscribe(operators.topicArn, 'email', 'it@example.com');
  await subscribe(operators.topicArn, 'email', 'oncall@example.com');
  await subscribe(alertTopic, 'email', 'finance@example.com');
  await subscribe(alertTopic, 'sms', '+221770000001', ROUTE_POLICY);
  const event: SubscriptionHealthEvent = {
    topics: [
      operatorsTopic(operators.topicArn),
      {
        topicArn: alertTopic,
        audience: 'alerts',
        account: 'Thies',
        subscriptions: [
          { protocol: 'email', endpoint: 'finance@example.com' },
          { protocol: 'sms', endpoint: '+221770000001', filterPolicy: ROUTE_POLICY },
        ],
      },
    ],
  };
  const listed = async (topicArn: string) =>
    (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ??
    [];

  // All there: nothing to do, nothing said.
  const quiet = await runJob(event);
  expect(quiet.value).toEqual({
    topics: 2,
    resubscribed: 0,
    told: false,
    unreachableOperators: 0,
  } satisfies SubscriptionHealthResult);
  // No metric, ever: the notice is the message, the dead-man switch its backstop.
  expect(quiet.output).not.toContain('_aws');
  expect(await operators.delivered()).toEqual([]);

  // The footer link's GET, for one operator, the SMS number and the finance address.
  for (const [topicArn, endpoint] of [
    [operators.topicArn, 'oncall@example.com'],
    [alertTopic, '+221770000001'],
    [alertTopic, 'finance@example.com'],
  ] as const) {
    const arn = (await listed(topicArn)).find((s) => s.Endpoint === endpoint)?.SubscriptionArn;
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
  }
  expect((await listed(alertTopic)).map((s) => s.Endpoint)).toEqual([]);

  const healed = await runJob(event);
  expect(healed.value).toEqual({
    topics: 2,
    resubscribed: 3,
    told: true,
    unreachableOperators: 1,
  } satisfies SubscriptionHealthResult);
  // The notice is the message: no custom metric (nor its alarm) says it again.
  expect(healed.output).not.toContain('_aws');
  expect(healed.output).not.toContain('"UnreachableOperators"');
  // Back on the topic, the SMS number with the very filter policy the template gives it.
  const back = await listed(alertTopic);
  expect(back.map((s) => s.Endpoint).sort()).toEqual(['+221770000001', 'finance@example.com']);
  const sms = back.find((s) => s.Protocol === 'sms');
  const attributes = (
    await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sms?.SubscriptionArn }))
  ).Attributes;
  expect(JSON.parse(attributes?.FilterPolicy ?? 'null')).toEqual(ROUTE_POLICY);
  expect(attributes?.FilterPolicyScope).toBe('MessageAttributes');
  expect((await listed(operators.topicArn)).map((s) => s.Endpoint)).toContain('oncall@example.com');

  // What the operators' inbox received: one message naming each address and the fix.
  const told = await operators.delivered();
  expect(told).toHaveLength(1);
  expect(told[0]?.subject).toBe('DEXCHANGE monitor: 3 alert addresses to check');
  const body = told[0]?.message ?? '';
  expect(body).toContain(
    'The address oncall@example.com (operators: the alarms about the monitor) was no longer subscribed',
  );
  expect(body).toContain(
    'The address finance@example.com (balance alerts of "Thies") was no longer subscribed',
  );
  expect(body).toContain('The number +221770000001 (balance alerts of "Thies") was no longer');
  expect(body).toContain("npm run confirm -- '<the link>'");

  // Healed: the next run has nothing to say.
  const after = await runJob(event);
  expect(after.value).toMatchObject({ resubscribed: 0, told: false, unreachableOperators: 0 });
  expect(await operators.delivered()).toEqual([]);
}

/**
 * An operator address unconfirmed for more than a day (counted from when the job first saw it,
 * which it stores) and an alert address confirmed by a click: each reported once, in French.
 */
export async function unconfirmedAndClickConfirmed(motoUrl: string): Promise<void> {
  await environment(motoUrl, 'fr');
  const operatorTopic = `arn:aws:sns:us-east-1:123456789012:${uniqueName('operators')}`;
  const alertTopic = `arn:aws:sns:us-east-1:123456789012:${uniqueName('alerts')}`;
  // moto confirms every subscription at once: the listing and the attributes are mocked, the
  // job's memory is in moto's DynamoDB.
  const sns = mockClient(SNSClient);
  try {
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: operatorTopic }).resolves({
      Subscriptions: [
        { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'it@example.com' },
      ],
    });
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: alertTopic }).resolves({
      Subscriptions: [
        {
          SubscriptionArn: `${alertTopic}:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`,
          Protocol: 'email',
          Endpoint: 'Finance@Example.com',
        },
      ],
    });
    sns.on(GetSubscriptionAttributesCommand).resolves({
      Attributes: { PendingConfirmation: 'false', ConfirmationWasAuthenticated: 'false' },
    });
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const event: SubscriptionHealthEvent = {
      topics: [
        {
          topicArn: operatorTopic,
          audience: 'operators',
          subscriptions: [{ protocol: 'email', endpoint: 'it@example.com' }],
        },
        {
          topicArn: alertTopic,
          audience: 'alerts',
          subscriptions: [{ protocol: 'email', endpoint: 'finance@example.com' }],
        },
      ],
    };
    const published = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    const t0 = Date.parse('2026-12-01T08:00:00Z');

    // First sight: the click-confirmed address is said at once; the pending one is only noted.
    const first = await runJob(event, t0);
    expect(first.value).toMatchObject({ told: true, unreachableOperators: 0 });
    expect(published()).toHaveLength(1);
    expect(published()[0]?.Subject).toBe("Suivi DEXCHANGE : 1 adresse d'alerte pose probleme");
    expect(published()[0]?.Message).toContain(
      "L'adresse finance@example.com (alertes de solde des comptes sans destinataires propres) a été confirmée d'un simple clic",
    );
    expect(published()[0]?.TopicArn).toBe(process.env.OPERATOR_TOPIC_ARN);
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);

    // 23 hours on: said once already, and not yet a day unconfirmed.
    const soon = await runJob(event, t0 + 23 * 60 * 60_000);
    expect(soon.value).toMatchObject({ told: false, unreachableOperators: 0 });
    expect(published()).toHaveLength(1);

    // 25 hours after it was first seen unconfirmed: reported, and the operator figure is 1.
    const late = await runJob(event, t0 + DAY + 60 * 60_000);
    expect(late.value).toMatchObject({ told: true, unreachableOperators: 1 });
    expect(late.output).not.toContain('_aws');
    expect(published()).toHaveLength(2);
    const message = published()[1]?.Message ?? '';
    expect(message).toContain(
      "L'adresse it@example.com (service informatique : les alarmes sur l'outil de suivi) attend toujours la confirmation de son abonnement, depuis 25 heures",
    );
    expect(message).not.toContain('finance@example.com');

    // Still unconfirmed an hour later: not said again, but still counted in the run's log.
    const again = await runJob(event, t0 + DAY + 2 * 60 * 60_000);
    expect(again.value).toMatchObject({ told: false, unreachableOperators: 1 });
    expect(published()).toHaveLength(2);
  } finally {
    sns.restore();
  }
}

/** The job's last completed run: the `updatedAt` of its item, which the watchdog reads. */
async function lastRunOf(motoUrl: string): Promise<string | undefined> {
  const dynamo = new DynamoDBClient({
    endpoint: motoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const item = await dynamo.send(
    new GetItemCommand({
      TableName: process.env.STATE_TABLE_NAME,
      Key: { account: { S: SUBSCRIPTIONS_ITEM_KEY } },
    }),
  );
  return item.Item?.updatedAt?.S;
}

/** The watchdog, a fresh container at `at`, watching the job only. */
async function runWatchdogAt(at: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  try {
    vi.resetModules();
    const { handler } = await import('../../lambda/watchdog/handler');
    return await captureConsole(() => handler({ watched: [SUBSCRIPTION_HEALTH_WATCH] }));
  } finally {
    vi.useRealTimers();
  }
}

/**
 * The job cannot tell the operators (their topic refuses the publish: deleted, a disabled key):
 * the run fails and saves nothing, so its item keeps the time of its last completed run, and
 * the watchdog fails its own run naming the job once 3 of its periods have passed: the dead-man
 * switch's alarm. That proves the watchdog's half only: CloudWatch sends that alarm to the same
 * operator topic, so with the topic broken it is lost too (`npm run verify` finds the topic).
 */
export async function cannotTellTheOperators(motoUrl: string): Promise<void> {
  const { sns } = clients(motoUrl);
  const operators = await environment(motoUrl, 'en');
  await sns.send(
    new SubscribeCommand({
      TopicArn: operators.topicArn,
      Protocol: 'email',
      Endpoint: 'it@example.com',
    }),
  );
  const event: SubscriptionHealthEvent = {
    topics: [operatorsTopic(operators.topicArn)],
  };
  const t0 = Date.parse('2026-12-01T08:00:00Z');
  const hour = 60 * 60_000;
  // oncall@ unsubscribed behind the job's back, so that a run has something to tell.
  const unsubscribeOncall = async () => {
    const listed = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: operators.topicArn }),
    );
    const oncall = listed.Subscriptions?.find((s) => s.Endpoint === 'oncall@example.com');
    if (oncall !== undefined)
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: oncall.SubscriptionArn }));
  };

  // Nothing said yet, its notice not published (a gone topic), the run fails: nothing saved.
  const gone = (await sns.send(new CreateTopicCommand({ Name: uniqueName('gone') }))).TopicArn;
  await sns.send(new DeleteTopicCommand({ TopicArn: gone }));
  vi.stubEnv('OPERATOR_TOPIC_ARN', gone ?? '');
  await expect(runJob(event, t0 - hour)).rejects.toThrow(/does not exist/);
  expect(await lastRunOf(motoUrl)).toBeUndefined();

  // The topic is back: the notice goes out (oncall@ subscribed again), then the item is saved.
  await unsubscribeOncall();
  vi.stubEnv('OPERATOR_TOPIC_ARN', operators.topicArn);
  const told = await runJob(event, t0);
  expect(told.value).toMatchObject({ told: true, resubscribed: 1 });
  expect(await operators.delivered()).toHaveLength(1);
  expect(await lastRunOf(motoUrl)).toBe(new Date(t0).toISOString());

  // The topic goes again; oncall@ unsubscribed again, so the job has something to say.
  await unsubscribeOncall();
  vi.stubEnv('OPERATOR_TOPIC_ARN', gone ?? '');
  await expect(runJob(event, t0 + hour)).rejects.toThrow(/does not exist/);
  // Failed, so not saved: the item still says the last completed run.
  expect(await lastRunOf(motoUrl)).toBe(new Date(t0).toISOString());

  // Two hours after it: within 3 of its periods, the watchdog passes.
  const within = await runWatchdogAt(t0 + 2 * hour);
  expect(within.result).toMatchObject({
    status: 'fulfilled',
    value: { jobs: 1, overdueJobs: [] },
  });
  // Three hours and a minute: the watchdog fails, naming the job (not an account).
  const late = await runWatchdogAt(t0 + 3 * hour + 60_000);
  if (late.result.status !== 'rejected') throw new Error('the watchdog should have failed');
  const error = late.result.reason as OverdueError;
  expect(error.message).toBe('subscription-health job without a completed run for 181 min');
  expect(error.jobs).toEqual([
    { job: 'subscription-health', lastRunAt: new Date(t0).toISOString(), minutes: 181 },
  ]);
  expect(late.output).toContain('"message": "subscription-health job without a completed run"');
  expect(late.output).not.toContain('account without a completed check');
}
