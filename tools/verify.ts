import { runVerifyCli } from './verify/cli';

/** `npm run verify`: see tools/verify/cli.ts and the README's "Verify reach". */
process.exitCode = await runVerifyCli(process.argv.slice(2));
