/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'node:path';

/**
 * Unit project set-up: the workflow tests run on the real Temporal dev-server binary through
 * TestWorkflowEnvironment.createLocal (its default would download one, which fails offline).
 */
export default async function setup(): Promise<void> {
  const { ensureBinary } = require(path.resolve(__dirname, '../../tools/temporal'));
  process.env.KJ_TEMPORAL_BIN = ensureBinary();
}
