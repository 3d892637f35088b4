import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, WorkflowBundle } from '@temporalio/worker';
import { releaseSignal, waitsForRelease } from './sandbox-worker.fixture-workflow';
import { promiseStackTraces, SandboxWorker, sandboxCallTimeoutMs, threadInit } from './sandbox-worker';
import { createTestEnv } from '@kjflow/workflows/testing';

/** The product's worker class on the real Temporal dev server, with its workflow threads. */
describe('SandboxWorker', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundle;

  beforeAll(async () => {
    // The unit run's server (test/support/temporal-binary.setup.ts), else one of this file's own.
    env = await createTestEnv();
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./sandbox-worker.fixture-workflow'),
      logger: new DefaultLogger('WARN'),
    });
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
    delete process.env.KJ_WORKFLOW_STACK_TRACES;
  });

  /** Runs a waiting workflow on a SandboxWorker; returns what the stack trace query answered. */
  async function stackTraceQuery(taskQueue: string): Promise<string> {
    const worker = await SandboxWorker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
    });
    return worker.runUntil(async () => {
      const h = await env.client.workflow.start(waitsForRelease, { taskQueue, workflowId: `${taskQueue}-1` });
      const answer = await h.query<string>('__stack_trace').catch((err: Error) => `refused: ${err.message}`);
      await h.signal(releaseSignal);
      expect(await h.result()).toBe('released');
      return answer;
    });
  }

  it('runs workflows without the per-promise stack traces: the stack trace query says they are off', async () => {
    expect(await stackTraceQuery('sandbox-default')).toMatch(/refused: .*stack traces are not enabled/);
  });

  it('keeps them with KJ_WORKFLOW_STACK_TRACES=1: the query shows where the workflow waits', async () => {
    process.env.KJ_WORKFLOW_STACK_TRACES = '1';
    expect(await stackTraceQuery('sandbox-traced')).toMatch(/waitsForRelease/);
  });

  it('calls into the sandbox without a watchdog timeout unless KJ_WORKFLOW_CALL_TIMEOUT_MS is set', () => {
    const options = { activities: new Map(), reuseV8Context: true };
    const b = {
      code: '',
      sourceMap: { version: 3, file: 'b.js', sources: [], names: [], mappings: '' },
      filename: 'b.js',
    };
    expect(threadInit(b, options)).toHaveProperty('isolateExecutionTimeoutMs', undefined);
    expect(sandboxCallTimeoutMs({ KJ_WORKFLOW_CALL_TIMEOUT_MS: '5000' })).toBe(5000);
    expect(sandboxCallTimeoutMs({})).toBeUndefined();
    expect(() => sandboxCallTimeoutMs({ KJ_WORKFLOW_CALL_TIMEOUT_MS: '0' })).toThrow(/positive integer/);
    expect(() => sandboxCallTimeoutMs({ KJ_WORKFLOW_CALL_TIMEOUT_MS: '2s' })).toThrow(/positive integer/);
    expect(promiseStackTraces({})).toBe(false);
    expect(promiseStackTraces({ KJ_WORKFLOW_STACK_TRACES: '1' })).toBe(true);
  });
});
