import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CALLBACK_CONCURRENCY, callbackUrlsCommand } from '../../infra/callback-receiver';
import { parseDeployConfig } from '../../infra/config';
import { STACK_NAME } from '../../infra/monitor-app';
import { callbackToken } from '../../lambda/callback/token';
import {
  ACCOUNT,
  DeployedTemplate,
  REGION,
  type PolicyDocument,
} from '../support/deployed-template';
import { expectDecisions } from '../support/iam-simulator';
import { threeAccounts } from '../support/shared-configs';
import { synthesize } from '../support/synth';
import { execFileSync } from 'node:child_process';

/**
 * The callback receiver as the stack provisions it: a public Function URL with a cap of its
 * own, no token in any output, and a role that may start exactly the accounts' checks, write
 * exactly their `#callback:` items and read exactly its key, proved by the IAM simulation.
 */

/** The customer-managed key of Thies' signing secret. */
const SIGNING_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/5c1e2d3f-1111-4222-8333-944445555666`;
const config = {
  ...threeAccounts,
  accounts: threeAccounts.accounts.map((a) =>
    a.name === 'Thies'
      ? {
          ...a,
          callbackSigningSecret: 'prod/thies/callback-signing',
          callbackSigningKmsKeyArn: SIGNING_KEY,
        }
      : a,
  ),
  callbacks: { windowSeconds: 30 },
};
const { template } = synthesize(config);
const t = new DeployedTemplate(
  template.toJSON() as { Resources: Record<string, never> },
  STACK_NAME,
);

type Fn = { Properties: { ReservedConcurrentExecutions?: number; Environment?: unknown } };
const functionIds = (tpl: Template) => Object.keys(tpl.findResources('AWS::Lambda::Function'));
const receiverId = t
  .idsOf('AWS::Lambda::Function')
  .find((id) => JSON.stringify(t.resource(id)).includes('CALLBACK_KEY_SECRET_ID'));
if (receiverId === undefined) throw new Error('no callback receiver');
const checkIds = t
  .idsOf('AWS::Lambda::Function')
  .filter((id) => JSON.stringify(t.resource(id)).includes('DEXCHANGE_API_KEY_SECRET_ID'));
const roleId = t.idByArn('AWS::IAM::Role', t.prop(receiverId, 'Role') as string);
const receiver = { principal: t.att(roleId, 'Arn'), identityPolicies: t.identityPolicies(roleId) };
const tableId = t.idsOf('AWS::DynamoDB::GlobalTable')[0] ?? t.idsOf('AWS::DynamoDB::Table')[0];
if (tableId === undefined) throw new Error('no state table');
const tableArn = t.att(tableId, 'Arn');
const keyId = t.idsOf('AWS::SecretsManager::Secret').find((id) => id.startsWith('CallbacksKey'));
if (keyId === undefined) throw new Error('no callback key');

describe('the callback receiver in the template', () => {
  it('is a public Function URL (no IAM auth, no CORS) with its own reserved concurrency', () => {
    const fn = template.findResources('AWS::Lambda::Function')[receiverId] as Fn;
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(CALLBACK_CONCURRENCY);
    const urls = Object.values(template.findResources('AWS::Lambda::Url')).map(
      (u) => (u as { Properties: Record<string, unknown> }).Properties,
    );
    const own = urls.filter((u) => JSON.stringify(u.TargetFunctionArn).includes(receiverId));
    expect(own).toEqual([
      { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [receiverId, 'Arn'] } },
    ]);
    // The checks keep their own 1 each: a flood at the URL never reaches their concurrency.
    expect(checkIds).toHaveLength(3);
    for (const id of checkIds)
      expect(
        (template.findResources('AWS::Lambda::Function')[id] as Fn).Properties
          .ReservedConcurrentExecutions,
      ).toBe(1);
    expect(functionIds(template)).toContain(receiverId);
  });

  it("knows each account's check function and the window", () => {
    const env = JSON.stringify(
      (template.findResources('AWS::Lambda::Function')[receiverId] as Fn).Properties.Environment,
    );
    for (const id of checkIds) expect(env).toContain(id);
    expect(env).toContain('"CALLBACK_WINDOW_SECONDS":"30"');
  });

  it('puts no token in any output: the URLs come from a command that reads the key', () => {
    const outputs = template.toJSON() as { Outputs: Record<string, { Value: unknown }> };
    const command = outputs.Outputs.CallbackUrlsCommand;
    expect(command).toBeDefined();
    expect(JSON.stringify(outputs.Outputs)).not.toContain('resolve:secretsmanager');
  });

  it('the URLs command derives the token as the receiver does (run with openssl)', () => {
    const command = callbackUrlsCommand(
      'eu-west-3',
      'arn:key',
      'https://x.lambda-url.eu-west-3.on.aws/',
      ['Boutique Thiès', 'main'],
    ).replace(/^K=\$\([^)]*\)/, "K='the-key'");
    const printed = execFileSync('bash', ['-c', command], { encoding: 'utf8' });
    expect(printed).toBe(
      `Boutique Thiès https://x.lambda-url.eu-west-3.on.aws/${callbackToken('the-key', 'Boutique Thiès')}\nmain https://x.lambda-url.eu-west-3.on.aws/${callbackToken('the-key', 'main')}\n`,
    );
  });

  it('refuses callbacks with reservedConcurrency 0, naming both fields', () => {
    expect(() =>
      parseDeployConfig({ ...config, reservedConcurrency: 0, acknowledgeLinks: false }),
    ).toThrow(
      /balanceMonitor\.callbacks: is set with reservedConcurrency 0: .*set reservedConcurrency to 1$/,
    );
  });

  it("refuses more accounts than the receiver's 4 KB environment holds, measured, naming what to change", () => {
    // 32-letter names, each check function's name at Lambda's longest (64): 26 fit, 27 do not.
    const many = Array.from({ length: 27 }, (_, i) => ({
      name: `shop ${String(i).padStart(2, '0')} ${'x'.repeat(24)}`,
      lowBalanceThreshold: 1000,
    }));
    expect(many[0]?.name).toHaveLength(32);
    expect(() => parseDeployConfig({ ...config, accounts: many })).toThrow(
      /balanceMonitor\.callbacks: is set, but the callback receiver's environment would be about \d+ bytes, over Lambda's 4096: it names each of the 27 accounts, its check function; split the accounts over two stacks, shorten the account names, or drop callbacks/,
    );
    expect(() => parseDeployConfig({ ...config, accounts: many.slice(0, 26) })).not.toThrow();
    // Signing secrets count too, and the message says so.
    const signed = many.slice(0, 26).map((a) => ({
      ...a,
      callbackSigningSecret: `prod/${a.name.replaceAll(' ', '-')}/callback-signing`,
    }));
    expect(() => parseDeployConfig({ ...config, accounts: signed })).toThrow(
      /its callbackSigningSecret \(26 of them\); split the accounts over two stacks, give the signing secrets shorter names/,
    );
    // Ordinary names: a full main stack of 25 fits.
    const plain = Array.from({ length: 25 }, (_, i) => ({
      name: `shop-dakar-${i}`,
      lowBalanceThreshold: 1000,
    }));
    expect(() => parseDeployConfig({ ...config, accounts: plain })).not.toThrow();
  });

  it('names the check functions, not their ARNs: the environment holds more accounts', () => {
    const env = (template.findResources('AWS::Lambda::Function')[receiverId] as Fn).Properties
      .Environment as { Variables: { CALLBACK_ACCOUNTS: { 'Fn::Join': [string, unknown[]] } } };
    const parts = JSON.stringify(env.Variables.CALLBACK_ACCOUNTS);
    for (const id of checkIds) expect(parts).toContain(`{"Ref":"${id}"}`);
    expect(parts).not.toContain('"Arn"');
  });

  it('is absent unless configured', () => {
    const plain = synthesize(threeAccounts).template;
    expect(JSON.stringify(plain.toJSON())).not.toContain('CALLBACK_KEY_SECRET_ID');
  });
});

