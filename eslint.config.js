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
