import { vi } from 'vitest';

/**
 * Everything written through the console while `run` executes. Under POWERTOOLS_DEV (set in
 * vitest.config.ts) Powertools Logger and Metrics write through the global console.
 */
export async function captureConsole<T>(
  run: () => Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; output: string }> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const spies = methods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    }),
  );
  let result: PromiseSettledResult<T>;
  try {
    result = { status: 'fulfilled', value: await run() };
  } catch (reason) {
    result = { status: 'rejected', reason };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { result, output: lines.join('\n') };
}

/**
 * The log entries in captured output: Powertools writes each as indented JSON under
 * POWERTOOLS_DEV, one object per entry ("{" and "}" alone on their lines); anything else
 * (a console line of another library) is skipped.
 */
export function logEntries(output: string): Record<string, unknown>[] {
  const chunks: string[] = [];
  let open: string[] | undefined;
  for (const line of output.split('\n')) {
    if (line === '{') open = [line];
    else if (open !== undefined) {
      open.push(line);
      if (line === '}') {
        chunks.push(open.join('\n'));
        open = undefined;
      }
    }
  }
  return chunks.flatMap((chunk) => {
    try {
      return [JSON.parse(chunk) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
