import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectSchedule, workflowIds } from '@kjflow/domain';
import type { CreditRecordWrite, HonestFailureFacts } from '@kjflow/domain';
import type { Activities, HonestFailureRecord } from './activities';
import {
  confirmHonestFailureUpdate,
  decideHonestFailureUpdate,
  projectRegisteredUpdate,
  projectStateQuery,
  requestHonestFailureUpdate,
  setRiskProfileUpdate,
} from './definitions';
import { projectWorkflow } from './project.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const PI = randomUUID();
const INSTITUTION = randomUUID();
const OFFICER = randomUUID();
const EXPERTS = [randomUUID(), randomUUID(), randomUUID()];

type Facts = Omit<HonestFailureFacts, 'status'>;
const CLEAN: Facts = {
  mode: 'open_competition',
  riskProfile: 'exploratory',
  misconductFindings: [],
  reports: [],
  grace: 'P1M',
  unapprovedChange: false,
  spending: null,
};

describe('project workflow: honest failure (容错)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-honest-${randomUUID()}`;
  const recording = recordingActivities();
  /** The records each project's facts are read from (the activity's answer). */
  const factsOf = new Map<string, Facts>();
  const activities: Activities = {
    ...recording.activities,
    openProject: async (rec) => {
      await recording.activities.openProject(rec);
      return {
        schedule: projectSchedule({
          startsAt: new Date(rec.at).toISOString(),
          executionLength: 'P1Y',
          reportCadence: 'P6M',
          midtermPoint: null,
        }),
        stages: ['execution'],
      };
    },
    honestFailureFacts: async (input) => {
      recording.calls.push({ name: 'honestFailureFacts', args: [input] });
      return factsOf.get(input.projectId) ?? CLEAN;
    },
    projectFunds: async (input) => {
      await recording.activities.projectFunds(input);
      return { paidFen: 500_000, piId: PI, institutionId: INSTITUTION };
    },
    // Spent 200,000 fen by the latest accepted report: 300,000 fen unspent to return.
    projectSpending: async (input) => {
      recording.calls.push({ name: 'projectSpending', args: [input] });
      return { midterm: null, report: { seq: 1, spentFen: 200_000, at: new Date().toISOString() } };
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    worker = await startWorker(env, taskQueue, activities);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const calls = <T>(name: keyof Activities, projectId: string) =>
    recording.calls
      .filter((c) => c.name === name && (c.args[0] as { projectId?: string }).projectId === projectId)
      .map((c) => c.args[0] as T);

  async function started(facts: Facts = CLEAN) {
    const projectId = randomUUID();
    factsOf.set(projectId, facts);
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId: randomUUID() }],
    });
    await handle.executeUpdate(projectRegisteredUpdate);
    return { projectId, handle };
  }

  const request = (handle: WorkflowHandle) =>
    handle.executeUpdate(requestHonestFailureUpdate, {
      args: [
        {
          actorId: PI,
          originalRecordIds: [randomUUID()],
          diligenceStatement: '按任务书开展了全部试验，原始记录完整，技术路线经论证后仍未达到预期指标。',
        },
      ],
    });
  const confirm = (handle: WorkflowHandle, confirmed = true) =>
    handle.executeUpdate(confirmHonestFailureUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '情况属实，同意申请容错', confirmed }],
    });
  const decide = (handle: WorkflowHandle, diligenceConfirmed: boolean, experts = EXPERTS) =>
    handle.executeUpdate(decideHonestFailureUpdate, {
      args: [{ actorId: OFFICER, experts, opinion: '经论证，项目组已履行勤勉尽责义务', diligenceConfirmed }],
    });

  it('asked → confirmed by the institution → confirmed by the experts → closed (结题) with a neutral record and the unspent funds returned', async () => {
    const { projectId, handle } = await started();
    expect((await request(handle)).honestFailure).toEqual({ phase: 'requested', round: 1 });
    expect((await confirm(handle)).honestFailure).toEqual({ phase: 'institution_confirmed', round: 1 });
    const after = await decide(handle, true);
    expect(after.status).toBe('closed');
    expect(after.honestFailure).toEqual({ phase: 'closed', round: 1 });

    const decision = calls<HonestFailureRecord>('recordHonestFailure', projectId).find(
      (r) => r.decision,
    )!.decision!;
    expect(decision).toMatchObject({ diligenceConfirmed: true, projectStatus: 'closed' });
    // 结题 settles like a termination: paid 5,000 yuan, spent 2,000 yuan → 3,000 yuan returned.
    expect(decision.recovery).toMatchObject({ amountFen: 300_000 });
    expect(decision.recovery!.reason).toContain('项目结题（容错）');
    expect(decision.experts.map((e) => e.id)).toEqual(EXPERTS);

    const credit = recording.calls
      .filter((c) => c.name === 'recordCredit')
      .map((c) => c.args[0] as CreditRecordWrite)
      .filter((r) => r.projectId === projectId);
    // One record, and it is the neutral honest_failure: no penalty for the PI, none for the institution.
    expect(credit).toHaveLength(1);
    expect(credit[0]).toMatchObject({
      subject: { type: 'person', id: PI },
      kind: 'honest_failure',
      severity: 'neutral',
    });
    // A closed project takes no more requests.
    expect(await refusal(request(handle))).toBe('invalid_state');
  });

  it('refuses the request when a misconduct finding exists for the project, and nothing is written', async () => {
    const { projectId, handle } = await started({
      ...CLEAN,
      misconductFindings: [{ id: randomUUID(), kind: 'fabrication' }],
    });
    expect(await refusal(request(handle))).toBe('rule_refused');
    expect(calls('recordHonestFailure', projectId)).toHaveLength(0);
    expect((await handle.query(projectStateQuery)).honestFailure).toBeUndefined();
  });

  it('refuses a project not flagged exploratory or high-risk (nor a challenge or horse-race team)', async () => {
    const { handle } = await started({ ...CLEAN, riskProfile: null, mode: 'open_competition' });
    expect(await refusal(request(handle))).toBe('rule_refused');
    // A horse-race team qualifies without the flag.
    const race = await started({ ...CLEAN, riskProfile: null, mode: 'horse_race' });
    expect((await request(race.handle)).honestFailure?.phase).toBe('requested');
  });

  it('refuses a project with a report overdue past its grace', async () => {
    const dueAt = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const { handle } = await started({
      ...CLEAN,
      reports: [{ seq: 1, dueAt, firstSubmittedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() }],
    });
    expect(await refusal(request(handle))).toBe('rule_refused');
  });

  it('not confirmed by the experts: refused with their opinion, the project continues and may ask again', async () => {
    const { projectId, handle } = await started();
    await request(handle);
    await confirm(handle);
    const after = await decide(handle, false);
    expect(after.status).toBe('ongoing');
    expect(after.honestFailure).toEqual({ phase: 'refused', round: 1 });
    expect(calls('recordCredit', projectId)).toHaveLength(0);
    expect((await request(handle)).honestFailure).toEqual({ phase: 'requested', round: 2 });
  });

  it('takes the steps in order, and refuses an expert group that is even or too small', async () => {
    const { handle } = await started();
    expect(await refusal(confirm(handle))).toBe('invalid_state');
    await request(handle);
    expect(await refusal(request(handle))).toBe('invalid_state');
    expect(await refusal(decide(handle, true))).toBe('invalid_state');
    await confirm(handle);
    expect(await refusal(decide(handle, true, EXPERTS.slice(0, 2)))).toBe('rule_refused');
    expect(await refusal(decide(handle, true, [...EXPERTS, randomUUID()]))).toBe('rule_refused');
    expect((await handle.query(projectStateQuery)).status).toBe('ongoing');
  });

  it('staff set the risk flag through the run (its record and event)', async () => {
    const { projectId, handle } = await started();
    await handle.executeUpdate(setRiskProfileUpdate, {
      args: [{ actorId: OFFICER, riskProfile: 'high_risk', reason: '任务书约定为高风险探索项目' }],
    });
    expect(calls<HonestFailureRecord>('recordHonestFailure', projectId)[0].riskProfile).toEqual({
      riskProfile: 'high_risk',
      reason: '任务书约定为高风险探索项目',
    });
  });
});
