import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CallSpec, workflowIds } from '@kjflow/domain';
import { callCreatedUpdate, callStateQuery, publishPassedListUpdate } from './definitions';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { callWorkflow } from './call.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';

describe('callWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  function spec(startInMs: number, endInMs: number): CallSpec {
    return {
      id: randomUUID(),
      title: '2026年百色市重点研发计划',
      mode: 'open_competition',
      windowStart: new Date(Date.now() + startInMs).toISOString(),
      windowEnd: new Date(Date.now() + endInMs).toISOString(),
      budgetCapFen: 50_000_000,
      createdBy: randomUUID(),
    };
  }

  it('records the call, then opens and closes it on its own timers', async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const s = spec(1_000, 2_500);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(callWorkflow, {
        workflowId: workflowIds.call(s.id),
        taskQueue,
        args: [s],
      });
      const created = await handle.executeUpdate(callCreatedUpdate);
      expect(created).toMatchObject({ callId: s.id, status: 'scheduled', created: true });
      return handle.result();
    });
    expect(result.status).toBe('closed');
    expect(calls.map((c) => c.name)).toEqual(['createCall', 'setCallStatus', 'setCallStatus']);
    expect(calls.slice(1).map((c) => (c.args[0] as { status: string }).status)).toEqual(['open', 'closed']);
    // Each status change happens no earlier than the window says.
    const closedAt = (calls[2].args[0] as { at: number }).at;
    expect(closedAt).toBeGreaterThanOrEqual(new Date(s.windowEnd).getTime());
  });

  it('skips the opening step for a call created inside its window', async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const s = spec(-60_000, 1_000);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(callWorkflow, {
        workflowId: workflowIds.call(s.id),
        taskQueue,
        args: [s],
      });
      expect((await handle.executeUpdate(callCreatedUpdate)).status).toBe('open');
      expect((await handle.query(callStateQuery)).status).toBe('open');
      await handle.result();
    });
    expect(calls.map((c) => [c.name, (c.args[0] as { status?: string }).status])).toEqual([
      ['createCall', undefined],
      ['setCallStatus', 'closed'],
    ]);
  });

  it('reopens a closed call by update-with-start to publish its passed list, writing nothing else again', async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const s = spec(-60_000, -1_000);
    const OFFICER = randomUUID();
    const start = () =>
      new WithStartWorkflowOperation(callWorkflow, {
        workflowId: workflowIds.call(s.id),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue,
        args: [s],
      });
    await worker.runUntil(async () => {
      const first = await env.client.workflow.start(callWorkflow, {
        workflowId: workflowIds.call(s.id),
        taskQueue,
        args: [s],
      });
      await first.result();
      const state = await env.client.workflow.executeUpdateWithStart(publishPassedListUpdate, {
        args: [{ actorId: OFFICER }],
        startWorkflowOperation: start(),
      });
      expect(state).toMatchObject({ callId: s.id, status: 'closed', passedListPublished: true });
      await env.client.workflow.getHandle(workflowIds.call(s.id)).result();
    });
    // The reopened run records the call again (a keyed no-op in the activity) and the publication.
    expect(calls.map((c) => c.name)).toEqual(['createCall', 'createCall', 'publishPassedList']);
    expect(calls[2].args[0]).toMatchObject({ callId: s.id, actorId: OFFICER });
  });
});
