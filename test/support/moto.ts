import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { freePort, startProcess, waitFor, type Started } from './processes';

/** Where moto lives on this machine, if anywhere. */

export const MOTO_INSTALL_HINT =
  'The integration tests need moto 5 (a local AWS): install it with\n' +
  '  python3 -m pip install "moto[server]==5.2.1" flask flask-cors\n' +
  'then run npm test again.';

function canImportMoto(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import moto, flask, flask_cors'], {
      stdio: 'ignore',
      timeout: 20_000,
    });
    return true;
  } catch {
    return false;
  }
}

/** `python3`, then the pyenv versions, then MOTO_PYTHON if set: the first that can import moto. */
export function findMotoPython(): string | undefined {
  const candidates: string[] = [];
  if (process.env.MOTO_PYTHON !== undefined) candidates.push(process.env.MOTO_PYTHON);
  candidates.push('python3');
  const pyenv = path.join(homedir(), '.pyenv', 'versions');
  if (existsSync(pyenv)) {
    for (const version of readdirSync(pyenv).sort().reverse()) {
      const python = path.join(pyenv, version, 'bin', 'python3');
      if (existsSync(python)) candidates.push(python);
    }
  }
  return candidates.find(canImportMoto);
}

export function findCfnLint(): string | undefined {
  const candidates = ['cfn-lint'];
  const pyenv = path.join(homedir(), '.pyenv', 'versions');
  if (existsSync(pyenv)) {
    for (const version of readdirSync(pyenv))
      candidates.push(path.join(pyenv, version, 'bin', 'cfn-lint'));
  }
  return candidates.find((candidate) => {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 20_000 });
      return true;
    } catch {
      return false;
    }
  });
}

/** Starts moto on a free loopback port and waits for it; undefined when moto is not installed. */
export async function startMoto(): Promise<{ url: string; started: Started } | undefined> {
  const python = findMotoPython();
  if (python === undefined) return undefined;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = startProcess(python, [
    '-m',
    'moto.server',
    '-H',
    '127.0.0.1',
    '-p',
    String(port),
  ]);
  await waitFor(started, 'moto', async () => (await fetch(`${url}/moto-api/data.json`)).ok);
  return { url, started };
}
