import { readFileSync } from 'node:fs';
import {
  GetSMSSandboxAccountStatusCommand,
  GetSubscriptionAttributesCommand,
  ListSMSSandboxPhoneNumbersCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STACK, parseVerifyArgs } from '../../tools/verify/options';
import { filterTakes, reachOfTest } from '../../tools/verify/recipients';
import { exitCodeOf, formatReport } from '../../tools/verify/report';
import { checkSmsSandbox } from '../../tools/verify/sms-sandbox';
import type { DeclaredSubscription } from '../../tools/verify/stack';
import {
  judgeSubscriptions,
  readSubscriptions,
  type LiveSubscription,
} from '../../tools/verify/subscriptions';

/**
 * What `npm run verify` says of subscriptions moto cannot produce (moto confirms every
 * subscription at once, with authentication): one PendingConfirmation, one confirmed by a
 * plain click. SNS's answers are mocked for these alone; the rest runs against moto in
 * test/integration/verify.test.ts.
 */

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:DexchangeBalanceMonitor-Alerts';
const region = 'eu-west-1';

const declared = (endpoint: string, protocol = 'email', filterPolicy?: unknown) =>
  ({
    logicalId: `Sub${endpoint}`,
    topicArn: TOPIC,
    protocol,
    endpoint,
    ...(filterPolicy === undefined ? {} : { filterPolicy }),
  }) satisfies DeclaredSubscription;

describe('subscriptions as SNS reports them', () => {
  it('reads a pending one by its ARN placeholder, a plain click by ConfirmationWasAuthenticated, and drops a Deleted one', async () => {
    const sns = mockClient(SNSClient);
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        {
          TopicArn: TOPIC,
          Protocol: 'email',
          Endpoint: 'new@example.com',
          SubscriptionArn: 'PendingConfirmation',
        },
        {
          TopicArn: TOPIC,
          Protocol: 'email',
          Endpoint: 'finance@example.com',
          SubscriptionArn: `${TOPIC}:1`,
        },
        {
          TopicArn: TOPIC,
          Protocol: 'sms',
          Endpoint: '+221770000001',
          SubscriptionArn: `${TOPIC}:2`,
        },
        // Unsubscribed a moment ago: SNS still lists it, as Deleted. It is gone.
        {
          TopicArn: TOPIC,
          Protocol: 'email',
          Endpoint: 'gone@example.com',
          SubscriptionArn: 'Deleted',
        },
      ],
    });
    sns
      .on(GetSubscriptionAttributesCommand, { SubscriptionArn: `${TOPIC}:1` })
      .resolves({
        Attributes: { PendingConfirmation: 'false', ConfirmationWasAuthenticated: 'false' },
      })
      .on(GetSubscriptionAttributesCommand, { SubscriptionArn: `${TOPIC}:2` })
      .resolves({
        Attributes: {
          PendingConfirmation: 'false',
          ConfirmationWasAuthenticated: 'true',
          FilterPolicy: '{"route":["CRITICAL","TEST"]}',
          FilterPolicyScope: 'MessageAttributes',
        },
      });
    const live = await readSubscriptions(new SNSClient({ region }), [TOPIC]);
    expect(live).toEqual([
      { topicArn: TOPIC, protocol: 'email', endpoint: 'new@example.com', state: 'pending' },
      {
        topicArn: TOPIC,
        protocol: 'email',
        endpoint: 'finance@example.com',
        arn: `${TOPIC}:1`,
        state: 'confirmed',
        authenticated: false,
      },
      {
        topicArn: TOPIC,
        protocol: 'sms',
        endpoint: '+221770000001',
        arn: `${TOPIC}:2`,
        state: 'confirmed',
        authenticated: true,
        filterPolicy: { route: ['CRITICAL', 'TEST'] },
      },
    ]);
    sns.restore();
  });
});

