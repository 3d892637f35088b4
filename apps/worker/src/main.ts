import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import { createActivities } from '@kjflow/activities';
import { createDataSource } from '@kjflow/persistence';
import { TASK_QUEUE, temporalConfig } from '@kjflow/temporal';
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

export async function runWorker(): Promise<void> {
  const concurrency = Number(process.env.KJ_ACTIVITY_CONCURRENCY || 20);
  const dataSource = await createDataSource({
    poolSize: concurrency,
    applicationName: 'kjflow-worker',
  }).initialize();
  const config = temporalConfig();
  const connection = await NativeConnection.connect({ address: config.address });
  try {
    // Memory for cached workflows, explicit (see workflow-memory.ts): the threads' heap limit is
    // set before Worker.create starts them, the cache sized so that it evicts long before.
    const memory = workflowMemory();
    const threadLimitMib = await limitWorkflowThreadHeap(memory.threadHeapMib);
    const worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: TASK_QUEUE,
      activities: createActivities({ dataSource }),
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
    await ensureAuditAnchors(connection, config.namespace);
    await worker.run(); // resolves after SIGINT/SIGTERM: the SDK's default shutdown signals
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

/**
 * Starts the audit trail's anchor workflow unless it runs (every worker asks; one runs).
 * KJ_AUDIT_ANCHOR_MS sets its interval (5 minutes by default).
 */
async function ensureAuditAnchors(connection: NativeConnection, namespace: string): Promise<void> {
  const intervalMs = Number(process.env.KJ_AUDIT_ANCHOR_MS || 5 * 60_000);
  const client = new Client({ connection, namespace });
  await client.workflow.start('auditAnchorWorkflow', {
    // Per task queue: stacks sharing a Temporal namespace (tests, a second dev stack) each have their database.
    workflowId: `${workflowIds.auditAnchor()}-${TASK_QUEUE}`,
    taskQueue: TASK_QUEUE,
    args: [{ intervalMs }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

if (require.main === module) {
  runWorker().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
