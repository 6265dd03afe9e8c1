import { STACK_NAME } from '../../infra/monitor-app';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import {
  DeployedTemplate,
  OTHER_ACCOUNT,
  REGION,
  type PolicyDocument,
} from '../support/deployed-template';
import { alarmPathCases, modelOf } from '../support/template-paths';
import {
  expectDecisions as expectAll,
  type Decision,
  type SimulatedRequest,
} from '../support/iam-simulator';
import { itPassesCdkNagAndCfnLint } from '../support/cfn-lint';
import { synthesize } from '../support/synth';
import { synthesizedOnce } from '../support/shared-synth';
import { recipientsConfig, slackOps, teamsFinance } from '../support/shared-configs';

/**
 * Each account's own people, and the channels: read from the synthesized template as AWS would.
 * Account A's alerts cannot reach B's people: each recipient group has its own topic, the
 * functions may publish to their group's topics only, and read their group's secrets only.
 * The chat integration gets no permission. And what the deploy config refuses, by field.
 */

const config = recipientsConfig;
const synthesized = await synthesizedOnce('recipients');
const t = new DeployedTemplate(
  synthesized.template.toJSON() as { Resources: Record<string, never> },
  STACK_NAME,
);

const { functions, functionOf: fn } = modelOf(t);
const subscriptions = t.idsOf('AWS::SNS::Subscription').map((id) => ({
  endpoint: t.prop(id, 'Endpoint') as string,
  topic: t.prop(id, 'TopicArn') as string,
  protocol: t.prop(id, 'Protocol') as string,
}));

describe('per-account recipients, from the template', () => {
  it('each group has its own topic, and each function publishes to its own', () => {
    const [dakar, thies, stLouis] = ['Boutique Dakar', 'Thies', 'Saint-Louis'].map(fn);
    const topics = new Set([dakar, thies, stLouis].map((f) => f?.env.ALERT_TOPIC_ARN));
    expect(topics.size).toBe(3);
  });

  it("an account's people subscribe to its topic only; the stack's people to the stack's topic only", () => {
    const topicOf = (endpoint: string) =>
      subscriptions.filter((s) => s.endpoint === endpoint).map((s) => s.topic);
    expect(topicOf('dakar@example.sn')).toEqual([fn('Boutique Dakar').env.ALERT_TOPIC_ARN]);
    expect(topicOf('+221771234567')).toEqual([fn('Boutique Dakar').env.ALERT_TOPIC_ARN]);
    expect(topicOf('thies@example.sn')).toEqual([fn('Thies').env.ALERT_TOPIC_ARN]);
    expect(topicOf('finance@example.sn')).toEqual([fn('Saint-Louis').env.ALERT_TOPIC_ARN]);
  });

  it("each function's channels are its group's: chat topics, Telegram chats and webhooks of its own", () => {
    expect(fn('Boutique Dakar').channels.map((c) => `${c.kind}:${c.name}`)).toEqual([
      'chat:ops',
      'telegram:dakar-finance',
      'webhook:erp-dakar',
    ]);
    expect(fn('Thies').channels.map((c) => `${c.kind}:${c.name}`)).toEqual(['webhook:erp-thies']);
    expect(fn('Saint-Louis').channels.map((c) => `${c.kind}:${c.name}`)).toEqual([
      'chat:ops',
      'chat:finance-teams',
    ]);
    expect(fn('Boutique Dakar').env.ALERT_LOCALE).toBe('en');
    expect(fn('Thies').env.ALERT_LOCALE).toBe('fr');
  });

  it('one chat configuration per chat channel, reading the chat topics of every group that lists it', () => {
    const slack = t.idsOf('AWS::Chatbot::SlackChannelConfiguration');
    const teams = t.idsOf('AWS::Chatbot::MicrosoftTeamsChannelConfiguration');
    expect([slack.length, teams.length]).toEqual([1, 1]);
    const topicsOf = (id: string) => (t.prop(id, 'SnsTopicArns') as string[]).sort();
    const opsTopics = [fn('Boutique Dakar'), fn('Saint-Louis')].map((f) =>
      f.channels.find((c) => c.kind === 'chat' && c.name === 'ops'),
    );
    expect(topicsOf(slack[0] ?? '')).toEqual(
      opsTopics.map((c) => (c?.kind === 'chat' ? c.topicArn : '')).sort(),
    );
    expect(t.prop(slack[0] ?? '', 'SlackWorkspaceId')).toBe('T07GZ1D0BD5');
    expect(t.prop(teams[0] ?? '', 'TeamsChannelId')).toBe(teamsFinance.teams.channelId);
  });
});

