import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ExpertRecord, workflowIds } from '@kjflow/domain';
import { ExpertImportRow, registerExpertUpdate, updateExpertUpdate } from './definitions';
import { EXPERT_IMPORT_BATCH, expertImportWorkflow, expertWorkflow } from './expert.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const RECORD = {
  name: '钟海涛',
  title: '教授',
  organisation: '广西大学',
  keyFields: ['new_materials'],
  keywords: [],
  region: '广西南宁',
  finance: false,
  available: true,
  loadCap: 20,
  relations: [],
  declaredConflicts: [],
} as unknown as ExpertRecord;
const ACTOR = randomUUID();

describe('expert workflows', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('expert: registers once, updates with steps unique per run, closes when idle and reopens', async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const expertId = randomUUID();
    const start = () =>
      new WithStartWorkflowOperation(expertWorkflow, {
        workflowId: workflowIds.expert(expertId),
        workflowIdConflictPolicy: 'USE_EXISTING',
        taskQueue,
        args: [{ expertId, idleMs: 1000 }],
      });
    await worker.runUntil(async () => {
      const first = start();
      const registered = await env.client.workflow.executeUpdateWithStart(registerExpertUpdate, {
        startWorkflowOperation: first,
        args: [{ record: RECORD, account: null, actorId: ACTOR }],
      });
      expect(registered).toEqual({ expertId, registered: true, updates: 0 });
      const handle = await first.workflowHandle();
      const firstRun = (await handle.describe()).runId;
      expect(
        await refusal(
          handle.executeUpdate(registerExpertUpdate, {
            args: [{ record: RECORD, account: null, actorId: ACTOR }],
          }),
        ),
      ).toBe('conflict');
      expect(
        await env.client.workflow.executeUpdateWithStart(updateExpertUpdate, {
          startWorkflowOperation: start(),
          args: [{ patch: { loadCap: 5 }, actorId: ACTOR }],
        }),
      ).toEqual({ expertId, registered: true, updates: 1 });
      // Idle: the run closes; the next command reopens the expert under the same id.
      await handle.result();
      const reopened = start();
      await env.client.workflow.executeUpdateWithStart(updateExpertUpdate, {
        startWorkflowOperation: reopened,
        args: [{ patch: { available: false }, actorId: ACTOR }],
      });
      const second = await reopened.workflowHandle();
      expect((await second.describe()).runId).not.toBe(firstRun);
      await env.client.workflow.getHandle(workflowIds.expert(expertId)).result();
    });
    const mine = calls.filter((c) => (c.args[0] as { expertId?: string }).expertId === expertId);
    expect(mine.map((c) => c.name)).toEqual(['registerExpert', 'updateExpert', 'updateExpert']);
    expect(mine[0].args[0]).toEqual({
      record: RECORD,
      account: null,
      actorId: ACTOR,
      expertId,
      at: expect.any(Number),
    });
    const steps = mine.slice(1).map((c) => (c.args[0] as { step: string }).step);
    expect(steps[0]).toMatch(/^updated:.+:1$/);
    expect(steps[1]).toMatch(/^updated:.+:1$/);
    expect(steps[0]).not.toBe(steps[1]);
  });

  it('import: writes the rows in bounded batches and reports each row', async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const importId = randomUUID();
    const rows: ExpertImportRow[] = Array.from({ length: EXPERT_IMPORT_BATCH * 2 + 3 }, (_, i) => ({
      row: i + 2,
      externalRef: `R-${i}`,
      record: { ...RECORD, externalRef: `R-${i}` },
    }));
    const outcomes = await worker.runUntil(
      env.client.workflow.execute(expertImportWorkflow, {
        workflowId: workflowIds.expertImport(importId),
        taskQueue,
        args: [{ importId, actorId: ACTOR, present: ['externalRef', 'name'], rows }],
      }),
    );
    expect(outcomes.map((o) => o.row)).toEqual(rows.map((r) => r.row));
    expect(outcomes.every((o) => o.outcome === 'imported')).toBe(true);
    const batches = calls
      .filter((c) => c.name === 'importExpertRows')
      .map((c) => c.args[0] as { rows: unknown[] });
    expect(batches.map((b) => b.rows.length)).toEqual([EXPERT_IMPORT_BATCH, EXPERT_IMPORT_BATCH, 3]);
  });
});
