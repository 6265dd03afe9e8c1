import { describe, expect, it } from 'vitest';
import type {
  AlertEvent,
  BalanceReminderEvent,
  DigestEvent,
  FailureInfo,
  ForecastEvent,
  HeldEvent,
  ThresholdEvent,
} from '../../lambda/alerting/types';
import type { Draft, Words } from '../../lambda/messages/draft';
import {
  acknowledgedFacts,
  asksTopUp,
  asOfLatest,
  balanceFacts,
  balanceReminderFacts,
  digestFacts,
  durationFacts,
  failureActionKey,
  forecastFacts,
  heldFacts,
  levelFacts,
} from '../../lambda/messages/facts';

/**
 * The facts every language states the same (lambda/messages/facts.ts), at their edges: a balance
 * at a level is not below it, an empty level is "at or under 0", a held alert is told with the
 * balance of its release. Found by mutation testing (`npm run mutation`): the text tests render
 * whole messages from the policy's own events, which rarely sit exactly on an edge.
 */

const AT = '2026-12-03T12:00:00.000Z';
const SINCE = '2026-12-03T09:00:00.000Z';
// LOW 100,000, recovery 105,000, CRITICAL 25,000 (or 0: "empty").
const level = (
  severity: 'LOW' | 'CRITICAL',
  balance: number,
  extra: Partial<ThresholdEvent> = {},
): ThresholdEvent => ({
  severity,
  account: 'acme',
  at: AT,
  since: SINCE,
  balance,
  currency: 'XOF',
  threshold: severity === 'LOW' ? 100_000 : 25_000,
  recovery: 105_000,
  topUp: { toRecover: 0 },
  ...extra,
});
const reminder = (
  remindsOf: 'LOW' | 'CRITICAL',
  balance: number,
  threshold = remindsOf === 'LOW' ? 100_000 : 25_000,
): BalanceReminderEvent => ({
  severity: 'REMINDER',
  account: 'acme',
  at: AT,
  since: SINCE,
  remindsOf,
  balance,
  currency: 'XOF',
  threshold,
  low: 100_000,
  recovery: 105_000,
  topUp: { toRecover: 0 },
});

