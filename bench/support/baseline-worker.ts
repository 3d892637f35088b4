/**
 * The round benchmark's baseline worker, a process of its own as the product's worker is (on a
 * shared 2-core machine a worker inside the benchmark's process, beside its 32 clients, got too
 * little CPU: its workflow tasks timed out). Serves bench/support/baseline.workflow.ts on the task
 * queue it is given until SIGTERM. Usage: node bench/run.js bench/support/baseline-worker.ts ADDRESS QUEUE
 * [WORKFLOWS ACTIVITIES MAX_CACHED]: another workflow file and activity module of bench/support and
 * a cache size (bench/update-cost.bench.ts: its shapes, every workflow of a run kept cached).
 */
import * as path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SandboxWorker } from '../../apps/worker/src/sandbox-worker';

async function main() {
  const [address, taskQueue, workflows = 'baseline.workflow.ts', activitiesFile, maxCached] =
    process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  // The product's Worker class (no watchdog thread per sandbox call), so that the baseline
  // measures Temporal, not a worker setting the product does not use.
  const worker = await SandboxWorker.create({
    connection,
    taskQueue,
    workflowsPath: path.join(__dirname, workflows),
    ...(activitiesFile ? { activities: await import(path.join(__dirname, activitiesFile)) } : {}),
    ...(maxCached ? { maxCachedWorkflows: Number(maxCached) } : {}),
  });
  console.log('[baseline-worker] polling');
  await worker.run(); // until SIGTERM (the SDK's shutdown signals)
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
