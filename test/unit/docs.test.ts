import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeStep3 } from '../support/shared-configs';

/**
 * The newcomer's path: a README that fits on a few screens, links between the pages that lead
 * somewhere, one troubleshooting entry per symptom, and the deploy guide's example config the
 * one the tests run.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const pages = ['README.md', ...readdirSync(path.join(root, 'docs')).map((f) => `docs/${f}`)].filter(
  (f) => f.endsWith('.md'),
);

/** The text without fenced code blocks and inline code: links there are examples, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page has, a repeated heading numbered as GitHub numbers it (-1, -2...). */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading = ''] of markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchorOf(heading);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

/** The relative links of a page: `[text](target)`, not http(s) or mailto. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^(https?:|mailto:)/.test(target));
}

describe('the README', () => {
  it('fits in 250 lines', () => {
    const lines = read('README.md').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(250);
  });

  it('says what npm test needs and how long it takes', () => {
    const readme = read('README.md');
    for (const needed of ['Node.js 20', 'moto[server]==5.2.1', 'cfn-lint', 'chromium', 'minutes'])
      expect(readme, needed).toContain(needed);
  });
});

describe('the links between the pages', () => {
  it.each(pages)('%s: every relative link names a file, and a heading, that exist', (page) => {
    const broken: string[] = [];
    for (const target of relativeLinks(read(page))) {
      const [file = '', anchor] = target.split('#');
      const resolved = file === '' ? page : path.join(path.dirname(page), file);
      if (!existsSync(path.join(root, resolved))) {
        broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md')) {
        if (!anchorsOf(read(resolved)).has(anchor))
          broken.push(`${target}: no heading #${anchor} in ${resolved}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('anchors are computed as GitHub computes them', () => {
    expect(anchorOf('Verify reach: `npm run verify`')).toBe('verify-reach-npm-run-verify');
    expect(anchorOf('Deploy config reference (`cdk.json` → `context.balanceMonitor`)')).toBe(
      'deploy-config-reference-cdkjson--contextbalancemonitor',
    );
    expect(anchorOf("The operator's day")).toBe('the-operators-day');
  });
});

describe('troubleshooting', () => {
  const page = read('docs/operations.md');
  const section = page.slice(page.indexOf('## Troubleshooting'));
  // The first cell of each row, read as words only: "`...-no-completed-check`" and
  // "`...no-completed-check`" are one entry.
  const entries = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) => line.split('|')[1]?.trim() ?? '');

  it('lists each symptom once', () => {
    expect(entries.length).toBeGreaterThan(10);
    const words = entries.map((e) => e.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''));
    const repeated = entries.filter((_, i) => words.indexOf(words[i] ?? '') !== i);
    expect(repeated).toEqual([]);
  });
});

describe("the deploy guide's step 3", () => {
  it('is the config the operator-reach tests run (test/support/shared-configs.ts readmeStep3)', () => {
    const guide = read('docs/deploy.md');
    const step = guide.slice(guide.indexOf('3. **Configure**'));
    const json = /```json\n([\s\S]*?)```/.exec(step)?.[1] ?? '';
    const config: unknown = JSON.parse(`{${json.replace(/^\s*"balanceMonitor":/, '"x":')}}`);
    expect((config as { x: unknown }).x).toEqual(readmeStep3);
  });
});
