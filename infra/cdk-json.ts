import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseJsonText } from './config';

/**
 * cdk.json as this project's code reads it (the feature flags, `npm run cost`,
 * `npm run check-config`): a syntax error names its line and column. The CDK CLI reads the
 * file first for `cdk synth` and `cdk deploy`, and says only "at position N" (docs/configuration.md).
 */

export const CDK_JSON = fileURLToPath(new URL('../cdk.json', import.meta.url));

const cdkJsonSchema = z.looseObject({
  context: z.record(z.string(), z.unknown()).optional(),
});

export type CdkJson = z.infer<typeof cdkJsonSchema>;

export function readCdkJson(file: string = CDK_JSON): CdkJson {
  const parsed = cdkJsonSchema.safeParse(parseJsonText(readFileSync(file, 'utf8'), 'cdk.json'));
  // Not the deploy config's business: the CLI would refuse such a file before the app runs.
  if (!parsed.success) throw new Error(`${file}: "context" must be an object`);
  return parsed.data;
}
