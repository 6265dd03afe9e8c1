// One benchmark process: imports a bundle, runs its handler `checks` times, prints one JSON line.
// Plain JavaScript run by plain node, so nothing but the bundle is measured. Wall time, and the
// process's CPU time (user + system) of the same steps, which a busy machine inflates less.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, checksArg] = process.argv.slice(2);
const checks = Number(checksArg ?? '1');
const context = { getRemainingTimeInMillis: () => 30_000 };
const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

const t0 = performance.now();
const c0 = process.cpuUsage();
const module = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - t0;
const importCpuMs = cpuMs(c0);
const checkMs = [];
const checkCpuMs = [];
for (let i = 0; i < checks; i += 1) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await module.handler({}, context);
  checkMs.push(performance.now() - start);
  checkCpuMs.push(cpuMs(cpu));
}
process.stdout.write(
  `${JSON.stringify({ importMs, checkMs, importCpuMs, checkCpuMs, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
