import { Worker, type CompiledWorkerOptions, type Logger } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMapAndFilename } from '@temporalio/worker/lib/workflow/workflow-worker-thread/input';
import { positiveInt } from './workflow-memory';

/**
 * The SDK's Worker, calling into the workflow sandbox without a per-call watchdog thread.
 *
 * The SDK passes vm's `timeout` (its isolateExecutionTimeout, 5 s) to every `runInContext` into
 * a workflow's sandbox, several per activation, and for each one Node 20 creates a watchdog
 * thread and joins it when the call returns (nodejs/node#47739, not merged). Measured here: a
 * call costs ~130 µs of CPU and ~360 µs wall with the timeout, ~5 µs without; in the round
 * benchmark (bench/README.md) `runInContext` was 30 % of the workflow thread's time, and on a
 * busy machine every join also waits for the watchdog thread to be scheduled.
 *
 * What the timeout guards against is workflow code that loops forever inside one activation.
 * kjflow's workflow code is its own (deterministic, unit- and replay-tested, no user code), and
 * Temporal still times the task out (10 s) and retries it; KJ_WORKFLOW_CALL_TIMEOUT_MS (ms) puts
 * the guard back where it is wanted, at the cost above.
 */
export class SandboxWorker extends Worker {
  protected static override createWorkflowCreator(
    bundle: WorkflowBundleWithSourceMapAndFilename,
    options: CompiledWorkerOptions,
    logger: Logger,
  ) {
    return super.createWorkflowCreator(
      bundle,
      // `undefined` is what vm reads as "no timeout" (no watchdog); the option is typed a number.
      { ...options, isolateExecutionTimeoutMs: sandboxCallTimeoutMs() as number },
      logger,
    );
  }
}

/** KJ_WORKFLOW_CALL_TIMEOUT_MS, or undefined (no watchdog). */
export function sandboxCallTimeoutMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveInt(env, 'KJ_WORKFLOW_CALL_TIMEOUT_MS');
}
