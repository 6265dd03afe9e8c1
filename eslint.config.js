// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { infraRule, layerRules } from './eslint.layers.js';

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
      // Boundaries are per folder, below (layerRules).
      'no-restricted-imports': 'off',
    },
  },
  {
    // The function's schemas are built from its own zod (lambda/contract/zod.ts: zod/mini,
    // configured before any schema is built), never from zod's classic API, which would put
    // its 97 KB and its per-schema methods back on the cold path (BENCHMARKS.md).
    files: ['lambda/**/*.ts'],
    ignores: ['lambda/contract/zod.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^zod(?:[/].*)?$/]',
          message:
            "Import the function's zod: `import * as z from '<path>/contract/zod'` (zod/mini, configured once).",
        },
      ],
    },
  },
  // The function's layers: no import runs back up (eslint.layers.js, docs/architecture.md).
  ...layerRules(),
  // infra imports the function's contract (settings rules, severities, metric names) only.
  infraRule(),
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-dynamic-delete': 'off' },
  },
  {
    files: ['eslint.config.js', 'eslint.layers.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
