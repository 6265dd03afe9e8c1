// One cold Function URL request: imports a bundle, calls its handler once with the event given
// as JSON, prints one JSON line. performance.now() counts from the process's start, so
// `answeredMs` is process start -> first answer. Plain JavaScript run by plain node.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, eventJson] = process.argv.slice(2);
const startedMs = performance.now();
const module = await import(pathToFileURL(bundle).href);
const importedMs = performance.now();
// The handlers log one line per request: kept out of the result line.
const log = console.log;
console.log = () => undefined;
const response = await module.handler(JSON.parse(eventJson ?? '{}'));
const answeredMs = performance.now();
console.log = log;
process.stdout.write(
  `${JSON.stringify({ startedMs, importMs: importedMs - startedMs, answeredMs, statusCode: response?.statusCode })}\n`,
);
