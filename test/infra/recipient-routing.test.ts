import { STACK_NAME } from '../../infra/monitor-app';
import { describe, expect, it } from 'vitest';
import { DeployConfigError, operatorEmailsOf, parseDeployConfig } from '../../infra/config';
import { filterPolicyOf } from '../../infra/routing';
import { DeployedTemplate } from '../support/deployed-template';
import { itPassesCfnLint } from '../support/cfn-lint';
import { synthesize } from '../support/synth';
import { synthesizedOnce } from '../support/shared-synth';
import { criticalOnly, lowAndForecast, lowOnly } from '../support/shared-configs';
import { modelOf } from '../support/template-paths';

/**
 * Severity routing per recipient (issue 13): an e-mail address or SMS number of a list may have
 * its own routing, which its subscription's filter policy applies instead of the list's (the
 * same filterPolicyOf). Read from the synthesized template; and what the config refuses.
 */

const routed = await synthesizedOnce('recipient-routing');

describe('routing per recipient, in the template', () => {
  const { template, templatePath } = routed;
  const t = new DeployedTemplate(
    template.toJSON() as { Resources: Record<string, never> },
    STACK_NAME,
  );
  const subscription = (endpoint: string) => {
    const ids = t
      .idsOf('AWS::SNS::Subscription')
      .filter((id) => t.prop(id, 'Endpoint') === endpoint);
    expect(ids, endpoint).toHaveLength(1);
    const id = ids[0] ?? '';
    return {
      policy: t.prop(id, 'FilterPolicy'),
      scope: t.prop(id, 'FilterPolicyScope'),
    };
  };
  const { functionOf } = modelOf(t);

  it('two e-mail addresses of one group get different filter policies when one has its own routing', () => {
    // The list's route (everything) needs no filter; the CEO's own is filterPolicyOf's.
    expect(subscription('finance@example.sn')).toEqual({ policy: null, scope: null });
    expect(subscription('ceo@example.sn')).toEqual({
      policy: filterPolicyOf(criticalOnly),
      scope: 'MessageAttributes',
    });
    expect(subscription('ceo@example.sn').policy).toEqual({ route: ['CRITICAL'] });
  });

  it("an SMS number with its own routing gets it; the others keep the list's", () => {
    expect(subscription('+221771234567')).toEqual({
      policy: { route: ['CRITICAL', 'FAILING'] },
      scope: 'MessageAttributes',
    });
    expect(subscription('+221770000000')).toEqual({
      policy: filterPolicyOf(lowAndForecast),
      scope: 'MessageAttributes',
    });
    expect(subscription('+221770000000').policy).toEqual({
      route: ['LOW', 'CRITICAL', 'FORECAST'],
    });
  });

  it('with SMS apart (quiet hours), the function sends what any number takes, and each number narrows it to its own', () => {
    // E-mail refuses what is sent apart, and keeps its own route.
    expect(subscription('caisse@thies.sn').policy).toEqual({ audience: [{ exists: false }] });
    expect(subscription('gerant@thies.sn').policy).toEqual({
      route: ['CRITICAL'],
      audience: [{ exists: false }],
    });
    const sms = functionOf('Thiès').channels.find((c) => c.kind === 'sms');
    // The list's CRITICAL and FAILING, and the second number's LOW.
    expect(sms?.route).toEqual({ minLevel: 'LOW', also: ['FAILING'] });
    expect(subscription('+221770000001').policy).toEqual({
      audience: ['sms'],
      route: ['CRITICAL', 'FAILING'],
    });
    expect(subscription('+221770000002').policy).toEqual({
      audience: ['sms'],
      route: ['LOW', 'CRITICAL'],
    });
  });

  it('with SMS apart and no routing of their own, the numbers take all the function sends, as before', () => {
    const sms = functionOf('Louga').channels.find((c) => c.kind === 'sms');
    expect(sms?.route).toEqual({ minLevel: 'CRITICAL', also: ['FAILING'] });
    expect(subscription('+221770000003').policy).toEqual({ audience: ['sms'] });
  });

  itPassesCfnLint('passes cfn-lint with no errors and no warnings', () => [templatePath]);
});

