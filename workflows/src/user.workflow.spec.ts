import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@kjflow/domain';
import { changeUserRolesUpdate } from './definitions';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';
import { userWorkflow } from './user.workflow';

const ADMIN = randomUUID();

describe('user workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('changes roles with steps unique per run, refuses before any activity, closes when idle and reopens', async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const userId = randomUUID();
    const start = () =>
      new WithStartWorkflowOperation(userWorkflow, {
        workflowId: workflowIds.user(userId),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue,
        args: [{ userId, idleMs: 1000 }],
      });
    await worker.runUntil(async () => {
      const first = start();
      expect(
        await env.client.workflow.executeUpdateWithStart(changeUserRolesUpdate, {
          startWorkflowOperation: first,
          args: [{ roles: ['officer', 'auditor'], actorId: ADMIN }],
        }),
      ).toEqual({ userId, roleChanges: 1, roles: ['officer', 'auditor'] });
      const handle = await first.workflowHandle();
      const firstRun = (await handle.describe()).runId;
      // Refusals: no role at all; the user (an admin) dropping their own admin role.
      expect(
        await refusal(handle.executeUpdate(changeUserRolesUpdate, { args: [{ roles: [], actorId: ADMIN }] })),
      ).toBe('validation_failed');
      expect(
        await refusal(
          handle.executeUpdate(changeUserRolesUpdate, { args: [{ roles: ['officer'], actorId: userId }] }),
        ),
      ).toBe('rule_refused');
      // Idle: the run closes; the next command reopens the user under the same id.
      await handle.result();
      const reopened = start();
      await env.client.workflow.executeUpdateWithStart(changeUserRolesUpdate, {
        startWorkflowOperation: reopened,
        args: [{ roles: ['admin'], actorId: userId }],
      });
      const second = await reopened.workflowHandle();
      expect((await second.describe()).runId).not.toBe(firstRun);
      expect(await second.result()).toEqual({ userId, roleChanges: 1, roles: ['admin'] });
    });
    const mine = calls.filter((c) => (c.args[0] as { userId?: string }).userId === userId);
    // The refused changes never reached an activity.
    expect(mine.map((c) => c.name)).toEqual(['changeUserRoles', 'changeUserRoles']);
    expect(mine[0].args[0]).toEqual({
      roles: ['officer', 'auditor'],
      actorId: ADMIN,
      userId,
      step: expect.stringMatching(/^roles:.+:1$/),
      at: expect.any(Number),
    });
    expect((mine[1].args[0] as { step: string }).step).toMatch(/^roles:.+:1$/);
    expect((mine[1].args[0] as { step: string }).step).not.toBe((mine[0].args[0] as { step: string }).step);
  });
});
