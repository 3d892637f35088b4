// `npm test` runs every project and prints jest's summary, in two runs: unit, medium and e2e five
// files at a time (CI has 2 cores, but the e2e files mostly wait on their programs' timers; the
// measurement is in README, Tests; e2e files share one stack and database, so each counts only
// the rows it could have written), then stack, its two stacks side by side (each starts a whole
// stack of its own and times its supervision, so they run after the rest; most of their time is
// waiting, on the demo's windows and on frozen processes).
//   unit: libs/*, apps/*, workflows/ (workflow tests run on the real Temporal dev server binary,
//         activities mocked; replay tests replay recorded histories)
//   medium: libs/**, apps/** *.medium-spec.ts — repositories, activities and services on a real
//         PostgreSQL (a fresh migrated database per run), no mocks
//   e2e:  test/ — the real API and worker as processes, a real Temporal server, a fresh PostgreSQL
//         database per run (created and dropped by test/support/global-setup.ts)
//   stack: test/*.stack-spec.ts — `npm start` itself (tools/dev-stack.js) and its supervision, each
//         test with its own ports, Temporal server and database; no shared stack
const { swcOptions, jestAliases } = require('./tools/swc');

const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcOptions({ rewritePaths: false }), swcrc: false }],
  // NestJS 12 ships ES modules only. Node runs them from our CommonJS through require(esm), but
  // jest supports that only on Node 24.9+, so under jest Nest's files are compiled to CommonJS.
  '/node_modules/@nestjs/.+\\.js$': [
    '@swc/jest',
    {
      swcrc: false,
      module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
    },
  ],
};
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper: jestAliases(),
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Global (jest ignores it per project): end-to-end tests wait on real timers of a few seconds.
  testTimeout: 60000,
  // it.concurrent tests of a file (a flow waiting on its window, checks beside it): two at a time,
  // so the waiting flow keeps its pace on the CI's two cores.
  maxConcurrency: 2,
  // The run ends with its slowest files, so the CI log's tail shows where the time went.
  reporters: ['default', '<rootDir>/test/support/slowest-reporter.js'],
  // Longest files first, by jest's cache or else test/support/durations.json (a clean clone).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/workflows', '<rootDir>/seeds'],
      testMatch: ['**/*.spec.ts'],
      // One Temporal dev server for the run's workflow tests.
      globalSetup: '<rootDir>/test/support/temporal-binary.setup.ts',
      globalTeardown: '<rootDir>/test/support/temporal-binary.teardown.ts',
    },
    {
      ...common,
      displayName: 'medium',
      roots: ['<rootDir>/libs', '<rootDir>/apps'],
      testMatch: ['**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/support/medium-setup.ts',
      globalTeardown: '<rootDir>/test/support/medium-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'stack',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.stack-spec.ts'],
    },
  ],
};
