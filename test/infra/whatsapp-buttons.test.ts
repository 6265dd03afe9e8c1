import { describe, expect, it } from 'vitest';
import { STACK_NAME } from '../../infra/monitor-app';
import { WHATSAPP_REGIONS } from '../../infra/config/whatsapp-region';
import { WHATSAPP_EVENTS_CONCURRENCY } from '../../infra/whatsapp-buttons';
import { itPassesCdkNagAndCfnLint } from '../support/cfn-lint';
import { ACCOUNT, DeployedTemplate, OTHER_ACCOUNT, REGION } from '../support/deployed-template';
import { decide, expectDecisions, oneAccountItemCases } from '../support/iam-simulator';
import { synthesizedOnce } from '../support/shared-synth';
import { synthesize } from '../support/synth';
import { withDakarRecipients } from '../support/with-dakar-recipients';

/**
 * WhatsApp's "I'm on it" as the stack provisions it: the event topic End User Messaging Social
 * may publish to (for this AWS account only), the function subscribed to it with a cap of its
 * own and the registered numbers in its environment, the payload only on the checks of
 * accounts with WhatsApp recipients, and a role that reads exactly the link key's item and gets
 * and puts exactly the WhatsApp accounts' state items, proved by the IAM simulation.
 */

const PHONE = 'phone-number-id-0123456789abcdef0123456789abcdef';
const config = withDakarRecipients({
  alertEmails: ['caisse@boutique.sn'],
  whatsapp: [{ name: 'awa-diop', number: '+221771234567' }],
  whatsappPhoneNumberId: PHONE,
});
const { template } = synthesize(config);
const t = new DeployedTemplate(
  template.toJSON() as { Resources: Record<string, never> },
  STACK_NAME,
);
type Fn = { Properties: { ReservedConcurrentExecutions?: number; Environment?: unknown } };
const fnOf = (id: string) => template.findResources('AWS::Lambda::Function')[id] as Fn;
const handlerId = t
  .idsOf('AWS::Lambda::Function')
  .find((id) => JSON.stringify(t.resource(id)).includes('WHATSAPP_RECIPIENTS'));
if (handlerId === undefined) throw new Error('no WhatsApp event function');
const roleId = t.idByArn('AWS::IAM::Role', t.prop(handlerId, 'Role') as string);
const fn = { principal: t.att(roleId, 'Arn'), identityPolicies: t.identityPolicies(roleId) };
const tableId = t.idsOf('AWS::DynamoDB::GlobalTable')[0] ?? t.idsOf('AWS::DynamoDB::Table')[0];
if (tableId === undefined) throw new Error('no state table');
const tableArn = t.att(tableId, 'Arn');
const secrets = t.idsOf('AWS::SecretsManager::Secret');
const topicId = t.idsOf('AWS::SNS::Topic').find((id) => id.startsWith('WhatsAppButtonsEvents'));
const keys = t.idsOf('AWS::KMS::Key');
if (topicId === undefined) throw new Error('no WhatsApp event topic');

