// One benchmark process: imports a bundle, runs its handler `checks` times, prints one JSON line.
// Plain JavaScript run by plain node, so nothing but the bundle is measured.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, checksArg] = process.argv.slice(2);
const checks = Number(checksArg ?? '1');
const context = { getRemainingTimeInMillis: () => 30_000 };

const t0 = performance.now();
const module = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - t0;
const checkMs = [];
for (let i = 0; i < checks; i += 1) {
  const start = performance.now();
  await module.handler({}, context);
  checkMs.push(performance.now() - start);
}
process.stdout.write(
  `${JSON.stringify({ importMs, checkMs, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
