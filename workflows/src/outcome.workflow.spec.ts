import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { OutcomeRecord, workflowIds } from '@kjflow/domain';
import {
  OutcomeStepRecord,
  registerOutcomeUpdate,
  resubmitOutcomeUpdate,
  verifyOutcomeUpdate,
} from './definitions';
import { outcomeWorkflow } from './outcome.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const RECORD = {
  type: 'invention_patent_granted',
  title: '一种赤泥基免烧砖的制备方法',
  occurredOn: '2025-03-01',
  evidence: { reference: 'ZL202510000001.2', attachmentIds: [] },
  details: {},
  keyField: 'eco_aluminium',
  county: '平果市',
  placementNote: null,
} as OutcomeRecord;
const PI = randomUUID();
const OFFICER = randomUUID();

describe('outcome workflow (成果)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function withOutcome(
    fn: (o: {
      outcomeId: string;
      projectId: string;
      handle: ReturnType<typeof env.client.workflow.getHandle>;
    }) => Promise<void>,
  ): Promise<OutcomeStepRecord[]> {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const outcomeId = randomUUID();
    const projectId = randomUUID();
    await worker.runUntil(async () => {
      const start = new WithStartWorkflowOperation(outcomeWorkflow, {
        workflowId: workflowIds.outcome(outcomeId),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue,
        args: [{ outcomeId, projectId }],
      });
      const registered = await env.client.workflow.executeUpdateWithStart(registerOutcomeUpdate, {
        startWorkflowOperation: start,
        args: [{ projectId, record: RECORD, actorId: PI }],
      });
      expect(registered).toEqual({ outcomeId, status: 'submitted', version: 1 });
      await fn({ outcomeId, projectId, handle: await start.workflowHandle() });
    });
    return calls.filter((c) => c.name === 'recordOutcome').map((c) => c.args[0] as OutcomeStepRecord);
  }

  it('registers, verifies and ends; a second decision finds it closed', async () => {
    const steps = await withOutcome(async ({ handle }) => {
      expect(
        await refusal(
          handle.executeUpdate(registerOutcomeUpdate, {
            args: [{ projectId: 'x', record: RECORD, actorId: PI }],
          }),
        ),
      ).toBe('invalid_state');
      const verified = await handle.executeUpdate(verifyOutcomeUpdate, {
        args: [{ decision: 'verify', comment: null, actorId: OFFICER }],
      });
      expect(verified.status).toBe('verified');
      expect((await handle.result()).status).toBe('verified');
    });
    expect(steps.map((s) => [s.step, s.version, s.actorId])).toEqual([
      ['registered', 1, PI],
      ['verified', 1, OFFICER],
    ]);
    expect(steps[0].record).toEqual(RECORD);
  });

  it('returns with comments, takes the resubmission as version 2, then verifies', async () => {
    const fixed = { ...RECORD, evidence: { reference: 'ZL202510000001.2', attachmentIds: [randomUUID()] } };
    const steps = await withOutcome(async ({ handle }) => {
      // Not returned yet: nothing to resubmit.
      expect(
        await refusal(
          handle.executeUpdate(resubmitOutcomeUpdate, { args: [{ record: fixed, actorId: PI }] }),
        ),
      ).toBe('invalid_state');
      // A return without comments is refused before it enters history.
      expect(
        await refusal(
          handle.executeUpdate(verifyOutcomeUpdate, {
            args: [{ decision: 'return', comment: ' ', actorId: OFFICER }],
          }),
        ),
      ).toBe('validation_failed');
      await handle.executeUpdate(verifyOutcomeUpdate, {
        args: [{ decision: 'return', comment: '请补充专利证书扫描件', actorId: OFFICER }],
      });
      // Returned: the officer waits for the holder.
      expect(
        await refusal(
          handle.executeUpdate(verifyOutcomeUpdate, {
            args: [{ decision: 'verify', comment: null, actorId: OFFICER }],
          }),
        ),
      ).toBe('invalid_state');
      expect(
        await handle.executeUpdate(resubmitOutcomeUpdate, { args: [{ record: fixed, actorId: PI }] }),
      ).toMatchObject({
        status: 'submitted',
        version: 2,
      });
      await handle.executeUpdate(verifyOutcomeUpdate, {
        args: [{ decision: 'verify', comment: '属实', actorId: OFFICER }],
      });
      expect(await handle.result()).toMatchObject({ status: 'verified', version: 2 });
    });
    expect(steps.map((s) => [s.step, s.version])).toEqual([
      ['registered', 1],
      ['returned', 1],
      ['resubmitted', 2],
      ['verified', 2],
    ]);
    expect(steps[1].comment).toBe('请补充专利证书扫描件');
    expect(steps[2].record).toEqual(fixed);
  });

  it('rejects with reasons and ends', async () => {
    const steps = await withOutcome(async ({ handle }) => {
      expect(
        await refusal(
          handle.executeUpdate(verifyOutcomeUpdate, {
            args: [{ decision: 'reject', comment: null, actorId: OFFICER }],
          }),
        ),
      ).toBe('validation_failed');
      await handle.executeUpdate(verifyOutcomeUpdate, {
        args: [{ decision: 'reject', comment: '专利权人非项目承担单位', actorId: OFFICER }],
      });
      expect((await handle.result()).status).toBe('rejected');
    });
    expect(steps.map((s) => s.step)).toEqual(['registered', 'rejected']);
  });
});