describe('the WhatsApp event topic and its function in the template', () => {
  it('subscribes the function to the topic, with its own cap and the registered numbers', () => {
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map(
      (s) => (s as { Properties: Record<string, unknown> }).Properties,
    );
    expect(subscriptions).toContainEqual(
      expect.objectContaining({
        Protocol: 'lambda',
        TopicArn: { Ref: topicId },
        Endpoint: { 'Fn::GetAtt': [handlerId, 'Arn'] },
      }),
    );
    expect(fnOf(handlerId).Properties.ReservedConcurrentExecutions).toBe(
      WHATSAPP_EVENTS_CONCURRENCY,
    );
    const env = JSON.stringify(fnOf(handlerId).Properties.Environment);
    expect(env).toContain('Boutique Dakar');
    expect(env).toContain('+221771234567');
    expect(env).toContain('"PARKED_ALERTS_QUEUE_URL":{"Ref":"ParkedAlerts');
    const outputs = template.toJSON() as { Outputs: Record<string, { Value: unknown }> };
    expect(outputs.Outputs.WhatsAppEventTopicArn?.Value).toEqual({ Ref: topicId });
  });

  it('CloudFormation itself refuses a region without End User Messaging Social (a template synthesized with no region named)', () => {
    const rules = (template.toJSON() as { Rules?: Record<string, unknown> }).Rules ?? {};
    expect(rules.WhatsAppRegion).toEqual({
      Assertions: [
        {
          Assert: { 'Fn::Contains': [[...WHATSAPP_REGIONS], { Ref: 'AWS::Region' }] },
          AssertDescription: expect.stringContaining('End User Messaging Social') as unknown,
        },
      ],
    });
  });

  it('puts the payload on the checks of accounts with WhatsApp recipients only', () => {
    const checks = t
      .idsOf('AWS::Lambda::Function')
      .filter((id) => JSON.stringify(t.resource(id)).includes('DEXCHANGE_API_KEY_SECRET_ID'));
    expect(checks).toHaveLength(3);
    const withButton = checks.filter((id) =>
      JSON.stringify(fnOf(id).Properties.Environment).includes('"ACK_WHATSAPP_BUTTONS":"true"'),
    );
    expect(withButton).toHaveLength(1);
    expect(JSON.stringify(fnOf(withButton[0] ?? '').Properties.Environment)).toContain(
      'Boutique Dakar',
    );
  });

  it('is absent without WhatsApp recipients', async () => {
    const plain = JSON.stringify((await synthesizedOnce('stack-three-accounts')).template.toJSON());
    expect(plain).not.toContain('WHATSAPP_RECIPIENTS');
    expect(plain).not.toContain('ACK_WHATSAPP_BUTTONS');
  });

  it('without the links, still reads failed deliveries (the operator topic in its environment), but no press: no key, no payload', async () => {
    const noLinks = synthesize({ ...config, acknowledgeLinks: false }).template;
    const functions = Object.values(noLinks.findResources('AWS::Lambda::Function')) as Fn[];
    const events = functions.find((f) =>
      JSON.stringify(f.Properties.Environment).includes('WHATSAPP_RECIPIENTS'),
    );
    const env = JSON.stringify(events?.Properties.Environment);
    expect(env).toContain('OPERATOR_TOPIC_ARN');
    expect(env).not.toContain('ACK_WHATSAPP_BUTTONS');
    // Nor may it read the link key.
    const k = new DeployedTemplate(noLinks.toJSON() as never, STACK_NAME);
    const id = k
      .idsOf('AWS::Lambda::Function')
      .find((f) => JSON.stringify(k.resource(f)).includes('WHATSAPP_RECIPIENTS'));
    const role = k.idByArn('AWS::IAM::Role', k.prop(id ?? '', 'Role') as string);
    const table = k.idsOf('AWS::DynamoDB::GlobalTable')[0] ?? '';
    expect(
      await decide({
        principal: k.att(role, 'Arn'),
        identityPolicies: k.identityPolicies(role),
        action: 'dynamodb:GetItem',
        resource: k.att(table, 'Arn'),
        context: { 'dynamodb:LeadingKeys': ['#link-key'] },
      }),
    ).toBe('ImplicitlyDenied');
    expect(JSON.stringify(noLinks.toJSON())).not.toContain('ACK_WHATSAPP_BUTTONS');
  });
});

