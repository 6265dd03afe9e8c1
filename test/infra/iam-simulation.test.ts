import { STACK_NAME } from '../../infra/monitor-app';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  DeployedTemplate,
  OTHER_ACCOUNT,
  REGION,
  type PolicyDocument,
} from '../support/deployed-template';
import { decide, expectDecisions } from '../support/iam-simulator';
import { synthesizedOnce } from '../support/shared-synth';
import { SIMULATED_SECRET_KEY_ID } from '../support/simulated-config';
import { alarmPathCases, modelOf, schedulePathCases } from '../support/template-paths';

/**
 * Every cross-service path of the synthesized template, evaluated by an IAM simulator
 * (@cloud-copilot/iam-simulate) as AWS would evaluate it: identity policies, topic policies, key
 * policies and trust policies, with their conditions. moto evaluates none of these, so this is
 * where a template that deploys but cannot deliver (an alarm that may not publish to its
 * topic) is caught. Everything is read from the template `cdk synth` writes, never copied.
 */

const TLS = { 'aws:SecureTransport': 'true' };
const NO_TLS = { 'aws:SecureTransport': 'false' };
const intruder = `arn:aws:iam::${OTHER_ACCOUNT}:role/intruder`;
const allowEverything: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** The cases that prove each path, built from a (possibly altered) template. */
function casesFor(t: DeployedTemplate) {
  return { ...modelOf(t), alarmPaths: alarmPathCases(t) };
}

const simulated = {
  none: await synthesizedOnce('simulated-none'),
  kms: await synthesizedOnce('simulated-kms'),
};

