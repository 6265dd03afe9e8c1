import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import path from 'node:path';
import { esbuildOptions } from './bundling';

/** The project's root: the entries are named relative to it, and esbuild resolves from it. */
const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * esbuild run in the CDK app's own process, at synth. Its fields are what CDK hashes to tell
 * one function's asset from another's when the stack is synthesized without bundling (tests):
 * the entry, relative to the project, so the hash is the same on every machine.
 */
class EsbuildInProcess implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    // Errors (a missing module, a type esbuild cannot strip) throw with esbuild's message and
    // CDK names the function: never a silent fallback to the Docker image below.
    buildSync({
      ...esbuildOptions(path.join(ROOT, this.entry), outputDir),
      absWorkingDir: ROOT,
      logLevel: 'warning',
    });
    return true;
  }
}

/**
 * A function's code: its entry bundled by esbuild with the project's options
 * (infra/bundling.ts), split in files: `index.mjs` and its chunks, one asset.
 *
 * Not NodejsFunction: it always bundles to one output file (`--outfile`), and esbuild splits
 * only into a directory (`--outdir`). So the function is a plain `lambda.Function` whose asset
 * CDK builds with this local bundling; the asset's hash is its output's, as NodejsFunction's.
 */
export function functionCode(entry: string): Code {
  return Code.fromAsset(ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by CDK's type; never pulled: the local bundling above always builds or throws.
      image: DockerImage.fromRegistry('esbuild-runs-in-the-cdk-app'),
      local: new EsbuildInProcess(path.relative(ROOT, entry)),
    },
  });
}