/** The shared runner (it refuses an empty list too), from this file's [label, decision, request]. */
const expectDecisions = (cases: readonly [string, Decision, SimulatedRequest][]) =>
  expectAll(cases.map(([label, expected, request]) => ({ label, expected, request })));

describe('who may do what, evaluated by the IAM simulator', () => {
  it("each function publishes to its group's topics and reads its group's secrets, and nothing of another group's", async () => {
    const cases: [string, Decision, SimulatedRequest][] = [];
    for (const f of functions) {
      const asFunction = (action: string, resource: string): SimulatedRequest => ({
        principal: f.roleArn,
        action,
        resource,
        identityPolicies: f.identity,
      });
      for (const other of functions) {
        const mine = other === f;
        const sameGroup = other.env.ALERT_TOPIC_ARN === f.env.ALERT_TOPIC_ARN;
        cases.push([
          `${f.account} publishes to ${other.account}'s alert topic`,
          mine || sameGroup ? 'Allowed' : 'ImplicitlyDenied',
          asFunction('sns:Publish', other.env.ALERT_TOPIC_ARN ?? ''),
        ]);
        for (const channel of other.channels) {
          const own = f.channels.some((c) => JSON.stringify(c) === JSON.stringify(channel));
          if (channel.kind === 'chat')
            cases.push([
              `${f.account} publishes to chat topic ${channel.topicArn}`,
              own ? 'Allowed' : 'ImplicitlyDenied',
              asFunction('sns:Publish', channel.topicArn),
            ]);
          if (channel.kind === 'webhook')
            cases.push([
              `${f.account} reads webhook ${channel.name}'s signing secret`,
              own ? 'Allowed' : 'ImplicitlyDenied',
              asFunction('secretsmanager:GetSecretValue', channel.secretId),
            ]);
        }
      }
      const token = fn('Boutique Dakar').env.TELEGRAM_BOT_TOKEN_SECRET_ID ?? '';
      cases.push([
        `${f.account} reads the Telegram token`,
        f.channels.some((c) => c.kind === 'telegram') ? 'Allowed' : 'ImplicitlyDenied',
        asFunction('secretsmanager:GetSecretValue', token),
      ]);
    }
    expect(cases.length).toBeGreaterThan(20);
    await expectDecisions(cases);
  });

  it('the chat channels role has no permission, and its guardrail forbids every action', async () => {
    const roles = t
      .idsOf('AWS::IAM::Role')
      .filter((id) =>
        JSON.stringify(t.prop(id, 'AssumeRolePolicyDocument')).includes('chatbot.amazonaws.com'),
      );
    expect(roles).toHaveLength(1);
    const role = roles[0] ?? '';
    expect(t.identityPolicies(role)).toEqual([]);
    expect(t.prop(role, 'ManagedPolicyArns')).toBeNull();
    const guardrails = [
      ...t.idsOf('AWS::Chatbot::SlackChannelConfiguration'),
      ...t.idsOf('AWS::Chatbot::MicrosoftTeamsChannelConfiguration'),
    ].map((id) => t.prop(id, 'GuardrailPolicies') as string[]);
    for (const list of guardrails) {
      expect(list).toHaveLength(1);
      expect(list[0]).not.toMatch(/ReadOnlyAccess|AdministratorAccess/);
    }
    const guardrail = t.idByArn('AWS::IAM::ManagedPolicy', guardrails[0]?.[0] ?? '');
    const document = t.prop(guardrail, 'PolicyDocument') as never;
    const webhookSecret = fn('Thies').channels.find((c) => c.kind === 'webhook');
    const targets: [string, string][] = [
      ['sns:Publish', fn('Thies').env.ALERT_TOPIC_ARN ?? ''],
      [
        'secretsmanager:GetSecretValue',
        webhookSecret?.kind === 'webhook' ? webhookSecret.secretId : '',
      ],
      ['lambda:InvokeFunction', t.att(t.idsOf('AWS::Lambda::Function')[0] ?? '', 'Arn')],
      ['iam:PassRole', fn('Thies').roleArn],
    ];
    await expectDecisions(
      targets.map(([action, resource]) => [
        `the guardrail allows ${action}`,
        'ExplicitlyDenied',
        {
          principal: t.att(role, 'Arn'),
          action,
          resource,
          identityPolicies: [
            document,
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          ],
        },
      ]),
    );
  });
});

