import {
  ACCOUNT,
  OTHER_ACCOUNT,
  REGION,
  type DeployedTemplate,
  type PolicyDocument,
} from './deployed-template';
import type { SimulationCase } from './iam-simulator';
import { channelListSchema } from '../../lambda/contract/channels';

/**
 * What a synthesized template holds that the IAM simulation reasons about (its checks, topics
 * and their keys, alarms, schedules), and the cases that prove its alarm and schedule paths:
 * the stack's template (iam-simulation.test.ts), one with every channel (recipients.test.ts),
 * a nested stack's (scale.test.ts).
 */

const TLS = { 'aws:SecureTransport': 'true' };

export function modelOf(t: DeployedTemplate) {
  // The balance checks (the acknowledge page has its own cases, in recipients.test.ts).
  const checks = t
    .idsOf('AWS::Lambda::Function')
    .filter((id) => JSON.stringify(t.prop(id, 'Environment')).includes('ACCOUNT_NAME'));
  const functions = checks.map((id) => {
    const env = (t.prop(id, 'Environment') as { Variables: Record<string, string> }).Variables;
    const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
    const secretRef = env.DEXCHANGE_API_KEY_SECRET_ID ?? '';
    // A created secret's ARN is complete; an imported one is named, and AWS adds 6 characters.
    const created = t.idsOf('AWS::SecretsManager::Secret').some((s) => t.ref(s) === secretRef);
    return {
      id,
      arn: t.att(id, 'Arn'),
      account: env.ACCOUNT_NAME ?? '',
      env,
      roleArn: t.att(roleId, 'Arn'),
      roleId,
      identity: t.identityPolicies(roleId),
      managedPolicies: (t.prop(roleId, 'ManagedPolicyArns') ?? []) as unknown[],
      secretArn: created ? secretRef : `${secretRef}-AbCdEf`,
      tableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${env.STATE_TABLE_NAME ?? ''}`,
      topicArn: env.ALERT_TOPIC_ARN ?? '',
      logGroup: (t.prop(id, 'LoggingConfig') as { LogGroup: string }).LogGroup,
      /** Its channels (CHANNELS), read with the function's own schema when first asked. */
      get channels() {
        return channelListSchema.parse(JSON.parse(env.CHANNELS ?? '[]'));
      },
    };
  });
  const functionOf = (account: string) => {
    const found = functions.find((f) => f.account === account);
    if (found === undefined) throw new Error(`no function for ${account}`);
    return found;
  };
  const topics = t.idsOf('AWS::SNS::Topic').map((id) => {
    const keyArn = t.prop(id, 'KmsMasterKeyId') as string | null;
    const keyId = keyArn === null ? undefined : t.idByArn('AWS::KMS::Key', keyArn);
    return {
      id,
      arn: t.att(id, 'TopicArn'),
      policy: t.topicPolicy(id),
      key:
        keyId === undefined
          ? undefined
          : { arn: t.att(keyId, 'Arn'), policy: t.prop(keyId, 'KeyPolicy') as PolicyDocument },
    };
  });
  const topicByArn = (arn: string) => {
    const topic = topics.find((candidate) => candidate.arn === arn);
    if (topic === undefined) throw new Error(`no topic ${arn}`);
    return topic;
  };
  const alarms = t.idsOf('AWS::CloudWatch::Alarm').map((id) => ({
    id,
    arn: t.att(id, 'Arn'),
    actions: [
      ...((t.prop(id, 'AlarmActions') ?? []) as string[]),
      ...((t.prop(id, 'OKActions') ?? []) as string[]),
    ],
  }));
  const schedules = t.idsOf('AWS::Scheduler::Schedule').map((id) => {
    const target = t.prop(id, 'Target') as {
      Arn: string;
      RoleArn: string;
      DeadLetterConfig?: { Arn: string };
    };
    const roleId = t.idByArn('AWS::IAM::Role', target.RoleArn);
    return {
      id,
      functionArn: target.Arn,
      dlqArn: target.DeadLetterConfig?.Arn ?? '',
      roleArn: target.RoleArn,
      trust: t.prop(roleId, 'AssumeRolePolicyDocument') as PolicyDocument,
      identity: t.identityPolicies(roleId),
      groupArn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/${String(t.prop(id, 'GroupName'))}`,
    };
  });
  return { functions, functionOf, topics, topicByArn, alarms, schedules };
}

/**
 * Every alarm action: CloudWatch may publish to its topic (and use the topic's key), with that
 * alarm's SourceArn and SourceAccount, over TLS. An action on a topic of another template (a
 * nested stack's alarm on the operator topic) is left to its own test.
 */
