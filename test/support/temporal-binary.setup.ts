/**
 * Unit project set-up: the workflow tests run on the real Temporal dev-server binary through
 * TestWorkflowEnvironment.createLocal (its default would download one, which fails offline).
 */
export default async function setup(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensureBinary } = require('../../tools/temporal');
  process.env.KJ_TEMPORAL_BIN = ensureBinary();
}
