// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { functionZodRule, infraRule, layerRules } from './eslint.layers.js';

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
  // Every schema of the function from its own zod (eslint.layers.js).
  functionZodRule(),
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
