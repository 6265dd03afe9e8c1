import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signedHeaders, signingKeysOf } from '../../lambda/channels/webhook-signing';
import { synthesizedOnce } from '../support/shared-synth';

/**
 * The two commands the stack prints per webhook, run as an operator runs them (bash), against a
 * stand-in `aws` that holds the secret: the first prints the key a receiver gives the
 * `standardwebhooks` library, the second stores that same key as whsec_, which ends the old
 * headers. A secret from before the standard and a whsec_ one, both.
 */

const synthesized = await synthesizedOnce('recipients');
const outputs = synthesized.template.findOutputs('*') as Record<string, { Value: unknown }>;

/** An output's command with the template's references as the deploy would fill them. */
function commandOf(outputId: string): string {
  const value = outputs[outputId]?.Value;
  if (value === undefined) throw new Error(`no output ${outputId}`);
  const parts = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [value];
  return parts
    .map((part) =>
      typeof part === 'string'
        ? part
        : JSON.stringify(part).includes('AWS::Region')
          ? 'af-south-1'
          : 'webhook-erp-dakar-secret',
    )
    .join('');
}

/** Runs a command with an `aws` that serves `stored` and records what is put. */
function run(command: string, stored: string): { printed: string; put: string | undefined } {
  const script = `
aws() {
  case "$2" in
    get-secret-value) printf '%s\\n' "$STORED" ;;
    put-secret-value) while [ $# -gt 0 ]; do [ "$1" = --secret-string ] && printf '%s' "$2" > "$PUT_FILE"; shift; done ;;
  esac
}
${command}`;
  const putFile = path.join(mkdtempSync(path.join(tmpdir(), 'webhook-put-')), 'put');
  const printed = execFileSync('bash', ['--norc', '--noprofile', '-c', script], {
    env: { PATH: process.env.PATH ?? '', STORED: stored, PUT_FILE: putFile },
    encoding: 'utf8',
  });
  const put = existsSync(putFile) ? readFileSync(putFile, 'utf8') : undefined;
  return { printed: printed.trim(), put };
}

const LEGACY = 'Zq3WnV8kP2xT7rYb4LmH9sJd6FgC1aEu5NoKt0QiRwXyBvMp';
const WHSEC = `whsec_${Buffer.from('a key of thirty-two bytes exactly').toString('base64')}`;

describe("each webhook's secret commands", () => {
  const ids = Object.keys(outputs).filter((o) => o.startsWith('WebhookErpDakar'));

  it('are two: print the key, store it as whsec_', () => {
    expect(ids.sort()).toEqual([
      'WebhookErpDakarSigningSecretCommand',
      'WebhookErpDakarStandardSecretCommand',
    ]);
  });

  it("print a secret from before the standard as the whsec_ key that verifies the monitor's signature", () => {
    const { printed } = run(commandOf('WebhookErpDakarSigningSecretCommand'), LEGACY);
    expect(printed).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const signing = signingKeysOf(LEGACY);
    if ('problem' in signing) throw new Error(signing.problem);
    const body = '{"id":"a/1"}';
    const headers = signedHeaders(signing, 'a/1', body, Math.floor(Date.now() / 1000));
    expect(new Webhook(printed).verify(body, headers)).toEqual({ id: 'a/1' });
  });

  it('print a whsec_ secret as it is', () => {
    expect(run(commandOf('WebhookErpDakarSigningSecretCommand'), WHSEC).printed).toBe(WHSEC);
  });

  it('store the whsec_ spelling of a secret from before the standard (the same key, the old headers stop), and leave a whsec_ one alone', () => {
    const legacy = run(commandOf('WebhookErpDakarStandardSecretCommand'), LEGACY);
    expect(legacy.printed).toBe('stored: standard headers only from now on');
    expect(legacy.put).toBe(`whsec_${Buffer.from(LEGACY).toString('base64')}`);
    const keys = signingKeysOf(legacy.put ?? '');
    expect(keys).toEqual({ keys: [Buffer.from(LEGACY)], legacy: undefined });
    const standard = run(commandOf('WebhookErpDakarStandardSecretCommand'), WHSEC);
    expect(standard).toEqual({ printed: 'already whsec_: nothing to do', put: undefined });
  });
});
