import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_SCHEDULE, deployConfigSchema, parseDeployConfig } from '../../infra/config';

/** The config reference (docs/configuration.md) and the zod schema list the same fields, with the same defaults. */

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  default?: unknown;
}

function fieldPaths(schema: JsonSchema, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${key}`;
    paths.push(path);
    if (child.properties !== undefined) paths.push(...fieldPaths(child, `${path}.`));
    if (child.items?.properties !== undefined) paths.push(...fieldPaths(child.items, `${path}[].`));
  }
  return paths;
}

const reference = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const table =
  /<!-- config-reference:start -->([\s\S]*?)<!-- config-reference:end -->/.exec(reference)?.[1] ??
  '';
// Rows look like "| `field` | meaning | default |", padded by prettier.
const rows = table
  .split('\n')
  .map((line) => line.split('|').map((cell) => cell.trim()))
  .filter((cells) => cells.length === 5 && /^`[^`]+`$/.test(cells[1] ?? ''))
  .map((cells) => ({ field: (cells[1] ?? '').slice(1, -1), default: cells[3] ?? '' }));

describe('the config reference in docs/configuration.md', () => {
  const schema = z.toJSONSchema(deployConfigSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;

  // A route's two fields, and quiet hours' two, are explained once (under "Who hears what" and
  // "Quiet hours"); an account's own
  // recipients have the stack's recipient fields, so the stack's rows document them.
  const isRouteField = (path: string) =>
    /(R|r)outing\.(minLevel|also)$/.test(path) || /(Q|q)uietHours\.(hours|allow)$/.test(path);
  const ownRecipients = 'accounts[].recipients.';

  it('documents exactly the fields the schema has', () => {
    expect(rows.length).toBeGreaterThan(10);
    const paths = fieldPaths(schema).filter((p) => !isRouteField(p));
    expect(rows.map((r) => r.field).sort()).toEqual(
      paths.filter((p) => !p.startsWith(ownRecipients)).sort(),
    );
  });

  it("an account's own recipients have exactly the stack's recipient fields", () => {
    const paths = fieldPaths(schema).filter((p) => !isRouteField(p));
    const own = paths
      .filter((p) => p.startsWith(ownRecipients))
      .map((p) => p.slice(ownRecipients.length));
    expect(own.length).toBeGreaterThan(10);
    for (const field of own) expect(paths, field).toContain(field);
  });

  it('states the defaults the schema applies', () => {
    const defaults = parseDeployConfig({
      accounts: [{ name: 'x', lowBalanceThreshold: 1 }],
      operatorEmails: ['ops@example.sn'],
    }) as Record<string, unknown>;
    const documented = Object.fromEntries(rows.map((r) => [r.field, r.default]));
    expect(documented.operatorEmails).toBe('`alertEmails`');
    for (const [field, value] of Object.entries(defaults)) {
      if (field === 'accounts' || field === 'schedule' || field === 'operatorEmails') continue;
      const shown = typeof value === 'string' ? value : JSON.stringify(value).replace(/,/g, ', ');
      expect(documented[field], field).toBe(`\`${shown}\``);
    }
    // Resolved per account (scheduleOf): every 5 minutes, or the callbacks' backstop.
    expect(documented['schedule.expression']).toBe(
      `\`${DEFAULT_SCHEDULE}\`; with callbacks, \`callbacks.backstopSchedule\``,
    );
    expect(documented['schedule.timezone']).toBe('`Africa/Dakar`');
    expect(documented['accounts[].expectedCurrency']).toBe('`XOF`');
  });
});
