import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CONTEXT_KEY,
  DEFAULT_SCHEDULE,
  DeployConfigError,
  parseDeployConfig,
} from '../infra/config';
import { readCdkJson } from '../infra/cdk-json';
import { appLikeTheCli, STACK_NAME } from '../infra/monitor-app';
import { MonitoringStack } from '../infra/monitoring-stack';
import { estimate, mergeTemplates, total, type CostLine, type TemplateJson } from './cost/estimate';
import { CALLBACK_USAGE, PRICES_AS_OF, PRICES_REGION } from './cost/prices';

/**
 * `npm run cost`: the monthly estimate of the stack `cdk.json` describes, from the synthesized
 * template's resources and the dated price table (tools/cost/prices.ts).
 *
 *   npm run cost                  the current cdk.json
 *   npm run cost -- --accounts N  N accounts with the defaults (as the table of docs/deploy.md)
 *   npm run cost -- --docs        rewrites the cost tables of docs/deploy.md (1, 10 and 100 accounts;
 *                                 polling against callbacks for 1 and 10)
 *
 * Each also prints polling alone against callbacks with the schedule as their backstop.
 */

const root = path.resolve(import.meta.dirname, '..');

/** A config of N accounts with every default (SMS and chat left out: billed per message). */
export function sampleConfig(accounts: number): unknown {
  return {
    accounts: Array.from({ length: accounts }, (_, i) => ({
      name: `shop${i + 1}`,
      lowBalanceThreshold: 100_000,
    })),
    alertEmails: ['ops@example.sn'],
  };
}

/** The templates synthesized so far, by config: the tables price one config in several columns. */
const synthesized = new Map<string, TemplateJson>();

export function synthesizedTemplate(rawConfig: unknown): TemplateJson {
  const key = JSON.stringify(rawConfig);
  const known = synthesized.get(key);
  if (known !== undefined) return known;
  const template = synthesize(rawConfig);
  synthesized.set(key, template);
  return template;
}

/** The config parsed for pricing: the estimate does not depend on who is told, so a config without any address still prices. */
function pricedConfig(rawConfig: unknown) {
  const raw = rawConfig as Record<string, unknown>;
  return parseDeployConfig(
    (raw.operatorEmails ?? raw.alertEmails ?? []) instanceof Array &&
      ((raw.operatorEmails ?? raw.alertEmails) as unknown[] | undefined)?.length
      ? raw
      : { ...raw, operatorEmails: ['cost-estimate@example.com'] },
  );
}