describe('judging the subscriptions against the template', () => {
  const live: LiveSubscription[] = [
    { topicArn: TOPIC, protocol: 'email', endpoint: 'new@example.com', state: 'pending' },
    {
      topicArn: TOPIC,
      protocol: 'email',
      endpoint: 'finance@example.com',
      arn: `${TOPIC}:1`,
      state: 'confirmed',
      authenticated: false,
    },
    {
      topicArn: TOPIC,
      protocol: 'email',
      endpoint: 'it@example.com',
      arn: `${TOPIC}:3`,
      state: 'confirmed',
      authenticated: true,
    },
    {
      topicArn: TOPIC,
      protocol: 'https',
      endpoint: 'https://chat.example',
      arn: `${TOPIC}:4`,
      state: 'confirmed',
      authenticated: true,
    },
  ];
  const findings = judgeSubscriptions(
    [
      declared('new@example.com'),
      declared('finance@example.com'),
      declared('it@example.com'),
      declared('+221770000002', 'sms', { route: ['CRITICAL', 'TEST'] }),
    ],
    live,
    region,
  );
  const about = (endpoint: string) => findings.find((f) => f.what.startsWith(endpoint));

  it('fails a pending address and names npm run confirm, with the command that sends a new e-mail', () => {
    expect(about('new@example.com')).toEqual({
      section: 'subscriptions',
      outcome: 'fail',
      what: 'new@example.com (email) on DexchangeBalanceMonitor-Alerts is PendingConfirmation: it gets nothing until confirmed',
      fix: `npm run confirm -- '<link from the confirmation e-mail AWS sent new@example.com>' (no e-mail? send a new one: aws sns subscribe --region eu-west-1 --topic-arn ${TOPIC} --protocol email --notification-endpoint new@example.com)`,
    });
  });

  it('warns of an address confirmed by a plain click, and says how to confirm it with authentication', () => {
    const finding = about('finance@example.com');
    expect(finding?.outcome).toBe('warn');
    expect(finding?.what).toMatch(
      /confirmed without authentication: one click on the unsubscribe link/,
    );
    expect(finding?.fix).toMatch(
      new RegExp(
        `^aws sns unsubscribe --region eu-west-1 --subscription-arn ${TOPIC}:1; aws sns subscribe .* --notification-endpoint finance@example.com; then, .*npm run confirm -- '<link from the e-mail>'`,
      ),
    );
  });

  it('fails a removed SMS number with a subscribe command that keeps its filter policy, and no e-mail step', () => {
    const finding = about('+221770000002');
    expect(finding?.outcome).toBe('fail');
    expect(finding?.fix).not.toMatch(/confirm/);
    const attributes = /--attributes '(.*)'$/.exec(finding?.fix ?? '')?.[1] ?? '';
    const parsed = JSON.parse(attributes) as Record<string, string>;
    expect(JSON.parse(parsed.FilterPolicy ?? '')).toEqual({ route: ['CRITICAL', 'TEST'] });
    expect(parsed.FilterPolicyScope).toBe('MessageAttributes');
  });

  it('passes an authenticated address, and only notes one the stack does not declare', () => {
    expect(about('it@example.com')?.outcome).toBe('ok');
    expect(about('https://chat.example')?.outcome).toBe('note');
    expect(exitCodeOf(findings.filter((f) => f.outcome !== 'fail'))).toBe(0);
    expect(exitCodeOf(findings)).toBe(1);
  });

  it('prints each fix under its finding', () => {
    const report = formatReport('npm run verify: stack S in eu-west-1', findings);
    expect(report).toMatch(
      /^Subscriptions\n {2}FAIL {2}new@example\.com .*\n {8}fix: npm run confirm/m,
    );
    expect(report).toMatch(/2 failed, 1 warning\(s\), 1 ok: apply each fix above/);
  });
});

describe('the SMS sandbox (not in moto: SNS mocked)', () => {
  const sms = (endpoint: string): LiveSubscription => ({
    topicArn: TOPIC,
    protocol: 'sms',
    endpoint,
    arn: `${TOPIC}:${endpoint}`,
    state: 'confirmed',
    authenticated: true,
  });
  const live = [sms('+221770000001'), sms('+221770000002'), sms('+221770000001')];

  it('fails each number not verified while the account is in the sandbox, and says how to verify it', async () => {
    const sns = mockClient(SNSClient);
    sns.on(GetSMSSandboxAccountStatusCommand).resolves({ IsInSandbox: true });
    sns.on(ListSMSSandboxPhoneNumbersCommand).resolves({
      PhoneNumbers: [
        { PhoneNumber: '+221770000001', Status: 'Verified' },
        { PhoneNumber: '+221770000002', Status: 'Pending' },
      ],
    });
    const findings = await checkSmsSandbox(new SNSClient({ region }), live, region);
    sns.restore();
    expect(findings.map((f) => [f.outcome, f.what])).toEqual([
      ['ok', 'SMS: +221770000001 is verified in the SMS sandbox'],
      [
        'fail',
        'SMS: the account is in the SMS sandbox and +221770000002 is not verified there: it receives no SMS',
      ],
    ]);
    expect(findings[1]?.fix).toMatch(
      /^aws sns create-sms-sandbox-phone-number --region eu-west-1 --phone-number \+221770000002, then .*verify-sms-sandbox-phone-number/,
    );
  });

  it('passes an account out of the sandbox, asks nothing without SMS, and notes an unreadable status', async () => {
    const sns = mockClient(SNSClient);
    sns.on(GetSMSSandboxAccountStatusCommand).resolves({ IsInSandbox: false });
    expect(await checkSmsSandbox(new SNSClient({ region }), live, region)).toEqual([
      {
        section: 'subscriptions',
        outcome: 'ok',
        what: 'SMS: the account is out of the SMS sandbox',
      },
    ]);
    expect(await checkSmsSandbox(new SNSClient({ region }), [], region)).toEqual([]);
    sns.on(GetSMSSandboxAccountStatusCommand).rejects(new Error('AccessDenied'));
    const [unread] = await checkSmsSandbox(new SNSClient({ region }), live, region);
    sns.restore();
    expect(unread?.outcome).toBe('note');
  });
});

