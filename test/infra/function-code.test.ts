import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/function-code';

/**
 * The asset CDK uploads for a function is what `bundleFunction` writes (infra/function-code.ts):
 * its hash is the hash of those files, so they must not depend on where the cloud assembly is.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'function-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filesOf = (at: string) =>
  Object.fromEntries(
    readdirSync(at)
      .sort()
      .map((file) => [file, readFileSync(path.join(at, file), 'utf8')]),
  );

describe('a function asset', () => {
  it('is the same, byte for byte, wherever it is written, and its maps name the project files', () => {
    const shallow = path.join(dir, 'a');
    const deep = path.join(dir, 'b', 'c', 'd', 'e');
    for (const at of [shallow, deep]) {
      mkdirSync(at, { recursive: true });
      bundleFunction(path.join('lambda', 'callback', 'handler.ts'), at);
    }
    const files = filesOf(shallow);
    expect(Object.keys(files)).toContain('index.mjs');
    expect(filesOf(deep)).toEqual(files);
    const map = JSON.parse(files['index.mjs.map'] ?? '{}') as { sources: string[] };
    expect(map.sources).toContain('lambda/callback/handler.ts');
    for (const source of map.sources) expect(source).toMatch(/^(lambda|node_modules)\//);
  });
});