describe('the template with channels', () => {
  itPassesCdkNagAndCfnLint(() => synthesized);
});

describe('what the deploy config refuses, by field', () => {
  const base = {
    accounts: [{ name: 'main', lowBalanceThreshold: 1000 }],
    operatorEmails: ['ops@example.sn'],
  };
  it.each([
    [
      'an http webhook',
      { webhooks: [{ name: 'erp', url: 'http://erp.example.sn/hook' }] },
      'balanceMonitor.webhooks.0.url: must use https',
    ],
    [
      'a Slack channel name instead of its id',
      { chat: [{ name: 'ops', slack: { workspaceId: 'T07GZ1D0BD5', channelId: '#ops' } }] },
      'balanceMonitor.chat.0.slack.channelId: must be a Slack channel id such as C07HDEHUE11',
    ],
    [
      'a Slack channel without its workspace',
      { chat: [{ name: 'ops', slack: { channelId: 'C07HDEHUE11' } }] },
      'balanceMonitor.chat.0.slack.workspaceId: is required: a Slack channel id means nothing without its workspace id',
    ],
    [
      'a Teams channel id copied undecoded',
      {
        chat: [{ name: 'ops', teams: { ...teamsFinance.teams, channelId: '19:abc@thread.tacv2' } }],
      },
      'balanceMonitor.chat.0.teams.channelId: must be the channel id from its link, URL-encoded',
    ],
    [
      'a chat with both Slack and Teams',
      { chat: [{ ...slackOps, teams: teamsFinance.teams }] },
      'balanceMonitor.chat.0: must have exactly one of slack or teams',
    ],
    [
      'a Telegram chat id of the wrong shape',
      { telegram: [{ name: 'fin', chatId: 'finance-group' }] },
      'balanceMonitor.telegram.0.chatId: must be a numeric chat id',
    ],
    [
      'one webhook name for two URLs',
      {
        webhooks: [{ name: 'erp', url: 'https://a.example.sn' }],
        accounts: [
          {
            name: 'main',
            lowBalanceThreshold: 1000,
            recipients: { webhooks: [{ name: 'erp', url: 'https://b.example.sn' }] },
          },
        ],
      },
      'balanceMonitor.accounts.0.recipients.webhooks.0.name: "erp" already names webhook https://a.example.sn',
    ],
    [
      'one Slack channel under two names',
      {
        chat: [slackOps],
        accounts: [
          {
            name: 'main',
            lowBalanceThreshold: 1000,
            recipients: { chat: [{ ...slackOps, name: 'ops2' }] },
          },
        ],
      },
      'is already named "ops"',
    ],
    [
      'the same e-mail twice in one list',
      { alertEmails: ['a@example.sn', 'A@example.sn'] },
      'balanceMonitor.alertEmails.1: a@example.sn is listed twice',
    ],
    [
      "an account's own recipients that list nobody",
      { accounts: [{ name: 'main', lowBalanceThreshold: 1000, recipients: {} }] },
      'balanceMonitor.accounts.0.recipients: lists nobody',
    ],
    [
      'a route that lets nothing through',
      {
        webhooks: [
          { name: 'erp', url: 'https://a.example.sn', routing: { minLevel: 'NONE', also: [] } },
        ],
      },
      'balanceMonitor.webhooks.0.routing: lets nothing through',
    ],
  ])('%s', (_name, override, message) => {
    expect(() => parseDeployConfig({ ...base, ...override })).toThrow(message);
  });
});

describe("Lambda's 4 KB environment", () => {
  it('a config whose environment could pass 4 KB once deployed fails synth, naming the account', () => {
    const webhooks = Array.from({ length: 6 }, (_, i) => ({
      name: `erp-${'x'.repeat(26)}-${i}`,
      url: `https://hooks.example.sn/${'p'.repeat(60)}/${i}`,
    }));
    expect(() =>
      synthesize({
        accounts: [
          {
            name: 'Boutique Dakar Plateau Centre 01',
            lowBalanceThreshold: 1000,
            recipients: { webhooks },
          },
        ],
        operatorEmails: ['ops@example.sn'],
      }),
    ).toThrow(
      /account Boutique Dakar Plateau Centre 01: the function's environment would be about \d+ bytes, over Lambda's 4096/,
    );
  });
});

