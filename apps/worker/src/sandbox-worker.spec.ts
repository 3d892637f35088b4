import { ThreadedVMWorkflowCreator } from '@temporalio/worker/lib/workflow/threaded-vm';
import { SandboxWorker, sandboxCallTimeoutMs } from './sandbox-worker';

describe('the worker’s calls into the workflow sandbox', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    delete process.env.KJ_WORKFLOW_CALL_TIMEOUT_MS;
  });

  /** What the SDK's thread pool is created with, from the compiled options the SDK would pass. */
  async function creatorInput() {
    const create = jest
      .spyOn(ThreadedVMWorkflowCreator, 'create')
      .mockResolvedValue({} as ThreadedVMWorkflowCreator);
    const options = {
      activities: new Map(),
      debugMode: false,
      isolateExecutionTimeoutMs: 5000,
      workflowThreadPoolSize: 1,
      reuseV8Context: true,
    };
    const logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    await (
      SandboxWorker as unknown as {
        createWorkflowCreator(b: unknown, o: unknown, l: unknown): Promise<unknown>;
      }
    ).createWorkflowCreator({ code: '', sourceMap: '', filename: 'b.js' }, options, logger);
    return create.mock.calls[0][0];
  }

  it('runs them with no watchdog timeout by default (vm reads undefined as none)', async () => {
    const input = await creatorInput();
    expect(input).toHaveProperty('isolateExecutionTimeoutMs', undefined);
    expect(input.threadPoolSize).toBe(1);
  });

  it('puts the timeout back when KJ_WORKFLOW_CALL_TIMEOUT_MS is set, and refuses nonsense', async () => {
    process.env.KJ_WORKFLOW_CALL_TIMEOUT_MS = '5000';
    expect((await creatorInput()).isolateExecutionTimeoutMs).toBe(5000);
    expect(sandboxCallTimeoutMs({})).toBeUndefined();
    expect(() => sandboxCallTimeoutMs({ KJ_WORKFLOW_CALL_TIMEOUT_MS: '0' })).toThrow(/positive integer/);
    expect(() => sandboxCallTimeoutMs({ KJ_WORKFLOW_CALL_TIMEOUT_MS: '2s' })).toThrow(/positive integer/);
  });
});
