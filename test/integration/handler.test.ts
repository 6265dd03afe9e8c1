import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { captureConsole } from '../support/console-capture';
import { MOTO_INSTALL_HINT } from '../support/moto';
import {
  createMonitorFixture,
  rejection,
  unknown,
  type FixtureOptions,
} from '../support/monitor-fixture';

/**
 * The Lambda handler end to end on real local servers: the key from moto's Secrets Manager, the
 * balance from the sandbox over real HTTP, state in moto's DynamoDB, alerts published to moto's
 * SNS and delivered to an SQS queue.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] handler integration tests: ${MOTO_INSTALL_HINT}`);
const fixture = (options: FixtureOptions = {}) =>
  createMonitorFixture(motoUrl ?? '', sandboxUrl, options);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)('one check through the handler', () => {
  it('a healthy balance: summary OK, nothing published, logs and metrics written', async () => {
    const monitor = await fixture({ account: { balances: [250_000] } });
    const { result, logs } = await monitor.invoke();
    expect(result).toEqual({
      status: 'fulfilled',
      value: {
        account: 'Boutique Dakar',
        status: 'OK',
        balance: 250_000,
        currency: 'XOF',
        events: [],
      },
    });
    expect(await monitor.delivered()).toEqual([]);
    expect(await monitor.requests()).toHaveLength(1);
    expect(logs).toContain('"message": "check completed"');
    expect(logs).toMatch(/"latencyMs": \d+/);
    expect(logs).toMatch(/"balance": 250000/);
    expect(logs).toContain('"save": "saved"');
    // No metric for a healthy check: CloudWatch bills each metric by the hours it receives
    // data, so only what is rare is sent, and never per account.
    expect(logs).not.toContain('"_aws"');
    expect(logs).not.toContain(monitor.apiKey);
  });

  it('a low balance publishes one LOW alert with its texts and attributes, delivered to SQS', async () => {
    const monitor = await fixture({ account: { balances: [45_000] } });
    const { result } = await monitor.invoke();
    expect(result).toMatchObject({
      status: 'fulfilled',
      value: { status: 'LOW', balance: 45_000, events: ['LOW'] },
    });
    const delivered = await monitor.delivered();
    expect(delivered).toHaveLength(1);
    // The time is the check's, read in Dakar (the default ALERT_TIME_ZONE).
    expect(delivered[0]?.subject).toMatch(
      /^\[LOW\] DEXCHANGE balance of Boutique Dakar: XOF 45,000 at \d{1,2}:\d{2}\u202f?\s?[ap]m$/,
    );
    expect(delivered[0]?.attributes).toEqual({
      severity: 'LOW',
      level: 'LOW',
      route: '["LOW"]',
      account: 'Boutique Dakar',
      'AWS.SNS.SMS.SMSType': 'Transactional',
    });
    expect(delivered[0]?.message).toContain('below the low threshold of XOF\u00a0100,000');
    const sent = await monitor.sent();
    expect(sent[0]?.message.sms).toBe(
      'DEXCHANGE Boutique Dakar: balance XOF 45,000, below XOF 100,000. Top up. Minimum XOF 60,000 to close the alert.',
    );
    expect(sent[0]?.message.email).toBe(delivered[0]?.message);
    expect(JSON.stringify(sent)).not.toContain(monitor.apiKey);
  });

  it('a critical balance publishes CRITICAL, in French when asked, with the key read from JSON', async () => {
    const monitor = await fixture({
      account: { balances: [10_000] },
      secret: (key) => JSON.stringify({ apiKey: key }),
      env: { ALERT_LOCALE: 'fr' },
    });
    const { result } = await monitor.invoke();
    expect(result).toMatchObject({
      status: 'fulfilled',
      value: { status: 'CRITICAL', events: ['CRITICAL'] },
    });
    const [subject] = (await monitor.sent()).map((s) => s.subject);
    expect(subject).toMatch(
      /^\[CRITIQUE\] Solde DEXCHANGE de Boutique Dakar : 10 000 F CFA, \d{1,2} h \d{2}$/,
    );
  });

  it('a transient 503 is retried inside the same check', async () => {
    const monitor = await fixture({ account: { balances: [250_000], faults: ['503'] } });
    const { result } = await monitor.invoke();
    expect(result.status).toBe('fulfilled');
    expect((await monitor.requests()).map((r) => r.status)).toEqual([503, 200]);
  });

  const failures: [string, FixtureOptions, RegExp, number][] = [
    // A 401 reads the secret afresh and asks once more before it counts: two requests.
    [
      '401 as a message list',
      { account: { faults: ['401-list', '401-list'] } },
      /API key was rejected \(401\)/,
      2,
    ],
    [
      '401 with a code',
      { account: { faults: ['401-coded', '401-coded'] } },
      /rejected \(401 INVALID_API_KEY\)/,
      2,
    ],
    [
      '401 as a numbered error',
      { account: { faults: ['401-numbered', '401-numbered'] } },
      /rejected \(401\)/,
      2,
    ],
    [
      'a persistent 500',
      { account: { faults: ['500', '500', '500'] } },
      /failed \(500\).*after 3 attempts/,
      3,
    ],
    [
      'a hang',
      { account: { faults: ['hang', 'hang', 'hang'] }, env: { REQUEST_TIMEOUT_MS: '200' } },
      /did not answer within 200 ms/,
      3,
    ],
    ['malformed JSON', { account: { faults: ['malformed-json'] } }, /not JSON/, 1],
    ['an HTML page', { account: { faults: ['html'] } }, /not JSON/, 1],
    ['an empty body', { account: { faults: ['empty'] } }, /empty body/, 1],
    [
      'a balance that is a string',
      { account: { faults: ['wrong-types'] } },
      /balance\.balance must be a finite number/,
      1,
    ],
    [
      'missing fields',
      { account: { faults: ['missing-fields'] } },
      /balance\.currency is missing/,
      1,
    ],
    ['an oversized body', { account: { faults: ['oversized'] } }, /body over 1048576 bytes/, 1],
    [
      'an unexpected currency',
      { account: { currency: 'EUR' }, env: { EXPECTED_CURRENCY: 'XOF' } },
      /EUR, not the expected XOF/,
      1,
    ],
  ];

  it.each(failures)(
    '%s is a handled outcome: status UNKNOWN with the error, no Lambda error, nothing published yet, never the key',
    async (_name, options, message, requests) => {
      const monitor = await fixture(options);
      const { result, logs } = await monitor.invoke();
      const summary = unknown(result);
      expect(summary.error.message).toMatch(message);
      expect(await monitor.requests()).toHaveLength(requests);
      expect(await monitor.delivered()).toEqual([]);
      expect(logs).toContain('"message": "balance could not be read"');
      expect(logs).toMatch(/"ReadFailed":\s*1/);
      expect(logs).toContain('"save": "saved"');
      expect(logs).not.toContain(monitor.apiKey);
      expect(JSON.stringify(summary)).not.toContain(monitor.apiKey);
    },
  );

  it('a missing secret names the secret and calls no API', async () => {
    const monitor = await fixture({ secret: 'missing' });
    const { result } = await monitor.invoke();
    expect(unknown(result).error).toMatchObject({
      kind: 'configuration',
      message: expect.stringMatching(
        /secret dexchange-key-that-does-not-exist was not found/,
      ) as unknown,
    });
    expect(await monitor.requests()).toHaveLength(0);
  });

  it('an empty secret (the placeholder the stack creates) says to put the key', async () => {
    const monitor = await fixture({ secret: () => JSON.stringify({ apiKey: '' }) });
    const { result } = await monitor.invoke();
    expect(unknown(result).error.message).toMatch(/secret .* is JSON without a non-empty "apiKey"/);
    expect(await monitor.requests()).toHaveLength(0);
  });

  it('a bad environment fails the invocation naming the variable, before any call', async () => {
    const monitor = await fixture({ env: { LOW_BALANCE_THRESHOLD: 'beaucoup' } });
    const { result } = await monitor.invoke();
    expect(rejection(result).message).toBe(
      'Invalid environment: LOW_BALANCE_THRESHOLD must be a number from 0 to 1000000000000000 (got "beaucoup")',
    );
    expect(await monitor.requests()).toHaveLength(0);
  });

  it('a warm container reads the secret once within the cache period', async () => {
    const monitor = await fixture({ account: { balances: [250_000] } });
    const handler = await monitor.newContainer();
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const send = vi.spyOn(SecretsManagerClient.prototype, 'send');
    for (let i = 0; i < 3; i += 1)
      expect((await monitor.invoke({}, handler)).result.status).toBe('fulfilled');
    expect(send).toHaveBeenCalledTimes(1);
    expect(await monitor.requests()).toHaveLength(3);
    send.mockRestore();
  });
});

describe.skipIf(motoUrl === null)('the lifecycle through the handler and DynamoDB', () => {
  it('alerts once, stays quiet while low, recovers once', async () => {
    const monitor = await fixture({
      account: { balances: [45_000, 44_000, 43_000, 500_000, 500_000] },
    });
    const events = [];
    for (let i = 0; i < 5; i += 1) {
      const { result } = await monitor.invoke();
      if (result.status === 'rejected') throw result.reason;
      events.push((result.value as { events: string[] }).events);
    }
    expect(events).toEqual([['LOW'], [], [], ['RECOVERED'], []]);
    expect((await monitor.delivered()).map((d) => d.attributes.severity)).toEqual([
      'LOW',
      'RECOVERED',
    ]);
  });

  it('the third failed read in a row publishes FAILING in plain words; the next good read, FAILING_RESOLVED', async () => {
    const monitor = await fixture({
      account: {
        faults: ['401-coded', '401-coded', '401-coded', '401-coded', '401-expired', '401-expired'],
        balances: [250_000],
      },
    });
    for (let i = 0; i < 3; i += 1) unknown((await monitor.invoke()).result);
    const sent = await monitor.sent();
    expect(sent.map((s) => s.attributes.severity)).toEqual(['FAILING']);
    expect(sent[0]?.message.sms).toBe(
      'DEXCHANGE Boutique Dakar: balance unreadable, 3 failed checks: the API key has expired (401). No low-balance alerts without a reading.',
    );
    expect((await monitor.invoke()).result).toMatchObject({
      status: 'fulfilled',
      value: { events: ['FAILING_RESOLVED'] },
    });
  });

  it('{"action": "test-alert"} publishes a TEST through the real path and touches no state', async () => {
    const monitor = await fixture();
    const { result } = await monitor.invoke({ action: 'test-alert' });
    expect(result).toEqual({
      status: 'fulfilled',
      value: { account: 'Boutique Dakar', action: 'test-alert', events: ['TEST'] },
    });
    const delivered = await monitor.delivered();
    expect(delivered.map((d) => [d.subject, d.attributes.severity])).toEqual([
      ['[TEST] DEXCHANGE balance alerts for Boutique Dakar', 'TEST'],
    ]);
    expect(await monitor.requests()).toHaveLength(0);
  });

  it('an unknown action, or a mistyped field, is refused by name, listing the actions, and changes nothing (no Lambda error: the operator fixes it, the monitor is not broken)', async () => {
    const monitor = await fixture();
    const message =
      'unknown event: the function takes the scheduled event or {"action": ...} with one of test-alert, digest, silence, silences, unsilence (such as {"action": "test-alert"}); nothing was changed';
    for (const event of [{ action: 'top-up' }, { acton: 'silence', minutes: 60 }]) {
      const { result, logs } = await monitor.invoke(event);
      expect(result).toEqual({
        status: 'fulfilled',
        value: { account: 'Boutique Dakar', action: 'refused', error: message },
      });
      expect(logs).toContain('action refused');
      expect(logs).not.toContain('CheckFailed');
    }
    expect(await monitor.requests()).toHaveLength(0);
  });

  it('silence, silences, unsilence: a silence holds the alerts, and its end sends what is still true', async () => {
    const monitor = await fixture({ account: { balances: [45_000] } });
    const handler = await monitor.newContainer();
    const bad = await monitor.invoke({ action: 'silence', minutes: 0 }, handler);
    expect(bad.result).toMatchObject({
      status: 'fulfilled',
      value: {
        action: 'refused',
        error: 'silence: minutes must be at least 1; nothing was changed',
      },
    });
    const unknownId = await monitor.invoke({ action: 'unsilence', id: 'nope' }, handler);
    expect(unknownId.result).toMatchObject({
      status: 'fulfilled',
      value: {
        action: 'refused',
        error: 'no silence nope; the current ones: none; nothing was changed',
      },
    });
    const set = await monitor.invoke(
      { action: 'silence', minutes: 60, reason: 'DEXCHANGE maintenance' },
      handler,
    );
    expect(set.result).toMatchObject({
      status: 'fulfilled',
      value: { action: 'silence', silence: { reason: 'DEXCHANGE maintenance' } },
    });
    await monitor.invoke({}, handler);
    expect(await monitor.sent()).toEqual([]);
    const listed = await monitor.invoke({ action: 'silences' }, handler);
    const [silence] = (listed.result as { value: { silences: { id: string }[] } }).value.silences;
    expect(silence).toBeDefined();
    const ended = await monitor.invoke({ action: 'unsilence', id: silence?.id }, handler);
    expect(ended.result.status).toBe('fulfilled');
    await monitor.invoke({}, handler);
    // One message: the LOW still true, with the balance now (its own figures are from the
    // silence's start); the reminders the silence held are not in it.
    const released = await monitor.sent();
    expect(released.map((m) => [m.attributes.severity, m.attributes.route])).toEqual([
      ['HELD', '["LOW"]'],
    ]);
    expect(released[0]?.message.email).toContain(
      'were held. Still true now:\n- The DEXCHANGE balance',
    );
    expect(released[0]?.message.email).not.toMatch(/REMINDER|Reminder/);
  });

  it('two containers racing on one account publish one alert, not two', async () => {
    const monitor = await fixture({ account: { balances: [45_000] } });
    const first = await monitor.newContainer();
    const second = await monitor.newContainer();
    const context = { getRemainingTimeInMillis: () => 30_000 };
    // One capture around both: they run at the same time.
    const { result, output } = await captureConsole(() =>
      Promise.all([first({}, context), second({}, context)]),
    );
    expect(result.status).toBe('fulfilled');
    expect(await monitor.requests()).toHaveLength(2);
    expect((await monitor.delivered()).map((d) => d.attributes.severity)).toEqual(['LOW']);
    // The check that lost the race re-read and re-judged: the LOW was already claimed.
    expect(output).toContain('"retriedAfterLostRace": true');
  });
});
