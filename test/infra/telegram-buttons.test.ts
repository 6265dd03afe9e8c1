import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { STACK_NAME } from '../../infra/monitor-app';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setWebhookCommand, TELEGRAM_WEBHOOK_CONCURRENCY } from '../../infra/telegram-buttons';
import { startFakeTelegram } from '../../tools/fake-telegram';
import { DeployedTemplate, OTHER_ACCOUNT } from '../support/deployed-template';
import { expectDecisions, oneAccountItemCases } from '../support/iam-simulator';
import { threeAccounts } from '../support/shared-configs';
import { withDakarRecipients } from '../support/with-dakar-recipients';
import { synthesizedOnce } from '../support/shared-synth';
import { synthesize } from '../support/synth';

/**
 * The Telegram webhook as the stack provisions it: a public Function URL with a cap of its own,
 * the button only on the checks of accounts with a Telegram chat, the set-webhook command as an
 * output holding no secret, and a role that reads exactly the link key's item and its secret
 * token and gets and puts exactly the Telegram accounts' state items, proved by the IAM
 * simulation of the synthesized template.
 */

const config = {
  ...withDakarRecipients({
    alertEmails: ['caisse@boutique.sn'],
    telegram: [{ name: 'caisse', chatId: '-1001234567890' }],
  }),
  telegramButtons: true,
};
const { template } = synthesize(config);
const t = new DeployedTemplate(
  template.toJSON() as { Resources: Record<string, never> },
  STACK_NAME,
);
const run = promisify(execFile);
type Fn = { Properties: { ReservedConcurrentExecutions?: number; Environment?: unknown } };
const fnOf = (id: string) => template.findResources('AWS::Lambda::Function')[id] as Fn;
const webhookId = t
  .idsOf('AWS::Lambda::Function')
  .find((id) => JSON.stringify(t.resource(id)).includes('TELEGRAM_WEBHOOK_SECRET_ID'));
if (webhookId === undefined) throw new Error('no Telegram webhook');
const roleId = t.idByArn('AWS::IAM::Role', t.prop(webhookId, 'Role') as string);
const webhook = { principal: t.att(roleId, 'Arn'), identityPolicies: t.identityPolicies(roleId) };
const tableId = t.idsOf('AWS::DynamoDB::GlobalTable')[0] ?? t.idsOf('AWS::DynamoDB::Table')[0];
if (tableId === undefined) throw new Error('no state table');
const tableArn = t.att(tableId, 'Arn');
const secrets = t.idsOf('AWS::SecretsManager::Secret');
const tokenId = secrets.find((id) => id.startsWith('TelegramButtonsWebhookSecretToken'));
if (tokenId === undefined) throw new Error('no secret token');

describe('the Telegram webhook in the template', () => {
  it('is a public Function URL (the secret token and the MAC are its credentials) with its own cap', () => {
    expect(fnOf(webhookId).Properties.ReservedConcurrentExecutions).toBe(
      TELEGRAM_WEBHOOK_CONCURRENCY,
    );
    const urls = Object.values(template.findResources('AWS::Lambda::Url')).map(
      (u) => (u as { Properties: Record<string, unknown> }).Properties,
    );
    expect(urls.filter((u) => JSON.stringify(u.TargetFunctionArn).includes(webhookId))).toEqual([
      { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [webhookId, 'Arn'] } },
    ]);
    const env = JSON.stringify(fnOf(webhookId).Properties.Environment);
    expect(env).toContain('"ACCOUNT_NAMES":"[\\"Boutique Dakar\\"]"');
  });

  it('puts the button on the checks of accounts with a Telegram chat only', () => {
    const checks = t
      .idsOf('AWS::Lambda::Function')
      .filter((id) => JSON.stringify(t.resource(id)).includes('DEXCHANGE_API_KEY_SECRET_ID'));
    expect(checks).toHaveLength(3);
    const withButton = checks.filter((id) =>
      JSON.stringify(fnOf(id).Properties.Environment).includes('"ACK_TELEGRAM_BUTTONS":"true"'),
    );
    expect(withButton).toHaveLength(1);
    expect(JSON.stringify(fnOf(withButton[0] ?? '').Properties.Environment)).toContain(
      'Boutique Dakar',
    );
  });

  it('prints the setWebhook command (callback_query only, the secrets read, never written out)', () => {
    const outputs = template.toJSON() as { Outputs: Record<string, { Value: unknown }> };
    const command = JSON.stringify(outputs.Outputs.TelegramSetWebhookCommand?.Value);
    expect(command).toContain('/setWebhook');
    expect(command).toContain('secret_token=%s');
    expect(command).toContain('aws secretsmanager get-secret-value');
    expect(JSON.stringify(outputs.Outputs)).not.toContain('resolve:secretsmanager');
  });

  it('the command sets the webhook with its secret token, the secrets on no command line (bash and curl against the fake Telegram)', async () => {
    const telegram = await startFakeTelegram({ token: '123456:ABC-token', chats: [] });
    const kept = await mkdtemp(path.join(tmpdir(), 'set-webhook-'));
    try {
      const url = 'https://abc.lambda-url.eu-west-3.on.aws/';
      const command = setWebhookCommand(
        'eu-west-3',
        'bot-token',
        'secret-token',
        url,
        telegram.url,
      );
      // The AWS CLI stood in for by a shell function; curl is the real one, behind a function
      // that keeps the arguments it is given (what a process list shows) and its standard input.
      const aws = `aws() { case "$*" in *bot-token*) echo '123456:ABC-token';; *) echo 'Sekret_token-1';; esac; }; `;
      const curl = `curl() { printf '%s\\n' "$@" > '${kept}/args'; tee '${kept}/stdin' | command curl "$@"; }; `;
      const { stdout } = await run('bash', ['-c', aws + curl + command]);
      expect(JSON.parse(stdout)).toMatchObject({ ok: true, description: 'Webhook was set' });
      expect(telegram.webhook()).toEqual({
        url,
        secretToken: 'Sekret_token-1',
        allowedUpdates: ['callback_query'],
      });
      // curl's arguments: the config read from standard input, the URL, the updates; no secret.
      const args = (await readFile(path.join(kept, 'args'), 'utf8')).split('\n').slice(0, -1);
      expect(args).toEqual([
        '-sS',
        '-K',
        '-',
        '--data-urlencode',
        `url=${url}`,
        '--data-urlencode',
        'allowed_updates=["callback_query"]',
      ]);
      // The two secrets reached curl on its standard input only.
      expect(await readFile(path.join(kept, 'stdin'), 'utf8')).toBe(
        `url = "${telegram.url}/bot123456:ABC-token/setWebhook"\n` +
          'data-urlencode = "secret_token=Sekret_token-1"\n',
      );
      expect(command).not.toMatch(/123456|Sekret/);
    } finally {
      await telegram.close();
      await rm(kept, { recursive: true, force: true });
    }
  });

  it('is absent unless configured, and refused without the links or without a Telegram chat', async () => {
    const plain = (await synthesizedOnce('stack-three-accounts')).template;
    expect(JSON.stringify(plain.toJSON())).not.toContain('TELEGRAM_WEBHOOK_SECRET_ID');
    expect(JSON.stringify(plain.toJSON())).not.toContain('ACK_TELEGRAM_BUTTONS');
    expect(() => parseDeployConfig({ ...config, acknowledgeLinks: false })).toThrow(
      /balanceMonitor\.telegramButtons: is true with acknowledgeLinks false: the buttons are signed with the "I'm on it" links' key/,
    );
    expect(() => parseDeployConfig({ ...threeAccounts, telegramButtons: true })).toThrow(
      /balanceMonitor\.telegramButtons: is true but no account has a Telegram chat/,
    );
    expect(parseDeployConfig(threeAccounts).telegramButtons).toBe(false);
  });
});

