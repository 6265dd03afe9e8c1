import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFunction } from '../../infra/function-code';
import { HANDLER_ENTRY } from '../../infra/monitor-function';
import { synthesize } from '../support/synth';

/** Least privilege in the template, and nothing but the function's code in its bundle. */

const root = path.resolve(import.meta.dirname, '..', '..');

describe('IAM', () => {
  const { template } = synthesize({
    accounts: [
      { name: 'main', lowBalanceThreshold: 100000 },
      { name: 'imported', lowBalanceThreshold: 100000, existingSecretName: 'prod/dexchange' },
    ],
    alertEmails: ['ops@example.sn'],
    topicEncryption: 'kms',
  });

  interface Statement {
    Effect: string;
    Resource?: unknown;
    Action?: unknown;
  }
  /** Every policy statement in the template, with where it sits. */
  function statements(): { where: string; type: string; statement: Statement }[] {
    const found: { where: string; type: string; statement: Statement }[] = [];
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
    for (const [id, resource] of Object.entries(resources)) {
      const documents: unknown[] = [];
      const props = resource.Properties ?? {};
      for (const key of ['PolicyDocument', 'KeyPolicy', 'AssumeRolePolicyDocument'])
        if (props[key] !== undefined) documents.push(props[key]);
      for (const policy of (props.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
        documents.push(policy.PolicyDocument);
      for (const document of documents) {
        for (const statement of (document as { Statement: Statement[] }).Statement)
          found.push({ where: id, type: resource.Type, statement });
      }
    }
    return found;
  }

  it('no Allow statement names Resource "*", except the KMS key policy (where "*" means this key)', () => {
    const all = statements();
    expect(all.length).toBeGreaterThan(10);
    const wildcard = all.filter(
      ({ statement }) => statement.Effect === 'Allow' && [statement.Resource].flat().includes('*'),
    );
    expect(wildcard.map((w) => w.type)).toEqual(wildcard.map(() => 'AWS::KMS::Key'));
    expect(wildcard.length).toBeGreaterThan(0);
  });

  it('no role attaches a managed policy (AWSLambdaBasicExecutionRole would allow logs on "*")', () => {
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.keys(roles).length).toBeGreaterThan(0);
    for (const role of Object.values(roles))
      expect(
        (role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns,
      ).toBeUndefined();
  });
});

describe('the deployed bundle', () => {
  // The build the stack runs (infra/function-code.ts), in memory.
  const built = Promise.resolve().then(() => buildFunction(HANDLER_ENTRY));

  it('holds the function code and production dependencies only: no tests, no local tools, no dev dependencies', async () => {
    const result = await built;
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs).toContain('lambda/handler.ts');
    const own = inputs.filter((input) => !input.startsWith('node_modules/'));
    for (const input of own) expect(input).toMatch(/^lambda\/(?!local\/)/);

    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const packages = new Set(
      inputs
        .filter((input) => input.startsWith('node_modules/'))
        .map((input) => {
          const parts = input.split('/');
          return parts[1]?.startsWith('@') === true
            ? `${parts[1]}/${parts[2] ?? ''}`
            : (parts[1] ?? '');
        }),
    );
    for (const dev of Object.keys(pkg.devDependencies)) expect(packages.has(dev), dev).toBe(false);
    // Everything bundled is a production dependency or one of theirs, never aws-cdk-lib.
    expect(packages.has('aws-cdk-lib')).toBe(false);
    for (const direct of ['zod', '@aws-sdk/client-sns', '@aws-lambda-powertools/logger'])
      expect(packages.has(direct), direct).toBe(true);
    // zod/mini only (lambda/contract/zod.ts): the classic API would put 97 KB and a method per
    // schema instance back on the cold path.
    expect(inputs.filter((input) => input.includes('/zod/v4/classic/'))).toEqual([]);
    expect(inputs.some((input) => input.includes('/zod/v4/mini/'))).toBe(true);
    console.info(
      `bundle: ${own.length} own modules, ${packages.size} packages: ${[...packages].sort().join(', ')}`,
    );
  });

  it('is split so that a check with nothing to deliver never reads the channels, their texts or their clients, and every file is loaded by some path', async () => {
    const outputs = (await built).metafile?.outputs ?? {};
    const entry = Object.keys(outputs).find((file) => file.endsWith('/index.mjs')) ?? '';
    const reached = (kinds: readonly string[]) => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const i of outputs[file]?.imports ?? [])
          if (kinds.includes(i.kind) && !i.external) visit(i.path);
      };
      visit(entry);
      return seen;
    };
    const atStart = reached(['import-statement']);
    const everything = reached(['import-statement', 'dynamic-import']);
    // No file is uploaded that nothing loads (bowser's was, before infra/bundling.ts's external).
    expect([...everything].sort()).toEqual(
      Object.keys(outputs)
        .filter((file) => file.endsWith('.mjs'))
        .sort(),
    );
    const modulesOf = (files: Iterable<string>) =>
      new Set([...files].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {})));
    const early = modulesOf(atStart);
    const late = modulesOf([...everything].filter((file) => !atStart.has(file)));
    for (const module of [
      'lambda/channels/deliverers.ts',
      'lambda/messages/locales/en.ts',
      'lambda/messages/locales/fr.ts',
    ]) {
      expect(early.has(module), module).toBe(false);
      expect(late.has(module), module).toBe(true);
    }
    for (const client of ['client-sns', 'client-sqs', 'client-socialmessaging']) {
      const inside = (modules: Set<string>) =>
        [...modules].some((module) => module.includes(`node_modules/@aws-sdk/${client}/`));
      expect(inside(early), client).toBe(false);
      expect(inside(late), client).toBe(true);
    }
  });
});