describe('who may do what, evaluated as AWS would', () => {
  const publish = (context: Record<string, string>) => ({
    principal: 'social-messaging.amazonaws.com',
    action: 'sns:Publish',
    resource: t.ref(topicId),
    resourcePolicy: t.topicPolicy(topicId),
    context: { 'aws:SecureTransport': 'true', ...context },
  });

  it('SNS may start the function for this topic only (its resource policy, as Lambda evaluates it)', async () => {
    const invoke = (sourceArn: string) => ({
      principal: 'sns.amazonaws.com',
      action: 'lambda:InvokeFunction',
      resource: t.att(handlerId, 'Arn'),
      resourcePolicy: t.lambdaPolicy(handlerId),
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': ACCOUNT },
    });
    const other = t.idsOf('AWS::SNS::Topic').find((id) => id !== topicId);
    if (other === undefined) throw new Error('no other topic');
    await expectDecisions([
      { label: 'from the event topic', expected: 'Allowed', request: invoke(t.ref(topicId)) },
      { label: `from ${other}`, expected: 'ImplicitlyDenied', request: invoke(t.ref(other)) },
    ]);
  });

  it('End User Messaging Social publishes to the topic for this AWS account only, over TLS', async () => {
    await expectDecisions([
      {
        label: 'this account',
        expected: 'Allowed',
        request: publish({ 'aws:SourceAccount': ACCOUNT }),
      },
      {
        label: 'another account',
        expected: 'ImplicitlyDenied',
        request: publish({ 'aws:SourceAccount': OTHER_ACCOUNT }),
      },
      {
        label: 'without TLS',
        expected: 'ExplicitlyDenied',
        request: publish({ 'aws:SourceAccount': ACCOUNT, 'aws:SecureTransport': 'false' }),
      },
    ]);
  });

  const on = (action: string, key: string) => ({
    ...fn,
    action,
    resource: tableArn,
    context: { 'dynamodb:LeadingKeys': [key] },
  });

  it("the function gets and puts the WhatsApp account's item only: no other's, no scan, no delete", async () => {
    await expectDecisions(
      oneAccountItemCases(fn, tableArn, { own: 'Boutique Dakar', other: 'Thies' }),
    );
  });

  it('the function reads the link key (never writes it) and no secret, publishes to the operator topic only, sends no WhatsApp', async () => {
    expect(JSON.stringify(fnOf(handlerId).Properties.Environment)).toContain(
      '"ACK_WHATSAPP_BUTTONS":"true"',
    );
    await expectDecisions([
      {
        label: 'get the link key',
        expected: 'Allowed',
        request: on('dynamodb:GetItem', '#link-key'),
      },
      {
        label: 'put the link key',
        expected: 'ImplicitlyDenied',
        request: on('dynamodb:PutItem', '#link-key'),
      },
      ...secrets.map((id) => ({
        label: `read ${id}`,
        expected: 'ImplicitlyDenied' as const,
        request: { ...fn, action: 'secretsmanager:GetSecretValue', resource: t.ref(id) },
      })),
      // The operator topic, for the late failures; not the alert topics, not the event topic.
      ...t.idsOf('AWS::SNS::Topic').map((id) => ({
        label: `publish ${id}`,
        expected: id.startsWith('OperatorAlarms')
          ? ('Allowed' as const)
          : ('ImplicitlyDenied' as const),
        request: {
          ...fn,
          action: 'sns:Publish',
          resource: t.ref(id),
          context: { 'aws:SecureTransport': 'true' },
        },
      })),
      // The operator topic's key, through SNS only.
      ...keys.flatMap((id) => [
        {
          label: `use ${id} through SNS`,
          expected: 'Allowed' as const,
          request: {
            ...fn,
            action: 'kms:GenerateDataKey',
            resource: t.att(id, 'Arn'),
            resourcePolicy: t.prop(id, 'KeyPolicy') as never,
            context: { 'kms:ViaService': `sns.${REGION}.amazonaws.com` },
          },
        },
        {
          label: `use ${id} directly`,
          expected: 'ImplicitlyDenied' as const,
          request: {
            ...fn,
            action: 'kms:GenerateDataKey',
            resource: t.att(id, 'Arn'),
            resourcePolicy: t.prop(id, 'KeyPolicy') as never,
          },
        },
      ]),
      // Its queues (the parked alerts', the dead letters'): the next case.
      {
        label: 'send WhatsApp',
        expected: 'ImplicitlyDenied',
        request: {
          ...fn,
          action: 'social-messaging:SendWhatsAppMessage',
          resource: `arn:aws:social-messaging:eu-west-3:${ACCOUNT}:phone-number-id/0123456789abcdef0123456789abcdef`,
        },
      },
    ]);
  });

  it('an event that failed is tried twice more, then kept in the dead-letter queue (alarmed); the function sends to it and the parked-alerts queue, no other', async () => {
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map(
      (c) => (c as { Properties: Record<string, unknown> }).Properties,
    );
    const queues = t.idsOf('AWS::SQS::Queue');
    // Its own queue, not the schedules' (whose lost runs the dead-man switch sees).
    const dlq = queues.find((id) => id.startsWith('AlarmedDeadLetters'));
    if (dlq === undefined) throw new Error('no dead-letter queue');
    expect(configs).toContainEqual(
      expect.objectContaining({
        FunctionName: { Ref: handlerId },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      }),
    );
    // The alarm that watches the queue: what the operators hear when an event is lost.
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) =>
      JSON.stringify(a),
    );
    expect(alarms.some((a) => a.includes(dlq) && a.includes('WhatsApp'))).toBe(true);
    await expectDecisions(
      queues.map((id) => ({
        label: `send to ${id}`,
        // The dead-letter queue is Lambda's (the function's role sends there for it); the
        // parked-alerts queue the function's own (a late failure parked).
        expected:
          id === dlq || id.startsWith('ParkedAlerts')
            ? ('Allowed' as const)
            : ('ImplicitlyDenied' as const),
        request: { ...fn, action: 'sqs:SendMessage', resource: t.att(id, 'Arn') },
      })),
    );
  });
});

