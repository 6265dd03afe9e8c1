import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { esbuildOptions, ROOT } from './bundling';

/** Where the function's files are built, in memory: a fixed folder of the project (below). */
const FIXED = path.join(ROOT, '.function-bundle');

/**
 * Builds `entry` (its path) as the stack deploys it, in memory at a fixed folder of the
 * project: its files, and esbuild's metafile (what each file holds and imports; tests read it).
 */
export function buildFunction(entry: string) {
  return buildSync({
    ...esbuildOptions(path.resolve(ROOT, entry), FIXED),
    absWorkingDir: ROOT,
    write: false,
    logLevel: 'warning',
  });
}

/**
 * Builds `entry` (its path) into `outputDir` as the stack deploys it, the same
 * bytes wherever `outputDir` is (the cloud assembly's folder, `cdk synth -o`), so the asset's
 * hash changes only with the code. esbuild names the chunks by a hash of their content, and
 * their source maps name the sources relative to where they are written: so it writes into a
 * fixed folder of the project, in memory, and the files are copied out, each map's sources
 * named from the project's root (a stack trace in Lambda reads /var/task/lambda/handler.ts,
 * not the path of the machine that built it).
 */
export function bundleFunction(entry: string, outputDir: string): void {
  const { outputFiles } = buildFunction(entry);
  for (const file of outputFiles) {
    const name = path.relative(FIXED, file.path);
    let contents: string | Uint8Array = file.contents;
    if (name.endsWith('.map')) {
      const map = JSON.parse(file.text) as { sources: string[] };
      map.sources = map.sources.map((source) =>
        path.relative(ROOT, path.resolve(FIXED, source)).split(path.sep).join('/'),
      );
      contents = JSON.stringify(map);
    }
    mkdirSync(path.dirname(path.join(outputDir, name)), { recursive: true });
    writeFileSync(path.join(outputDir, name), contents);
  }
}

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
    bundleFunction(this.entry, outputDir);
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
