import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WatchedTopic } from '../../lambda/contract/subscriptions';
import { renderReach } from '../../lambda/messages/reach';
import {
  EMPTY_MEMORY,
  judgeSubscriptions,
  type FoundSubscription,
} from '../../lambda/watchdog/subscription-health';
import { describeSubscribers } from '../../tools/subscribers';
import { boundPropertyRuns } from '../support/fast-check';

/**
 * The judgement of the subscription-health job (pure): what is missing, what has waited a day
 * for its confirmation, what was confirmed by a click, what is said once, and the operators'
 * figure; and the message it makes of that.
 */

boundPropertyRuns();

const OPS = 'arn:aws:sns:eu-west-3:123456789012:Operators';
const ALERTS = 'arn:aws:sns:eu-west-3:123456789012:Alerts';
const topics: WatchedTopic[] = [
  {
    topicArn: OPS,
    audience: 'operators',
    subscriptions: [{ protocol: 'email', endpoint: 'it@example.com' }],
  },
  {
    topicArn: ALERTS,
    audience: 'alerts',
    account: 'Thies',
    subscriptions: [
      { protocol: 'email', endpoint: 'finance@example.com' },
      { protocol: 'sms', endpoint: '+221770000001', filterPolicy: { route: ['CRITICAL'] } },
    ],
  },
];
const t0 = new Date('2026-12-01T08:00:00Z');
const hoursLater = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const ok = (protocol: string, endpoint: string): FoundSubscription => ({
  protocol,
  endpoint,
  pending: false,
  authenticated: true,
});