describe('the acknowledge page, evaluated by the IAM simulator', () => {
  // The function behind the Function URL (not merely one without an account: the watchdog).
  const [urlId] = t.idsOf('AWS::Lambda::Url');
  const pageId = t.idByArn(
    'AWS::Lambda::Function',
    t.prop(urlId ?? '', 'TargetFunctionArn') as string,
  );
  const env = (t.prop(pageId, 'Environment') as { Variables: Record<string, string> }).Variables;
  const roleId = t.idByArn('AWS::IAM::Role', t.prop(pageId, 'Role') as string);
  const asPage = (
    action: string,
    resource: string,
    context?: Record<string, unknown>,
  ): SimulatedRequest => ({
    principal: t.att(roleId, 'Arn'),
    action,
    resource,
    identityPolicies: t.identityPolicies(roleId),
    ...(context === undefined ? {} : { context: context as Record<string, string> }),
  });
  const table = `arn:aws:dynamodb:eu-west-3:111111111111:table/${env.STATE_TABLE_NAME ?? ''}`;

  it("reads the link key (never writes it), gets and puts the configured accounts' items, and nothing else", async () => {
    const webhook = fn('Thies').channels.find((c) => c.kind === 'webhook');
    await expectDecisions([
      [
        'read the link key',
        'Allowed',
        asPage('dynamodb:GetItem', table, { 'dynamodb:LeadingKeys': ['#link-key'] }),
      ],
      [
        'write the link key',
        'ImplicitlyDenied',
        asPage('dynamodb:PutItem', table, { 'dynamodb:LeadingKeys': ['#link-key'] }),
      ],
      [
        "read a webhook's secret",
        'ImplicitlyDenied',
        asPage(
          'secretsmanager:GetSecretValue',
          webhook?.kind === 'webhook' ? webhook.secretId : '',
        ),
      ],
      ...['Boutique Dakar', 'Thies', 'Saint-Louis'].flatMap(
        (account): [string, Decision, SimulatedRequest][] => [
          [
            `put ${account}'s item`,
            'Allowed',
            asPage('dynamodb:PutItem', table, { 'dynamodb:LeadingKeys': [account] }),
          ],
        ],
      ),
      [
        "put another stack's account's item",
        'ImplicitlyDenied',
        asPage('dynamodb:PutItem', table, { 'dynamodb:LeadingKeys': ['Someone Else'] }),
      ],
      [
        'scan the table',
        'ImplicitlyDenied',
        asPage('dynamodb:Scan', table, { 'dynamodb:LeadingKeys': ['Thies'] }),
      ],
      [
        'publish to an alert topic',
        'ImplicitlyDenied',
        asPage('sns:Publish', fn('Thies').env.ALERT_TOPIC_ARN ?? ''),
      ],
    ]);
  });

  it('each check reads the link key (its alerts carry the links); the watchdog does not', async () => {
    const watchdogId = t
      .idsOf('AWS::Lambda::Function')
      .find(
        (id) =>
          id !== pageId && !JSON.stringify(t.prop(id, 'Environment')).includes('ACCOUNT_NAME'),
      );
    const watchdogRole = t.idByArn('AWS::IAM::Role', t.prop(watchdogId ?? '', 'Role') as string);
    await expectDecisions([
      ...functions.map((f): [string, Decision, SimulatedRequest] => [
        `${f.account}'s check reads the link key`,
        'Allowed',
        {
          principal: f.roleArn,
          action: 'dynamodb:GetItem',
          resource: table,
          identityPolicies: f.identity,
          context: { 'dynamodb:LeadingKeys': ['#link-key'] },
        },
      ]),
      [
        'the watchdog reads the link key',
        'ImplicitlyDenied',
        {
          principal: t.att(watchdogRole, 'Arn'),
          action: 'dynamodb:GetItem',
          resource: table,
          identityPolicies: t.identityPolicies(watchdogRole),
          context: { 'dynamodb:LeadingKeys': ['#link-key'] },
        },
      ],
    ]);
  });

  it('anyone may open its Function URL, and reach the function through it only (its resource policy, as Lambda evaluates it)', async () => {
    // The function's resource policy, as Lambda builds it from the stack's permissions.
    const resourcePolicy = t.lambdaPolicy(pageId);
    // Anyone: a caller of another account, whose own policies allow it everything (across
    // accounts, both sides must allow); what decides is the function's resource policy.
    const anyone = `arn:aws:iam::${OTHER_ACCOUNT}:role/anyone`;
    const everything: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    };
    const request = (action: string, context: Record<string, string>): SimulatedRequest => ({
      principal: anyone,
      action,
      resource: t.att(pageId, 'Arn'),
      identityPolicies: [everything],
      resourcePolicy,
      context,
    });
    await expectDecisions([
      [
        'anyone opens the URL (no auth)',
        'Allowed',
        request('lambda:InvokeFunctionUrl', { 'lambda:FunctionUrlAuthType': 'NONE' }),
      ],
      [
        'anyone invokes it through the URL',
        'Allowed',
        request('lambda:InvokeFunction', { 'lambda:InvokedViaFunctionUrl': 'true' }),
      ],
      [
        'anyone invokes it directly (the Invoke API)',
        'ImplicitlyDenied',
        request('lambda:InvokeFunction', { 'lambda:InvokedViaFunctionUrl': 'false' }),
      ],
    ]);
  });

  it('its Function URL is public (the signed link is the credential), and it is the only function anyone may call', () => {
    const permissions = t.idsOf('AWS::Lambda::Permission').map((id) => ({
      action: t.prop(id, 'Action'),
      principal: t.prop(id, 'Principal'),
      auth: t.prop(id, 'FunctionUrlAuthType'),
      viaUrl: t.prop(id, 'InvokedViaFunctionUrl'),
      target: JSON.stringify(
        (
          synthesized.template.toJSON() as {
            Resources: Record<string, { Properties?: { FunctionName?: unknown } }>;
          }
        ).Resources[id]?.Properties?.FunctionName,
      ),
    }));
    const open = permissions.filter((p) => p.principal === '*');
    expect(open.length).toBeGreaterThan(0);
    for (const p of open) {
      expect(p.target).toContain(pageId);
      // Anyone may call the URL; the function itself only through it (no direct Invoke API).
      if (p.action === 'lambda:InvokeFunctionUrl') expect(p.auth).toBe('NONE');
      else expect(p).toMatchObject({ action: 'lambda:InvokeFunction', viaUrl: true });
    }
    expect(open.map((p) => p.action).sort()).toEqual([
      'lambda:InvokeFunction',
      'lambda:InvokeFunctionUrl',
    ]);
  });
});

