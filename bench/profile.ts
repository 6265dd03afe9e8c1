import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling';
import { HANDLER_ENTRY } from '../infra/monitor-function';
import { markdownTable } from './report';

/**
 * `npx tsx bench/profile.ts [--node=PATH] [--runs=N] [ENTRY]`: where the cold import of the
 * function's bundle goes. Builds the bundle as the stack does, imports it in N fresh processes
 * under `node --cpu-prof` (with --enable-source-maps, as the stack runs it), and adds up the
 * samples' self time: V8's and Node's own work by its function name (compiling the bundle,
 * reading the source map, garbage collection), the bundle's own code by the source file the
 * map gives (one line per package, or per lambda/ folder). Prints a Markdown table, ms per
 * import (the mean over the runs).
 */

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const node = args.find((a) => a.startsWith('--node='))?.slice('--node='.length) ?? process.execPath;
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? '10');
const entry = args.find((a) => !a.startsWith('--')) ?? HANDLER_ENTRY;
const dir = path.join(root, 'bench', 'results', 'profile');
const outfile = path.join(dir, 'bundle', 'index.mjs');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the code a source file belongs to: its package, or its lambda/ folder. */
function partOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg !== null) return pkg[1] ?? source;
  const own = /(lambda\/(?:[^/]+\/)?)/.exec(source);
  return own?.[1]?.replace(/\/$/, '') ?? source;
}

async function main() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({ ...esbuildOptions(entry, path.dirname(outfile)), logLevel: 'silent' });
  // The bundle is split in files (infra/bundling.ts): each file has its own source map.
  const maps = new Map<string, SourceMap>(
    readdirSync(path.dirname(outfile))
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => {
        const at = path.join(path.dirname(outfile), file);
        const raw = JSON.parse(readFileSync(`${at}.map`, 'utf8')) as ConstructorParameters<
          typeof SourceMap
        >[0];
        return [`file://${at}`, new SourceMap(raw)];
      }),
  );
  for (let i = 0; i < runs; i += 1)
    execFileSync(
      node,
      [
        '--cpu-prof',
        '--cpu-prof-interval',
        '100',
        '--cpu-prof-dir',
        path.join(dir, 'cpu'),
        path.join(root, 'bench', 'child.mjs'),
        outfile,
        '0',
      ],
      { env: { ...process.env, NODE_OPTIONS: '--enable-source-maps' }, stdio: 'ignore' },
    );
  const totals = new Map<string, number>();
  let all = 0;
  for (const file of readdirSync(path.join(dir, 'cpu'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, 'cpu', file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)?.callFrame;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      all += ms;
      let key: string;
      if (frame === undefined) key = '(unknown)';
      else if (maps.has(frame.url)) {
        const found = maps.get(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as {
          originalSource?: string;
        };
        key = `bundle: ${partOf(found.originalSource ?? '(unmapped)')}`;
      } else if (frame.url === '' || frame.url.startsWith('node:'))
        key = `${frame.functionName || '(anonymous)'}${frame.url === '' ? '' : ` (${frame.url})`}`;
      else key = `${frame.functionName || '(anonymous)'} (${path.basename(frame.url)})`;
      totals.set(key, (totals.get(key) ?? 0) + ms);
    });
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 20);
  console.log(
    `Cold import of ${path.relative(root, entry)}, Node ${version}, ${runs} processes, ${(all / runs).toFixed(1)} ms sampled per process:\n`,
  );
  console.log(
    markdownTable(
      ['where (self time)', 'ms per import'],
      top.map(([key, ms]) => [key.replace(/\|/g, '\\|'), (ms / runs).toFixed(1)]),
    ),
  );
}

await main();
