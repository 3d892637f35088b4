import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Module boundaries by Nx tag: workflow code is deterministic (only @temporalio/workflow and
 * the `*.rules.ts` modules of libs/domain, see below), libs/domain does no I/O, apps sit on top. Spec files may use test tooling.
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
  'bcrypt',
  'jose',
];

export default [
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      'test/support/api-types.d.ts',
      'apps/web/src/api/schema.d.ts',
    ],
  },
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
    // Memory: the Temporal SDK's reusable V8 context keeps one webpack module cache per workflow,
    // so every module workflow code imports is evaluated, and held, once per cached workflow. The
    // `@kjflow/domain` barrel brings the whole domain (3.5 MB of heap per cached workflow, issue 13;
    // zod alone is 0.5 MB), so workflow code imports the zod-free `*.rules.ts` modules of libs/domain
    // by deep path. Types are erased by the compiler, so `import type` may come from anywhere.
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts', 'workflows/src/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@kjflow/domain',
              message:
                'Import from @kjflow/domain/<stage>/<module>.rules: the barrel evaluates the whole domain (zod schemas, tables) once per cached workflow.',
              allowTypeImports: true,
            },
            {
              name: 'zod',
              message:
                'zod costs ~0.5 MB per cached workflow: parse through @kjflow/domain/kernel/validation.rules (lazy schemas).',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              regex: '^@kjflow/domain/(?![a-z-]+/[a-z-]+\\.rules$)',
              message:
                'Only @kjflow/domain/<stage>/*.rules is zod-free; other domain modules build schemas or tables once per cached workflow.',
              allowTypeImports: true,
            },
            {
              group: ['zod/*'],
              message: 'zod is not for workflow code (see the zod path rule).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The `*.rules.ts` modules are what workflow code may import (see above), so they stay zod-free:
    // they import only each other, and reach a schema module through kernel/lazy.rules.ts, on first use.
    files: ['libs/domain/src/**/*.rules.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'zod',
              message: '*.rules.ts is zod-free: see kernel/lazy.rules.ts.',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              regex: '^(?!\\.{1,2}/(?:[a-z-]+/)?[a-z-]+\\.rules$)',
              message:
                '*.rules.ts imports only *.rules.ts (types excepted); a schema module is loaded by kernel/lazy.rules.ts.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Issue 14: SQL lives only in libs/persistence repositories; services, activities and workflow
    // code call typed repository methods. (Tests may read rows to check what was written.)
    files: ['apps/**/*.ts', 'libs/activities/**/*.ts', 'workflows/**/*.ts', 'seeds/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.medium-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          ["CallExpression[callee.property.name='query'][arguments.length>0]", '.query(…)'],
          ["CallExpression[callee.property.name='createQueryBuilder']", '.createQueryBuilder(…)'],
          ["CallExpression[callee.property.name='getRepository']", '.getRepository(…)'],
        ].map(([selector, call]) => ({
          selector,
          message: `${call} outside libs/persistence: put the SQL in a repository (libs/persistence/src/repositories/<aggregate>.repository.ts) and call its typed method.`,
        })),
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
  {
    // The portal runs in the browser: React's hook rules, browser globals; it talks to the API
    // over HTTP only (no imports from the server's libraries).
    files: ['apps/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@kjflow/*'], message: 'The portal reads the API over HTTP (src/api/).' }] },
      ],
    },
  },
  prettier,
];
