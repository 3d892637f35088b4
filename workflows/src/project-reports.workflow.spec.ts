import { randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectSchedule, projectTermsOf, workflowIds } from '@kjflow/domain';
import type { CreditRecordWrite } from '@kjflow/domain';
import type { ProjectAttachmentRecord, ProjectReportRecord } from './activities';
import {
  checkProjectMilestoneUpdate,
  addProjectAttachmentUpdate,
  confirmProjectReportUpdate,
  decideChangeUpdate,
  decideProjectReportUpdate,
  payRecoveryUpdate,
  projectRegisteredUpdate,
  ProjectState,
  projectStateQuery,
  requestChangeUpdate,
  submitProjectReportUpdate,
} from './definitions';
import { projectWorkflow } from './project.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';

/** The failure type a refused update carries (the DomainError code). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return (cause as ApplicationFailure).type ?? 'untyped';
  }
  throw new Error('expected the update to be refused');
}

const PI = randomUUID();
const HOST = randomUUID();
const OFFICER = randomUUID();
const CONTENT = { progress: '完成中试线建设，关键工艺参数优化完毕。', spending: [] };

/** 进展报告 in project-<id>: the steps of a report, and the duties its schedule gives. */
describe('project workflow: progress reports', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `test-project-reports-${randomUUID()}`;
  const recording = recordingActivities();
  // A test template of seconds: a report every 4 s (or as open() is told), reminded 2 s before,
  // credited 4 s after.
  const cadences = new Map<string, string>();
  const activities = {
    ...recording.activities,
    openProject: async (rec: { projectId: string; at: number }) => {
      await recording.activities.openProject(rec as never);
      const reportCadence = cadences.get(rec.projectId) ?? 'PT4S';
      return {
        schedule: projectSchedule(
          projectTermsOf(new Date(rec.at).toISOString(), {
            durations: { executionLength: 'PT60S', reportCadence },
          }),
        ),
        stages: [],
        reportTimings: { reminderBefore: 'PT2S', grace: 'PT4S' },
      };
    },
    // A challenge's agreement of two milestones, none checked yet (a failed one ends the project).
    agreementExecution: async (input: { agreementId: string }) => {
      await recording.activities.agreementExecution(input);
      return {
        status: 'signed' as const,
        amountFen: 1_000_000,
        milestoneCount: 2,
        milestones: [],
        installments: [],
      };
    },
  };
  const reportCalls = (projectId: string) =>
    recording.calls
      .filter((c) => c.name === 'recordProjectReport')
      .map((c) => c.args[0] as ProjectReportRecord)
      .filter((r) => r.projectId === projectId);
  const credits = (projectId: string) =>
    recording.calls
      .filter((c) => c.name === 'recordCredit')
      .map((c) => c.args[0] as CreditRecordWrite)
      .filter((r) => r.projectId === projectId);

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

  const open = async (reportCadence?: string) => {
    const projectId = randomUUID();
    if (reportCadence) cadences.set(projectId, reportCadence);
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId: randomUUID() }],
    });
    const state = await handle.executeUpdate(projectRegisteredUpdate);
    return { projectId, handle, state };
  };

  it('takes a report through submission, confirmation, a return with a comment, a new version and acceptance; refuses every step out of turn', async () => {
    const { projectId, handle, state } = await open();
    expect(state.reportTimings).toEqual({ reminderBefore: 'PT2S', grace: 'PT4S' });
    const seq = state.reports![state.reports!.length - 1].seq; // far from due: no duty interferes
    const submit = () =>
      handle.executeUpdate(submitProjectReportUpdate, { args: [{ actorId: PI, seq, content: CONTENT }] });
    const confirm = () =>
      handle.executeUpdate(confirmProjectReportUpdate, { args: [{ actorId: HOST, seq }] });
    const decide = (decision: 'accept' | 'return', comment = '') =>
      handle.executeUpdate(decideProjectReportUpdate, {
        args: [{ actorId: OFFICER, seq, decision, comment }],
      });
    const statusOf = (s: Awaited<ReturnType<typeof submit>>) => s.reports!.find((r) => r.seq === seq)!;

    expect(await refusal(confirm())).toBe('invalid_state');
    expect(await refusal(decide('accept'))).toBe('invalid_state');
    expect(statusOf(await submit())).toMatchObject({ status: 'submitted', version: 1 });
    expect(await refusal(submit())).toBe('invalid_state');
    expect(await refusal(decide('accept'))).toBe('invalid_state'); // the institution confirms first
    expect(statusOf(await confirm())).toMatchObject({ status: 'confirmed' });
    expect(statusOf(await decide('return', '请补充经费支出明细'))).toMatchObject({
      status: 'returned',
      version: 1,
    });
    expect(statusOf(await submit())).toMatchObject({ status: 'submitted', version: 2 });
    await confirm();
    expect(statusOf(await decide('accept'))).toMatchObject({ status: 'accepted', version: 2 });
    expect(await refusal(decide('return', '再改一次'))).toBe('invalid_state');
    expect(await refusal(submit())).toBe('invalid_state');
    expect(
      await refusal(
        handle.executeUpdate(confirmProjectReportUpdate, { args: [{ actorId: HOST, seq: 999 }] }),
      ),
    ).toBe('not_found');

    expect(
      reportCalls(projectId)
        .filter((r) => r.seq === seq)
        .map((r) => [r.type, r.version, r.actorId, r.comment ?? null]),
    ).toEqual([
      ['submitted', 1, PI, null],
      ['confirmed', 1, HOST, null],
      ['returned', 1, OFFICER, '请补充经费支出明细'],
      ['submitted', 2, PI, null],
      ['confirmed', 2, HOST, null],
      ['accepted', 2, OFFICER, ''],
    ]);
    expect(reportCalls(projectId).find((r) => r.type === 'submitted')?.content).toEqual(CONTENT);
    await handle.terminate('test over');
  });

  it('reminds before the due date, notes the report overdue after it, and past the grace writes the PI’s minor credit record once; a report submitted in time gets none of these', async () => {
    const { projectId, handle, state } = await open();
    const [first, second] = state.reports!;
    // The second is submitted at once (before its reminder): nothing is written about it.
    await handle.executeUpdate(submitProjectReportUpdate, {
      args: [{ actorId: PI, seq: second.seq, content: CONTENT }],
    });
    const graceEnds = new Date(first.dueAt).getTime() + 4_000;
    await new Promise((r) => setTimeout(r, Math.max(0, graceEnds - Date.now()) + 1_500));

    const notices = reportCalls(projectId).filter((r) => r.type === 'reminder' || r.type === 'overdue');
    expect(notices.filter((r) => r.seq === first.seq).map((r) => [r.type, r.version, r.actorId])).toEqual([
      ['reminder', 0, null],
      ['overdue', 0, null],
    ]);
    expect(notices.filter((r) => r.seq === second.seq)).toEqual([]);
    const [reminder, overdue] = notices.filter((r) => r.seq === first.seq);
    expect(reminder.at).toBeGreaterThanOrEqual(new Date(first.dueAt).getTime() - 2_000);
    expect(reminder.at).toBeLessThan(new Date(first.dueAt).getTime());
    expect(overdue.at).toBeGreaterThanOrEqual(new Date(first.dueAt).getTime());

    const written = credits(projectId);
    expect(written).toEqual([
      expect.objectContaining({
        subject: { type: 'person', id: '00000000-0000-4000-8000-0000000000a1' }, // reportHolders' PI
        kind: 'overdue_report',
        severity: 'minor',
        stage: 'execution',
        projectId,
        recordedBy: null,
        workflowId: workflowIds.project(projectId),
        step: `credit:report-${first.seq}`,
        sourceEvent: { workflowId: workflowIds.project(projectId), step: `report:${first.seq}:overdue` },
      }),
    ]);
    expect(written[0].at).toBeGreaterThanOrEqual(graceEnds);
    expect(written[0].facts).toContain(`第 ${first.seq} 期项目进展报告`);
    const st = await handle.query('projectState' as never);
    expect((st as { reports: Array<{ seq: number; credited?: boolean }> }).reports[0]).toMatchObject({
      seq: first.seq,
      status: 'due',
      reminded: true,
      overdueNoted: true,
      credited: true,
    });
    await handle.terminate('test over');
  }, 30_000);

  /** The bilingual message of a refused update. */
  async function refusedWith(p: Promise<unknown>): Promise<{ zh: string; en: string }> {
    try {
      await p;
    } catch (err) {
      const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
      return (cause.details![0] as { message: { zh: string; en: string } }).message;
    }
    throw new Error('expected the update to be refused');
  }

  it.each([
    ['terminated', null],
    ['revoked', { severity: 'serious' as const, creditInstitution: false }],
  ])(
    'a project %s early owes no report: no reminder, overdue notice or credit record after its end; reports and changes are refused; its run waits only for the recovery order',
    async (status, fault) => {
      // A report every 10 s: the two updates below land well before the first reminder (8 s in),
      // also on a loaded machine.
      const { projectId, handle, state } = await open('PT10S');
      const [first] = state.reports!;
      // A change waiting for its approvals when the project ends.
      const changeId = randomUUID();
      await handle.executeUpdate(requestChangeUpdate, {
        args: [
          {
            changeId,
            actorId: PI,
            request: {
              kind: 'objectives_change',
              reason: '市场需求变化，调整研究目标',
              objectives: '将研究目标调整为高纯铝箔的连续化制备工艺研究',
            },
          },
        ],
      });
      // Before the first report's reminder, a failed milestone ends the project (军令状).
      const ended = await handle.executeUpdate(checkProjectMilestoneUpdate, {
        args: [{ actorId: OFFICER, milestone: 1, outcome: 'failed', opinion: '关键指标未达到', fault }],
      });
      expect(ended.status).toBe(status);
      expect(Date.now()).toBeLessThan(new Date(first.dueAt).getTime() - 2_000);

      // Past the first report's reminder, due date and grace: nothing about reports was written.
      const graceEnds = new Date(first.dueAt).getTime() + 4_000;
      await new Promise((r) => setTimeout(r, Math.max(0, graceEnds - Date.now()) + 1_500));
      expect(reportCalls(projectId)).toEqual([]);
      expect(credits(projectId).map((c) => c.kind)).toEqual(fault ? ['project_revoked'] : []);
      const s = await handle.query(projectStateQuery);
      expect(s.reports![0]).toMatchObject({ status: 'due' });
      expect(s.reports![0].reminded).toBeUndefined();
      expect(s.reports![0].overdueNoted).toBeUndefined();

      // Reports and changes are refused, and the refusal says why.
      expect(
        await refusal(
          handle.executeUpdate(submitProjectReportUpdate, {
            args: [{ actorId: PI, seq: first.seq, content: CONTENT }],
          }),
        ),
      ).toBe('invalid_state');
      const label = status === 'terminated' ? '已终止' : '已撤销';
      const asked = await refusedWith(
        handle.executeUpdate(requestChangeUpdate, {
          args: [
            {
              changeId: randomUUID(),
              actorId: PI,
              request: { kind: 'extension', reason: '设备到货延迟，申请延期', extendBy: 'P6M' },
            },
          ],
        }),
      );
      expect(asked.zh).toBe(`项目${label}，执行已结束，不再受理或审批变更申请`);
      const decided = await refusedWith(
        handle.executeUpdate(decideChangeUpdate, {
          args: [
            {
              changeId,
              actor: { id: OFFICER, roles: ['officer'], institutionId: null },
              decision: 'approve',
              comment: null,
            },
          ],
        }),
      );
      expect(decided.zh).toContain(label);
      expect(decided.en).toContain('no longer taken or decided');
      const decisions = recording.calls.filter(
        (c) =>
          c.name === 'recordChangeDecision' && (c.args[0] as { projectId: string }).projectId === projectId,
      );
      expect(decisions).toEqual([]);

      // The run stays for its recovery order only: once repaid, it closes.
      const [order] = s.recoveries!;
      expect(order.status).toBe('open');
      const paid: ProjectState = await handle.executeUpdate(payRecoveryUpdate, {
        args: [{ actorId: OFFICER, orderId: order.id, note: '已缴回' }],
      });
      expect(paid.recoveries![0].status).toBe('paid');
      expect((await handle.result()).status).toBe(status);
      expect(reportCalls(projectId)).toEqual([]);
    },
    30_000,
  );
  it('records a project attachment (evidence for the reports) with who added it, once per id', async () => {
    const { projectId, handle } = await open();
    const attachmentId = randomUUID();
    const file = {
      attachmentId,
      fileName: '中试记录.pdf',
      mediaType: 'application/pdf',
      sizeBytes: 1234,
      sha256: 'a'.repeat(64),
    };
    await handle.executeUpdate(addProjectAttachmentUpdate, { args: [{ actorId: PI, ...file }] });
    const recorded = recording.calls
      .filter((c) => c.name === 'recordProjectAttachment')
      .map((c) => c.args[0] as ProjectAttachmentRecord)
      .filter((r) => r.projectId === projectId);
    expect(recorded).toEqual([expect.objectContaining({ projectId, actorId: PI, ...file })]);
    await handle.terminate('test over');
  });
});