function synthesize(rawConfig: unknown): TemplateJson {
  const config = pricedConfig(rawConfig);
  // No bundling: the code's size does not change the bill, and synth is then a second.
  const app = appLikeTheCli({
    outdir: mkdtempSync(path.join(tmpdir(), 'cdk-cost-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  new MonitoringStack(app, STACK_NAME, { config });
  const outdir = app.synth().directory;
  // The main template and the nested stacks' (past 25 accounts), as one.
  return mergeTemplates(
    readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as TemplateJson),
  );
}

const usd = (n: number) => (n < 0.01 && n > 0 ? '< $0.01' : `$${n.toFixed(2)}`);

export function costTable(columns: readonly { title: string; lines: CostLine[] }[]): string {
  const names = columns[0]?.lines.map((l) => l.line) ?? [];
  const rows = [
    `| line | ${columns.map((c) => c.title).join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
    ...names.map(
      (name, i) => `| ${name} | ${columns.map((c) => usd(c.lines[i]?.usd ?? 0)).join(' | ')} |`,
    ),
    `| **total** | ${columns.map((c) => `**${usd(total(c.lines))}**`).join(' | ')} |`,
  ];
  return rows.join('\n');
}

export const DOCS_ACCOUNTS = [1, 10, 100] as const;

/** The same config with callbacks on (its own callbacks block, or the defaults), and without. */
export function withCallbacks(rawConfig: unknown): unknown {
  const raw = rawConfig as Record<string, unknown>;
  return { ...raw, callbacks: raw.callbacks ?? {} };
}
export function withoutCallbacks(rawConfig: unknown): unknown {
  return Object.fromEntries(
    Object.entries(rawConfig as Record<string, unknown>).filter(([key]) => key !== 'callbacks'),
  );
}

/** "rate(5 minutes)" and "rate(15 minutes)": the shared schedule without, and with callbacks. */
function cadences(rawConfig: unknown): { polled: string; backstop: string } {
  const config = pricedConfig(withCallbacks(rawConfig));
  return {
    polled: config.schedule.expression ?? DEFAULT_SCHEDULE,
    backstop: config.schedule.expression ?? config.callbacks?.backstopSchedule ?? DEFAULT_SCHEDULE,
  };
}

/** The two columns: polling alone, and callbacks with the schedule as their backstop. */
export function callbackColumns(rawConfig: unknown, label = '') {
  const { polled, backstop } = cadences(rawConfig);
  return [
    {
      title: `${label}polling, ${polled}`,
      lines: estimate(synthesizedTemplate(withoutCallbacks(rawConfig))),
    },
    {
      title: `${label}callbacks, backstop ${backstop}`,
      lines: estimate(synthesizedTemplate(withCallbacks(rawConfig))),
    },
  ];
}

/** The accounts of the callbacks table of docs/deploy.md. */
export const CALLBACK_DOCS_ACCOUNTS = [1, 10] as const;

export function callbacksDocsBlock(): string {
  const columns = CALLBACK_DOCS_ACCOUNTS.flatMap((n) =>
    callbackColumns(sampleConfig(n), `${n} account${n === 1 ? '' : 's'}: `),
  );
  return `${costTable(columns)}\n\nGenerated by \`npm run cost -- --docs\`, as the table above; callbacks at ${CALLBACK_USAGE.callbacksPerAccountPerDay} a day per account (100 payouts a day, each called back twice), each counted as starting a check (\`CALLBACK_USAGE\` in \`tools/cost/prices.ts\`).`;
}

export function docsBlock(): string {
  const columns = DOCS_ACCOUNTS.map((n) => {
    const lines = estimate(synthesizedTemplate(sampleConfig(n)));
    return {
      title: `${n} account${n === 1 ? '' : 's'} (${usd(total(lines) / n)} each)`,
      lines,
    };
  });
  return `${costTable(columns)}\n\nGenerated by \`npm run cost -- --docs\` from the synthesized templates, prices of ${PRICES_REGION} as of ${PRICES_AS_OF} (\`tools/cost/prices.ts\`), without the free tier.`;
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--docs')) {
    const file = path.join(root, 'docs', 'deploy.md');
    const page = readFileSync(file, 'utf8');
    const block = docsBlock();
    // A function, not a string: the table's dollar amounts would read as "$1" patterns.
    const callbacks = callbacksDocsBlock();
    const next = page
      .replace(
        /<!-- cost:start -->[\s\S]*?<!-- cost:end -->/,
        () => `<!-- cost:start -->\n\n${block}\n\n<!-- cost:end -->`,
      )
      .replace(
        /<!-- cost-callbacks:start -->[\s\S]*?<!-- cost-callbacks:end -->/,
        () => `<!-- cost-callbacks:start -->\n\n${callbacks}\n\n<!-- cost-callbacks:end -->`,
      );
    writeFileSync(file, next);
    console.log('docs/deploy.md cost tables rewritten');
    return;
  }
  const at = args.indexOf('--accounts');
  const raw =
    at === -1
      ? readCdkJson(path.join(root, 'cdk.json')).context?.[CONTEXT_KEY]
      : sampleConfig(Number(args[at + 1]));
  const lines = estimate(synthesizedTemplate(raw));
  console.log(
    `Monthly estimate, ${PRICES_REGION} list prices of ${PRICES_AS_OF}, no free tier, SMS excluded\n`,
  );
  console.log('| line | counted | USD |\n| --- | --- | --- |');
  for (const l of lines) console.log(`| ${l.line} | ${l.count} | ${usd(l.usd)} |`);
  console.log(`| **total** | | **${usd(total(lines))}** |`);
  // What callbacks change: the schedule relaxes to the backstop, the receiver is added.
  const [polled, called] = callbackColumns(raw);
  console.log(
    `\nPolling alone against callbacks with the schedule as their backstop (docs/callbacks.md), callbacks assumed at ${CALLBACK_USAGE.callbacksPerAccountPerDay} a day per account, each starting a check:\n`,
  );
  console.log(costTable([polled, called].filter((c) => c !== undefined)));
  for (const column of [polled, called]) {
    const lambda = column?.lines.find((l) => l.line === 'Lambda');
    if (column !== undefined && lambda !== undefined)
      console.log(`\n${column.title}: Lambda ${lambda.count}`);
  }
}

if (process.argv[1] !== undefined && import.meta.filename === path.resolve(process.argv[1])) {
  try {
    main();
  } catch (error) {
    // The user's cdk.json at fault: plain lines, no stack trace.
    if (!(error instanceof DeployConfigError)) throw error;
    process.stderr.write(error.report());
    process.exitCode = 1;
  }
}
