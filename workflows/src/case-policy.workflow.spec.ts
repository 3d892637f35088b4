import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CasePolicy, workflowIds } from '@kjflow/domain';
import type { Activities, CasePolicyRecord } from './activities';
import { casePolicyWorkflow } from './case-policy.workflow';
import { saveCasePolicyUpdate } from './definitions';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const POLICY: CasePolicy = {
  investigation: 'PT20S',
  maxExtension: 'PT1M',
  reminderBefore: 'PT45S',
  appealWorkingDays: 15,
  appealWindowOverride: 'PT4S',
};

describe('casePolicyWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('saves a version for an administrator only, and ends when idle', async () => {
    const { activities: fakes, calls } = recordingActivities();
    const activities: Activities = {
      ...fakes,
      async saveCasePolicy(rec: CasePolicyRecord) {
        calls.push({ name: 'saveCasePolicy', args: [rec] });
        return { version: 3 };
      },
    };
    const admin = randomUUID();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(casePolicyWorkflow, {
        workflowId: `${workflowIds.casePolicy()}-${randomUUID()}`,
        taskQueue,
        args: [{ idleMs: 2000 }],
      });
      const save = (roles: Array<'admin' | 'officer'>) =>
        handle.executeUpdate(saveCasePolicyUpdate, {
          args: [{ actorId: admin, actorRoles: roles, policy: POLICY }],
        });
      expect(await refusal(save(['officer']))).toBe('forbidden');
      expect(await save(['admin'])).toMatchObject({ lastVersion: 3 });
      return handle.result();
    });
    const saves = calls.filter((c) => c.name === 'saveCasePolicy').map((c) => c.args[0] as CasePolicyRecord);
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ policy: POLICY, actorId: admin, workflowId: workflowIds.casePolicy() });
    expect(saves[0].step).toBe(`saved:${result.lastId}`);
  });
});
