import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import type { RegisterProjectRecord } from './activities';
import { projectRegisteredUpdate } from './definitions';
import { ProjectInput, projectWorkflow } from './project.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';

describe('project workflow', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-project-${randomUUID()}`;
  const recording = recordingActivities();

  beforeAll(async () => {
    env = await createTestEnv();
    worker = await startWorker(env, taskQueue, recording.activities);
    running = worker.run();
  });
  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await running;
    }
    await env?.teardown();
  });

  it('writes the registered project as its first step and answers the registration once it is written', async () => {
    const projectId = randomUUID();
    const input: ProjectInput = {
      projectId,
      registration: {
        actorId: randomUUID(),
        at: Date.now(),
        project: {
          programCode: 'key-rd',
          title: '芒果采后保鲜技术研究',
          summary: '',
          piId: randomUUID(),
          institutionId: randomUUID(),
          status: 'ongoing',
          startsOn: '2024-01-01',
          endsOn: '2026-12-31',
          acceptedOn: null,
          source: '百色市科技局 2024-017',
        },
      },
    };
    const state = await env.client.workflow.executeUpdateWithStart(projectRegisteredUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(projectWorkflow, {
        workflowId: workflowIds.project(projectId),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue,
        args: [input],
      }),
    });
    expect(state).toEqual({ projectId, registered: true });
    const written = recording.calls.filter((c) => c.name === 'registerProject');
    expect(written.map((c) => c.args[0])).toEqual<RegisterProjectRecord[]>([
      { projectId, ...input.registration! },
    ]);
    expect(await env.client.workflow.getHandle(workflowIds.project(projectId)).result()).toEqual(state);
  });

  it('opens a signed agreement’s project as its first step, on the schedule it plans, and keeps running', async () => {
    const projectId = randomUUID();
    const agreementId = randomUUID();
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId }],
    });
    const state = await handle.executeUpdate(projectRegisteredUpdate);
    const opened = recording.calls.filter((c) => c.name === 'openProject').map((c) => c.args[0]);
    expect(opened).toEqual([{ projectId, agreementId, at: expect.any(Number) }]);
    // No template: two years, a report every six months (three inside the term), no mid-term check.
    expect(state).toMatchObject({
      projectId,
      agreementId,
      registered: true,
      status: 'ongoing',
      midtermAt: null,
    });
    expect(state.reports!.map((r) => [r.seq, r.status])).toEqual([
      [1, 'due'],
      [2, 'due'],
      [3, 'due'],
    ]);
    expect(new Date(state.endsAt!).getUTCFullYear() - new Date(state.startsAt!).getUTCFullYear()).toBe(2);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('test over');
  });
});
