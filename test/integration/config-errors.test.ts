import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * A config the user must fix is said in plain lines, with no Node stack trace, by every entry
 * that reads it: the CDK app (`cdk synth`, `cdk deploy`), `npm run check-config` (and so
 * `npm run synth`), `npm run cost`, `npm start`, `npm run verify` and `npm run confirm`. Each
 * runs as a user runs it: a process of its own.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'config-errors-'));

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(entry: string, args: string[], env: Record<string, string> = {}): Promise<Exit> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DEXCHANGE_API_KEY;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: root, env: childEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({
          code: typeof code === 'number' ? code : error === null ? 0 : -1,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** A Node stack trace's frames: "    at parseDeployConfig (...)". */
const STACK_FRAME = /^\s+at /m;

const shipped = readFileSync(path.join(root, 'cdk.json'), 'utf8');
const withAddress = shipped.replace('"alertEmails": []', '"alertEmails": ["finance@example.sn"]');
const trailingComma = withAddress.replace(
  '"expectedCurrency": "XOF"',
  '"expectedCurrency": "XOF",',
);
const at = (text: string, needle: string) => {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
};

const exits: Record<string, Exit> = {};

beforeAll(async () => {
  writeFileSync(path.join(dir, 'valid.json'), withAddress);
  writeFileSync(path.join(dir, 'comma.json'), trailingComma);
  const cases: Record<string, Promise<Exit>> = {
    app: run('infra/app.ts', [], {
      CDK_OUTDIR: dir,
      CDK_CONTEXT_JSON: JSON.stringify({
        balanceMonitor: {
          accounts: [{ name: 'main', lowBalanceThreshold: 100, criticalBalanceThreshold: 200 }],
          alertEmails: ['finance@example.sn'],
        },
      }),
    }),
    comma: run('tools/check-config.ts', ['--file', path.join(dir, 'comma.json')]),
    valid: run('tools/check-config.ts', ['--file', path.join(dir, 'valid.json')]),
    cost: run('tools/cost.ts', ['--accounts', '0']),
    start: run('tools/main.ts', [], { REPEAT_ALERT_MINUTES: '1' }),
    verify: run('tools/verify.ts', ['--stack']),
    confirm: run('tools/confirm.ts', ['https://example.com/not-a-confirmation']),
  };
  const done = await Promise.all(Object.values(cases));
  Object.keys(cases).forEach((name, i) => {
    const exit = done[i];
    if (exit !== undefined) exits[name] = exit;
  });
});

const exitOf = (name: string): Exit => {
  const exit = exits[name];
  if (exit === undefined) throw new Error(`${name} did not run`);
  return exit;
};

describe('a config error, at each entry', () => {
  it('cdk synth: the field and the rule it broke, under one headline, exit 1', () => {
    const { code, stderr } = exitOf('app');
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Configuration error in cdk.json → context.balanceMonitor:\n' +
        '  balanceMonitor.accounts.0.criticalBalanceThreshold: must be below lowBalanceThreshold\n',
    );
  });

  it('npm run check-config: a trailing comma in cdk.json by its line and column, exit 1', () => {
    const { code, stderr } = exitOf('comma');
    const brace = at(trailingComma, '"expectedCurrency": "XOF",');
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe(
      `cdk.json line ${brace.line + 1}, column 9: Expected double-quoted property name (the comma at line ${brace.line}, column ${brace.column + 25} has nothing after it: remove it)`,
    );
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('npm run check-config: a valid cdk.json says so, exit 0', () => {
    const { code, stdout } = exitOf('valid');
    expect(code).toBe(0);
    expect(stdout).toBe('cdk.json → context.balanceMonitor: valid, 1 account (main)\n');
  });

  it('npm run cost, npm start, npm run verify and npm run confirm: plain lines, no stack trace', () => {
    const cost = exitOf('cost');
    expect(cost.code).toBe(1);
    expect(cost.stderr).toContain('balanceMonitor.accounts: must list at least one account');
    const start = exitOf('start');
    expect(start.code).toBe(2);
    expect(start.stderr).toContain('REPEAT_ALERT_MINUTES');
    expect(exitOf('verify').code).toBe(2);
    expect(exitOf('confirm').code).toBe(2);
    for (const name of ['app', 'cost', 'start', 'verify', 'confirm'])
      expect(exitOf(name).stderr, name).not.toMatch(STACK_FRAME);
  });
});
