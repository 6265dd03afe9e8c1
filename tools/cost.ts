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
import { CALLBACK_USAGE, CLOUDWATCH_FREE_TIER, PRICES_AS_OF, PRICES_REGION } from './cost/prices';

/**
 * `npm run cost`: the monthly estimate of the stack `cdk.json` describes, from the synthesized
 * template's resources and the dated price table (tools/cost/prices.ts).
 *
 *   npm run cost                  the current cdk.json
 *   npm run cost -- --accounts N  N accounts with the defaults (as the table of docs/deploy.md)
 *   npm run cost -- --markdown    prints the summary README.md and BENCHMARKS.md hold (1, 10 and
 *                                 100 accounts, both cadences, inside CloudWatch's free tier)
 *   npm run cost -- --docs        rewrites the cost tables of docs/deploy.md (1, 10 and 100 accounts;
 *                                 polling against callbacks for 1 and 10) and that summary
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

/** The cost targets of issue 24, at a 5-minute cadence, list prices, no free tier, no SMS. */
export const TARGETS = { oneAccountUsd: 0.8, tenAccountsEachUsd: 0.5 } as const;

const freeTierNote = `${CLOUDWATCH_FREE_TIER.alarmMetrics} alarm metrics, ${CLOUDWATCH_FREE_TIER.customMetrics} custom metrics, ${CLOUDWATCH_FREE_TIER.dashboards} dashboards and ${CLOUDWATCH_FREE_TIER.logsGbIngested} GB of logs a month`;

/** The month's total of a config, at list prices and inside CloudWatch's always-free tier. */
function totals(rawConfig: unknown): { list: number; free: number } {
  const template = synthesizedTemplate(rawConfig);
  return {
    list: total(estimate(template)),
    free: total(estimate(template, { cloudWatchFreeTier: true })),
  };
}

/**
 * The summary README.md and BENCHMARKS.md hold between `<!-- cost-summary:start -->` and
 * `<!-- cost-summary:end -->` (a test keeps them equal to it): 1, 10 and 100 accounts with the
 * defaults, polling every 5 minutes and, for 1 and 10, callbacks with their 15-minute backstop;
 * each at list prices and inside CloudWatch's always-free tier; and the targets, met or not.
 */
export function summaryBlock(): string {
  const rows: string[] = [];
  const perAccount: Record<number, number> = {};
  for (const n of DOCS_ACCOUNTS) {
    const columns = CALLBACK_DOCS_ACCOUNTS.includes(n as 1 | 10)
      ? callbackColumns(sampleConfig(n))
      : // (Callbacks for 100 accounts need two stacks: the receiver's environment names each.)
        [
          {
            title: `polling, ${pricedConfig(sampleConfig(n)).schedule.expression ?? DEFAULT_SCHEDULE}`,
          },
        ];
    const configs = [withoutCallbacks(sampleConfig(n)), withCallbacks(sampleConfig(n))];
    columns.forEach((column, i) => {
      const { list, free } = totals(configs[i]);
      if (i === 0) perAccount[n] = list / n;
      rows.push(
        `| ${n} | ${column.title} | ${usd(list)} | ${usd(list / n)} | ${usd(free)} | ${usd(free / n)} |`,
      );
    });
  }
  const one = perAccount[1] ?? 0;
  const ten = perAccount[10] ?? 0;
  const verdict = (met: boolean) => (met ? 'met' : '**missed**');
  return [
    '| accounts | cadence | per month | per account | inside CloudWatch free tier | per account |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Targets, polling every 5 minutes, list prices, no free tier, no SMS: one account at most ${usd(TARGETS.oneAccountUsd)}: ${verdict(one <= TARGETS.oneAccountUsd)} (${usd(one)}); ten accounts at most ${usd(TARGETS.tenAccountsEachUsd)} each: ${verdict(ten <= TARGETS.tenAccountsEachUsd)} (${usd(ten)} each).`,
    '',
    `Generated by \`npm run cost -- --docs\` from the synthesized templates of N accounts with the defaults (\`--accounts N\` prints each line), prices of ${PRICES_REGION} as of ${PRICES_AS_OF} (\`tools/cost/prices.ts\`); "inside CloudWatch free tier" subtracts CloudWatch's always-free ${freeTierNote}, which the AWS account shares with whatever else it runs.`,
  ].join('\n');
}

/** Replaces a marked block of a page: `<!-- NAME:start -->` ... `<!-- NAME:end -->`. */
export function withBlock(page: string, name: string, block: string): string {
  const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  if (!pattern.test(page)) throw new Error(`no <!-- ${name}:start --> block`);
  // A function, not a string: the table's dollar amounts would read as "$1" patterns.
  return page.replace(pattern, () => `<!-- ${name}:start -->\n\n${block}\n\n<!-- ${name}:end -->`);
}

/** The pages that hold the summary. */
export const SUMMARY_PAGES = ['README.md', 'BENCHMARKS.md'] as const;

/** A page as `prettier --check` wants it (the tables aligned), with the project's config. */
async function formatted(file: string, text: string): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--markdown')) {
    console.log(summaryBlock());
    return;
  }
  if (args.includes('--docs')) {
    const summary = summaryBlock();
    for (const page of SUMMARY_PAGES) {
      const at = path.join(root, page);
      writeFileSync(
        at,
        await formatted(at, withBlock(readFileSync(at, 'utf8'), 'cost-summary', summary)),
      );
    }
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
    writeFileSync(file, await formatted(file, next));
    console.log(
      `docs/deploy.md cost tables and the summary of ${SUMMARY_PAGES.join(', ')} rewritten`,
    );
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
  const free = total(estimate(synthesizedTemplate(raw), { cloudWatchFreeTier: true }));
  console.log(`\nInside CloudWatch's always-free tier (${freeTierNote}): ${usd(free)}`);
  // What callbacks change: the schedule relaxes to the backstop, the receiver is added.
  const [polled, called] = callbackColumns(raw);
  console.log(
    `\nPolling alone against callbacks with the schedule as their backstop (docs/callbacks.md), callbacks assumed at ${CALLBACK_USAGE.callbacksPerAccountPerDay} a day per account, each starting a check:\n`,
  );
  console.log(costTable([polled, called].filter((c) => c !== undefined)));
  const [polledFree, calledFree] = callbackColumns(raw).map((column, i) => ({
    title: column.title,
    usd: total(
      estimate(synthesizedTemplate(i === 0 ? withoutCallbacks(raw) : withCallbacks(raw)), {
        cloudWatchFreeTier: true,
      }),
    ),
  }));
  console.log(
    `\nInside CloudWatch's always-free tier: ${[polledFree, calledFree]
      .filter((c) => c !== undefined)
      .map((c) => `${c.title} ${usd(c.usd)}`)
      .join('; ')}`,
  );
  for (const column of [polled, called]) {
    const lambda = column?.lines.find((l) => l.line === 'Lambda');
    if (column !== undefined && lambda !== undefined)
      console.log(`\n${column.title}: Lambda ${lambda.count}`);
  }
}

if (process.argv[1] !== undefined && import.meta.filename === path.resolve(process.argv[1])) {
  try {
    await main();
  } catch (error) {
    // The user's cdk.json at fault: plain lines, no stack trace.
    if (!(error instanceof DeployConfigError)) throw error;
    process.stderr.write(error.report());
    process.exitCode = 1;
  }
}
