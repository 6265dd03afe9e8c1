import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { parse } from 'yaml';
import { MOTO_INSTALL_HINT, startMoto } from './moto';
import { freePort, startProcess, stopProcess, waitFor, type Started } from './processes';
import { REALISTIC_BALANCE_EXAMPLE } from './spec';

/**
 * Starts the real local servers the tests run against, on free ports, and stops them by PID:
 * moto (AWS), the DEXCHANGE sandbox, and Prism serving the provider's OpenAPI.
 * Without moto, tests that need it are skipped with install instructions, except under CI=true,
 * where a missing moto fails the run.
 */

const root = path.resolve(import.meta.dirname, '..', '..');

export default async function setup(project: TestProject) {
  const started: Started[] = [];
  const workDir = mkdtempSync(path.join(tmpdir(), 'dexchange-test-'));
  const teardown = async () => {
    await Promise.all(started.map((s) => stopProcess(s)));
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const [moto, sandbox, prism] = await Promise.all([
      startMotoOrSkip(),
      startSandbox(),
      startPrism(workDir),
    ]);
    for (const s of [moto?.started, sandbox.started, prism.started])
      if (s !== undefined) started.push(s);
    project.provide('motoUrl', moto?.url ?? null);
    project.provide('sandboxUrl', sandbox.url);
    project.provide('prismUrl', prism.url);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** moto, or undefined (skip with the install hint) when it is not installed, except under CI. */
async function startMotoOrSkip(): Promise<{ url: string; started: Started } | undefined> {
  const moto = await startMoto();
  if (moto === undefined) {
    if (process.env.CI === 'true')
      throw new Error(`moto is missing and CI=true.\n${MOTO_INSTALL_HINT}`);
    process.stderr.write(`\n[skip] ${MOTO_INSTALL_HINT}\n\n`);
  }
  return moto;
}

async function startSandbox(): Promise<{ url: string; started: Started }> {
  const started = startProcess(process.execPath, [
    '--import',
    'tsx',
    path.join(root, 'tools/sandbox-server.ts'),
  ]);
  let url = '';
  await waitFor(started, 'the sandbox', () => {
    const line = started
      .output()
      .split('\n')
      .find((l) => l.startsWith('{"url"'));
    if (line !== undefined) url = (JSON.parse(line) as { url: string }).url;
    return Promise.resolve(url !== '');
  });
  return { url, started };
}

/**
 * Prism serves the project's copy of the provider's spec. The spec has no examples, and Prism
 * would invent "string" as a currency, so a copy gains one realistic example; nothing else changes.
 */
async function startPrism(workDir: string): Promise<{ url: string; started: Started }> {
  const spec = parse(
    readFileSync(path.join(root, 'spec/dexchange-openapi.yaml'), 'utf8'),
  ) as SpecWithExample;
  const content =
    spec.paths['/api/v1/api-services/balance']?.get.responses['200']?.content['application/json'];
  if (content === undefined)
    throw new Error('the spec no longer has a JSON 200 answer for the balance');
  content.example = REALISTIC_BALANCE_EXAMPLE;
  const specPath = path.join(workDir, 'dexchange-openapi.json');
  writeFileSync(specPath, JSON.stringify(spec));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = startProcess(path.join(root, 'node_modules/.bin/prism'), [
    'mock',
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    specPath,
  ]);
  await waitFor(started, 'Prism', async () => {
    const response = await fetch(`${url}/api/v1/api-services/balance`);
    return response.status === 401;
  });
  return { url, started };
}

interface SpecWithExample {
  paths: Record<
    string,
    { get: { responses: Record<string, { content: Record<string, { example?: unknown }> }> } }
  >;
}
