import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATOR_ROUTE, parseDeployConfig } from '../../infra/config';
import { filterPolicyOf } from '../../infra/routing';
import { synthesize } from '../support/synth';
import { readmeStep3 as step3 } from '../support/shared-configs';

/**
 * Who hears what by default (issue 20, item 1): the operators (operatorEmails) are subscribed
 * to every alert topic with the filter policy of operatorRouting (FAILING and STALE by
 * default), besides the operator topic; and a stack list that no account uses is refused.
 */

interface Subscription {
  readonly Properties: {
    readonly Endpoint: string;
    readonly Protocol: string;
    readonly TopicArn: { Ref: string };
    readonly FilterPolicy?: unknown;
    readonly FilterPolicyScope?: string;
  };
}

/** Each subscription of the synthesized stack: endpoint, topic (its logical id) and filter. */
function subscriptionsOf(config: Record<string, unknown>) {
  const { template } = synthesize(config);
  return Object.values(
    template.findResources('AWS::SNS::Subscription') as Record<string, Subscription>,
  )
    .map(({ Properties: p }) => ({
      endpoint: p.Endpoint,
      topic: p.TopicArn.Ref.replace(/[0-9A-F]{8}$/, ''),
      policy: p.FilterPolicy ?? null,
      scope: p.FilterPolicyScope ?? null,
    }))
    .sort((a, b) => `${a.topic} ${a.endpoint}`.localeCompare(`${b.topic} ${b.endpoint}`));
}

describe('operators on the alert topics', () => {
  it("with the deploy guide's step-3 config, it@ hears FAILING, STALE and UNUSUAL_OUTFLOW on the alert topic, and the alarms", () => {
    expect(subscriptionsOf(step3)).toEqual([
      { endpoint: '+221771234567', topic: 'Alerts', ...routed(['CRITICAL', 'FAILING']) },
      { endpoint: 'finance@example.sn', topic: 'Alerts', policy: null, scope: null },
      {
        endpoint: 'it@example.sn',
        topic: 'Alerts',
        ...routed(['FAILING', 'STALE', 'UNUSUAL_OUTFLOW']),
      },
      { endpoint: 'it@example.sn', topic: 'OperatorAlarms', policy: null, scope: null },
    ]);
    expect(filterPolicyOf(DEFAULT_OPERATOR_ROUTE)).toEqual({
      route: ['FAILING', 'STALE', 'UNUSUAL_OUTFLOW'],
    });
  });

  it('operatorRouting, and an operator of its own route, choose what each operator hears', () => {
    const subscriptions = subscriptionsOf({
      ...step3,
      operatorEmails: [
        'it@example.sn',
        { address: 'cto@example.sn', routing: { minLevel: 'CRITICAL', also: [] } },
      ],
      operatorRouting: { minLevel: 'NONE', also: ['FAILING', 'STALE', 'FORECAST'] },
    }).filter((s) => s.topic === 'Alerts');
    expect(subscriptions.find((s) => s.endpoint === 'it@example.sn')).toMatchObject(
      routed(['FAILING', 'STALE', 'FORECAST']),
    );
    expect(subscriptions.find((s) => s.endpoint === 'cto@example.sn')).toMatchObject(
      routed(['CRITICAL']),
    );
  });

  it('an operator who is also on alertEmails keeps one subscription, taking what either route takes', () => {
    const subscriptions = subscriptionsOf({
      ...step3,
      alertEmails: [
        'finance@example.sn',
        { address: 'it@example.sn', routing: { minLevel: 'CRITICAL', also: [] } },
      ],
    }).filter((s) => s.endpoint === 'it@example.sn');
    expect(subscriptions).toEqual([
      {
        endpoint: 'it@example.sn',
        topic: 'Alerts',
        ...routed(['CRITICAL', 'FAILING', 'UNUSUAL_OUTFLOW', 'STALE']),
      },
      { endpoint: 'it@example.sn', topic: 'OperatorAlarms', policy: null, scope: null },
    ]);
  });

  it('an account with its own recipients: the operators hear its FAILING, STALE and UNUSUAL_OUTFLOW on its own topic too', () => {
    const subscriptions = subscriptionsOf({
      ...step3,
      accounts: [
        step3.accounts[0],
        {
          ...step3.accounts[1],
          recipients: { telegram: [{ name: 'thies', chatId: '-1001234567890' }] },
        },
      ],
    }).filter((s) => s.endpoint === 'it@example.sn');
    expect(subscriptions.map((s) => [s.topic, s.policy])).toEqual([
      ['Alerts', { route: ['FAILING', 'STALE', 'UNUSUAL_OUTFLOW'] }],
      ['BoutiqueThiesAlerts', { route: ['FAILING', 'STALE', 'UNUSUAL_OUTFLOW'] }],
      ['OperatorAlarms', null],
    ]);
  });

  it('with SMS apart (quiet hours), the operator refuses the SMS copies as the e-mail addresses do', () => {
    const it_ = subscriptionsOf({
      ...step3,
      smsQuietHours: { hours: '22:00-07:00' },
    }).find((s) => s.endpoint === 'it@example.sn' && s.topic === 'Alerts');
    expect(it_?.policy).toEqual({
      route: ['FAILING', 'STALE', 'UNUSUAL_OUTFLOW'],
      audience: [{ exists: false }],
    });
  });

  it('an operatorRouting that lets nothing through leaves the operators the alarms only', () => {
    expect(
      subscriptionsOf({ ...step3, operatorRouting: { minLevel: 'NONE', also: [] } })
        .filter((s) => s.endpoint === 'it@example.sn')
        .map((s) => s.topic),
    ).toEqual(['OperatorAlarms']);
  });

  it('without operatorEmails, the alertEmails are the operators and nobody is added', () => {
    expect(
      subscriptionsOf({ ...step3, operatorEmails: undefined })
        .filter((s) => s.topic === 'Alerts')
        .map((s) => s.endpoint),
    ).toEqual(['+221771234567', 'finance@example.sn']);
  });
});

