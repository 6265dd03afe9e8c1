import { schedulePathCases } from '../support/template-paths';
import { STACK_NAME } from '../../infra/monitor-app';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  DeployedTemplate,
  REGION,
  type PolicyDocument,
} from '../support/deployed-template';
import { expectDecisions } from '../support/iam-simulator';
import { itPassesCfnLint } from '../support/cfn-lint';
import { templatesToLint } from '../support/lint-selection';
import type { Synthesized } from '../support/synth';
import { synthesizedOnce } from '../support/shared-synth';

/**
 * One deploy for 100 accounts: the first 25 in the main stack, each further 25 in a nested
 * stack, every template within CloudFormation's limits, cdk-nag and cfn-lint clean, and the
 * accounts of different stacks as isolated as those of one (proved by the IAM simulator on the
 * nested template, its parameters resolved from the parent's).
 */

interface Json {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: object;
  Parameters?: object;
}
function templatesOf(synthesized: Synthesized) {
  const outdir = path.dirname(synthesized.templatePath);
  const all = readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => {
      const text = readFileSync(path.join(outdir, f), 'utf8');
      return { file: path.join(outdir, f), bytes: text.length, json: JSON.parse(text) as Json };
    });
  const top = all.find((t) => t.file === synthesized.templatePath);
  return { all, main: top, nested: all.filter((t) => t !== top) };
}
const hundred = await synthesizedOnce('scale-hundred');
const { all: templates, main, nested } = templatesOf(hundred);
/** 100 accounts, each with its own people (a topic, its subscriptions, its delivery alarm). */
const ownPeople = await synthesizedOnce('scale-own-people');
const own = templatesOf(ownPeople);

/** A nested template, its parameters resolved from what its parent passes it. */
function nestedTemplate(parentJson: Json | undefined, t: { file: string; json: Json } | undefined) {
  if (parentJson === undefined || t === undefined) throw new Error('no template');
  const parent = new DeployedTemplate(parentJson as never, STACK_NAME);
  // The nested stack "AccountsN" is the file DexchangeBalanceMonitorAccountsN<hash>... and the
  // resource AccountsNNestedStack...Resource<hash> of the parent.
  const n = /Accounts(\d+)/.exec(path.basename(t.file))?.[1];
  const id = Object.keys(parentJson.Resources).find((rid) =>
    rid.startsWith(`Accounts${n ?? ''}NestedStack`),
  );
  if (id === undefined) throw new Error(`no parent resource for ${t.file}`);
  const passed = parent.prop(id, 'Parameters') as Record<string, unknown>;
  const parameters = Object.fromEntries(
    Object.entries(passed).map(([name, value]) => [name, String(value)]),
  );
  return new DeployedTemplate(t.json as never, `${STACK_NAME}-${id}`, parameters);
}

