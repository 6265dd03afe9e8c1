import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCliOptions } from '../../tools/cli-options';

/**
 * `npm start -- --callbacks` as a user runs it: the drain comes as payouts, each payout's
 * callback goes through the receiver's own code to a check that runs at once, and the LOW
 * shows right after the payout that crossed, not at the next scheduled check.
 */

const root = path.resolve(import.meta.dirname, '..', '..');

async function start(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ALERT_LOCALE: 'en' };
  delete env.DEXCHANGE_API_KEY;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'tools/main.ts', ...args],
    { cwd: root, env, timeout: 20_000 },
  );
  return stdout.split('\n');
}

describe('npm start -- --callbacks', () => {
  it('shows the LOW right after the payout that crossed, with the time from callback to publish', async () => {
    // 112 000 falling 5 000 every 5 minutes: the third payout takes it from 102 000 to 97 000.
    const lines = await start([
      '--balance',
      '112000',
      '--drain',
      '60000',
      '--checks',
      '6',
      '--callbacks',
    ]);
    expect(lines.filter((l) => l.endsWith('payout of XOF 5,000, callback sent'))).toHaveLength(5);
    const alerts = lines.filter((l) => l.includes('-> LOW:'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('-> LOW: [LOW] DEXCHANGE balance of default: XOF 97,000');
    const at = lines.findIndex((l) => l.includes('-> LOW:'));
    // The scheduled check before it read 102 000, OK; then the payout and its callback.
    expect(lines[at - 3]).toMatch(/XOF 102,000 {2}OK/);
    expect(lines[at - 2]).toMatch(/payout of XOF 5,000, callback sent$/);
    // The receiver's one log line: status and account, nothing of the body.
    expect(lines[at - 1]).toBe(
      '{"message":"callback","status":202,"reason":"started","account":"default"}',
    );
    expect(lines[at + 1]).toMatch(
      /^ {4}callback → LOW published in \d+\.\d\d s, 2\.5 min before the next scheduled check$/,
    );
    // Only then the scheduled check, which finds the LOW already said.
    expect(lines[at + 2]).toMatch(/XOF 97,000 {2}LOW/);
  });

  it('is refused without a drain to pay out', () => {
    expect(() => parseCliOptions({ callbacks: true, checks: '6' }, {})).toThrow(
      'Invalid options: --callbacks needs --drain N and --checks 2 or more',
    );
  });
});
