import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectSchedule, workflowIds } from '@kjflow/domain';
import type { Activities, MidtermRecord, RecoveryRecord } from './activities';
import type { CreditRecordWrite } from '@kjflow/domain';
import {
  confirmMidtermUpdate,
  decideMidtermUpdate,
  DecideMidtermArgs,
  payRecoveryUpdate,
  projectRegisteredUpdate,
  ProjectState,
  projectStateQuery,
  reviewMidtermUpdate,
  submitMidtermUpdate,
} from './definitions';
import { projectWorkflow } from './project.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const PI = randomUUID();
const INSTITUTION = randomUUID();
const REVIEWER = randomUUID();
const DECIDER = randomUUID();

describe('project workflow: the mid-term check (中期检查) and recovery orders (追回)', () => {
  let env: TestWorkflowEnvironment;
  const workers: Array<{ worker: Worker; running: Promise<void> }> = [];
  const taskQueue = `test-midterm-${randomUUID()}`;
  const plainQueue = `test-midterm-plain-${randomUUID()}`;
  const recording = recordingActivities();
  const plain = recordingActivities();
  const activities: Activities = {
    ...recording.activities,
    // A template with a mid-term check one second into a one-year term.
    openProject: async (rec) => {
      await recording.activities.openProject(rec);
      const startsAt = new Date(rec.at).toISOString();
      return {
        schedule: projectSchedule({
          startsAt,
          executionLength: 'P1Y',
          reportCadence: 'P6M',
          midtermPoint: 'PT1S',
        }),
        stages: ['execution', 'midterm_check'],
      };
    },
    // The template's windows: the default rectification period, a two-second recovery deadline.
    openMidterm: async (input) => {
      await recording.activities.openMidterm(input);
      return { rectifyWindow: '', recoveryWindow: 'PT2S' };
    },
    projectFunds: async (input) => {
      await recording.activities.projectFunds(input);
      return { paidFen: 300_000, piId: PI, institutionId: INSTITUTION };
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    for (const [queue, acts] of [
      [taskQueue, activities],
      [plainQueue, plain.activities],
    ] as const) {
      const worker = await startWorker(env, queue, acts);
      workers.push({ worker, running: worker.run() });
    }
  });
  afterAll(async () => {
    for (const w of workers) {
      w.worker.shutdown();
      await w.running;
    }
    await env?.teardown();
  });

  const calls = <T>(name: keyof Activities, projectId: string) =>
    recording.calls
      .filter((c) => c.name === name && (c.args[0] as { projectId?: string }).projectId === projectId)
      .map((c) => c.args[0] as T);

  async function until(handle: WorkflowHandle, ok: (s: ProjectState) => boolean): Promise<ProjectState> {
    for (let i = 0; i < 100; i++) {
      const s = await handle.query(projectStateQuery);
      if (ok(s)) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the project never reached the expected state');
  }

  /** A signed agreement's project whose mid-term check has opened. */
  async function opened(queue = taskQueue) {
    const projectId = randomUUID();
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue: queue,
      args: [{ projectId, agreementId: randomUUID() }],
    });
    await handle.executeUpdate(projectRegisteredUpdate);
    return { projectId, handle };
  }

  /** The PI submits (spent 100,000 fen), the institution confirms, REVIEWER reviews. */
  async function reviewed(handle: WorkflowHandle) {
    await until(handle, (s) => s.midterm?.phase === 'opened' || s.midterm?.phase === 'rectifying');
    await handle.executeUpdate(submitMidtermUpdate, {
      args: [
        {
          actorId: PI,
          selfAssessment: '按计划完成阶段目标',
          spending: { equipment: 40_000, business: 30_000, labour: 20_000, indirect: 10_000 },
        },
      ],
    });
    await handle.executeUpdate(confirmMidtermUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '情况属实' }],
    });
    return handle.executeUpdate(reviewMidtermUpdate, {
      args: [{ actorId: REVIEWER, opinion: '进展符合任务书', recommendation: 'continue' }],
    });
  }

  const decide = (handle: WorkflowHandle, over: Partial<DecideMidtermArgs>) =>
    handle.executeUpdate(decideMidtermUpdate, {
      args: [
        {
          actorId: DECIDER,
          decision: 'continue',
          reasons: '完成中期目标',
          changeNote: null,
          severity: 'serious',
          creditInstitution: false,
          ...over,
        },
      ],
    });

  it('opens the check at the mid-term point, takes its steps in order, and continue keeps the project ongoing', async () => {
    const { projectId, handle } = await opened();
    // Before the PI submits, the later steps are refused as out of order.
    await until(handle, (s) => s.midterm?.phase === 'opened');
    expect(
      await refusal(
        handle.executeUpdate(confirmMidtermUpdate, { args: [{ actorId: INSTITUTION, opinion: '确认' }] }),
      ),
    ).toBe('invalid_state');
    const r = await reviewed(handle);
    expect(r.midterm).toMatchObject({ phase: 'reviewed', round: 1, reviewedBy: REVIEWER, spentFen: 100_000 });
    const s = await decide(handle, { decision: 'continue' });
    expect(s.status).toBe('ongoing');
    expect(s.midterm).toMatchObject({ phase: 'decided', decision: 'continue' });
    expect(await refusal(decide(handle, { decision: 'continue' }))).toBe('conflict');
    expect(calls('openMidterm', projectId)).toHaveLength(1);
    const decided = calls<MidtermRecord>('recordMidterm', projectId).find((c) => c.decision);
    expect(decided!.decision).toMatchObject({
      decision: 'continue',
      projectStatus: 'ongoing',
      recovery: null,
    });
    expect(calls('projectFunds', projectId)).toEqual([]);
    // The project runs on after a continue.
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('test over');
  });

  it('rectify: status rectifying with a three-month deadline, then a re-check that may not rectify again and continues', async () => {
    const { handle } = await opened();
    await reviewed(handle);
    const before = Date.now();
    const s = await decide(handle, { decision: 'rectify', reasons: '经费执行进度滞后' });
    expect(s.status).toBe('rectifying');
    expect(s.midterm).toMatchObject({ phase: 'rectifying', round: 2, decision: 'rectify' });
    const fixBy = new Date(s.midterm!.fixBy!);
    const threeMonths = new Date(before);
    threeMonths.setUTCMonth(threeMonths.getUTCMonth() + 3);
    expect(Math.abs(fixBy.getTime() - threeMonths.getTime())).toBeLessThan(60_000);
    // The re-check: submitted, confirmed, reviewed again; a second rectification is refused.
    await reviewed(handle);
    expect(await refusal(decide(handle, { decision: 'rectify' }))).toBe('rule_refused');
    const after = await decide(handle, { decision: 'continue', reasons: '整改到位' });
    expect(after.status).toBe('ongoing');
    expect(after.midterm).toMatchObject({ phase: 'decided', decision: 'continue', round: 2 });
    await handle.terminate('test over');
  });

  it('adjust: recorded with the approved change’s note, the project ongoing', async () => {
    const { projectId, handle } = await opened();
    await reviewed(handle);
    const s = await decide(handle, {
      decision: 'adjust',
      changeNote: '调减设备费 5 万元，调整技术路线第二阶段',
    });
    expect(s.status).toBe('ongoing');
    expect(s.midterm!.decision).toBe('adjust');
    const decided = calls<MidtermRecord>('recordMidterm', projectId).find((c) => c.decision);
    expect(decided!.decision).toMatchObject({
      decision: 'adjust',
      changeNote: '调减设备费 5 万元，调整技术路线第二阶段',
      projectStatus: 'ongoing',
    });
    await handle.terminate('test over');
  });

  it('terminate: four eyes, the unspent funds recovered, no credit record; the run ends once repaid', async () => {
    const { projectId, handle } = await opened();
    await reviewed(handle);
    // The reviewer may not also terminate.
    expect(await refusal(decide(handle, { decision: 'terminate', actorId: REVIEWER }))).toBe('rule_refused');
    const s = await decide(handle, { decision: 'terminate', reasons: '技术路线经论证不可行' });
    expect(s.status).toBe('terminated');
    const decided = calls<MidtermRecord>('recordMidterm', projectId).find((c) => c.decision)!.decision!;
    // Paid 300,000 fen, spent 100,000: 200,000 returned.
    expect(decided.recovery).toMatchObject({ amountFen: 200_000 });
    expect(calls<CreditRecordWrite>('recordCredit', projectId)).toEqual([]);
    // Later steps are refused: the project has ended.
    expect(
      await refusal(
        handle.executeUpdate(confirmMidtermUpdate, { args: [{ actorId: INSTITUTION, opinion: '确认' }] }),
      ),
    ).toBe('invalid_state');
    await handle.executeUpdate(payRecoveryUpdate, {
      args: [{ actorId: DECIDER, orderId: decided.recovery!.id, note: '转账凭证 001' }],
    });
    // Repaid, the run has nothing left to do and ends (a repeat is refused on the records by the API).
    const end = await handle.result();
    expect(end.status).toBe('terminated');
    expect(end.recoveries).toEqual([expect.objectContaining({ status: 'paid' })]);
    expect(calls<RecoveryRecord>('recordRecovery', projectId).map((r) => r.status)).toEqual(['paid']);
  });

  it('revoke: all disbursed funds recovered, credit records for the PI and the institution; unpaid at the deadline, overdue with a credit record', async () => {
    const { projectId, handle } = await opened();
    await reviewed(handle);
    expect(await refusal(decide(handle, { decision: 'revoke', actorId: REVIEWER }))).toBe('rule_refused');
    const s = await decide(handle, { decision: 'revoke', reasons: '虚报经费支出', creditInstitution: true });
    expect(s.status).toBe('revoked');
    const decided = calls<MidtermRecord>('recordMidterm', projectId).find((c) => c.decision)!.decision!;
    expect(decided.recovery).toMatchObject({ amountFen: 300_000 });
    const credit = calls<CreditRecordWrite>('recordCredit', projectId);
    expect(credit.map((c) => [c.subject, c.kind, c.severity])).toEqual([
      [{ type: 'person', id: PI }, 'project_revoked', 'serious'],
      [{ type: 'institution', id: INSTITUTION }, 'project_revoked', 'serious'],
    ]);
    // The two-second deadline passes unpaid: overdue, and a credit record for the PI.
    const overdue = await until(handle, (x) => x.recoveries?.[0]?.status === 'overdue');
    expect(overdue.status).toBe('revoked');
    expect(calls<RecoveryRecord>('recordRecovery', projectId).map((r) => r.status)).toEqual(['overdue']);
    expect(calls<CreditRecordWrite>('recordCredit', projectId).map((c) => [c.subject.id, c.kind])).toEqual([
      [PI, 'project_revoked'],
      [INSTITUTION, 'project_revoked'],
      [PI, 'recovery_overdue'],
    ]);
    // Repaid late: recorded, and the run ends.
    await handle.executeUpdate(payRecoveryUpdate, {
      args: [{ actorId: DECIDER, orderId: decided.recovery!.id, note: '逾期缴回' }],
    });
    expect((await handle.result()).recoveries).toEqual([expect.objectContaining({ status: 'paid' })]);
  });

  it('a program without a mid-term check has none: its steps are refused by the rule', async () => {
    const { handle } = await opened(plainQueue);
    const s = await handle.query(projectStateQuery);
    expect(s.midtermAt).toBeNull();
    expect(
      await refusal(
        handle.executeUpdate(submitMidtermUpdate, {
          args: [
            {
              actorId: PI,
              selfAssessment: '自评',
              spending: { equipment: 0, business: 0, labour: 0, indirect: 0 },
            },
          ],
        }),
      ),
    ).toBe('rule_refused');
    expect(s.midterm).toBeUndefined();
    await handle.terminate('test over');
  });
});
