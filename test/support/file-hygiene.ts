import { afterAll, vi } from 'vitest';

/**
 * The integration files share a worker's modules (vitest.config.ts, `isolate: false`), so what
 * one file leaves in the process must not reach the next: its environment (stubbed or set
 * directly), fake timers, spies. Run before each file; restores all three after it.
 */
const before = { ...process.env };

afterAll(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
  Object.assign(process.env, before);
});