describe('judging the subscriptions', () => {
  it('all there: nothing to do or say; addresses are compared without case, numbers as written; extra subscriptions are left alone', () => {
    const found = new Map([
      [OPS, [ok('email', 'IT@Example.com'), ok('sqs', 'arn:aws:sqs:eu-west-3:1:q')]],
      [ALERTS, [ok('email', 'finance@example.com'), ok('sms', '+221770000001')]],
    ]);
    const j = judgeSubscriptions(topics, found, EMPTY_MEMORY, t0);
    expect(j).toMatchObject({ missing: [], pending: [], unauthenticated: [] });
    expect(j.unreachableOperators).toBe(0);
  });

  it('missing: to subscribe again with the filter policy; an operator counts, and its e-mail waits from now', () => {
    const j = judgeSubscriptions(topics, new Map([[ALERTS, []]]), EMPTY_MEMORY, t0);
    expect(j.missing.map((m) => [m.topic.topicArn, m.expected])).toEqual([
      [OPS, { protocol: 'email', endpoint: 'it@example.com' }],
      [ALERTS, { protocol: 'email', endpoint: 'finance@example.com' }],
      [
        ALERTS,
        { protocol: 'sms', endpoint: '+221770000001', filterPolicy: { route: ['CRITICAL'] } },
      ],
    ]);
    expect(j.unreachableOperators).toBe(1);
    // The SMS number needs no confirmation: it waits for nothing.
    expect(Object.values(j.memory.pendingSince)).toEqual([t0.toISOString(), t0.toISOString()]);
  });

  it('pending: reported once past 24 hours from when it was first seen, still counted while it waits', () => {
    const pending = new Map([
      [OPS, [{ protocol: 'email', endpoint: 'it@example.com', pending: true }]],
      [ALERTS, [ok('email', 'finance@example.com'), ok('sms', '+221770000001')]],
    ]);
    const first = judgeSubscriptions(topics, pending, EMPTY_MEMORY, t0);
    expect(first.pending).toEqual([]);
    const day = judgeSubscriptions(topics, pending, first.memory, hoursLater(24));
    expect(day.pending).toEqual([]);
    expect(day.unreachableOperators).toBe(0);
    const past = judgeSubscriptions(topics, pending, day.memory, hoursLater(25));
    expect(past.pending).toEqual([
      { protocol: 'email', endpoint: 'it@example.com', audience: 'operators', hours: 25 },
    ]);
    expect(past.unreachableOperators).toBe(1);
    const again = judgeSubscriptions(topics, pending, past.memory, hoursLater(30));
    expect(again.pending).toEqual([]);
    expect(again.unreachableOperators).toBe(1);
    // Confirmed at last: forgotten, so a later wait counts afresh.
    const confirmed = new Map([...pending, [OPS, [ok('email', 'it@example.com')]]]);
    expect(judgeSubscriptions(topics, confirmed, again.memory, hoursLater(31)).memory).toEqual(
      EMPTY_MEMORY,
    );
  });

  it('confirmed by a click: said once; said again if it is removed and comes back so', () => {
    const clicked = new Map([
      [OPS, [ok('email', 'it@example.com')]],
      [
        ALERTS,
        [
          { ...ok('email', 'finance@example.com'), authenticated: false },
          { ...ok('sms', '+221770000001'), authenticated: false },
        ],
      ],
    ]);
    const first = judgeSubscriptions(topics, clicked, EMPTY_MEMORY, t0);
    // An SMS subscription has no confirmation link: only the e-mail is said.
    expect(first.unauthenticated).toEqual([
      { protocol: 'email', endpoint: 'finance@example.com', audience: 'alerts', account: 'Thies' },
    ]);
    expect(
      judgeSubscriptions(topics, clicked, first.memory, hoursLater(1)).unauthenticated,
    ).toEqual([]);
    const gone = judgeSubscriptions(
      topics,
      new Map([...clicked, [ALERTS, [ok('sms', '+221770000001')]]]),
      first.memory,
      hoursLater(2),
    );
    expect(
      judgeSubscriptions(topics, clicked, gone.memory, hoursLater(3)).unauthenticated,
    ).toHaveLength(1);
  });

  it('for any listing: each configured address is missing, or present; a second look at the same listing says nothing new; the figure counts operators only', () => {
    const state = fc.constantFrom('absent', 'ok', 'pending', 'clicked');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(state, fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        (addresses, hours) => {
          const watched: WatchedTopic[] = [
            { topicArn: OPS, audience: 'operators', subscriptions: [] },
            { topicArn: ALERTS, audience: 'alerts', subscriptions: [] },
          ];
          const found = new Map<string, FoundSubscription[]>([
            [OPS, []],
            [ALERTS, []],
          ]);
          addresses.forEach(([s, operator], i) => {
            const topic = operator ? watched[0] : watched[1];
            const endpoint = `person${i}@example.com`;
            (topic?.subscriptions as { protocol: 'email'; endpoint: string }[]).push({
              protocol: 'email',
              endpoint,
            });
            if (s !== 'absent')
              found.get(topic?.topicArn ?? '')?.push({
                protocol: 'email',
                endpoint,
                pending: s === 'pending',
                ...(s === 'pending' ? {} : { authenticated: s === 'ok' }),
              });
          });
          const first = judgeSubscriptions(watched, found, EMPTY_MEMORY, t0);
          expect(first.missing).toHaveLength(addresses.filter(([s]) => s === 'absent').length);
          const later = judgeSubscriptions(watched, found, first.memory, hoursLater(hours));
          const again = judgeSubscriptions(watched, found, later.memory, hoursLater(hours));
          expect(again.pending).toEqual([]);
          expect(again.unauthenticated).toEqual([]);
          expect(later.unreachableOperators).toBeLessThanOrEqual(
            addresses.filter(([, operator]) => operator).length,
          );
        },
      ),
    );
  });
});

describe("the operators' message", () => {
  it('is nothing when there is nothing to say', () => {
    expect(
      renderReach(
        { resubscribed: [], resubscribeFailed: [], pending: [], unauthenticated: [] },
        'en',
      ),
    ).toBeUndefined();
  });

  it('has an ASCII subject under 100 characters and one paragraph per address, in each language', () => {
    const findings = {
      resubscribed: [
        { protocol: 'email' as const, endpoint: 'it@example.com', audience: 'operators' as const },
      ],
      resubscribeFailed: [
        {
          protocol: 'sms' as const,
          endpoint: '+221770000001',
          audience: 'alerts' as const,
          account: 'Thiès',
        },
      ],
      pending: [],
      unauthenticated: [],
    };
    const en = renderReach(findings, 'en');
    const fr = renderReach(findings, 'fr');
    expect(en?.subject).toBe('DEXCHANGE monitor: 2 alert addresses to check');
    expect(fr?.subject).toBe("Suivi DEXCHANGE : 2 adresses d'alerte posent probleme");
    expect(en?.body).toContain('The number +221770000001 (balance alerts of "Thiès") is no longer');
    expect(fr?.body).toContain(
      "Le numéro +221770000001 (alertes de solde du compte « Thiès ») n'est plus abonné",
    );
    expect(fr?.body).toContain("L'adresse it@example.com (service informatique");
  });
});