describe('with the topics encrypted (topicEncryption kms), evaluated by the IAM simulator', () => {
  const tk = new DeployedTemplate(
    synthesize({ ...config, topicEncryption: 'kms' }).template.toJSON() as {
      Resources: Record<string, never>;
    },
    STACK_NAME,
  );
  const model = modelOf(tk);

  it("every alarm, the chat and per-account topics' delivery alarms too, may publish to its topic and use its key", async () => {
    const cases = alarmPathCases(tk);
    // The delivery alarms of a chat topic and of an account's own topic are among them.
    expect(cases.some((c) => /chat/i.test(c.label))).toBe(true);
    expect(cases.some((c) => /Dakar/i.test(c.label))).toBe(true);
    expect(cases.filter((c) => c.request.action.startsWith('kms:')).length).toBeGreaterThan(0);
    await expectAll(cases);
  });

  it("each check uses each of its topics' keys (its group's alerts, its chat topics) through SNS only", async () => {
    const cases = model.functions.flatMap((f) => {
      const topicArns = [
        f.topicArn,
        ...f.channels.flatMap((c) => (c.kind === 'chat' || c.kind === 'sms' ? [c.topicArn] : [])),
      ];
      return topicArns.flatMap((arn) => {
        const topic = model.topics.find((candidate) => candidate.arn === arn);
        if (topic?.key === undefined) throw new Error(`topic ${arn} has no key`);
        const useKey = (via: string): SimulatedRequest => ({
          principal: f.roleArn,
          action: 'kms:GenerateDataKey',
          resource: topic.key?.arn ?? '',
          identityPolicies: f.identity,
          resourcePolicy: topic.key?.policy,
          context: { 'kms:ViaService': via },
        });
        return [
          {
            label: `${f.account}: ${topic.id}'s key through SNS`,
            expected: 'Allowed' as const,
            request: useKey(`sns.${REGION}.amazonaws.com`),
          },
          {
            label: `${f.account}: ${topic.id}'s key through another service`,
            expected: 'ImplicitlyDenied' as const,
            request: useKey(`s3.${REGION}.amazonaws.com`),
          },
        ];
      });
    });
    expect(cases.length).toBeGreaterThanOrEqual(2 * 4);
    await expectAll(cases);
  });
});
