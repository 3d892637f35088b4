import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TemporalOtel from '@temporalio/interceptors-opentelemetry';
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { ActivityInterceptorsFactory, NativeConnection, WorkerOptions } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import { createActivities, mailerFromEnv } from '@kjflow/activities';
import { createDataSource } from '@kjflow/persistence';
import { createTemporalClient, startTracing, TASK_QUEUE, temporalConfig, Tracing } from '@kjflow/temporal';
import { signalReader, startEventLogReaders, wakeReadersAfterWrites } from './event-log-readers';
import { activityFailures, installRuntime, log, metricsAddress, notificationCounter } from './telemetry';
import { allocatorOf, limitHeapGrowth, limitWorkflowThreadHeap, workflowMemory } from './workflow-memory';
import { SandboxWorker } from './sandbox-worker';

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
  const { workflowsPath, ...bundlerOptions } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions };
}

/** Retries `fn` (Temporal briefly unavailable) every few seconds until it succeeds. */
async function keepTrying(what: string, fn: () => Promise<void>): Promise<void> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
    try {
      return await fn();
    } catch (err) {
      log.warn(`${what} failed, trying again in ${delay / 1000} s: ${String(err)}`);
      await new Promise((r) => setTimeout(r, delay).unref());
    }
  }
}

/** In production the worker must be told where the database is (no development default). */
export function checkWorkerSettings(env = process.env): void {
  const mode = env.NODE_ENV || 'development';
  if (mode === 'production' && !env.DATABASE_URL)
    throw new Error(
      `kjflow worker: invalid settings, not starting:\n  DATABASE_URL: is required when NODE_ENV=${mode}`,
    );
}

/** The process's memory map, to name its allocator; empty where there is no /proc. */
function memoryMap(): string {
  try {
    return fs.readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return '';
  }
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
  // The dispatchers' client connects beside the worker, never in the way of its first poll.
  const client = createTemporalClient(config);
  client.catch(() => undefined);
  try {
    // Memory for cached workflows, explicit (see workflow-memory.ts): the threads' heap limit is
    // set before Worker.create starts them, the cache sized so that it evicts long before.
    const memory = workflowMemory();
    const growingPercent = limitHeapGrowth();
    const threadLimitMib = await limitWorkflowThreadHeap(memory.threadHeapMib);
    const worker = await SandboxWorker.create({
      connection,
      namespace: config.namespace,
      taskQueue: TASK_QUEUE,
      activities: wakeReadersAfterWrites(
        createActivities({ dataSource, mailer: mailerFromEnv(), countNotification: notificationCounter() }),
        signalReader(client),
      ),
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
        `thread(s) with a ${memory.threadHeapMib} MiB heap each (V8 limit ${threadLimitMib} MiB); heaps grow ` +
        `${growingPercent} % past their live size; ${allocatorOf(memoryMap())}; ` +
        'KJ_MAX_CACHED_WORKFLOWS, KJ_WORKFLOW_HEAP_MB, KJ_WORKFLOW_THREADS, KJ_HEAP_GROWING_PERCENT change them',
    );
    log.info(
      `[worker] polling task queue "${TASK_QUEUE}" on ${config.address}; metrics ` +
        (metrics ? `at http://${metrics}/metrics` : 'off (set KJ_WORKER_METRICS_ADDRESS)') +
        `; tracing ${tracing.enabled ? 'exported by OTLP' : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT)'}`,
    );
    // The notification and webhook dispatchers (issue 19): started once, kept across restarts;
    // started while the worker already polls, so a restarted worker is back as fast as before.
    const running = worker.run();
    void keepTrying('[worker] starting the event-log readers', async () =>
      startEventLogReaders(await client),
    );
    void keepTrying('[worker] starting the audit anchors', () =>
      ensureAuditAnchors(connection, config.namespace),
    );
    await running; // resolves after SIGINT/SIGTERM: the SDK's default shutdown signals
  } finally {
    await client.then((c) => c.connection.close()).catch(() => undefined);
    await connection.close();
    await dataSource.destroy();
    await tracing.shutdown();
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
    if (err instanceof Error && err.message.startsWith('kjflow worker:')) console.error(err.message);
    else log.fatal({ err }, 'the worker stopped');
    process.exit(1);
  });
}