describe('a stack list that reaches no account', () => {
  const everyAccountOwnsItsPeople = {
    ...step3,
    accounts: step3.accounts.map((a) => ({
      ...a,
      recipients: { telegram: [{ name: 'shop', chatId: '-1001234567890' }] },
    })),
    chat: [{ name: 'ops', slack: { workspaceId: 'T07GZ1D0BD5', channelId: 'C07HDEHUE11' } }],
  };

  it('is refused at synth, naming each list', () => {
    expect(() => parseDeployConfig(everyAccountOwnsItsPeople)).toThrow(
      /balanceMonitor\.alertEmails: reaches no account: every account has its own recipients \(accounts\[\]\.recipients\)[^\n]*\n\s*balanceMonitor\.smsNumbers: reaches no account[^\n]*\n\s*balanceMonitor\.chat: reaches no account/,
    );
    expect(() => synthesize(everyAccountOwnsItsPeople)).toThrow(/smsNumbers: reaches no account/);
  });

  it('is accepted when one account still uses the stack lists', () => {
    const [first, second] = everyAccountOwnsItsPeople.accounts;
    expect(() =>
      parseDeployConfig({
        ...everyAccountOwnsItsPeople,
        accounts: [first, { ...second, recipients: undefined }],
      }),
    ).not.toThrow();
  });

  it('accepts alertEmails without operatorEmails: they are then the operators', () => {
    const config = {
      ...everyAccountOwnsItsPeople,
      operatorEmails: undefined,
      smsNumbers: undefined,
      chat: undefined,
    };
    expect(parseDeployConfig(config).alertEmails).toEqual(['finance@example.sn']);
  });
});

function routed(keys: string[]) {
  return { policy: { route: keys }, scope: 'MessageAttributes' };
}
