import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling';
import { HANDLER_ENTRY } from '../infra/monitor-function';

/**
 * `npx tsx bench/schema-count.ts [entry]`: how many zod schemas (and checks) the bundle builds
 * when it is imported, in total and by the lambda/ module whose code ran before them. A count,
 * not a time: it does not move with the machine's load, where a few milliseconds of a cold
 * start do (BENCHMARKS.md, "The cold path"). The bundle is the stack's, with zod's constructor
 * counting each instance it initialises.
 */

const entry = process.argv[2] ?? HANDLER_ENTRY;
const dir = path.join(os.tmpdir(), `schema-count-${String(process.pid)}`);
await build({
  ...esbuildOptions(entry, dir),
  logLevel: 'silent',
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
    `await import(${JSON.stringify(path.join(dir, 'index.mjs'))}); const m = globalThis.__modules; m.push(['end', globalThis.__schemas]); console.log(JSON.stringify({ total: globalThis.__schemas, byModule: m.slice(0, -1).map(([f, n], i) => [f, m[i + 1][1] - n]) }));`,
  ],
  { encoding: 'utf8' },
);
rmSync(dir, { recursive: true, force: true });
const { total, byModule } = JSON.parse(out) as { total: number; byModule: [string, number][] };
console.log(
  `${String(total)} zod schemas and checks built at import of ${path.relative(process.cwd(), entry)}`,
);
for (const [file, count] of byModule.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]))
  console.log(`${String(count).padStart(5)}  ${file}`);
