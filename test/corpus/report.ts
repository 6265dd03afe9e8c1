import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { qualityMarkdown, qualityReport } from './quality';

/**
 * `npm run alert-quality`: measures the corpus and writes the table into docs/alert-quality.md
 * (between its markers). `--check` only says whether the doc is current (exit 1 if not).
 */

export const DOC = path.resolve(import.meta.dirname, '..', '..', 'docs', 'alert-quality.md');
const START = '<!-- alert-quality:start -->';
const END = '<!-- alert-quality:end -->';

export function documentedTable(doc: string): string | undefined {
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) return undefined;
  return doc.slice(from + START.length, to).trim();
}

/** A markdown table as its cells say it, whatever padding prettier gave it. */
export function tableCells(markdown: string): string {
  return markdown
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim().replace(/^:?-{3,}:?$/, '---'))
        .join('|'),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const table = qualityMarkdown(qualityReport());
  const doc = readFileSync(DOC, 'utf8');
  const current = documentedTable(doc);
  if (current === undefined) throw new Error(`${DOC} has no ${START} ... ${END} markers`);
  if (process.argv.includes('--check')) {
    if (tableCells(current) !== tableCells(table)) {
      console.error('docs/alert-quality.md is out of date: run npm run alert-quality');
      process.exit(1);
    }
    console.log('docs/alert-quality.md is current');
    return;
  }
  const from = doc.indexOf(START) + START.length;
  const text = `${doc.slice(0, from)}\n\n${table}\n\n${doc.slice(doc.indexOf(END))}`;
  const options = (await prettier.resolveConfig(DOC)) ?? {};
  writeFileSync(DOC, await prettier.format(text, { ...options, parser: 'markdown' }));
  console.log(table);
  console.log(
    `\nwritten to docs/alert-quality.md in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename)
  await main();