describe("the webhook's Function URL, evaluated as Lambda would", () => {
  it('anyone may open it and reach the function through it, never by the Invoke API', async () => {
    // A caller of another account whose own policies allow everything: the function's resource
    // policy decides.
    const request = (action: string, context: Record<string, string>) => ({
      principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/anyone`,
      action,
      resource: t.att(webhookId, 'Arn'),
      identityPolicies: [
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      ],
      resourcePolicy: t.lambdaPolicy(webhookId),
      context,
    });
    await expectDecisions([
      {
        label: 'open the URL (no auth)',
        expected: 'Allowed',
        request: request('lambda:InvokeFunctionUrl', { 'lambda:FunctionUrlAuthType': 'NONE' }),
      },
      {
        label: 'invoke through the URL',
        expected: 'Allowed',
        request: request('lambda:InvokeFunction', { 'lambda:InvokedViaFunctionUrl': 'true' }),
      },
      {
        label: 'invoke directly',
        expected: 'ImplicitlyDenied',
        request: request('lambda:InvokeFunction', { 'lambda:InvokedViaFunctionUrl': 'false' }),
      },
    ]);
  });
});

describe("the webhook's role, evaluated as AWS would", () => {
  const on = (action: string, key: string) => ({
    ...webhook,
    action,
    resource: tableArn,
    context: { 'dynamodb:LeadingKeys': [key] },
  });

  it("gets and puts the Telegram account's item only: no other account's, no scan, no delete", async () => {
    await expectDecisions(
      oneAccountItemCases(webhook, tableArn, { own: 'Boutique Dakar', other: 'Thies' }),
    );
  });

  it('reads the link key (never writes it) and its secret token, and no other secret (not the bot token, no API key)', async () => {
    const others = secrets.filter((id) => id !== tokenId);
    expect(others.some((id) => id.includes('TelegramBotToken'))).toBe(true);
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
      {
        label: `read ${tokenId}`,
        expected: 'Allowed' as const,
        request: { ...webhook, action: 'secretsmanager:GetSecretValue', resource: t.ref(tokenId) },
      },
      ...others.map((id) => ({
        label: `read ${id}`,
        expected: 'ImplicitlyDenied' as const,
        request: { ...webhook, action: 'secretsmanager:GetSecretValue', resource: t.ref(id) },
      })),
      {
        label: 'write its secret token',
        expected: 'ImplicitlyDenied',
        request: { ...webhook, action: 'secretsmanager:PutSecretValue', resource: t.ref(tokenId) },
      },
    ]);
  });

  it('publishes nothing and starts nothing', async () => {
    const topics = t.idsOf('AWS::SNS::Topic');
    const functions = t.idsOf('AWS::Lambda::Function');
    expect(topics.length).toBeGreaterThan(0);
    await expectDecisions([
      ...topics.map((id) => ({
        label: `publish ${id}`,
        expected: 'ImplicitlyDenied' as const,
        request: {
          ...webhook,
          action: 'sns:Publish',
          resource: t.ref(id),
          context: { 'aws:SecureTransport': 'true' },
        },
      })),
      ...functions.map((id) => ({
        label: `invoke ${id}`,
        expected: 'ImplicitlyDenied' as const,
        request: { ...webhook, action: 'lambda:InvokeFunction', resource: t.att(id, 'Arn') },
      })),
    ]);
  });
});