describe("the operators' copy on an alert topic, and the escalation tiers (issue 20)", () => {
  const TIER = 'arn:aws:sns:eu-west-3:123456789012:Tier';
  const watched: WatchedTopic[] = [
    {
      topicArn: ALERTS,
      audience: 'alerts',
      account: 'Thies',
      subscriptions: [
        { protocol: 'email', endpoint: 'finance@example.com' },
        {
          protocol: 'email',
          endpoint: 'it@example.com',
          filterPolicy: { route: ['FAILING', 'STALE'] },
          operator: true,
        },
      ],
    },
    {
      topicArn: TIER,
      audience: 'escalation',
      account: 'Thies',
      tier: 'direction',
      subscriptions: [{ protocol: 'email', endpoint: 'daf@example.com' }],
    },
  ];

  it("an operator's lost or day-old unconfirmed subscription on an alert topic counts as an unreachable operator; finance's and a tier's do not", () => {
    const missing = judgeSubscriptions(watched, new Map(), EMPTY_MEMORY, t0);
    expect(missing.missing).toHaveLength(3);
    expect(missing.unreachableOperators).toBe(1);
    const waiting = judgeSubscriptions(
      watched,
      new Map([
        [
          ALERTS,
          [
            { protocol: 'email', endpoint: 'finance@example.com', pending: true },
            { protocol: 'email', endpoint: 'it@example.com', pending: true },
          ],
        ],
      ]),
      missing.memory,
      hoursLater(25),
    );
    expect(waiting.unreachableOperators).toBe(1);
    expect(waiting.pending.find((p) => p.endpoint === 'it@example.com')).toMatchObject({
      audience: 'alerts',
      account: 'Thies',
      operator: true,
    });
  });

  it("names the operator's copy as IT's copy of that topic's alerts, and a tier's address by tier and account, in each language", () => {
    const findings = {
      resubscribed: [
        {
          protocol: 'email' as const,
          endpoint: 'it@example.com',
          audience: 'alerts' as const,
          account: 'Thies',
          operator: true as const,
        },
        {
          protocol: 'email' as const,
          endpoint: 'daf@example.com',
          audience: 'escalation' as const,
          account: 'Thies',
          tier: 'direction',
        },
      ],
      resubscribeFailed: [],
      pending: [],
      unauthenticated: [],
    };
    const en = renderReach(findings, 'en')?.body;
    const fr = renderReach(findings, 'fr')?.body;
    expect(en).toContain(
      'The address it@example.com (IT\'s copy of the alerts of "Thies") was no longer subscribed',
    );
    expect(en).toContain(
      'The address daf@example.com (escalation tier "direction" of account "Thies")',
    );
    expect(fr).toContain(
      "L'adresse it@example.com (copie du service informatique des alertes du compte « Thies ») n'était plus abonnée",
    );
    expect(fr).toContain(
      "L'adresse daf@example.com (niveau de remontée « direction » du compte « Thies »)",
    );
  });
});

describe("npm start's reach status", () => {
  it('names each subscriber, and for an e-mail waiting or confirmed by a click, the fix', () => {
    expect(
      describeSubscribers([
        ok('email', 'finance@example.com'),
        { protocol: 'email', endpoint: 'it@example.com', pending: true },
        { ...ok('email', 'boss@example.com'), authenticated: false },
        ok('sms', '+221770000001'),
      ]),
    ).toEqual([
      'Reach:    4 subscribed, 1 waiting for confirmation, 1 confirmed by a click',
      '          finance@example.com  confirmed',
      "          it@example.com       WAITING for confirmation: nothing reaches it; npm run confirm -- '<the link of its confirmation e-mail>'",
      '          boss@example.com     confirmed by a click: the unsubscribe link of any e-mail removes it (docs/deploy.md, "Who can still be reached")',
      '          +221770000001        sms',
    ]);
    expect(describeSubscribers([])).toEqual([
      'Reach:    nobody is subscribed to this topic: its alerts reach no one',
    ]);
  });
});
