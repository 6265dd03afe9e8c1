import { runVerifyCli } from './verify/cli';

/** `npm run verify`: see tools/verify/cli.ts and docs/deploy.md, "Verify reach". */
process.exitCode = await runVerifyCli(process.argv.slice(2));
