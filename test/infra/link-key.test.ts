import { describe, expect, it } from 'vitest';
import { STACK_NAME } from '../../infra/monitor-app';
import { LINK_KEY_ITEM_KEY } from '../../lambda/contract/link-key';
import { DeployedTemplate, type PolicyDocument } from '../support/deployed-template';
import { decide, expectDecisions, type SimulationCase } from '../support/iam-simulator';
import { threeAccounts } from '../support/shared-configs';
import { withDakarRecipients } from '../support/with-dakar-recipients';
import { synthesize } from '../support/synth';

/**
 * The link key as the stack provisions it: no secret, an item of the state table that every
 * function reaches only through its own role. In one template with every function that could
 * (three checks, the page, the Telegram webhook, the WhatsApp event function, the callback
 * receiver, the watchdog, the subscription health), the IAM simulator evaluates each role on
 * the item as AWS would: the checks get and put it (they create it), the page and the button
 * functions only get it, every other function neither; nobody deletes, scans or queries it,
 * and no grant that names it reaches another item.
 */

const config = {
  ...withDakarRecipients({
    alertEmails: ['caisse@boutique.sn'],
    telegram: [{ name: 'caisse', chatId: '-1001234567890' }],
    whatsapp: [{ name: 'awa-diop', number: '+221771234567' }],
    whatsappPhoneNumberId: 'phone-number-id-0123456789abcdef0123456789abcdef',
  }),
  telegramButtons: true,
  callbacks: { windowSeconds: 30 },
};
const { template } = synthesize(config);
const t = new DeployedTemplate(
  template.toJSON() as { Resources: Record<string, never> },
  STACK_NAME,
);
const tableId = t.idsOf('AWS::DynamoDB::GlobalTable')[0] ?? t.idsOf('AWS::DynamoDB::Table')[0];
if (tableId === undefined) throw new Error('no state table');
const tableArn = t.att(tableId, 'Arn');

/** Each function, by what it is (its environment says), with its role. */
type Kind = 'check' | 'page' | 'telegram' | 'whatsapp' | 'callbacks' | 'watchdog' | 'subscriptions';
const kindOf = (id: string): Kind => {
  const text = JSON.stringify(t.resource(id));
  if (text.includes('DEXCHANGE_API_KEY_SECRET_ID')) return 'check';
  if (id.startsWith('AcknowledgePage')) return 'page';
  if (text.includes('TELEGRAM_WEBHOOK_SECRET_ID')) return 'telegram';
  if (text.includes('WHATSAPP_RECIPIENTS')) return 'whatsapp';
  if (text.includes('CALLBACK_KEY_SECRET_ID')) return 'callbacks';
  if (id.startsWith('Watchdog')) return 'watchdog';
  if (id.startsWith('SubscriptionHealth')) return 'subscriptions';
  throw new Error(`a function this test does not know: ${id}; say what it may do with the key`);
};
const roles = t.idsOf('AWS::Lambda::Function').map((id) => {
  const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
  return {
    id,
    kind: kindOf(id),
    principal: t.att(roleId, 'Arn'),
    identityPolicies: t.identityPolicies(roleId),
  };
});

/** What each kind of function may do with the key's item. */
const MAY: Record<Kind, readonly string[]> = {
  check: ['dynamodb:GetItem', 'dynamodb:PutItem'],
  page: ['dynamodb:GetItem'],
  telegram: ['dynamodb:GetItem'],
  whatsapp: ['dynamodb:GetItem'],
  callbacks: [],
  watchdog: [],
  subscriptions: [],
};
const ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:ConditionCheckItem',
  'dynamodb:ExportTableToPointInTime',
];

const onKey = (
  role: (typeof roles)[number],
  action: string,
  keys: string[] = [LINK_KEY_ITEM_KEY],
) => ({
  principal: role.principal,
  identityPolicies: role.identityPolicies,
  action,
  resource: tableArn,
  context: { 'dynamodb:LeadingKeys': keys },
});

describe('the link key in the template', () => {
  it('is no secret: the only secrets are the API keys, the Telegram ones and the callback key', () => {
    const secrets = t.idsOf('AWS::SecretsManager::Secret');
    expect(secrets.filter((id) => /Acknowledge|Link/i.test(id))).toEqual([]);
    // No function is told of a secret for it (CALLBACK_KEY_SECRET_ID is the callback key's).
    expect(JSON.stringify(template.toJSON()).includes('"ACK_KEY_SECRET_ID"')).toBe(false);
  });

  it("gives the rotation command for this stack's own table and region, failing when there was no key", () => {
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    const command = JSON.stringify(outputs.RotateLinkKeyCommand?.Value);
    expect(command).toContain('aws dynamodb delete-item --region ');
    expect(command).toContain('{\\"account\\":{\\"S\\":\\"#link-key\\"}}');
    expect(command).toContain('attribute_exists(account)');
    // The table by reference, not a name pattern that a retained older table could match.
    const tableId = t.idsOf('AWS::DynamoDB::GlobalTable')[0] ?? t.idsOf('AWS::DynamoDB::Table')[0];
    expect(command).toContain(`{"Ref":"${tableId ?? 'no table'}"}`);
  });

  it('has every kind of function this test judges', () => {
    expect(new Set(roles.map((r) => r.kind))).toEqual(new Set(Object.keys(MAY)));
    expect(roles.filter((r) => r.kind === 'check')).toHaveLength(3);
  });
});