describe.each([
  ['without a key', 'none'],
  ['with the KMS key', 'kms'],
] as const)('the template %s, evaluated as AWS would', (_mode, topicEncryption) => {
  const { template } = simulated[topicEncryption];
  const t = new DeployedTemplate(
    template.toJSON() as { Resources: Record<string, never> },
    STACK_NAME,
  );
  const { functions, topics, alarms, schedules, alarmPaths } = casesFor(t);

  it("has what the paths below are about: 2 checks, 6 schedules (the digests', the watchdog's and the subscription health's too) with two dead-letter queues (the digests' their own), 2 topics, alarms with actions", () => {
    expect(functions).toHaveLength(2);
    expect(schedules).toHaveLength(6);
    // Two dead-letter queues: the digests' (alarmed) and the other schedules'.
    const digestQueues = new Set(
      schedules.filter((s) => s.id.includes('DigestSchedule')).map((s) => s.dlqArn),
    );
    const otherQueues = new Set(
      schedules.filter((s) => !s.id.includes('DigestSchedule')).map((s) => s.dlqArn),
    );
    expect([digestQueues.size, otherQueues.size]).toEqual([1, 1]);
    expect([...digestQueues][0]).not.toEqual([...otherQueues][0]);
    expect(topics).toHaveLength(2);
    expect(alarms.length).toBeGreaterThanOrEqual(4);
    for (const alarm of alarms) expect(alarm.actions.length, alarm.id).toBeGreaterThan(0);
    if (topicEncryption === 'kms') for (const topic of topics) expect(topic.key).toBeDefined();
    // Every action has its publish case: every alarm's topic is one of this template's.
    expect(alarmPaths.filter((c) => c.request.action === 'sns:Publish')).toHaveLength(
      alarms.reduce((n, alarm) => n + new Set(alarm.actions).size, 0),
    );
  });

  it("every alarm action's topic (and its key) lets CloudWatch publish, with that alarm's SourceArn and SourceAccount", async () => {
    await expectDecisions(alarmPaths);
  });

  it("CloudWatch may not publish for another account's alarm, another stack's alarm, or without TLS", async () => {
    const alarm = alarms[0];
    const topic = topics.find((candidate) => candidate.arn === alarm?.actions[0]);
    if (alarm === undefined || topic === undefined) throw new Error('no alarm with a topic');
    const publish = (context: Record<string, string>) => ({
      principal: 'cloudwatch.amazonaws.com',
      action: 'sns:Publish',
      resource: topic.arn,
      resourcePolicy: topic.policy,
      context,
    });
    const good = { 'aws:SourceArn': alarm.arn, 'aws:SourceAccount': ACCOUNT, ...TLS };
    await expectDecisions([
      {
        label: 'another account',
        expected: 'ImplicitlyDenied',
        request: publish({ ...good, 'aws:SourceAccount': OTHER_ACCOUNT }),
      },
      {
        label: "another stack's alarm",
        expected: 'ImplicitlyDenied',
        request: publish({
          ...good,
          'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:SomeoneElse-cpu`,
        }),
      },
      {
        label: 'without TLS',
        expected: 'ExplicitlyDenied',
        request: publish({ ...good, ...NO_TLS }),
      },
    ]);
  });

  it("each schedule's role: assumed by Scheduler from its own group and account only; invokes exactly its function; sends to the stack's dead-letter queue", async () => {
    const cases = schedulePathCases(t);
    // Refused every queue of the stack but its own dead-letter one, the parked alerts' included
    // (a send there would raise the alerts-given-up alarm).
    const refusedParked = cases.filter(
      (c) => c.expected === 'ImplicitlyDenied' && /: send to .*Parked/.test(c.label),
    );
    expect(refusedParked).toHaveLength(schedules.length);
    await expectDecisions(cases);
  });

  it("each function reads its own secret and not another account's; an imported secret's own key decrypts it, through Secrets Manager only", async () => {
    const secretKey = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${SIMULATED_SECRET_KEY_ID}`;
    // That key lives outside the stack; its policy is assumed to be AWS's default one, which
    // lets this account's IAM policies grant its use.
    const defaultKeyPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    };
    const thies = functions.find((f) => f.account === 'Thies');
    if (thies === undefined) throw new Error('no Thies function');
    await expectDecisions([
      ...functions.flatMap((f) =>
        functions.map((owner) => ({
          label: `${f.account} reads ${owner.account}'s secret`,
          expected: owner === f ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
          request: {
            principal: f.roleArn,
            action: 'secretsmanager:GetSecretValue',
            resource: owner.secretArn,
            identityPolicies: f.identity,
          },
        })),
      ),
      ...functions.map((f) => ({
        label: `${f.account} decrypts with the imported secret's key via Secrets Manager`,
        expected: f === thies ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
        request: {
          principal: f.roleArn,
          action: 'kms:Decrypt',
          resource: secretKey,
          identityPolicies: f.identity,
          resourcePolicy: defaultKeyPolicy,
          context: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` },
        },
      })),
      {
        label: "Thies decrypts with its secret's key directly",
        expected: 'ImplicitlyDenied',
        request: {
          principal: thies.roleArn,
          action: 'kms:Decrypt',
          resource: secretKey,
          identityPolicies: thies.identity,
          resourcePolicy: defaultKeyPolicy,
        },
      },
    ]);
  });

  it('each function gets and puts its own state item only (dynamodb:LeadingKeys), and cannot query or scan', async () => {
    await expectDecisions(
      functions.flatMap((f) => [
        ...functions.flatMap((owner) =>
          ['dynamodb:GetItem', 'dynamodb:PutItem'].map((action) => ({
            label: `${f.account} ${action} on ${owner.account}'s item`,
            expected: owner === f ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
            request: {
              principal: f.roleArn,
              action,
              resource: f.tableArn,
              identityPolicies: f.identity,
              context: { 'dynamodb:LeadingKeys': [owner.account] },
            },
          })),
        ),
        ...['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:DeleteItem'].map((action) => ({
          label: `${f.account} ${action}`,
          expected: 'ImplicitlyDenied' as const,
          request: {
            principal: f.roleArn,
            action,
            resource: f.tableArn,
            identityPolicies: f.identity,
            context: { 'dynamodb:LeadingKeys': [f.account] },
          },
        })),
      ]),
    );
  });

  it("each function may read the subscription health's item (its digest's count), but not write it", async () => {
    await expectDecisions(
      functions.flatMap((f) =>
        ['dynamodb:GetItem', 'dynamodb:PutItem'].map((action) => ({
          label: `${f.account} ${action} on #subscriptions`,
          expected:
            action === 'dynamodb:GetItem' ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
          request: {
            principal: f.roleArn,
            action,
            resource: f.tableArn,
            identityPolicies: f.identity,
            context: { 'dynamodb:LeadingKeys': ['#subscriptions'] },
          },
        })),
      ),
    );
  });

  it('the link key (#link-key): each check gets and puts it, the page only gets it, the watchdog and the subscription health neither (test/infra/link-key.test.ts: every function)', async () => {
    const others = t.idsOf('AWS::Lambda::Function').flatMap((id) => {
      const may = id.startsWith('AcknowledgePage')
        ? ['dynamodb:GetItem']
        : id.startsWith('Watchdog') || id.startsWith('SubscriptionHealth')
          ? []
          : undefined;
      if (may === undefined) return [];
      const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
      return [{ id, may, principal: t.att(roleId, 'Arn'), identity: t.identityPolicies(roleId) }];
    });
    expect(others).toHaveLength(3);
    const who = [
      ...functions.map((f) => ({
        id: f.account,
        may: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        principal: f.roleArn,
        identity: f.identity,
      })),
      ...others,
    ];
    await expectDecisions(
      who.flatMap((w) =>
        ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'].map((action) => ({
          label: `${w.id} ${action} on #link-key`,
          expected: w.may.includes(action) ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
          request: {
            principal: w.principal,
            action,
            resource: functions[0]?.tableArn ?? '',
            identityPolicies: w.identity,
            context: { 'dynamodb:LeadingKeys': ['#link-key'] },
          },
        })),
      ),
    );
  });

  it("the watchdog batch-reads the accounts' items and the subscription-health job's time, and writes only its own", async () => {
    const id = t.idsOf('AWS::Lambda::Function').find((f) => f.startsWith('WatchdogFunction'));
    if (id === undefined) throw new Error('no watchdog');
    const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
    const asWatchdog = (
      action: string,
      keys: string[],
      more: Record<string, string | string[]> = {},
    ) => ({
      principal: t.att(roleId, 'Arn'),
      action,
      resource: functions[0]?.tableArn ?? '',
      identityPolicies: t.identityPolicies(roleId),
      context: { 'dynamodb:LeadingKeys': keys, ...more },
    });
    // What the watchdog asks: the key and the time (ProjectionExpression "account, updatedAt").
    const projection = {
      'dynamodb:Attributes': ['account', 'updatedAt'],
      'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
    };
    const accounts = functions.map((f) => f.account);
    await expectDecisions([
      {
        label: "BatchGetItem of every account's key and time",
        expected: 'Allowed',
        request: asWatchdog('dynamodb:BatchGetItem', accounts, projection),
      },
      {
        label: 'BatchGetItem of an item not an account',
        expected: 'ImplicitlyDenied',
        request: asWatchdog('dynamodb:BatchGetItem', [...accounts, 'someone else'], projection),
      },
      {
        label: "BatchGetItem of the accounts' records (the alerts waiting)",
        expected: 'ImplicitlyDenied',
        request: asWatchdog('dynamodb:BatchGetItem', accounts, {
          'dynamodb:Attributes': ['account', 'updatedAt', 'record'],
          'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
        }),
      },
      {
        label: 'BatchGetItem of whole items',
        expected: 'ImplicitlyDenied',
        request: asWatchdog('dynamodb:BatchGetItem', accounts, {
          'dynamodb:Select': 'ALL_ATTRIBUTES',
        }),
      },
      {
        // No projection, no Select: a read that names no attribute (ForAllValues of an absent
        // key is true, so only the policy's Null condition refuses it).
        label: 'BatchGetItem that names no attributes',
        expected: 'ImplicitlyDenied',
        request: asWatchdog('dynamodb:BatchGetItem', accounts),
      },
      // The subscription-health job's item: its key and time (the job's last completed run),
      // read in the same batch; never its memory, never written.
      {
        label: "BatchGetItem of the accounts' and the subscription-health job's key and time",
        expected: 'Allowed',
        request: asWatchdog('dynamodb:BatchGetItem', [...accounts, '#subscriptions'], projection),
      },
      {
        label: "BatchGetItem of the subscription-health job's memory",
        expected: 'ImplicitlyDenied',
        request: asWatchdog('dynamodb:BatchGetItem', ['#subscriptions'], {
          'dynamodb:Attributes': ['account', 'updatedAt', 'memory'],
          'dynamodb:Select': 'SPECIFIC_ATTRIBUTES',
        }),
      },
      ...['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].map(
        (action) => ({
          label: `${action} of the subscription-health job's item`,
          expected: 'ImplicitlyDenied' as const,
          request: asWatchdog(action, ['#subscriptions']),
        }),
      ),
      ...['dynamodb:GetItem', 'dynamodb:PutItem'].flatMap((action) => [
        {
          label: `${action} of its own item`,
          expected: 'Allowed' as const,
          request: asWatchdog(action, ['#watchdog']),
        },
        {
          label: `${action} of an account's item`,
          expected: 'ImplicitlyDenied' as const,
          request: asWatchdog(action, [accounts[0] ?? '']),
        },
      ]),
      ...['dynamodb:Scan', 'dynamodb:DeleteItem'].map((action) => ({
        label: action,
        expected: 'ImplicitlyDenied' as const,
        request: asWatchdog(action, accounts),
      })),
    ]);
  });

  it("the subscription health lists, reads and subscribes (e-mail and SMS only) on exactly the stack's topics, tells the operator topic only, and writes its own item only", async () => {
    const id = t
      .idsOf('AWS::Lambda::Function')
      .find((f) => f.startsWith('SubscriptionHealthFunction'));
    if (id === undefined) throw new Error('no subscription-health function');
    const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
    const job = { principal: t.att(roleId, 'Arn'), identityPolicies: t.identityPolicies(roleId) };
    const operators = topics.find((topic) => topic.id.startsWith('OperatorAlarms'));
    if (operators === undefined) throw new Error('no operator topic');
    const elsewhere = `arn:aws:sns:${REGION}:${ACCOUNT}:someone-elses-topic`;
    const onTopic = (
      action: string,
      topic: { arn: string; policy?: PolicyDocument },
      protocol = 'email',
    ) => ({
      ...job,
      action,
      resource: topic.arn,
      ...(topic.policy === undefined ? {} : { resourcePolicy: topic.policy }),
      // sns:Subscribe is granted for e-mail and SMS only (the sns:Protocol condition).
      context: action === 'sns:Subscribe' ? { ...TLS, 'sns:Protocol': protocol } : TLS,
    });
    const reading = [
      'sns:ListSubscriptionsByTopic',
      'sns:GetSubscriptionAttributes',
      'sns:Subscribe',
    ];
    await expectDecisions([
      ...topics.flatMap((topic) =>
        reading.map((action) => ({
          label: `${action} on ${topic.id}`,
          expected: 'Allowed' as const,
          request: onTopic(action, topic),
        })),
      ),
      ...topics.flatMap((topic) => [
        {
          label: `sns:Subscribe sms on ${topic.id}`,
          expected: 'Allowed' as const,
          request: onTopic('sns:Subscribe', topic, 'sms'),
        },
        ...['http', 'https', 'sqs', 'lambda'].map((protocol) => ({
          label: `sns:Subscribe ${protocol} on ${topic.id}`,
          expected: 'ImplicitlyDenied' as const,
          request: onTopic('sns:Subscribe', topic, protocol),
        })),
      ]),
      ...reading.map((action) => ({
        label: `${action} on a topic not the stack's`,
        expected: 'ImplicitlyDenied' as const,
        request: onTopic(action, { arn: elsewhere }),
      })),
      ...topics.map((topic) => ({
        label: `publishes to ${topic.id}`,
        expected: topic === operators ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
        request: onTopic('sns:Publish', topic),
      })),
      // With topic encryption, its publish to the operator topic needs the topic's key, which
      // it may use only through SNS.
      ...(operators.key === undefined
        ? []
        : ['kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) => {
            const useKey = (via: string) => ({
              ...job,
              action,
              resource: operators.key?.arn ?? '',
              resourcePolicy: operators.key?.policy,
              context: { 'kms:ViaService': via },
            });
            return [
              {
                label: `${action} on the operator topic's key, through SNS`,
                expected: 'Allowed' as const,
                request: useKey(`sns.${REGION}.amazonaws.com`),
              },
              {
                label: `${action} on the operator topic's key, through another service`,
                expected: 'ImplicitlyDenied' as const,
                request: useKey(`s3.${REGION}.amazonaws.com`),
              },
            ];
          })),
      ...['dynamodb:GetItem', 'dynamodb:PutItem'].flatMap((action) => [
        {
          label: `${action} of its own item`,
          expected: 'Allowed' as const,
          request: {
            ...job,
            action,
            resource: functions[0]?.tableArn ?? '',
            context: { 'dynamodb:LeadingKeys': ['#subscriptions'] },
          },
        },
        {
          label: `${action} of an account's item`,
          expected: 'ImplicitlyDenied' as const,
          request: {
            ...job,
            action,
            resource: functions[0]?.tableArn ?? '',
            context: { 'dynamodb:LeadingKeys': [functions[0]?.account ?? ''] },
          },
        },
      ]),
    ]);
  });

  it('no function (the checks, the watchdog, the subscription health, the acknowledge page) can unsubscribe anyone, from any topic', async () => {
    const roles = t.idsOf('AWS::Lambda::Function').map((id) => {
      const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
      return { id, principal: t.att(roleId, 'Arn'), identityPolicies: t.identityPolicies(roleId) };
    });
    expect(roles.length).toBe(functions.length + 3);
    await expectDecisions(
      roles.flatMap((role) =>
        topics.flatMap((topic) =>
          ['sns:Unsubscribe', 'sns:SetSubscriptionAttributes'].map((action) => ({
            label: `${role.id} ${action} on ${topic.id}`,
            expected: 'ImplicitlyDenied' as const,
            request: {
              principal: role.principal,
              action,
              // IAM authorizes it against the subscription's topic.
              resource: topic.arn,
              identityPolicies: role.identityPolicies,
              resourcePolicy: topic.policy,
              context: TLS,
            },
          })),
        ),
      ),
    );
    // The simulator can say yes to it: with a grant of sns:Unsubscribe, the same request passes.
    const [someone] = roles;
    const [topic] = topics;
    if (someone === undefined || topic === undefined) throw new Error('nothing to simulate');
    expect(
      await decide({
        principal: someone.principal,
        action: 'sns:Unsubscribe',
        resource: topic.arn,
        identityPolicies: [
          ...someone.identityPolicies,
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sns:Unsubscribe', Resource: topic.arn }],
          },
        ],
        resourcePolicy: topic.policy,
        context: TLS,
      }),
    ).toBe('Allowed');
  });

  it('each function publishes to its alert topic and to the operator topic (an alert given up on), over TLS only (using their key), and to no other topic', async () => {
    // The operator topic is the one the function's environment names, and the alarms' own.
    const operatorTopic = topics.find((topic) => topic.id.startsWith('OperatorAlarms'));
    for (const f of functions) expect(f.env.OPERATOR_TOPIC_ARN).toBe(operatorTopic?.arn);
    await expectDecisions(
      functions.flatMap((f) =>
        topics.flatMap((topic) => {
          const isAlerts = topic.arn === f.topicArn || topic.arn === f.env.OPERATOR_TOPIC_ARN;
          const publish = (context: Record<string, string>) => ({
            principal: f.roleArn,
            action: 'sns:Publish',
            resource: topic.arn,
            identityPolicies: f.identity,
            resourcePolicy: topic.policy,
            context,
          });
          return [
            {
              label: `${f.account} publishes to ${topic.id}`,
              expected: isAlerts ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
              request: publish(TLS),
            },
            {
              label: `${f.account} publishes to ${topic.id} without TLS`,
              expected: isAlerts ? ('ExplicitlyDenied' as const) : ('ExplicitlyDenied' as const),
              request: publish(NO_TLS),
            },
            ...(topic.key === undefined || !isAlerts
              ? []
              : ['kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) => {
                  const useKey = (via: string) => ({
                    principal: f.roleArn,
                    action,
                    resource: topic.key?.arn ?? '',
                    identityPolicies: f.identity,
                    resourcePolicy: topic.key?.policy,
                    context: { 'kms:ViaService': via },
                  });
                  return [
                    {
                      label: `${f.account} ${action} on the topic key, through SNS`,
                      expected: 'Allowed' as const,
                      request: useKey(`sns.${REGION}.amazonaws.com`),
                    },
                    {
                      // Only SNS may use the key on its behalf: not the function itself (to
                      // decrypt what it reads elsewhere), nor another service.
                      label: `${f.account} ${action} on the topic key, directly or through another service`,
                      expected: 'ImplicitlyDenied' as const,
                      request: useKey(`s3.${REGION}.amazonaws.com`),
                    },
                  ];
                })),
          ];
        }),
      ),
    );
  });

  it('each check sends to the parked-alerts queue (its count is the alert-given-up alarm) over TLS, and to no other queue; no other function sends there', async () => {
    const queues = t.idsOf('AWS::SQS::Queue');
    const parked = queues.find((id) => id.startsWith('ParkedAlerts')) ?? '';
    const queuePolicy = (id: string) => {
      const policyId = t
        .idsOf('AWS::SQS::QueuePolicy')
        .find((p) => JSON.stringify(t.resource(p).Properties?.Queues).includes(`"${id}"`));
      return policyId === undefined ? undefined : (t.prop(policyId, 'PolicyDocument') as never);
    };
    for (const f of functions) expect(f.env.PARKED_ALERTS_QUEUE_URL).toBe(t.ref(parked));
    const send = (roleArn: string, identity: PolicyDocument[], queue: string, tls = TLS) => ({
      principal: roleArn,
      action: 'sqs:SendMessage',
      resource: t.att(queue, 'Arn'),
      identityPolicies: identity,
      resourcePolicy: queuePolicy(queue),
      context: tls,
    });
    const checkRoles = new Set(functions.map((f) => f.roleId));
    const others = t
      .idsOf('AWS::Lambda::Function')
      .map((id) => t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string))
      .filter((roleId) => !checkRoles.has(roleId));
    expect(others.length).toBeGreaterThanOrEqual(2);
    await expectDecisions([
      ...functions.flatMap((f) =>
        queues.flatMap((queue) => [
          {
            label: `${f.account} sends to ${queue}`,
            expected: queue === parked ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
            request: send(f.roleArn, f.identity, queue),
          },
          {
            label: `${f.account} sends to ${queue} without TLS`,
            expected: 'ExplicitlyDenied' as const,
            request: send(f.roleArn, f.identity, queue, NO_TLS),
          },
        ]),
      ),
      ...functions.flatMap((f) =>
        ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue'].map((action) => ({
          label: `${f.account} ${action} on the parked alerts`,
          expected: 'ImplicitlyDenied' as const,
          request: { ...send(f.roleArn, f.identity, parked), action },
        })),
      ),
      ...others.map((roleId) => ({
        label: `${roleId} sends to the parked alerts`,
        expected: 'ImplicitlyDenied' as const,
        request: send(t.att(roleId, 'Arn'), t.identityPolicies(roleId), parked),
      })),
    ]);
  });

  it('each function (the checks, the watchdog, the subscription health, the acknowledge page) writes to its own log group only, with no managed policy', async () => {
    const writers = t.idsOf('AWS::Lambda::Function').map((id) => {
      const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
      return {
        id,
        roleArn: t.att(roleId, 'Arn'),
        identity: t.identityPolicies(roleId),
        managedPolicies: (t.prop(roleId, 'ManagedPolicyArns') ?? []) as unknown[],
        logGroup: (t.prop(id, 'LoggingConfig') as { LogGroup: string }).LogGroup,
      };
    });
    expect(writers).toHaveLength(functions.length + 3);
    for (const f of writers) expect(f.managedPolicies, f.id).toEqual([]);
    await expectDecisions(
      writers.flatMap((f) =>
        writers.flatMap((owner) =>
          ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({
            label: `${f.id} ${action} in ${owner.id}'s log group`,
            expected: owner === f ? ('Allowed' as const) : ('ImplicitlyDenied' as const),
            request: {
              principal: f.roleArn,
              action,
              resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${owner.logGroup}:log-stream:2026/11/28/[$LATEST]0123456789abcdef`,
              identityPolicies: f.identity,
            },
          })),
        ),
      ),
    );
  });

  it('another AWS account cannot publish to either topic, even with every permission of its own', async () => {
    await expectDecisions(
      topics.map((topic) => ({
        label: `an intruder publishes to ${topic.id}`,
        expected: 'ImplicitlyDenied' as const,
        request: {
          principal: intruder,
          action: 'sns:Publish',
          resource: topic.arn,
          identityPolicies: [allowEverything],
          resourcePolicy: topic.policy,
          context: TLS,
        },
      })),
    );
  });

  it('the simulator can fail: the same alarm paths are denied once the grant is removed or misspelt', async () => {
    const raw = template.toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const broken = structuredClone(raw);
    for (const resource of Object.values(broken.Resources)) {
      if (resource.Type !== 'AWS::SNS::TopicPolicy') continue;
      const document = resource.Properties.PolicyDocument as {
        Statement: { Sid?: string; Action: unknown }[];
      };
      for (const statement of document.Statement)
        if (statement.Sid === 'AllowThisStacksAlarms') statement.Action = 'sns:Publsh';
    }
    const brokenPaths = casesFor(
      new DeployedTemplate(broken as never, STACK_NAME),
    ).alarmPaths.filter((c) => c.request.action === 'sns:Publish');
    expect(brokenPaths.length).toBeGreaterThan(0);
    for (const c of brokenPaths) expect(await decide(c.request), c.label).toBe('ImplicitlyDenied');
  });
});