describe('who a TEST alert reaches', () => {
  const check = {
    account: 'main',
    topicArn: TOPIC,
    secretId: 'key',
    channels: [
      {
        kind: 'sms' as const,
        name: 'sms',
        topicArn: TOPIC,
        route: { minLevel: 'CRITICAL' as const, also: ['TEST' as const] },
      },
      {
        kind: 'webhook' as const,
        name: 'erp',
        url: 'https://erp.example.sn/hook',
        secretId: 's',
        route: { minLevel: 'LOW' as const, also: ['TEST' as const] },
      },
      {
        kind: 'telegram' as const,
        name: 'ops',
        chatId: '-100123',
        route: { minLevel: 'LOW' as const, also: [] },
      },
    ],
  };
  it('names the e-mail, the SMS held apart, the webhook; not a pending address, nor a route without TEST', () => {
    const live: LiveSubscription[] = [
      {
        topicArn: TOPIC,
        protocol: 'email',
        endpoint: 'finance@example.com',
        arn: 'a',
        state: 'confirmed',
        authenticated: true,
        filterPolicy: { audience: [{ exists: false }] },
      },
      {
        topicArn: TOPIC,
        protocol: 'sms',
        endpoint: '+221770000001',
        arn: 'b',
        state: 'confirmed',
        authenticated: true,
        filterPolicy: { audience: ['sms'] },
      },
      {
        topicArn: TOPIC,
        protocol: 'email',
        endpoint: 'cfo@example.com',
        arn: 'c',
        state: 'confirmed',
        authenticated: true,
        filterPolicy: { route: ['CRITICAL'], audience: [{ exists: false }] },
      },
      { topicArn: TOPIC, protocol: 'email', endpoint: 'new@example.com', state: 'pending' },
    ];
    expect(reachOfTest(check, live)).toEqual({
      reached: [
        'finance@example.com (e-mail)',
        '+221770000001 (SMS)',
        'webhook erp (erp.example.sn)',
      ],
      missed: [
        'cfo@example.com (e-mail): its filter policy does not take TEST',
        'new@example.com (e-mail): PendingConfirmation',
      ],
    });
  });

  it('judges only the filter rules the stack writes, and says so of any other', () => {
    const test = { route: ['TEST'], severity: ['TEST'] };
    expect(filterTakes(undefined, test)).toBe(true);
    expect(filterTakes({ route: ['LOW', 'TEST'] }, test)).toBe(true);
    expect(filterTakes({ route: ['LOW'] }, test)).toBe(false);
    expect(filterTakes({ audience: [{ exists: false }] }, test)).toBe(true);
    expect(filterTakes({ audience: [{ exists: true }] }, test)).toBe(false);
    expect(filterTakes({ route: [{ prefix: 'TE' }] }, test)).toBe('unknown');
    expect(filterTakes({ $or: [] }, test)).toBe('unknown');
  });
});

describe('npm run verify options', () => {
  it('defaults to the stack name the app deploys', () => {
    const app = readFileSync(new URL('../../infra/monitor-app.ts', import.meta.url), 'utf8');
    expect(app).toContain(`export const STACK_NAME = '${DEFAULT_STACK}';`);
    expect(parseVerifyArgs([])).toEqual({
      stack: DEFAULT_STACK,
      alarms: true,
      invoke: true,
      help: false,
    });
  });

  it('names the option to fix', () => {
    expect(() => parseVerifyArgs(['--region', 'Europe'])).toThrow(
      /^--region must be an AWS region such as eu-west-1/,
    );
    expect(() => parseVerifyArgs(['--stak', 'x'])).toThrow(/--stak/);
    expect(
      parseVerifyArgs(['--stack', 'Monitor2', '--region', 'eu-west-1', '--no-alarms']),
    ).toEqual({
      stack: 'Monitor2',
      region: 'eu-west-1',
      alarms: false,
      invoke: true,
      help: false,
    });
  });
});