describe('who may use the link key, evaluated as AWS would', () => {
  it('the checks get and put it; the page and the button functions only get it; no other function either; nobody updates, deletes, batch-reads, queries or scans it', async () => {
    await expectDecisions(
      roles.flatMap((role) =>
        ACTIONS.map((action): SimulationCase => ({
          label: `${role.id} (${role.kind}) ${action} on ${LINK_KEY_ITEM_KEY}`,
          expected: MAY[role.kind].includes(action) ? 'Allowed' : 'ImplicitlyDenied',
          request: onKey(role, action),
        })),
      ),
    );
  });

  it('no function can read the table whole, which would carry the key too: Scan, PartiQL, export, backup, naming no key', async () => {
    await expectDecisions(
      roles.flatMap((role) =>
        [
          'dynamodb:Scan',
          'dynamodb:PartiQLSelect',
          'dynamodb:ExportTableToPointInTime',
          'dynamodb:CreateBackup',
        ].map((action): SimulationCase => ({
          label: `${role.id} (${role.kind}) ${action}, no key named`,
          expected: 'ImplicitlyDenied',
          request: {
            principal: role.principal,
            identityPolicies: role.identityPolicies,
            action,
            resource: tableArn,
          },
        })),
      ),
    );
  });

  it('a grant of the key reaches no other item: asking for the key with another item in the same request is denied', async () => {
    const readers = roles.filter((r) => MAY[r.kind].length > 0);
    await expectDecisions(
      readers.flatMap((role) =>
        ['#watchdog', '#subscriptions', '#callback:Thies', 'Someone Else'].map(
          (other): SimulationCase => ({
            label: `${role.id} GetItem of ${LINK_KEY_ITEM_KEY} with ${other}`,
            expected: 'ImplicitlyDenied',
            request: onKey(role, 'dynamodb:GetItem', [LINK_KEY_ITEM_KEY, other]),
          }),
        ),
      ),
    );
  });

  it('the simulator can fail: the watchdog reading the key is allowed once granted, and a check is denied once its grant is misspelt', async () => {
    const watchdog = roles.find((r) => r.kind === 'watchdog');
    const check = roles.find((r) => r.kind === 'check');
    if (watchdog === undefined || check === undefined) throw new Error('no watchdog or check');
    const grant: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableArn }],
    };
    expect(
      await decide({
        ...onKey(watchdog, 'dynamodb:GetItem'),
        identityPolicies: [...watchdog.identityPolicies, grant],
      }),
    ).toBe('Allowed');
    const misspelt = JSON.parse(
      JSON.stringify(check.identityPolicies).replaceAll(LINK_KEY_ITEM_KEY, '#link-kay'),
    ) as PolicyDocument[];
    expect(await decide({ ...onKey(check, 'dynamodb:GetItem'), identityPolicies: misspelt })).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('with the links off', () => {
  it('no function may read the key, and none is told of it', async () => {
    const off = synthesize({ ...threeAccounts, acknowledgeLinks: false }).template;
    const k = new DeployedTemplate(off.toJSON() as never, STACK_NAME);
    const table = k.att(k.idsOf('AWS::DynamoDB::GlobalTable')[0] ?? '', 'Arn');
    const all = k.idsOf('AWS::Lambda::Function').map((id) => {
      const roleId = k.idByArn('AWS::IAM::Role', k.prop(id, 'Role') as string);
      return { id, principal: k.att(roleId, 'Arn'), identityPolicies: k.identityPolicies(roleId) };
    });
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(off.toJSON()).includes('"ACK_URL"')).toBe(false);
    await expectDecisions(
      all.flatMap((role) =>
        ['dynamodb:GetItem', 'dynamodb:PutItem'].map((action): SimulationCase => ({
          label: `${role.id} ${action} on ${LINK_KEY_ITEM_KEY}`,
          expected: 'ImplicitlyDenied',
          request: {
            principal: role.principal,
            identityPolicies: role.identityPolicies,
            action,
            resource: table,
            context: { 'dynamodb:LeadingKeys': [LINK_KEY_ITEM_KEY] },
          },
        })),
      ),
    );
  });
});