export function alarmPathCases(t: DeployedTemplate): SimulationCase[] {
  const { topics, alarms } = modelOf(t);
  return alarms.flatMap((alarm) =>
    [...new Set(alarm.actions)].flatMap((action) => {
      const topic = topics.find((candidate) => candidate.arn === action);
      if (topic === undefined) return [];
      const context = { 'aws:SourceArn': alarm.arn, 'aws:SourceAccount': ACCOUNT, ...TLS };
      const cloudwatch = { principal: 'cloudwatch.amazonaws.com', context };
      return [
        {
          label: `${alarm.id} publishes to its topic`,
          expected: 'Allowed' as const,
          request: {
            ...cloudwatch,
            action: 'sns:Publish',
            resource: topic.arn,
            resourcePolicy: topic.policy,
          },
        },
        ...(topic.key === undefined
          ? []
          : ['kms:GenerateDataKey', 'kms:Decrypt'].map((kmsAction) => ({
              label: `${alarm.id} uses the topic's key (${kmsAction})`,
              expected: 'Allowed' as const,
              request: {
                ...cloudwatch,
                action: kmsAction,
                resource: topic.key?.arn ?? '',
                resourcePolicy: topic.key?.policy,
              },
            }))),
      ];
    }),
  );
}

/**
 * Each schedule's role: assumed by Scheduler from its own group and account only; invokes
 * exactly its function; sends to the dead-letter queue and no other.
 */
export function schedulePathCases(t: DeployedTemplate): SimulationCase[] {
  const { schedules } = modelOf(t);
  const queues = t.idsOf('AWS::SQS::Queue').map((id) => ({ id, arn: t.att(id, 'Arn') }));
  return schedules.flatMap((s): SimulationCase[] => {
    // The dead-letter queues of the schedules sharing this role (an account's check and its
    // digest share one role, each with its own queue): every other queue of the stack, the
    // parked alerts' included (a send there would raise the alerts-given-up alarm), refused.
    const ownQueues = new Set(
      schedules.filter((o) => o.roleArn === s.roleArn).map((o) => o.dlqArn),
    );
    // Another account's (or the watchdog's) group, role and function: the digest shares its
    // account's.
    const others = schedules.filter((o) => o.groupArn !== s.groupArn);
    const assume = (context: Record<string, string>) => ({
      principal: 'scheduler.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: s.roleArn,
      resourcePolicy: s.trust,
      context,
    });
    const asRole = (action: string, resource: string) => ({
      principal: s.roleArn,
      action,
      resource,
      identityPolicies: s.identity,
    });
    const good = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': s.groupArn };
    return [
      { label: `${s.id}: assume`, expected: 'Allowed' as const, request: assume(good) },
      {
        label: `${s.id}: assume from another account`,
        expected: 'ImplicitlyDenied' as const,
        request: assume({ ...good, 'aws:SourceAccount': OTHER_ACCOUNT }),
      },
      {
        label: `${s.id}: assume from the default group`,
        expected: 'ImplicitlyDenied' as const,
        request: assume({
          ...good,
          'aws:SourceArn': `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/default`,
        }),
      },
      ...others.map((o) => ({
        label: `${s.id}: assume from ${o.id}'s group`,
        expected: 'ImplicitlyDenied' as const,
        request: assume({ ...good, 'aws:SourceArn': o.groupArn }),
      })),
      {
        label: `${s.id}: invoke its function`,
        expected: 'Allowed' as const,
        request: asRole('lambda:InvokeFunction', s.functionArn),
      },
      {
        label: `${s.id}: invoke a version of its function`,
        expected: 'ImplicitlyDenied' as const,
        request: asRole('lambda:InvokeFunction', `${s.functionArn}:1`),
      },
      ...others.map((o) => ({
        label: `${s.id}: invoke ${o.id}'s function`,
        expected: 'ImplicitlyDenied' as const,
        request: asRole('lambda:InvokeFunction', o.functionArn),
      })),
      {
        label: `${s.id}: send to the dead-letter queue`,
        expected: 'Allowed' as const,
        request: asRole('sqs:SendMessage', s.dlqArn),
      },
      {
        label: `${s.id}: send to a queue not in the stack`,
        expected: 'ImplicitlyDenied' as const,
        request: asRole('sqs:SendMessage', `arn:aws:sqs:${REGION}:${ACCOUNT}:other`),
      },
      ...queues
        .filter((q) => !ownQueues.has(q.arn))
        .map((q) => ({
          label: `${s.id}: send to ${q.id}`,
          expected: 'ImplicitlyDenied' as const,
          request: asRole('sqs:SendMessage', q.arn),
        })),
    ];
  });
}