describe('durationFacts', () => {
  it('rounds to the minute and cuts into days, hours and minutes', () => {
    expect(durationFacts(0)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(durationFacts(59.6)).toEqual({ days: 0, hours: 1, minutes: 0 });
    expect(durationFacts(1439)).toEqual({ days: 0, hours: 23, minutes: 59 });
    expect(durationFacts(1440)).toEqual({ days: 1, hours: 0, minutes: 0 });
    expect(durationFacts(1440 + 120 + 1)).toEqual({ days: 1, hours: 2, minutes: 1 });
  });

  it('never states a negative duration', () => {
    expect(durationFacts(-30)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});

describe('balanceFacts', () => {
  const amount = (value: number) => `XOF ${value}`;
  it('says an overdraft as a positive amount, and 0 as empty', () => {
    expect(balanceFacts(-1500, amount)).toEqual({ state: 'overdrawn', amount: 'XOF 1500' });
    expect(balanceFacts(0, amount)).toEqual({ state: 'empty', amount: 'XOF 0' });
    expect(balanceFacts(1, amount)).toEqual({ state: 'credit', amount: 'XOF 1' });
  });
});

describe('levelFacts', () => {
  it('a balance at its level is no longer below it; at the recovery level it has recovered', () => {
    expect(levelFacts(level('LOW', 99_999)).standing).toBe('below');
    // At LOW or above, below the recovery level: the recovery band, where nothing is asked.
    expect(levelFacts(level('LOW', 100_000)).standing).toBe('recovering');
    expect(levelFacts(level('LOW', 104_999)).standing).toBe('recovering');
    expect(levelFacts(level('LOW', 105_000)).standing).toBe('recovered');
    expect(levelFacts(level('CRITICAL', 24_999)).standing).toBe('below');
    expect(levelFacts(level('CRITICAL', 25_000)).standing).toBe('lifted');
    // A CRITICAL knows LOW when it carries it; one stored before it did stays "lifted".
    expect(levelFacts(level('CRITICAL', 99_999, { low: 100_000 })).standing).toBe('lifted');
    expect(levelFacts(level('CRITICAL', 100_000, { low: 100_000 })).standing).toBe('recovering');
    expect(levelFacts(level('CRITICAL', 100_000)).standing).toBe('lifted');
  });

  it('asks for a top-up below LOW only: never in the recovery band, never with nothing to add', () => {
    const toRecover = (balance: number) => ({ topUp: { toRecover: 105_000 - balance } });
    expect(asksTopUp(level('LOW', 99_999, toRecover(99_999)))).toBe(true);
    expect(asksTopUp(level('LOW', 100_000, toRecover(100_000)))).toBe(false);
    expect(asksTopUp(level('CRITICAL', 60_000, { low: 100_000, ...toRecover(60_000) }))).toBe(true);
    expect(asksTopUp(level('LOW', 90_000))).toBe(false);
  });

  it('an empty level (CRITICAL at 0) has run out at 0 and under, not above', () => {
    const empty = (balance: number) => levelFacts(level('CRITICAL', balance, { threshold: 0 }));
    expect(empty(0)).toMatchObject({ critical: true, empty: true, standing: 'run-out' });
    expect(empty(-10).standing).toBe('run-out');
    expect(empty(1).standing).toBe('lifted');
  });

  it('tells a CRITICAL from a LOW, and an empty level from a threshold', () => {
    expect(levelFacts(level('LOW', 99_999, { threshold: 0 }))).toMatchObject({
      critical: false,
      empty: false,
    });
    expect(levelFacts(level('CRITICAL', 24_999))).toMatchObject({ critical: true, empty: false });
  });

  it('says "since" only when the episode began before this alert', () => {
    expect(levelFacts(level('LOW', 90_000)).belowEarlier).toBe(true);
    expect(levelFacts(level('LOW', 90_000, { since: AT })).belowEarlier).toBe(false);
  });
});

describe('balanceReminderFacts', () => {
  const standing = (e: BalanceReminderEvent) => balanceReminderFacts(e).standing;
  it('a reminder of LOW at LOW is recovering, below it still below', () => {
    expect(standing(reminder('LOW', 99_999))).toBe('still-below');
    expect(standing(reminder('LOW', 100_000))).toBe('recovering');
    expect(standing(reminder('LOW', 0))).toBe('still-below');
  });

  it('a reminder of CRITICAL at its level is above it, at LOW recovering', () => {
    expect(standing(reminder('CRITICAL', 24_999))).toBe('still-below');
    expect(standing(reminder('CRITICAL', 25_000))).toBe('above-critical');
    expect(standing(reminder('CRITICAL', 99_999))).toBe('above-critical');
    expect(standing(reminder('CRITICAL', 100_000))).toBe('recovering');
  });

  it('a reminder of an empty level is no longer empty only above 0', () => {
    expect(standing(reminder('CRITICAL', -5, 0))).toBe('still-empty');
    expect(standing(reminder('CRITICAL', 0, 0))).toBe('still-empty');
    expect(standing(reminder('CRITICAL', 1, 0))).toBe('no-longer-empty');
    expect(standing(reminder('CRITICAL', 100_000, 0))).toBe('recovering');
  });
});

describe('forecastFacts', () => {
  const runway = { minutes: 120, earliest: 90, latest: 150 };
  const forecast = (reason: 'low' | 'runway', toLow?: typeof runway): ForecastEvent => ({
    severity: 'FORECAST',
    account: 'acme',
    at: AT,
    balance: 120_000,
    currency: 'XOF',
    reason,
    threshold: 100_000,
    ...(toLow === undefined ? {} : { toLow }),
    toZero: { minutes: 600, earliest: 500, latest: 700 },
    perHour: -10_000,
  });
  it('states the time to LOW only for a forecast about LOW', () => {
    expect(forecastFacts(forecast('low', runway)).toLow).toEqual(runway);
    expect(forecastFacts(forecast('runway', runway)).toLow).toBeUndefined();
    expect(forecastFacts(forecast('low')).toLow).toBeUndefined();
  });
});

describe('digestFacts', () => {
  const digest = (change24h?: number): DigestEvent => ({
    severity: 'DIGEST',
    account: 'acme',
    at: AT,
    currency: 'XOF',
    ...(change24h === undefined ? {} : { change24h }),
    belowLowMinutes: 0,
    low: 100_000,
    failedChecks: 0,
    checks: 96,
  });
  it('a change is a direction and a positive amount; none is said when unknown', () => {
    expect(digestFacts(digest())).not.toHaveProperty('change');
    expect(digestFacts(digest(0)).change).toEqual({ direction: 'none', by: 0 });
    expect(digestFacts(digest(500)).change).toEqual({ direction: 'up', by: 500 });
    expect(digestFacts(digest(-500)).change).toEqual({ direction: 'down', by: 500 });
  });
});

describe('acknowledgedFacts', () => {
  const shorter = (by: string) =>
    acknowledgedFacts({
      severity: 'ACKNOWLEDGED',
      account: 'acme',
      at: AT,
      about: 'LOW',
      since: SINCE,
      by,
      acknowledgedAt: AT,
    }).shorterNames;
  it('shortens a name by whole words, never under two', () => {
    expect(shorter('Awa')).toEqual([]);
    expect(shorter('Awa Ndiaye')).toEqual([]);
    expect(shorter('Awa Bineta Ndiaye')).toEqual(['Awa Bineta']);
    expect(shorter('Awa Bineta Sow Ndiaye')).toEqual(['Awa Bineta Sow', 'Awa Bineta']);
  });
});

describe('failureActionKey', () => {
  const key = (code?: NonNullable<FailureInfo['detail']>['code']) =>
    failureActionKey({
      kind: 'authentication',
      reason: 'r',
      ...(code === undefined ? {} : { detail: { code } }),
    });
  it('a missing or malformed key asks to put one in the secret', () => {
    expect(key('secret-not-found')).toBe('put-key-in-secret');
    expect(key('secret-key-length')).toBe('put-key-in-secret');
  });
  it('a secret the function may not read asks for the right to read it', () => {
    expect(key('secret-access-denied')).toBe('let-read-secret');
    expect(key('secret-decryption')).toBe('let-read-secret');
  });
  it('a secret that could not be read for another reason falls back to the kind', () => {
    expect(key('secret-unreadable')).toBe('authentication');
  });
  it('an expired key asks to renew it; a key not allowed to read the balance, for the right', () => {
    expect(key('api-key-expired')).toBe('renew-key');
    expect(key('api-permission')).toBe('ask-permission');
  });
  it('a wrong address, a wrong currency, or anything else', () => {
    expect(key('api-redirect')).toBe('fix-api-address');
    expect(key('api-not-found')).toBe('fix-api-address');
    expect(key('api-wrong-currency')).toBe('check-currency');
    expect(key('api-key-rejected')).toBe('authentication');
    expect(key()).toBe('authentication');
  });
});

describe('asOfLatest', () => {
  const latest = { balance: 60_000, currency: 'XOF', at: AT };
  it('tells a held LOW with the balance of its release, and what to add from it', () => {
    const held = level('LOW', 90_000, {
      runway: { minutes: 60, earliest: 50, latest: 70 },
      topUp: { toRecover: 15_000, toCover: 40_000, hours: 24 },
      opens: true,
    });
    expect(asOfLatest(held, latest)).toEqual({
      severity: 'LOW',
      account: 'acme',
      at: AT,
      since: SINCE,
      threshold: 100_000,
      recovery: 105_000,
      balance: 60_000,
      currency: 'XOF',
      topUp: { toRecover: 45_000 },
      opens: true,
    });
  });
  it('asks to add nothing when the balance has since recovered', () => {
    const now = asOfLatest(level('CRITICAL', 20_000), { ...latest, balance: 110_000 });
    expect(now).toMatchObject({ balance: 110_000, topUp: { toRecover: 0 } });
    expect(now).not.toHaveProperty('opens');
  });
  it('leaves any other alert, and one without a later balance, as it was', () => {
    const low = level('LOW', 90_000);
    expect(asOfLatest(low, undefined)).toBe(low);
    const reminded = reminder('LOW', 90_000);
    expect(asOfLatest(reminded, latest)).toBe(reminded);
  });
});

describe('heldFacts', () => {
  // A stand-in for a locale's draft: a tag in brackets, a headline, one action, an SMS core.
  const draftOf = (event: AlertEvent): Draft => ({
    tag: `[${event.severity}]`,
    decoration: '',
    subjectTail: '',
    headline: `${event.severity} headline`,
    details: [],
    action: [event.severity === 'FAILING' ? 'check the key' : 'top up'],
    sms: { core: `${event.severity} sms`, extras: [] },
  });
  // heldFacts asks its words only for the top-up SMS.
  const words = {
    topUpSms: (advice: { toRecover: number } | undefined) =>
      advice === undefined ? [] : [`add ${advice.toRecover}`],
  } as unknown as Words;
  const failing: AlertEvent = {
    severity: 'FAILING',
    account: 'acme',
    at: AT,
    since: SINCE,
    failedChecks: 3,
    failure: { kind: 'authentication', reason: 'r' },
  };
  const heldOf = (
    events: AlertEvent[],
    latest?: { balance: number; currency: string; at: string },
  ): HeldEvent => ({
    severity: 'HELD',
    account: 'acme',
    at: AT,
    reason: 'quiet',
    events,
    ...(latest === undefined ? {} : { latest }),
  });
  const facts = (e: HeldEvent) => heldFacts(e, draftOf, words);

  it('names each kind once, without brackets, the highest level first', () => {
    const f = facts(heldOf([failing, level('LOW', 90_000), level('CRITICAL', 20_000), failing]));
    expect(f.tags).toEqual(['FAILING', 'LOW', 'CRITICAL']);
    expect(f.first).toBe('CRITICAL');
    expect(facts(heldOf([failing, level('LOW', 90_000)])).first).toBe('LOW');
    expect(facts(heldOf([failing])).first).toBe('FAILING');
  });

  it('lists one line per held alert and each action once', () => {
    const f = facts(heldOf([level('LOW', 90_000), failing, level('LOW', 80_000)]));
    expect(f.lines).toEqual(['- LOW headline', '- FAILING headline', '- LOW headline']);
    expect(f.action).toEqual(['top up', 'check the key']);
  });

  it('tells the levels with the balance of the release and says what to add from it', () => {
    const latest = { balance: 60_000, currency: 'XOF', at: AT };
    const f = facts(heldOf([failing, level('LOW', 90_000)], latest));
    expect(f.levels.map((x) => x.balance)).toEqual([60_000]);
    expect(f.toAdd?.topUp.toRecover).toBe(45_000);
    expect(f.fresh).toBe(true);
    expect(f.topUp).toBe(true);
    // The top-up first, then the SMS of what is not a level (a level is told by the core).
    expect(f.smsExtras).toEqual(['add 45000', 'FAILING sms']);
  });

  it('a balance read before the release is not "now"', () => {
    const f = facts(
      heldOf([level('LOW', 90_000)], { balance: 60_000, currency: 'XOF', at: SINCE }),
    );
    expect(f.fresh).toBe(false);
  });

  it('says nothing to add once the balance has recovered, and no top-up without a level', () => {
    const recovered = facts(
      heldOf([level('LOW', 90_000)], { balance: 110_000, currency: 'XOF', at: AT }),
    );
    expect(recovered.toAdd).toBeUndefined();
    expect(recovered.topUp).toBe(false);
    expect(recovered.smsExtras).toEqual([]);
    expect(facts(heldOf([failing])).topUp).toBe(false);
    // Without a later balance the held figures stand: "top up" with no amount.
    const unread = facts(heldOf([level('LOW', 90_000, { topUp: { toRecover: 15_000 } })]));
    expect(unread.toAdd).toBeUndefined();
    expect(unread.topUp).toBe(true);
    expect(unread.fresh).toBe(false);
  });

  it('asks nothing when released in the recovery band: the alert closes by itself there', () => {
    const band = facts(
      heldOf([level('LOW', 90_000)], { balance: 102_000, currency: 'XOF', at: AT }),
    );
    // Still 3,000 short of closing, but above LOW: no top-up, no amount in the SMS.
    expect(band.levels[0]?.topUp.toRecover).toBe(3000);
    expect(band.toAdd).toBeUndefined();
    expect(band.topUp).toBe(false);
    expect(band.smsExtras).toEqual([]);
  });

  it('the SMS names every kind when it fits, else the highest and how many more', () => {
    const short = (kinds: string) => `Held: ${kinds}.`;
    const long = (kinds: string) => `Held: ${kinds}. ${'x'.repeat(150)}`;
    expect(facts(heldOf([level('LOW', 90_000)])).smsCore(long)).toBe(long('LOW'));
    const two = facts(heldOf([failing, level('CRITICAL', 20_000)]));
    expect(two.smsCore(short)).toBe(short('FAILING, CRITICAL'));
    expect(two.smsCore(long)).toBe(long('CRITICAL +1'));
    // Whether the list fits is asked of the list as it would be sent, separators included.
    const justOver = (kinds: string) => `${kinds}${'x'.repeat(160 - 'FAILINGCRITICAL'.length)}`;
    expect(two.smsCore(justOver)).toBe(justOver('CRITICAL +1'));
  });

  it('leaves out of the SMS extras the own SMS of every held level, not only of one', () => {
    const latest = { balance: 60_000, currency: 'XOF', at: AT };
    const f = facts(heldOf([level('LOW', 90_000), level('CRITICAL', 20_000), failing], latest));
    expect(f.smsExtras).toEqual(['add 45000', 'FAILING sms']);
  });
});
