import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * zod reads its `jitless` setting when a schema is built (set by lambda/contract/zod.ts, which
 * lambda/aws/zod-jitless.ts imports), so every Lambda entry must import that module before
 * anything else: an entry that imported a schema first would build it with zod's per-schema
 * compiled parser, and pay that at its cold start.
 */

const lambda = path.resolve(import.meta.dirname, '..', '..', 'lambda');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
/** Every file that exports a Lambda `handler`. */
const entries = files(lambda).filter(
  (f) =>
    f.endsWith('.ts') &&
    /^export (async function|function|const) handler\b/m.test(readFileSync(f, 'utf8')),
);

describe('the Lambda entries', () => {
  it('are the seven the stack deploys', () => {
    expect(entries.map((f) => path.relative(lambda, f)).sort()).toEqual([
      'ack/handler.ts',
      'ack/telegram-handler.ts',
      'ack/whatsapp-handler.ts',
      'callback/handler.ts',
      'handler.ts',
      'watchdog/handler.ts',
      'watchdog/subscriptions-handler.ts',
    ]);
  });

  it.each(entries.map((f) => [path.relative(lambda, f), f]))(
    '%s imports aws/zod-jitless before anything else',
    (_, file) => {
      const first = /^import\s[^;]*;/m.exec(readFileSync(file, 'utf8'))?.[0];
      expect(first).toMatch(/^import '(\.\/|\.\.\/)aws\/zod-jitless';$/);
    },
  );
});