describe('the deploy config, for recipients with their own routing', () => {
  const base = {
    accounts: [{ name: 'main', lowBalanceThreshold: 1000 }],
    operatorEmails: ['ops@example.sn'],
  };

  it('keeps plain entries as they are, and objects with their routing (defaults applied)', () => {
    const parsed = parseDeployConfig({
      ...base,
      alertEmails: ['finance@example.sn', { address: 'ceo@example.sn', routing: {} }],
      smsNumbers: [{ number: '+221771234567', routing: { minLevel: 'LOW' } }],
    });
    expect(parsed.alertEmails).toEqual([
      'finance@example.sn',
      { address: 'ceo@example.sn', routing: { minLevel: 'CRITICAL', also: ['FAILING'] } },
    ]);
    expect(parsed.smsNumbers).toEqual([
      { number: '+221771234567', routing: { minLevel: 'LOW', also: ['FAILING'] } },
    ]);
  });

  it("accepts a list route that lets nothing through when every entry has its own (the list's is unused)", () => {
    const parsed = parseDeployConfig({
      ...base,
      smsNumbers: [{ number: '+221771234567', routing: { minLevel: 'LOW', also: [] } }],
      smsRouting: { minLevel: 'NONE', also: [] },
    });
    expect(parsed.smsNumbers).toHaveLength(1);
    // With one plain number, the same list route is refused: that number would hear nothing.
    expect(() =>
      parseDeployConfig({
        ...base,
        smsNumbers: ['+221771234568', { number: '+221771234567', routing: { minLevel: 'LOW' } }],
        smsRouting: { minLevel: 'NONE', also: [] },
      }),
    ).toThrow('balanceMonitor.smsRouting: lets nothing through');
  });

  it('sends the alarms to every address of alertEmails, plain or not, when operatorEmails is not set', () => {
    expect(
      operatorEmailsOf(
        parseDeployConfig({
          accounts: base.accounts,
          alertEmails: ['finance@example.sn', { address: 'ceo@example.sn', routing: criticalOnly }],
        }),
      ),
    ).toEqual(['finance@example.sn', 'ceo@example.sn']);
  });

  it.each([
    [
      'an unknown level in a recipient routing',
      { alertEmails: [{ address: 'ceo@example.sn', routing: { minLevel: 'URGENT' } }] },
      'balanceMonitor.alertEmails.0.routing.minLevel: must be one of LOW, CRITICAL, NONE',
    ],
    [
      'an object without its routing',
      { alertEmails: [{ address: 'ceo@example.sn' }] },
      "balanceMonitor.alertEmails.0.routing: is required: the route of this recipient alone (or write the entry as a plain string to take the list's)",
    ],
    [
      'a routing that is not a route',
      { alertEmails: [{ address: 'ceo@example.sn', routing: 'CRITICAL' }] },
      'balanceMonitor.alertEmails.0.routing: must be a route such as {"minLevel": "CRITICAL", "also": []}',
    ],
    [
      'an object without its address',
      { alertEmails: [{ email: 'ceo@example.sn', routing: criticalOnly }] },
      'balanceMonitor.alertEmails.0.address: is required\n  balanceMonitor.alertEmails.0: Unrecognized key: "email" (email)',
    ],
    [
      'an object whose address is not one',
      { alertEmails: [{ address: 'ceo', routing: criticalOnly }] },
      'balanceMonitor.alertEmails.0.address: must be an e-mail address',
    ],
    [
      'an unknown key in an object',
      { alertEmails: [{ address: 'ceo@example.sn', routing: criticalOnly, severity: 'LOW' }] },
      'balanceMonitor.alertEmails.0: Unrecognized key: "severity" (severity)',
    ],
    [
      'an entry that is neither form',
      { alertEmails: [42] },
      'balanceMonitor.alertEmails.0: must be an e-mail address, or {"address": "...", "routing": {...}} for an address with its own route',
    ],
    [
      'an SMS object with an address instead of a number',
      { smsNumbers: [{ address: '+221771234567', routing: criticalOnly }] },
      'balanceMonitor.smsNumbers.0.number: is required\n  balanceMonitor.smsNumbers.0: Unrecognized key: "address" (address)',
    ],
    [
      'an SMS object whose number is not E.164',
      { smsNumbers: [{ number: '771234567', routing: criticalOnly }] },
      'balanceMonitor.smsNumbers.0.number: must be an E.164 phone number such as +221771234567',
    ],
    [
      'an SMS entry that is neither form',
      { smsNumbers: [221771234567] },
      'balanceMonitor.smsNumbers.0: must be an E.164 phone number, or {"number": "+221...", "routing": {...}} for a number with its own route',
    ],
    [
      "an account's recipient whose routing lets nothing through",
      {
        accounts: [
          {
            name: 'main',
            lowBalanceThreshold: 1000,
            recipients: {
              smsNumbers: [{ number: '+221771234567', routing: { minLevel: 'NONE', also: [] } }],
            },
          },
        ],
      },
      'balanceMonitor.accounts.0.recipients.smsNumbers.0.routing: lets nothing through (minLevel NONE and no also); remove +221771234567 instead',
    ],
    [
      'one address plain and with its own routing',
      { alertEmails: ['ceo@example.sn', { address: 'CEO@example.sn', routing: criticalOnly }] },
      'balanceMonitor.alertEmails.1: ceo@example.sn is listed twice',
    ],
    [
      "one address twice with routings of its own, in an account's recipients",
      {
        accounts: [
          {
            name: 'main',
            lowBalanceThreshold: 1000,
            recipients: {
              alertEmails: [
                { address: 'ceo@example.sn', routing: criticalOnly },
                { address: 'ceo@example.sn', routing: lowOnly },
              ],
            },
          },
        ],
      },
      'balanceMonitor.accounts.0.recipients.alertEmails.1: ceo@example.sn is listed twice',
    ],
    [
      'one number plain and with its own routing',
      { smsNumbers: [{ number: '+221771234567', routing: lowOnly }, '+221771234567'] },
      'balanceMonitor.smsNumbers.1: +221771234567 is listed twice',
    ],
    [
      'one operator address twice',
      { operatorEmails: ['a@x.sn', 'a@x.sn'] },
      'balanceMonitor.operatorEmails.1: a@x.sn is listed twice',
    ],
    [
      'one operator address twice, in other capitals',
      { operatorEmails: ['it@example.sn', 'ops@example.sn', 'IT@example.sn'] },
      'balanceMonitor.operatorEmails.2: it@example.sn is listed twice',
    ],
  ])('refuses %s, naming the field', (_name, override, message) => {
    // The whole message: one problem (or the two stated), each naming its field.
    expect(() => parseDeployConfig({ ...base, ...override })).toThrow(
      new DeployConfigError(message.split('\n  ')),
    );
  });

  it('operatorEmails listed twice fails synth with the field, not CDK\'s "already exists"', () => {
    expect(() => synthesize({ ...base, operatorEmails: ['a@x.sn', 'a@x.sn'] })).toThrow(
      /^Invalid deploy config:\n {2}balanceMonitor\.operatorEmails\.1: a@x\.sn is listed twice$/,
    );
  });
});
