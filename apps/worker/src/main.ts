import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createActivities, mailerFromEnv } from '@kjflow/activities';
import { createDataSource } from '@kjflow/persistence';
import { createTemporalClient, TASK_QUEUE, temporalConfig } from '@kjflow/temporal';
import { signalReader, startEventLogReaders, wakeReadersAfterWrites } from './event-log-readers';
import { limitWorkflowThreadHeap, workflowMemory } from './workflow-memory';

/**
 * The worker loads workflows from the bundle prebuilt by `npm run build` (tools/build.js).
 * Without one (a test or a dev run from sources) it bundles at start-up from workflows/src.
 */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'nx.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('kjflow: cannot find the repository root (nx.json)');
    dir = up;
  }
  return dir;
}

function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  const root = repoRoot();
  const bundle = process.env.KJ_WORKFLOW_BUNDLE || path.join(root, 'dist/workflow-bundle.js');
  if (fs.existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { workflowBundleOptions } = require(path.join(root, 'tools/workflow-bundle'));
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions: { webpackConfigHook } };
}

/** Retries `fn` (Temporal briefly unavailable) every few seconds until it succeeds. */
async function keepTrying(what: string, fn: () => Promise<void>): Promise<void> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
    try {
      return await fn();
    } catch (err) {
      console.error(`${what} failed, trying again in ${delay / 1000} s: ${String(err)}`);
      await new Promise((r) => setTimeout(r, delay).unref());
    }
  }
}

export async function runWorker(): Promise<void> {
  const concurrency = Number(process.env.KJ_ACTIVITY_CONCURRENCY || 20);
  const dataSource = await createDataSource({
    poolSize: concurrency,
    applicationName: 'kjflow-worker',
  }).initialize();
  const config = temporalConfig();
  const connection = await NativeConnection.connect({ address: config.address });
  // The dispatchers' client connects beside the worker, never in the way of its first poll.
  const client = createTemporalClient(config);
  client.catch(() => undefined);
  try {
    // Memory for cached workflows, explicit (see workflow-memory.ts): the threads' heap limit is
    // set before Worker.create starts them, the cache sized so that it evicts long before.
    const memory = workflowMemory();
    const threadLimitMib = await limitWorkflowThreadHeap(memory.threadHeapMib);
    const worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: TASK_QUEUE,
      activities: wakeReadersAfterWrites(
        createActivities({ dataSource, mailer: mailerFromEnv() }),
        signalReader(client),
      ),
      maxConcurrentActivityTaskExecutions: concurrency,
      maxCachedWorkflows: memory.maxCachedWorkflows,
      workflowThreadPoolSize: memory.workflowThreadPoolSize,
      ...workflowSource(),
    });
    console.log(
      `[worker] workflow cache ${memory.maxCachedWorkflows} workflows, ${memory.workflowThreadPoolSize} workflow ` +
        `thread(s) with a ${memory.threadHeapMib} MiB heap each (V8 limit ${threadLimitMib} MiB); ` +
        'KJ_MAX_CACHED_WORKFLOWS, KJ_WORKFLOW_HEAP_MB, KJ_WORKFLOW_THREADS change them',
    );
    console.log(`[worker] polling task queue "${TASK_QUEUE}" on ${config.address}`);
    // The notification and webhook dispatchers (issue 19): started once, kept across restarts;
    // started while the worker already polls, so a restarted worker is back as fast as before.
    const running = worker.run();
    void keepTrying('[worker] starting the event-log readers', async () =>
      startEventLogReaders(await client),
    );
    await running; // resolves after SIGINT/SIGTERM: the SDK's default shutdown signals
  } finally {
    await client.then((c) => c.connection.close()).catch(() => undefined);
    await connection.close();
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runWorker().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
