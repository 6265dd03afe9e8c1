import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { bundleFunction } from '../../infra/function-code';
import { HANDLER_ENTRY } from '../../infra/monitor-function';
import { createSecret, createStateTable, createTopicWithQueue } from '../support/aws';
import { findNode24, NODE24_INSTALL_HINT } from '../support/node24';
import { sandboxAccount } from '../support/sandbox-client';

/**
 * The function's bundle, built as the stack builds it (infra/function-code.ts), run by Node
 * 24, the Lambda runtime (infra/monitor-function.ts), while the rest of the suite runs on this
 * machine's Node: one check that opens a LOW and publishes it, against moto and the sandbox.
 * So a runtime difference (a removed API, a changed default, the SDK refusing the version)
 * fails here rather than in production. Node 24 is not a dependency of the project: it has its
 * own package, tools/node24 (`npm ci --prefix tools/node24`, which .ci/run does). Missing, the
 * test is skipped with that command, except under CI=true, where it fails.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
const node24 = findNode24();
if (node24 === undefined) {
  if (process.env.CI === 'true')
    throw new Error(`Node 24 is missing and CI=true.\n${NODE24_INSTALL_HINT}`);
  process.stderr.write(`\n[skip] ${NODE24_INSTALL_HINT}\n\n`);
}

/** Imports the bundle, runs one scheduled check, prints its summary on a line of its own. */
const ONE_CHECK = `
import { pathToFileURL } from 'node:url';
const { handler } = await import(pathToFileURL(process.argv[1]).href);
const summary = await handler({}, { getRemainingTimeInMillis: () => 30000 });
process.stdout.write('SUMMARY ' + JSON.stringify({ node: process.version, summary }) + '\\n');
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'node24-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(motoUrl === null || node24 === undefined)('the bundle under Node 24', () => {
  it(
    'runs a check that opens a LOW and publishes it to the topic',
    { timeout: 60_000 },
    async () => {
      const outfile = path.join(dir, 'index.mjs');
      // The very files CDK uploads (infra/function-code.ts): the entry and its chunks.
      bundleFunction(HANDLER_ENTRY, dir);
      const endpoint = motoUrl ?? '';
      const apiKey = await sandboxAccount(sandboxUrl, { balances: [45_000] });
      const { topicArn, delivered } = await createTopicWithQueue(endpoint);
      const { stdout } = await promisify(execFile)(
        node24 ?? '',
        ['--enable-source-maps', '--input-type=module', '-e', ONE_CHECK, outfile],
        {
          timeout: 50_000,
          // Only what Lambda gives a function, and the stack's variables: nothing of this process.
          env: {
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            AWS_ENDPOINT_URL: endpoint,
            DEXCHANGE_API_URL: sandboxUrl,
            DEXCHANGE_API_KEY_SECRET_ID: await createSecret(endpoint, apiKey),
            ALERT_TOPIC_ARN: topicArn,
            STATE_TABLE_NAME: await createStateTable(endpoint),
            LOW_BALANCE_THRESHOLD: '100000',
            ACCOUNT_NAME: 'node24',
            ALERT_LOCALE: 'fr',
            POWERTOOLS_LOG_LEVEL: 'WARN',
          },
        },
      );
      const line = stdout.split('\n').find((l) => l.startsWith('SUMMARY '));
      expect(line, stdout.slice(-2000)).toBeDefined();
      const { node, summary } = JSON.parse(line?.slice('SUMMARY '.length) ?? '{}') as {
        node: string;
        summary: unknown;
      };
      expect(node).toMatch(/^v24\./);
      expect(summary).toMatchObject({
        account: 'node24',
        status: 'LOW',
        balance: 45_000,
        events: ['LOW'],
      });
      // The channels' code, loaded at the first delivery, rendered the French LOW and SNS took it.
      const [alert, ...more] = await delivered();
      expect(more).toEqual([]);
      expect(alert?.attributes).toMatchObject({ severity: 'LOW', account: 'node24' });
      expect(alert?.subject).toMatch(/^\[BAS\] /);
    },
  );
});
