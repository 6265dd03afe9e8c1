import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { addSilence, listSilences } from '../../lambda/check/silences';
import { createFileStateStore } from '../../lambda/stores/file';
import { createStateTable } from '../support/aws';

/**
 * `npm start -- --silence/--silences/--unsilence` as a user runs them (issue 14): each one
 * exits, with a non-zero code and the reason when it is refused (it used to print the refusal
 * and hang on the sandbox it had started for nothing); a silence that would be kept in memory
 * only is refused; --severities silences only some.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
/** Well under the test's timeout: a process still running then is the hang this catches. */
const EXIT_WITHIN_MS = 10_000;

interface Exit {
  readonly code: number | null;
  readonly killed: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function start(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DEXCHANGE_API_KEY;
  delete childEnv.STATE_TABLE_NAME;
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/main.ts', ...args],
      { cwd: root, env: childEnv, timeout: EXIT_WITHIN_MS },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: unknown; killed?: boolean }) | null;
        resolve({
          code: e === null ? 0 : typeof e.code === 'number' ? e.code : null,
          killed: e?.killed === true,
          stdout,
          stderr,
          ms: Date.now() - started,
        });
      },
    );
  });
}

const stateFile = () =>
  path.join(mkdtempSync(path.join(tmpdir(), 'npm-start-silences-')), 's.json');

/** Refused: it ended by itself, with exit code 2, the reason on stderr. */
function expectRefused(exit: Exit, message: string): void {
  expect(exit.killed, `still running after ${EXIT_WITHIN_MS} ms: ${exit.stdout}`).toBe(false);
  expect(exit.code).toBe(2);
  expect(exit.stderr).toContain(message);
}

describe('npm start silences', () => {
  it('--unsilence of an unknown id is refused, and the process exits', async () => {
    const exit = await start([
      '--state-file',
      stateFile(),
      '--account',
      'acme',
      '--unsilence',
      'nope',
    ]);
    expectRefused(
      exit,
      '--unsilence refused: no silence nope; the current ones: none; nothing was changed',
    );
    // No sandbox is started for a silence: no balance is read.
    expect(exit.stdout).not.toContain('embedded sandbox');
  });

  it('an 11th silence is refused, and the process exits', async () => {
    const file = stateFile();
    const store = createFileStateStore(file);
    for (let i = 0; i < 10; i += 1)
      await addSilence(store, { action: 'silence', minutes: 60 }, new Date(), () => {});
    const exit = await start(['--state-file', file, '--account', 'acme', '--silence', '2h']);
    expectRefused(exit, 'an account holds at most 10 silences');
    expect(await listSilences(store, new Date())).toHaveLength(10);
  });

  it('a silence with no --state-file or --table-name (in memory: it would silence nothing) is refused', async () => {
    for (const args of [['--silence', '2h'], ['--silences'], ['--unsilence', 'abc']]) {
      const exit = await start(args);
      expectRefused(
        exit,
        'give --state-file FILE (the file your checks use) or --table-name TABLE',
      );
      expect(exit.stdout).not.toContain('Silenced');
    }
  });

  it('--severities silences only those; a severity a silence cannot hold is refused', async () => {
    const file = stateFile();
    const refused = await start([
      '--state-file',
      file,
      '--silence',
      '2h',
      '--severities',
      'LOW,RECOVERED',
    ]);
    expectRefused(
      refused,
      '--severities must list only severities a silence can hold: LOW, CRITICAL, FAILING, STALE, FORECAST, DIGEST',
    );
    const set = await start([
      '--state-file',
      file,
      '--account',
      'acme',
      '--silence',
      '2h',
      '--severities',
      'LOW,CRITICAL',
      '--reason',
      'top-up on its way',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^Silenced acme \(only LOW, CRITICAL\) until \S+ \(id (\w+)\) in /m);
    const [silence] = await listSilences(createFileStateStore(file), new Date());
    expect(silence).toMatchObject({ severities: ['LOW', 'CRITICAL'], reason: 'top-up on its way' });
    const listed = await start(['--state-file', file, '--account', 'acme', '--silences']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${silence?.id ?? ''}  until`);
    expect(listed.stdout).toContain('only LOW, CRITICAL  (top-up on its way)');
    const ended = await start([
      '--state-file',
      file,
      '--account',
      'acme',
      '--unsilence',
      silence?.id ?? '',
    ]);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain(`Silence ${silence?.id ?? ''} of acme ended`);
  });

  const motoUrl = inject('motoUrl');
  it.skipIf(motoUrl === null)(
    '--table-name with an account the table does not hold is refused, and the process exits',
    async () => {
      const endpoint = motoUrl ?? '';
      const table = await createStateTable(endpoint);
      const exit = await start(['--table-name', table, '--account', 'nobody', '--silence', '2h'], {
        AWS_ENDPOINT_URL: endpoint,
      });
      expectRefused(exit, `account "nobody" has no state in table ${table}`);
      // Once a check has saved the account's state, the silence is kept there, and it exits.
      const env = { AWS_ENDPOINT_URL: endpoint };
      expect((await start(['--table-name', table, '--account', 'acme'], env)).code).toBe(0);
      const set = await start(
        ['--table-name', table, '--account', 'acme', '--silence', '90m', '--severities', 'FAILING'],
        env,
      );
      expect(set.killed).toBe(false);
      expect(set.code).toBe(0);
      expect(set.stdout).toContain(`(only FAILING) until`);
      expect(set.stdout).toContain(`in DynamoDB table ${table}.`);
      const listed = await start(['--table-name', table, '--account', 'acme', '--silences'], env);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('only FAILING');
    },
  );
});
