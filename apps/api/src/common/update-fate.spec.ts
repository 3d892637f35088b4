import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { fateFixture, markUpdate } from './update-fate.fixture-workflow';
import { updateFate } from './update-fate';
import { createTestEnv } from '@kjflow/workflows/testing';

/** On the real Temporal dev server: what an unanswered attempt's update became. */
describe('updateFate', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = 'update-fate';

  beforeAll(async () => {
    // The unit run's server (test/support/temporal-binary.setup.ts), else one of this file's own.
    env = await createTestEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('./update-fate.fixture-workflow'),
        logger: new DefaultLogger('WARN'),
      }),
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  /** Starts a fixture workflow and sends it one update, as an attempt would have. */
  async function sent(after: 'wait' | 'close' | 'continue', value: string, updateId: string) {
    const workflowId = `fate-${after}-${updateId}`;
    const h = await env.client.workflow.start(fateFixture, { taskQueue, workflowId, args: [after] });
    await h.executeUpdate(markUpdate, { args: [value], updateId }).catch((err: unknown) => {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    });
    return { workflowId, updateId };
  }
  const fate = (u: { workflowId: string; updateId: string }) => updateFate(env.client, u, 5000);

  it('applied: the workflow ran it, whether still running or closed since', async () => {
    expect(await fate(await sent('wait', 'yes', 'u-running'))).toBe('applied');
    expect(await fate(await sent('close', 'yes', 'u-closed'))).toBe('applied');
  });

  it('applied, found in an earlier run when the workflow has continued as new since', async () => {
    const u = await sent('continue', 'yes', 'u-continued');
    // The list of runs (visibility) follows the runs by a moment.
    let seen = await fate(u);
    for (let i = 0; seen !== 'applied' && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await fate(u);
    }
    expect(seen).toBe('applied');
  });

  it('not applied: refused by its validator, or never taken', async () => {
    expect(await fate(await sent('wait', 'no', 'u-refused'))).toBe('absent');
    const { workflowId } = await sent('wait', 'yes', 'u-other');
    expect(await fate({ workflowId, updateId: 'u-never-sent' })).toBe('absent');
    expect(await fate({ workflowId: 'fate-no-such-workflow', updateId: 'u-1' })).toBe('absent');
  });
});
