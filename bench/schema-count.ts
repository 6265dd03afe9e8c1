import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANDLER_ENTRY } from '../infra/monitor-function';
import { bundle } from './bundle';

/**
 * `npx tsx bench/schema-count.ts`: how many zod schemas the check's bundle builds when it is
 * imported, by the lambda/ module whose code ran before them, and how many more the first
 * parse of a quiet record builds (the bench's: a balance, its history, no episode, no outbox
 * entry). Instances, each counted once (a `.check()` makes a copy: it counts). A count, not a
 * time: it does not move with the machine's load, where a few milliseconds of a cold start do
 * (BENCHMARKS.md, "The cold path"). The bundle is the stack's (infra/bundling.ts), built from an
 * entry that imports the handler (so the same modules load) and then parses that record, with
 * zod's constructor counting each instance it initialises.
 */

/** What a quiet check's state read returns: the bench's record after a check at 250 000. */
const QUIET_RECORD = {
  schema: 2,
  state: {
    schema: 1,
    lastCheckAt: '2026-12-07T20:16:53.551Z',
    last: { balance: 250000, currency: 'XOF', at: '2026-12-07T20:16:53.551Z' },
    history: { base: '2026-12-07T20:16:53.551Z', points: [0, 250000] },
    checkLog: [{ hour: '2026-12-07T20:00:00.000Z', checks: 1, failed: 0 }],
    limits: { low: 100000, recovery: 105000, coverHours: 24 },
  },
  outbox: [],
  undeliverable: [],
  writers: ['e49f3839-ac16-4b95-8992-bbc7f4d1031d'],
};

const dir = path.join(os.tmpdir(), `schema-count-${String(process.pid)}`);
mkdirSync(dir, { recursive: true });
const entry = path.join(dir, 'entry.ts');
const record = path.resolve(import.meta.dirname, '..', 'lambda', 'stores', 'record.ts');
writeFileSync(
  entry,
  [
    `export { handler } from ${JSON.stringify(HANDLER_ENTRY)};`,
    `import { parseRecordJson } from ${JSON.stringify(record)};`,
    'globalThis.__atImport = globalThis.__schemas ?? 0;',
    `const healed = parseRecordJson(${JSON.stringify(JSON.stringify(QUIET_RECORD))}, new Date('2026-12-07T20:20:00Z'));`,
    "if (healed.record === undefined) throw new Error('the quiet record did not parse');",
    'globalThis.__afterParse = globalThis.__schemas ?? 0;',
  ].join('\n'),
);
const { outfile } = await bundle(dir, 'out', entry, {
  plugins: [
    {
      name: 'count-schemas',
      setup(b) {
        b.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/]core\.js$/ }, (a) => {
          const source = readFileSync(a.path, 'utf8');
          const from = 'function init(inst, def) {';
          if (!source.includes(from)) throw new Error(`zod's core no longer has: ${from}`);
          return {
            contents: source.replace(
              from,
              `${from} if (!inst._zod) globalThis.__schemas = (globalThis.__schemas ?? 0) + 1;`,
            ),
            loader: 'js',
          };
        });
        b.onLoad({ filter: /[\\/]lambda[\\/].*\.ts$/ }, (a) => ({
          contents: `(globalThis.__modules ??= []).push([${JSON.stringify(path.relative(process.cwd(), a.path))}, globalThis.__schemas ?? 0]);\n${readFileSync(a.path, 'utf8')}`,
          loader: 'ts',
        }));
      },
    },
  ],
});
const out = execFileSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `await import(${JSON.stringify(pathToFileURL(outfile).href)}); const m = globalThis.__modules; m.push(['end', globalThis.__atImport]); console.log(JSON.stringify({ atImport: globalThis.__atImport, afterParse: globalThis.__afterParse, byModule: m.slice(0, -1).map(([f, n], i) => [f, m[i + 1][1] - n]) }));`,
  ],
  { encoding: 'utf8' },
);
rmSync(dir, { recursive: true, force: true });
const { atImport, afterParse, byModule } = JSON.parse(out) as {
  atImport: number;
  afterParse: number;
  byModule: [string, number][];
};
// A count of nothing means the counting no longer reaches zod's constructor: fail, never print 0.
if (!(atImport > 0 && afterParse >= atImport)) throw new Error(`no schema counted: ${out}`);
console.log(
  `zod schemas built by the check's bundle: ${String(atImport)} at import, ${String(afterParse - atImport)} more at the first parse of a quiet record (${String(afterParse)} in all). At import, by module:`,
);
for (const [file, count] of byModule.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]))
  console.log(`${String(count).padStart(5)}  ${file}`);
