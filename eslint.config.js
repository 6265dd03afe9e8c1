// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      'coverage/',
      'scratch/',
      'bench/results/',
      'bench/*.mjs',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(res) => json(res, ...)` reads better than braces around every test responder.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Boundaries from DESIGN.md: the alert policy stays pure, check.ts knows no AWS SDK.
      'no-restricted-imports': 'off',
    },
  },
  {
    // `import { z } from 'zod'` keeps all of zod in the bundle (454 KB minified, locales and
    // all); the namespace import lets esbuild drop what the function does not use (85 KB).
    files: ['lambda/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`: it lets esbuild drop 370 KB of zod.",
        },
      ],
    },
  },
  {
    // Nothing the function runs imports the local tools (the CLI, the sandbox).
    files: ['lambda/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/tools/*'] }] },
  },
  {
    // The contract is pure: read by the function and by the stack at synth.
    files: ['lambda/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@aws-sdk/*',
            '@aws-lambda-powertools/*',
            'node:*',
            '../*',
            'aws-cdk-lib',
            'aws-cdk-lib/*',
          ],
        },
      ],
    },
  },
  {
    // The alert policy and the texts are pure: no I/O of any kind.
    files: ['lambda/alerting/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@aws-sdk/*',
            '@aws-lambda-powertools/*',
            'node:*',
            '../channels/*',
            '../stores/*',
            '../providers/*',
            '../check/*',
            '**/tools/*',
          ],
        },
      ],
    },
  },
  {
    // One check against ports: no AWS SDK, no concrete adapter.
    files: ['lambda/check/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@aws-sdk/*',
            '@aws-lambda-powertools/*',
            '../stores/dynamodb',
            '../stores/file',
            '../channels/sns',
            '../providers/dexchange/api-key-secret',
            '**/tools/*',
          ],
        },
      ],
    },
  },
  {
    // infra imports the function's contract (settings rules, severities, metric names) and
    // nothing else of its code.
    files: ['infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./lambda/(?!contract/)',
              message: 'infra may import lambda/contract/ only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-dynamic-delete': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
