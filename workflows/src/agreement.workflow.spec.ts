import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@kjflow/domain';
import type { Activities, AgreementExecutionRecord, AgreementPlan } from './activities';
import { AgreementInput, agreementWorkflow } from './agreement.workflow';
import {
  AgreementExecution,
  checkMilestoneUpdate,
  CheckMilestoneArgs,
  installmentStepUpdate,
  InstallmentStepArgs,
  signAgreementUpdate,
} from './definitions';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';
import { eventually } from './testing/wait';

/**
 * The agreement's own records (its first step) and the commands of its execution: milestone
 * checks and installments, decided by the workflow on the records it reads once (activities mocked).
 */
describe('agreement workflow: record first, milestones and installments', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-agreement-${randomUUID()}`;
  const recording = recordingActivities();
  const facts = new Map<string, AgreementExecution>();
  const activities: Activities = {
    ...recording.activities,
    async agreementExecution(input) {
      await recording.activities.agreementExecution(input);
      return structuredClone(facts.get(input.agreementId)!);
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    worker = await startWorker(env, taskQueue, activities);
    running = worker.run();
  });
  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await running;
    }
    await env?.teardown();
  });

  const callsOf = (agreementId: string, name: keyof Activities) =>
    recording.calls.filter(
      (c) => c.name === name && (c.args[0] as { agreementId?: string }).agreementId === agreementId,
    );
  const executionRecords = (agreementId: string) =>
    callsOf(agreementId, 'recordAgreementExecution').map((c) => c.args[0] as AgreementExecutionRecord);

  /** A signed challenge agreement: two milestones; 30% at signing, 30% and 40% after each milestone. */
  function signedAgreement(): string {
    const id = randomUUID();
    facts.set(id, {
      status: 'signed',
      amountFen: 1_000_000,
      milestoneCount: 2,
      milestones: [],
      installments: [
        { seq: 1, releasedBy: 'signing', amountFen: 300_000, status: 'planned', approvedBy: null },
        { seq: 2, releasedBy: 'milestone', amountFen: 300_000, status: 'planned', approvedBy: null },
        { seq: 3, releasedBy: 'milestone', amountFen: 400_000, status: 'planned', approvedBy: null },
      ],
    });
    return id;
  }

  /** A command as the API sends it: update-with-start, reopening the agreement's workflow. */
  function reopen(agreementId: string) {
    const input: AgreementInput = { agreementId, signBy: new Date().toISOString(), reopened: true };
    return new WithStartWorkflowOperation(agreementWorkflow, {
      workflowId: workflowIds.agreement(agreementId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue,
      args: [input],
    });
  }
  const check = (agreementId: string, args: Omit<CheckMilestoneArgs, 'actorId'>, actorId = randomUUID()) =>
    env.client.workflow.executeUpdateWithStart(checkMilestoneUpdate, {
      args: [{ actorId, ...args }],
      startWorkflowOperation: reopen(agreementId),
    });
  const installment = (agreementId: string, args: InstallmentStepArgs) =>
    env.client.workflow.executeUpdateWithStart(installmentStepUpdate, {
      args: [args],
      startWorkflowOperation: reopen(agreementId),
    });
  const OPINION = '第一个里程碑的样件已经交付并通过第三方检测。';

  it('writes its own record before anything else, then takes signatures', async () => {
    const agreementId = randomUUID();
    const plan: AgreementPlan = {
      agreementId,
      awardId: randomUUID(),
      applicationId: randomUUID(),
      callId: randomUUID(),
      amountFen: 500_000,
      signBy: new Date(Date.now() + 60_000).toISOString(),
      content: { title: '任务书' },
      at: Date.now(),
    };
    const handle = await env.client.workflow.start(agreementWorkflow, {
      workflowId: workflowIds.agreement(agreementId),
      taskQueue,
      args: [{ agreementId, signBy: plan.signBy, create: plan }],
    });
    const signed = await handle.executeUpdate(signAgreementUpdate, {
      args: [{ actorId: randomUUID(), party: 'pi' }],
    });
    expect(signed).toMatchObject({ status: 'draft', signed: ['pi'] });
    const names = recording.calls
      .filter((c) => (c.args[0] as { agreementId?: string }).agreementId === agreementId)
      .map((c) => c.name);
    expect(names).toEqual(['createAgreement', 'recordAgreement']);
    expect(callsOf(agreementId, 'createAgreement')[0].args[0]).toEqual(plan);
    await handle.terminate();
  });

  it('milestones in order, each once; the installment it releases is approved, then paid by another (four eyes)', async () => {
    const id = signedAgreement();
    const officer = randomUUID();
    const finance = randomUUID();
    // Out of order, and installment 2 before its milestone: refused, nothing written.
    expect(await refusal(check(id, { milestone: 2, outcome: 'passed', opinion: OPINION }))).toBe(
      'invalid_state',
    );
    expect(await refusal(installment(id, { actorId: officer, seq: 2, step: 'approve' }))).toBe(
      'invalid_state',
    );

    const passed = await check(id, { milestone: 1, outcome: 'passed', opinion: OPINION }, officer);
    expect(passed.execution?.milestones).toEqual(['passed']);
    expect(await refusal(check(id, { milestone: 1, outcome: 'passed', opinion: OPINION }))).toBe('conflict');

    const approved = await installment(id, { actorId: officer, seq: 2, step: 'approve' });
    expect(approved.execution?.installments[1]).toMatchObject({ status: 'approved', approvedBy: officer });
    expect(await refusal(installment(id, { actorId: officer, seq: 2, step: 'pay' }))).toBe('forbidden');
    const paid = await installment(id, { actorId: finance, seq: 2, step: 'pay' });
    expect(paid.execution?.installments[1]).toMatchObject({ status: 'paid' });
    expect(await refusal(installment(id, { actorId: finance, seq: 2, step: 'pay' }))).toBe('invalid_state');
    expect(await refusal(installment(id, { actorId: finance, seq: 9, step: 'approve' }))).toBe('not_found');

    expect(executionRecords(id)).toEqual<AgreementExecutionRecord[]>([
      {
        agreementId: id,
        actorId: officer,
        at: expect.any(Number),
        milestone: { milestone: 1, outcome: 'passed', opinion: OPINION },
      },
      {
        agreementId: id,
        actorId: officer,
        at: expect.any(Number),
        installment: { seq: 2, step: 'approve', amountFen: 300_000 },
      },
      {
        agreementId: id,
        actorId: finance,
        at: expect.any(Number),
        installment: { seq: 2, step: 'pay', amountFen: 300_000 },
      },
    ]);
    // The records are read once per run, however many commands it takes.
    expect(callsOf(id, 'agreementExecution')).toHaveLength(1);
    await env.client.workflow.getHandle(workflowIds.agreement(id)).terminate();
  });

  it('a failed milestone stops funding: no later check, no later milestone installment', async () => {
    const id = signedAgreement();
    await check(id, { milestone: 1, outcome: 'failed', opinion: OPINION });
    expect(await refusal(check(id, { milestone: 2, outcome: 'passed', opinion: OPINION }))).toBe(
      'invalid_state',
    );
    expect(await refusal(installment(id, { actorId: randomUUID(), seq: 2, step: 'approve' }))).toBe(
      'invalid_state',
    );
    await eventually('one record', async () => executionRecords(id).length === 1);
    await env.client.workflow.getHandle(workflowIds.agreement(id)).terminate();
  });

  it('a draft agreement refuses milestone checks (the records say it is not signed)', async () => {
    const id = signedAgreement();
    facts.get(id)!.status = 'draft';
    expect(await refusal(check(id, { milestone: 1, outcome: 'passed', opinion: OPINION }))).toBe(
      'invalid_state',
    );
    expect(executionRecords(id)).toEqual([]);
    await env.client.workflow.getHandle(workflowIds.agreement(id)).terminate();
  });
});
