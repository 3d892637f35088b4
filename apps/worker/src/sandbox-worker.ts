import { Worker as Thread } from 'node:worker_threads';
import { Worker, type CompiledWorkerOptions, type Logger } from '@temporalio/worker';
import { ThreadedVMWorkflowCreator, WorkerThreadClient } from '@temporalio/worker/lib/workflow/threaded-vm';
import type {
  Init as WorkerThreadInit,
  WorkflowBundleWithSourceMapAndFilename,
} from '@temporalio/worker/lib/workflow/workflow-worker-thread/input';
import { positiveInt } from './workflow-memory';

/**
 * The SDK's Worker, with two costs of its workflow threads taken out (both measured in the round
 * benchmark, bench/README.md):
 *
 * - **A watchdog thread per call into the sandbox.** The SDK passes vm's `timeout` (its
 *   isolateExecutionTimeout, 5 s) to every `runInContext`, several per activation, and for each
 *   one Node 20 creates a watchdog thread and joins it when the call returns (nodejs/node#47739,
 *   not merged): ~130 µs of CPU and ~360 µs wall per call, against ~5 µs without; `runInContext`
 *   was 30 % of the workflow thread's time. What the timeout guards against is workflow code that
 *   loops forever inside one activation. kjflow's workflow code is its own (deterministic, unit-
 *   and replay-tested, no user code), and Temporal still times the task out (10 s) and retries
 *   it; KJ_WORKFLOW_CALL_TIMEOUT_MS (ms) puts the guard back, at the cost above.
 * - **A source-mapped stack trace for every promise a workflow creates.** The SDK's promise hook
 *   (vm-shared.js, `GlobalHandlers.setPromiseHook`) captures and source-maps the stack of each
 *   promise and keeps it while the promise is pending, for the `__stack_trace` query (the stack
 *   trace tab of Temporal's UI, for a running workflow): ~40 % of the workflow thread's time, and
 *   heap in every cached workflow. The threads start without it, so that query answers that stack
 *   traces are off; errors keep their source-mapped stacks. KJ_WORKFLOW_STACK_TRACES=1 turns it
 *   back on (while debugging a stuck workflow).
 *
 * The threads are the SDK's own (its workflow-worker-thread module, initialised as the SDK
 * initialises them), started here because that is the only place to act before the hook is set.
 */
export class SandboxWorker extends Worker {
  protected static override async createWorkflowCreator(
    bundle: WorkflowBundleWithSourceMapAndFilename,
    options: CompiledWorkerOptions,
    logger: Logger,
  ) {
    if (options.debugMode || promiseStackTraces()) {
      const { isolateExecutionTimeoutMs } = threadInit(bundle, options);
      return super.createWorkflowCreator(bundle, { ...options, isolateExecutionTimeoutMs }, logger);
    }
    const clients = Array.from(
      { length: options.workflowThreadPoolSize },
      () =>
        new WorkerThreadClient(
          new Thread(WORKFLOW_THREAD_WITHOUT_PROMISE_HOOK, { eval: true }),
          logger,
          options.patchActivationCallback,
        ),
    );
    await Promise.all(clients.map((client) => client.send(threadInit(bundle, options))));
    return new ThreadedVMWorkflowCreator(clients);
  }
}

/** What each workflow thread is initialised with, as the SDK's ThreadedVMWorkflowCreator.create does. */
export function threadInit(
  bundle: WorkflowBundleWithSourceMapAndFilename,
  options: Pick<CompiledWorkerOptions, 'reuseV8Context' | 'activities' | 'patchActivationCallback'>,
): WorkerThreadInit {
  return {
    type: 'init',
    workflowBundle: bundle,
    // `undefined` is what vm reads as "no timeout" (no watchdog); the field is typed a number.
    isolateExecutionTimeoutMs: sandboxCallTimeoutMs() as number,
    reuseV8Context: options.reuseV8Context ?? true,
    registeredActivityNames: new Set(options.activities.keys()),
    hasPatchActivationCallback: options.patchActivationCallback !== undefined,
  };
}

/** The SDK's workflow thread, its promise hook made a no-op before the thread installs it. */
const WORKFLOW_THREAD_WITHOUT_PROMISE_HOOK = `
  require(${JSON.stringify(require.resolve('@temporalio/worker/lib/workflow/vm-shared'))}).globalHandlers.setPromiseHook = () => {};
  require(${JSON.stringify(require.resolve('@temporalio/worker/lib/workflow/workflow-worker-thread'))});
`;

/** KJ_WORKFLOW_STACK_TRACES=1: the SDK's per-promise stack traces (see SandboxWorker). */
export function promiseStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KJ_WORKFLOW_STACK_TRACES === '1';
}

/** KJ_WORKFLOW_CALL_TIMEOUT_MS, or undefined (no watchdog). */
export function sandboxCallTimeoutMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveInt(env, 'KJ_WORKFLOW_CALL_TIMEOUT_MS');
}
