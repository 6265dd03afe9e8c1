import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { createSecret, createTopicWithQueue } from '../support/aws';
import { sandboxAccount } from '../support/sandbox-client';
import { startWebhookReceiver } from '../../tools/webhook-receiver';

/** `npm start` as a user runs it: a real process, the embedded sandbox, the printed texts. */

const root = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

async function start(args: string[], env: Record<string, string> = {}) {
  // The texts these tests read are the English ones; the default (French, the stack's) has its
  // own file, npm-start-locale.test.ts.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ALERT_LOCALE: 'en', ...env };
  delete childEnv.DEXCHANGE_API_KEY;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'tools/main.ts', ...args],
      {
        cwd: root,
        env: childEnv,
        timeout: 20_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm start', () => {
  it('with no key, says it uses the sandbox and prints a balance and a verdict', async () => {
    const { code, stdout } = await start([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /No DEXCHANGE_API_KEY set: using the embedded sandbox at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(stdout).toMatch(/Balance: +XOF 250,000/);
    expect(stdout).toMatch(/Verdict: +OK/);
  });

  it('--balance 1000 --threshold 5000 prints the LOW alert texts', async () => {
    const { code, stdout } = await start(['--balance', '1000', '--threshold', '5000']);
    expect(code).toBe(0);
    expect(stdout).toContain('--- LOW alert (would be published');
    expect(stdout).toContain('Subject: [LOW] DEXCHANGE balance of default: XOF 1,000');
    expect(stdout).toContain('below the low threshold of XOF');
    expect(stdout).toContain(
      'DEXCHANGE default: balance XOF 1,000, below XOF 5,000. Top up. Minimum XOF 4,250 to close the alert.',
    );
    expect(stdout).toMatch(/Verdict: +LOW/);
  });

  it('a sandbox fault shows as a failed check with exit code 1', async () => {
    const { code, stdout } = await start(['--fault', '401-expired']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'Check failed (authentication): the API key was rejected (401 EXPIRED_API_KEY)',
    );
  });

  it("the README's drain demo plays what it promises: FORECAST, then LOW, then CRITICAL, the runway and a sparkline", async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const command = /^npm start -- (--balance .*--drain .*)$/m.exec(readme)?.[1];
    expect(command, 'the drain demo in the README').toBeDefined();
    const { code, stdout } = await start((command ?? '').split(/\s+/));
    expect(code).toBe(0);
    const forecast = stdout.indexOf(
      '-> FORECAST: [FORECAST] DEXCHANGE balance of default below XOF 100,000 around',
    );
    const low = stdout.indexOf('-> LOW: [LOW] DEXCHANGE balance of default');
    const critical = stdout.indexOf('-> CRITICAL: [CRITICAL] DEXCHANGE balance of default');
    expect(forecast).toBeGreaterThan(0);
    expect(low).toBeGreaterThan(forecast);
    expect(critical).toBeGreaterThan(low);
    expect(stdout).toMatch(/empty in 5 h, below LOW in 4 h \(-100,000 an hour\)/);
    expect(stdout).toMatch(
      /History: +[▁▂▃▄▅▆▇█]{48} +\(\d+ checks over [\d.]+ h, XOF [\d,]+ to XOF 600,000\)/,
    );
  });

  it('shows every channel as its recipient sees it, and --webhook sends a signed alert to a receiver', async () => {
    const receiver = await startWebhookReceiver({ secret: 'npm-start-secret' });
    try {
      const { code, stdout } = await start([
        '--balance',
        '1000',
        '--threshold',
        '5000',
        '--webhook',
        receiver.url,
        '--webhook-secret',
        'npm-start-secret',
      ]);
      expect(code).toBe(0);
      for (const section of ['E-mail:', 'SMS (', 'Slack / Teams', 'Telegram:', 'Webhook body'])
        expect(stdout).toContain(section);
      expect(stdout).toMatch(/:warning: \[LOW\] DEXCHANGE balance of default: XOF\s1,000/);
      // What the WhatsApp message reads: its approved template, filled with the facts.
      expect(stdout).toMatch(
        /WhatsApp \(template dexchange_low_v2, en\):\n {2}Low balance alert on the DEXCHANGE account default\. Balance: XOF 1,000, below the low threshold of XOF 5,000/,
      );
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]?.problems).toEqual([]);
      expect(receiver.received[0]?.body).toMatchObject({ severity: 'LOW', account: 'default' });
    } finally {
      await receiver.close();
    }
  });

  it('--escalate shows each tier told in turn while nobody acknowledges, with who heard before', async () => {
    const { code, stdout } = await start(
      '--balance 20000 --critical 25000 --checks 12 --escalate it-oncall:15,direction:30'.split(
        ' ',
      ),
    );
    expect(code).toBe(0);
    const tiers = stdout.split('\n').filter((line) => line.includes('=> tier'));
    expect(tiers).toHaveLength(2);
    expect(tiers[0]).toMatch(
      /=> tier it-oncall: Escalated to you \("it-oncall"\): nobody has said "I'm on it" for 15 minutes\. Already told: the usual recipients at \d+:\d\d [ap]m\.$/,
    );
    expect(tiers[1]).toMatch(
      /=> tier direction: .* for 45 minutes\. Already told: the usual recipients at .*, then "it-oncall" at \d+:\d\d [ap]m\.$/,
    );
  });

  it('--help documents the flags', async () => {
    const { code, stdout } = await start(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--drain',
      '--checks',
      '--threshold',
      '--critical',
      '--locale',
      '--balance',
      '--fault',
      '--secret-id',
      '--topic-arn',
      '--webhook',
      '--webhook-secret',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('a bad option is refused with the flag named, exit code 2', async () => {
    const { code, stderr } = await start(['--threshold=-1', '--locale', 'wo']);
    expect(code).toBe(2);
    expect(stderr).toContain('--threshold must be >= 0');
    expect(stderr).toContain('--locale must be one of en, fr');
  });

  const motoUrl = inject('motoUrl');
  it.skipIf(motoUrl === null)('--secret-id and --topic-arn use those AWS resources', async () => {
    const endpoint = motoUrl ?? '';
    const sandboxUrl = inject('sandboxUrl');
    const apiKey = await sandboxAccount(sandboxUrl, { balances: [3000] });
    const secretId = await createSecret(endpoint, JSON.stringify({ apiKey }));
    const { topicArn, delivered } = await createTopicWithQueue(endpoint);
    const { code, stdout } = await start(
      [
        '--secret-id',
        secretId,
        '--topic-arn',
        topicArn,
        '--api-url',
        sandboxUrl,
        '--threshold',
        '5000',
        // Against a non-sandbox API the default state file is .local-state/; keep tests out of it.
        '--state-file',
        path.join(mkdtempSync(path.join(tmpdir(), 'npm-start-')), 'state.json'),
      ],
      { AWS_ENDPOINT_URL: endpoint },
    );
    expect(code).toBe(0);
    expect(stdout).toContain(`with the key from secret ${secretId}`);
    expect(stdout).toContain('--- LOW alert (published) ---');
    expect(stdout).not.toContain(apiKey);
    expect((await delivered()).map((d) => d.attributes.severity)).toEqual(['LOW']);
    // Who the topic reaches (here the test's own queue, which needs no confirmation).
    expect(stdout).toMatch(/Reach: +1 subscribed\n +arn:aws:sqs:\S+ +sqs/);
  });
});