describe('with topicEncryption "kms"', () => {
  it("the topic is encrypted with the stack's key, and End User Messaging Social may use it for this account only", async () => {
    const kms = synthesize({ ...config, topicEncryption: 'kms' }).template.toJSON() as {
      Resources: Record<string, never>;
    };
    const k = new DeployedTemplate(kms, STACK_NAME);
    const topic = k.idsOf('AWS::SNS::Topic').find((id) => id.startsWith('WhatsAppButtonsEvents'));
    const [keyId] = k.idsOf('AWS::KMS::Key');
    if (topic === undefined || keyId === undefined) throw new Error('no topic or key');
    expect(k.prop(topic, 'KmsMasterKeyId')).toBe(k.att(keyId, 'Arn'));
    const use = (account: string, action: string) => ({
      principal: 'social-messaging.amazonaws.com',
      action,
      resource: k.att(keyId, 'Arn'),
      resourcePolicy: k.prop(keyId, 'KeyPolicy') as never,
      context: { 'aws:SourceAccount': account },
    });
    await expectDecisions(
      ['kms:GenerateDataKey', 'kms:Decrypt'].flatMap((action) => [
        { label: `${action}, this account`, expected: 'Allowed', request: use(ACCOUNT, action) },
        {
          label: `${action}, another account`,
          expected: 'ImplicitlyDenied',
          request: use(OTHER_ACCOUNT, action),
        },
      ]),
    );
  });
});

// A digest too: the richest template, which cfn-lint reads in the shared run.
const richest = await synthesizedOnce('digest-whatsapp');

describe('with a digest too (the richest template)', () => {
  const r = new DeployedTemplate(
    richest.template.toJSON() as { Resources: Record<string, never> },
    STACK_NAME,
  );

  it("has what it stands for: every account's digest and the WhatsApp events, both lost into the one alarmed queue", () => {
    const queue = r.idsOf('AWS::SQS::Queue').find((id) => id.startsWith('AlarmedDeadLetters'));
    if (queue === undefined) throw new Error('no alarmed dead-letter queue');
    const sendsThere = (type: string) =>
      r
        .idsOf(type)
        .filter((id) => JSON.stringify(r.resource(id)).includes(`"Fn::GetAtt":["${queue}","Arn"]`));
    // Each account's digest at its time (Thies' own, the stack's for the others), and no other
    // schedule: their lost runs are the dead-man switch's.
    expect(
      Object.fromEntries(
        sendsThere('AWS::Scheduler::Schedule').map((id) => [
          id.replace(/[0-9A-F]{8}$/, ''),
          r.prop(id, 'ScheduleExpression'),
        ]),
      ),
    ).toEqual({
      BoutiqueDakarDigestSchedule: 'cron(30 7 * * ? *)',
      ThiesDigestSchedule: 'cron(30 6 * * ? *)',
      StLouisDigestSchedule: 'cron(30 7 * * ? *)',
    });
    expect(sendsThere('AWS::Lambda::EventInvokeConfig')).toEqual([
      expect.stringMatching(/^WhatsAppButtonsHandlerEventInvokeConfig/),
    ]);
  });

  itPassesCdkNagAndCfnLint(() => richest);
});
