import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';
import { ActivityInterceptorsFactory, NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createActivities } from '@kjflow/activities';
import { createDataSource } from '@kjflow/persistence';
import { startTracing, TASK_QUEUE, temporalConfig, Tracing } from '@kjflow/temporal';
import { activityFailures, installRuntime, log, metricsAddress } from './telemetry';
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

async function workflowSource(
  traced: boolean,
): Promise<Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions' | 'interceptors'>> {
  const root = repoRoot();
  if (traced) {
    // The workflow interceptors of tracing live in their own bundle (tools/build.js), made once.
    const bundle = process.env.KJ_WORKFLOW_BUNDLE_TRACED || path.join(root, 'dist/workflow-bundle-traced.js');
    if (!fs.existsSync(bundle)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ensureTracedBundle } = require(path.join(root, 'tools/build'));
      await ensureTracedBundle({ log: (m: string) => log.info(m) });
    }
    return { workflowBundle: { codePath: bundle } };
  }
  const bundle = process.env.KJ_WORKFLOW_BUNDLE || path.join(root, 'dist/workflow-bundle.js');
  if (fs.existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { workflowBundleOptions } = require(path.join(root, 'tools/workflow-bundle'));
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions: { webpackConfigHook } };
}

/** In production the worker must be told where the database is (no development default). */
export function checkWorkerSettings(env = process.env): void {
  const mode = env.NODE_ENV || 'development';
  if (mode === 'production' && !env.DATABASE_URL)
    throw new Error(
      `kjflow worker: invalid settings, not starting:\n  DATABASE_URL: is required when NODE_ENV=${mode}`,
    );
}

/** Activity interceptors: failures counted; with tracing, a span per attempt under the workflow's. */
function activityInterceptors(tracing: Tracing, otel?: typeof TemporalOtel): ActivityInterceptorsFactory[] {
  if (!otel) return [activityFailures];
  const traced: ActivityInterceptorsFactory = (ctx) => ({
    inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
    outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
  });
  return [traced, activityFailures];
}

export async function runWorker(): Promise<void> {
  checkWorkerSettings();
  const metrics = metricsAddress();
  installRuntime(metrics); // before any connection: the SDK's logger and metrics exporter
  const tracing = startTracing('kjflow-worker');
  // Loaded only with tracing on (start-up time).
  const otel: typeof TemporalOtel | undefined = tracing.enabled
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@temporalio/interceptors-opentelemetry')
    : undefined;
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
      ...(await workflowSource(tracing.enabled)),
      interceptors: { activity: activityInterceptors(tracing, otel) },
      // Workflow spans leave the sandbox through this sink (the traced bundle calls it).
      ...(otel
        ? { sinks: { exporter: otel.makeWorkflowExporter(tracing.spanProcessor, tracing.resource) } }
        : {}),
    });
    log.info(
      `[worker] workflow cache ${memory.maxCachedWorkflows} workflows, ${memory.workflowThreadPoolSize} workflow ` +
        `thread(s) with a ${memory.threadHeapMib} MiB heap each (V8 limit ${threadLimitMib} MiB); ` +
        'KJ_MAX_CACHED_WORKFLOWS, KJ_WORKFLOW_HEAP_MB, KJ_WORKFLOW_THREADS change them',
    );
    log.info(
      `[worker] polling task queue "${TASK_QUEUE}" on ${config.address}; metrics ` +
        (metrics ? `at http://${metrics}/metrics` : 'off (set KJ_WORKER_METRICS_ADDRESS)') +
        `; tracing ${tracing.enabled ? 'exported by OTLP' : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT)'}`,
    );
    await worker.run(); // resolves after SIGINT/SIGTERM: the SDK's default shutdown signals
  } finally {
    await connection.close();
    await dataSource.destroy();
    await tracing.shutdown();
  }
}

if (require.main === module) {
  runWorker().catch((err) => {
    if (err instanceof Error && err.message.startsWith('kjflow worker:')) console.error(err.message);
    else log.fatal({ err }, 'the worker stopped');
    process.exit(1);
  });
}