describe("the receiver's role, evaluated as AWS would", () => {
  it('starts exactly the check functions (no version or alias, no other function)', async () => {
    const other = 'arn:aws:lambda:eu-west-3:111111111111:function:someone-else';
    await expectDecisions([
      ...checkIds.map((id) => ({
        label: `invoke ${id}`,
        expected: 'Allowed' as const,
        request: { ...receiver, action: 'lambda:InvokeFunction', resource: t.att(id, 'Arn') },
      })),
      ...checkIds.map((id) => ({
        label: `invoke ${id}:alias`,
        expected: 'ImplicitlyDenied' as const,
        request: {
          ...receiver,
          action: 'lambda:InvokeFunction',
          resource: `${t.att(id, 'Arn')}:live`,
        },
      })),
      {
        label: 'invoke another function',
        expected: 'ImplicitlyDenied' as const,
        request: { ...receiver, action: 'lambda:InvokeFunction', resource: other },
      },
    ]);
  });

  it("puts only the #callback: items: never an account's state, never a read", async () => {
    const on = (action: string, key: string) => ({
      ...receiver,
      action,
      resource: tableArn,
      context: { 'dynamodb:LeadingKeys': [key] },
    });
    await expectDecisions([
      ...threeAccounts.accounts.flatMap((a) => [
        {
          label: `put #callback:${a.name}`,
          expected: 'Allowed' as const,
          request: on('dynamodb:PutItem', `#callback:${a.name}`),
        },
        {
          label: `put ${a.name}`,
          expected: 'ImplicitlyDenied' as const,
          request: on('dynamodb:PutItem', a.name),
        },
        {
          label: `get ${a.name}`,
          expected: 'ImplicitlyDenied' as const,
          request: on('dynamodb:GetItem', a.name),
        },
        {
          label: `get #callback:${a.name}`,
          expected: 'ImplicitlyDenied' as const,
          request: on('dynamodb:GetItem', `#callback:${a.name}`),
        },
      ]),
      {
        label: 'put #subscriptions',
        expected: 'ImplicitlyDenied' as const,
        request: on('dynamodb:PutItem', '#subscriptions'),
      },
      {
        label: 'delete',
        expected: 'ImplicitlyDenied' as const,
        request: on('dynamodb:DeleteItem', '#callback:Thies'),
      },
    ]);
  });

  it('reads its own key and no other secret (no API key, no acknowledge key)', async () => {
    const others = t.idsOf('AWS::SecretsManager::Secret').filter((id) => id !== keyId);
    expect(others.length).toBeGreaterThan(0);
    await expectDecisions([
      {
        label: 'its key',
        expected: 'Allowed' as const,
        request: { ...receiver, action: 'secretsmanager:GetSecretValue', resource: t.ref(keyId) },
      },
      ...others.map((id) => ({
        label: `secret ${id}`,
        expected: 'ImplicitlyDenied' as const,
        request: { ...receiver, action: 'secretsmanager:GetSecretValue', resource: t.ref(id) },
      })),
    ]);
  });

  it("reads Thies' signing secret (by name, any suffix), and no one else's", async () => {
    const arn = (name: string) =>
      `arn:aws:secretsmanager:eu-west-3:111111111111:secret:${name}-AbCdEf`;
    await expectDecisions([
      {
        label: "Thies' signing secret",
        expected: 'Allowed' as const,
        request: {
          ...receiver,
          action: 'secretsmanager:GetSecretValue',
          resource: arn('prod/thies/callback-signing'),
        },
      },
      {
        label: "Thies' API key (imported by name)",
        expected: 'ImplicitlyDenied' as const,
        request: {
          ...receiver,
          action: 'secretsmanager:GetSecretValue',
          resource: arn('prod/thies/dexchange'),
        },
      },
    ]);
    const env = JSON.stringify(
      (template.findResources('AWS::Lambda::Function')[receiverId] as Fn).Properties.Environment,
    );
    expect(env).toContain('\\"signingSecretId\\":\\"prod/thies/callback-signing\\"');
  });

  it("decrypts Thies' signing secret with its own key, through Secrets Manager only", async () => {
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
    const decrypt = (resource: string, via?: string) => ({
      ...receiver,
      action: 'kms:Decrypt',
      resource,
      resourcePolicy: defaultKeyPolicy,
      ...(via === undefined ? {} : { context: { 'kms:ViaService': via } }),
    });
    const other = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b7e1c0a-9999-4222-8333-944445555666`;
    await expectDecisions([
      {
        label: 'its key, through Secrets Manager',
        expected: 'Allowed' as const,
        request: decrypt(SIGNING_KEY, `secretsmanager.${REGION}.amazonaws.com`),
      },
      {
        label: 'its key, directly',
        expected: 'ImplicitlyDenied' as const,
        request: decrypt(SIGNING_KEY),
      },
      {
        label: 'its key, through another service',
        expected: 'ImplicitlyDenied' as const,
        request: decrypt(SIGNING_KEY, `s3.${REGION}.amazonaws.com`),
      },
      {
        label: 'another key, through Secrets Manager',
        expected: 'ImplicitlyDenied' as const,
        request: decrypt(other, `secretsmanager.${REGION}.amazonaws.com`),
      },
    ]);
  });

  it('publishes to no topic', async () => {
    const topics = t.idsOf('AWS::SNS::Topic');
    await expectDecisions(
      topics.map((id) => ({
        label: `publish ${id}`,
        expected: 'ImplicitlyDenied' as const,
        request: { ...receiver, action: 'sns:Publish', resource: t.ref(id) },
      })),
    );
  });
});
