/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Unit project set-up: the workflow tests run on the real Temporal dev-server binary (its default
 * would download one, which fails offline), one server for the whole run. Each workflow test file
 * connects to it (createTestEnv in workflows/src/testing/env.ts) with task queues and workflow ids
 * of its own, instead of starting a server of its own: ~2 s per file, 30 files. The teardown
 * (temporal-binary.teardown.ts) stops it.
 *
 * The workflow bundle the tests share (.data/cache, tools/workflow-bundle.js) is made here when
 * the sources changed, once, as the build's dist/workflow-bundle.js, which the medium and e2e
 * set-ups then find current, rather than by the first test files of both jest workers at once.
 */
export default async function setup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const { cachedWorkflowBundle } = require(path.join(root, 'tools/workflow-bundle'));
  // dist/ as the sources are now (skipped when it is): the bundle, and the search attributes below.
  await require(path.join(root, 'tools/build')).build({ ifStale: true, web: false, log: () => undefined });
  await cachedWorkflowBundle(async () => ({
    code: fs.readFileSync(path.join(root, 'dist/workflow-bundle.js'), 'utf8'),
  }));
  const { ensureBinary } = require(path.join(root, 'tools/temporal'));
  // As the tools take them: a global set-up has no module aliases.
  const { SEARCH_ATTRIBUTES } = require(path.join(root, 'dist/libs/domain/src/index.js'));
  const bin: string = ensureBinary();
  process.env.KJ_TEMPORAL_BIN = bin;
  try {
    // ERROR: the simulated activity failures would otherwise print their stacks as warnings.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    /* installed by an earlier run of this process (watch mode) */
  }
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: bin },
      searchAttributes: [...SEARCH_ATTRIBUTES],
      extraArgs: ['--log-level', 'error'],
    },
  });
  (globalThis as Record<string, unknown>).__KJ_UNIT_TEMPORAL__ = env;
  process.env.KJ_UNIT_TEMPORAL_ADDRESS = env.address;
}
