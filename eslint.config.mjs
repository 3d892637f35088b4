import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/**
 * Module boundaries by Nx tag: workflow code is deterministic (only @temporalio/workflow, zod and
 * libs/domain), libs/domain does no I/O, apps sit on top. Spec files may use test tooling.
 * (Node built-ins in workflow code are refused by Temporal's workflow bundler itself.)
 */
const IO_PACKAGES = [
  'typeorm',
  'pg',
  '@nestjs/*',
  'fastify',
  '@fastify/*',
  'reflect-metadata',
  'class-*',
  'bcryptjs',
  'jose',
];

export default [
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:workflow',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: [
                ...IO_PACKAGES,
                '@temporalio/activity',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/testing',
                '@temporalio/common',
              ],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: [...IO_PACKAGES, '@temporalio/*'],
            },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:domain', 'type:data'] },
            { sourceTag: 'type:temporal', onlyDependOnLibsWithTags: ['type:domain'] },
            {
              sourceTag: 'type:activities',
              onlyDependOnLibsWithTags: ['type:domain', 'type:data', 'type:workflow'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:data',
                'type:temporal',
                'type:activities',
                'type:workflow',
              ],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain'] },
          ],
        },
      ],
    },
  },
  {
    // Tests of workflow code drive it from outside, with the test server and a worker.
    files: ['workflows/**/*.spec.ts', 'workflows/src/testing/**'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  prettier,
];
