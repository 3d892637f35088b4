/**
 * bench/update-cost.bench.ts's worker, a process of its own (as the product's and the baseline's
 * are), serving bench/support/update-cost.workflow.ts on the task queue it is given until SIGTERM.
 * Usage: node bench/run.js bench/support/update-cost-worker.ts ADDRESS QUEUE
 */
import * as path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SandboxWorker } from '../../apps/worker/src/sandbox-worker';
import * as activities from './update-cost.activities';

async function main() {
  const [address, taskQueue] = process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const worker = await SandboxWorker.create({
    connection,
    taskQueue,
    activities,
    // Every workflow of a run stays cached (a miss would replay its history: not an update's cost).
    maxCachedWorkflows: 5000,
    workflowsPath: path.join(__dirname, 'update-cost.workflow.ts'),
  });
  console.log('[update-cost-worker] polling');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