describe('one deploy of 100 accounts', () => {
  it('is the main stack and three nested stacks, each within CloudFormation limits, with or without accounts of their own people', () => {
    expect(main).toBeDefined();
    expect(nested).toHaveLength(3);
    expect(own.nested).toHaveLength(3);
    for (const t of [...templates, ...own.all]) {
      expect(Object.keys(t.json.Resources).length, t.file).toBeLessThanOrEqual(500);
      expect(Object.keys(t.json.Outputs ?? {}).length, t.file).toBeLessThanOrEqual(200);
      expect(Object.keys(t.json.Parameters ?? {}).length, t.file).toBeLessThanOrEqual(200);
      expect(t.bytes, t.file).toBeLessThan(1_000_000);
    }
    const functions = templates.flatMap((t) =>
      Object.values(t.json.Resources).filter(
        (r) =>
          r.Type === 'AWS::Lambda::Function' &&
          JSON.stringify(r.Properties?.Environment ?? {}).includes('ACCOUNT_NAME'),
      ),
    );
    expect(functions).toHaveLength(100);
  });

  it('passes cdk-nag with every finding acknowledged', () => {
    for (const synthesized of [hundred, ownPeople]) {
      const report = JSON.parse(readFileSync(synthesized.validationReport, 'utf8')) as {
        pluginReports: unknown[];
      };
      expect(report.pluginReports).toEqual([]);
    }
  });

  it('reads no saved query past 50 log groups (what one Logs Insights query may read)', () => {
    const queries = Object.values(main?.json.Resources ?? {}).filter(
      (r) => r.Type === 'AWS::Logs::QueryDefinition',
    );
    const names = queries.map((q) => String(q.Properties?.Name));
    expect(names).toContain('DexchangeBalanceMonitor/balances');
    expect(names).toContain('DexchangeBalanceMonitor/balances-2');
    for (const q of queries)
      expect((q.Properties?.LogGroupNames as unknown[]).length).toBeLessThanOrEqual(50);
  });

  it("a nested stack's delivery alarm may publish to the main stack's operator topic (its name, its action, the topic's policy)", async () => {
    const parent = new DeployedTemplate(own.main?.json as never, STACK_NAME);
    const operatorTopic = parent
      .idsOf('AWS::SNS::Topic')
      .find((id) => id.startsWith('OperatorAlarms'));
    if (operatorTopic === undefined) throw new Error('no operator topic');
    const child = nestedTemplate(own.main?.json, own.nested[0]);
    const alarms = child.idsOf('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBe(25);
    // The operator topic is encrypted (topicEncryption kms): CloudWatch also uses its key.
    const keyId = parent.idByArn(
      'AWS::KMS::Key',
      parent.prop(operatorTopic, 'KmsMasterKeyId') as string,
    );
    await expectDecisions(
      alarms.flatMap((id) => {
        const actions = child.prop(id, 'AlarmActions') as string[];
        expect(actions).toEqual([parent.att(operatorTopic, 'TopicArn')]);
        const cloudwatch = {
          principal: 'cloudwatch.amazonaws.com',
          context: {
            'aws:SourceArn': child.att(id, 'Arn'),
            'aws:SourceAccount': ACCOUNT,
            'aws:SecureTransport': 'true',
          },
        };
        return [
          {
            label: `${id} publishes to the operator topic`,
            expected: 'Allowed' as const,
            request: {
              ...cloudwatch,
              action: 'sns:Publish',
              resource: actions[0] ?? '',
              resourcePolicy: parent.topicPolicy(operatorTopic),
            },
          },
          ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => ({
            label: `${id} uses the operator topic's key (${action})`,
            expected: 'Allowed' as const,
            request: {
              ...cloudwatch,
              action,
              resource: parent.att(keyId, 'Arn'),
              resourcePolicy: parent.prop(keyId, 'KeyPolicy') as PolicyDocument,
            },
          })),
        ];
      }),
    );
  });

  it("a nested stack's balance checks may publish to the main stack's operator topic (an alert given up on), using its key through SNS only", async () => {
    const parent = new DeployedTemplate(own.main?.json as never, STACK_NAME);
    const operatorTopic =
      parent.idsOf('AWS::SNS::Topic').find((id) => id.startsWith('OperatorAlarms')) ?? '';
    const keyId = parent.idByArn(
      'AWS::KMS::Key',
      parent.prop(operatorTopic, 'KmsMasterKeyId') as string,
    );
    const parkedQueue =
      parent.idsOf('AWS::SQS::Queue').find((id) => id.startsWith('ParkedAlerts')) ?? '';
    const child = nestedTemplate(own.main?.json, own.nested[0]);
    const functions = child
      .idsOf('AWS::Lambda::Function')
      .filter((id) => JSON.stringify(child.prop(id, 'Environment')).includes('ACCOUNT_NAME'))
      .map((id) => {
        const env = (child.prop(id, 'Environment') as { Variables: Record<string, string> })
          .Variables;
        const roleId = child.idByArn('AWS::IAM::Role', child.prop(id, 'Role') as string);
        return {
          account: env.ACCOUNT_NAME ?? '',
          env,
          roleArn: child.att(roleId, 'Arn'),
          identity: child.identityPolicies(roleId),
        };
      });
    expect(functions).toHaveLength(25);
    await expectDecisions(
      functions.flatMap((f) => {
        // The environment names the main stack's topic, passed to the nested stack.
        expect(f.env.OPERATOR_TOPIC_ARN).toBe(parent.att(operatorTopic, 'TopicArn'));
        // And the main stack's parked-alerts queue, which it may send to (its alarm's count).
        expect(f.env.PARKED_ALERTS_QUEUE_URL).toBe(parent.ref(parkedQueue));
        const asFunction = (action: string, resource: string, context: Record<string, string>) => ({
          principal: f.roleArn,
          action,
          resource,
          identityPolicies: f.identity,
          context,
        });
        return [
          {
            label: `${f.account} sends to the main stack's parked-alerts queue`,
            expected: 'Allowed' as const,
            request: asFunction('sqs:SendMessage', parent.att(parkedQueue, 'Arn'), {
              'aws:SecureTransport': 'true',
            }),
          },
          {
            label: `${f.account} publishes to the operator topic`,
            expected: 'Allowed' as const,
            request: {
              ...asFunction('sns:Publish', f.env.OPERATOR_TOPIC_ARN ?? '', {
                'aws:SecureTransport': 'true',
              }),
              resourcePolicy: parent.topicPolicy(operatorTopic),
            },
          },
          ...[
            [`sns.${REGION}.amazonaws.com`, 'Allowed' as const],
            [`s3.${REGION}.amazonaws.com`, 'ImplicitlyDenied' as const],
          ].map(([via, expected]) => ({
            label: `${f.account} kms:GenerateDataKey on the operator topic's key through ${via}`,
            expected: expected as 'Allowed' | 'ImplicitlyDenied',
            request: {
              ...asFunction('kms:GenerateDataKey', parent.att(keyId, 'Arn'), {
                'kms:ViaService': via ?? '',
              }),
              resourcePolicy: parent.prop(keyId, 'KeyPolicy') as PolicyDocument,
            },
          })),
        ];
      }),
    );
  });

  it("a nested stack's schedules: each role assumed by Scheduler from its own group only, invoking exactly its function, sending to the main stack's dead-letter queue", async () => {
    const child = nestedTemplate(main?.json, nested[0]);
    const parent = new DeployedTemplate(main?.json as never, STACK_NAME);
    const cases = schedulePathCases(child);
    expect(cases.length).toBeGreaterThan(25 * 5);
    // The queue the nested roles send to is the main stack's one (its dead letters, not its
    // parked alerts).
    const queue = parent
      .idsOf('AWS::SQS::Queue')
      .find((id) => id.startsWith('ScheduleDeadLetters'));
    expect(
      cases.some(
        (c) =>
          c.request.action === 'sqs:SendMessage' &&
          c.expected === 'Allowed' &&
          c.request.resource === parent.att(queue ?? '', 'Arn'),
      ),
    ).toBe(true);
    await expectDecisions(cases);
  });

  it('has nested stacks alike but for the accounts: the one cfn-lint reads stands for the others', () => {
    const shape = (t: { json: Json }) =>
      Object.entries(t.json.Resources)
        .map(([id, r]) => {
          // The logical id without its hash and numbers, the type, and which properties are set.
          const name = id.replace(/[0-9A-F]{8}$/u, '').replace(/\d+/gu, '#');
          return `${name} ${r.Type} ${Object.keys(r.Properties ?? {})
            .sort()
            .join(',')}`;
        })
        .sort();
    for (const config of [{ nested }, { nested: own.nested }]) {
      const [first, ...others] = config.nested;
      expect(others.length).toBeGreaterThan(0);
      for (const other of others) expect(shape(other), other.file).toEqual(shape(first ?? other));
    }
  });

  itPassesCfnLint('passes cfn-lint: the main templates and a nested one of each', () => [
    ...templatesToLint(path.dirname(hundred.templatePath)),
    ...templatesToLint(path.dirname(ownPeople.templatePath)),
  ]);

  it('adding accounts at the end moves none of those already deployed', async () => {
    const before = (await synthesizedOnce('scale-25')).template.toJSON() as Json;
    const after = main?.json.Resources ?? {};
    // Every resource of 25 accounts keeps its logical id (so its secret, its item) at 100.
    const moved = Object.keys(before.Resources).filter((id) => !(id in after));
    expect(moved).toEqual([]);
  });

  it("an account of a nested stack reads its own secret and item only, not another stack's account's", async () => {
    const parent = new DeployedTemplate(main?.json as never, STACK_NAME);
    const childOf = (t: (typeof nested)[number]) => nestedTemplate(main?.json, t);
    const checksOf = (t: DeployedTemplate) =>
      t
        .idsOf('AWS::Lambda::Function')
        .filter((id) => JSON.stringify(t.prop(id, 'Environment')).includes('ACCOUNT_NAME'))
        .map((id) => {
          const env = (t.prop(id, 'Environment') as { Variables: Record<string, string> })
            .Variables;
          const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
          return {
            account: env.ACCOUNT_NAME ?? '',
            secretArn: env.DEXCHANGE_API_KEY_SECRET_ID ?? '',
            tableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${env.STATE_TABLE_NAME ?? ''}`,
            roleArn: t.att(roleId, 'Arn'),
            identity: t.identityPolicies(roleId),
          };
        });
    const [second, third] = nested.map(childOf);
    const a = second === undefined ? undefined : checksOf(second)[0];
    const b = third === undefined ? undefined : checksOf(third)[0];
    const c = checksOf(parent)[0];
    if (a === undefined || b === undefined || c === undefined) throw new Error('no checks');
    const as = (action: string, resource: string, context: Record<string, string[]> = {}) => ({
      principal: a.roleArn,
      action,
      resource,
      identityPolicies: a.identity,
      context,
    });
    await expectDecisions([
      {
        label: `${a.account} reads its secret`,
        expected: 'Allowed',
        request: as('secretsmanager:GetSecretValue', a.secretArn),
      },
      ...[b, c].map((other) => ({
        label: `${a.account} reads ${other.account}'s secret`,
        expected: 'ImplicitlyDenied' as const,
        request: as('secretsmanager:GetSecretValue', other.secretArn),
      })),
      {
        label: `${a.account} puts its item`,
        expected: 'Allowed',
        request: as('dynamodb:PutItem', a.tableArn, { 'dynamodb:LeadingKeys': [a.account] }),
      },
      ...[b, c].map((other) => ({
        label: `${a.account} puts ${other.account}'s item`,
        expected: 'ImplicitlyDenied' as const,
        request: as('dynamodb:PutItem', a.tableArn, { 'dynamodb:LeadingKeys': [other.account] }),
      })),
    ]);
    // The table the nested function names is the main stack's.
    expect(a.tableArn).toBe(c.tableArn);
  });
});
