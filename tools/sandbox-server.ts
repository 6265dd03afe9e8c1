import { parseArgs } from 'node:util';
import { startSandbox } from './sandbox';

/**
 * The sandbox as its own process, for test set-up and for pointing other tools at it:
 *   node --import tsx tools/sandbox-server.ts [--port N]
 * Prints one JSON line {"url": ...} once it listens; stops on SIGTERM/SIGINT.
 */
const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const sandbox = await startSandbox({ port: Number(values.port) });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, port: sandbox.port })}\n`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
