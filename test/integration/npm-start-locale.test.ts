import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` speaks the deployed stack's language by default (the deploy config's `locale`
 * defaults to French), and says so on its first line: what it prints is what the recipients of a
 * stack deployed with the defaults would read.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('npm start, with no --locale and no ALERT_LOCALE', () => {
  it("writes the alerts in French, the stack's default, and says so first", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DEXCHANGE_API_KEY;
    delete env.ALERT_LOCALE;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'tools/main.ts', '--balance', '1000', '--threshold', '5000'],
      { cwd: root, env, timeout: 20_000 },
    );
    expect(stdout.split('\n')[0]).toBe(
      "Alert texts in French (fr), the stack's default locale; --locale en for English (en).",
    );
    // The alert's amounts as a French reader reads them, in every channel's rendering.
    expect(stdout).toMatch(/--- LOW alert/);
    expect(stdout).toMatch(/1\s000\sF\sCFA/);
    expect(stdout).not.toContain('XOF 1,000');
  });
});
