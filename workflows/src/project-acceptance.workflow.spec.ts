import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  acceptanceDeadlines,
  AcceptanceTerms,
  acceptanceTerms,
  projectSchedule,
  workflowIds,
} from '@kjflow/domain';
import type { CreditRecordWrite } from '@kjflow/domain';
import type { AcceptanceRecord, Activities } from './activities';
import {
  answerAcceptanceObjectionUpdate,
  answerAcceptancePanelUpdate,
  conveneAcceptancePanelUpdate,
  answerMidtermPanelUpdate,
  checkAcceptanceUpdate,
  confirmAcceptanceUpdate,
  decideAcceptanceUpdate,
  DecideAcceptanceArgs,
  objectAcceptanceUpdate,
  payRecoveryUpdate,
  projectRegisteredUpdate,
  ProjectState,
  projectStateQuery,
  requireAcceptancePanelRecusalUpdate,
  requireMidtermPanelRecusalUpdate,
  reviewAcceptanceUpdate,
  submitAcceptanceUpdate,
} from './definitions';
import { projectWorkflow } from './project.workflow';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const PI = randomUUID();
const INSTITUTION = randomUUID();
const OFFICER = randomUUID();
const DECIDER = randomUUID();
const PUBLIC = randomUUID();

describe('project workflow: acceptance (验收 / 结题)', () => {
  let env: TestWorkflowEnvironment;
  let worker: { worker: Worker; running: Promise<void> };
  const taskQueue = `test-acceptance-${randomUUID()}`;
  const recording = recordingActivities();
  /** Per project: its template's acceptance terms and whether the PI's credit lets the surplus stay. */
  const termsOf = new Map<string, Partial<AcceptanceTerms>>();
  const piMayKeep = new Map<string, boolean>();
  const activities: Activities = {
    ...recording.activities,
    // A term of two seconds, one progress report at its end; the template runs acceptance.
    openProject: async (rec) => {
      await recording.activities.openProject(rec);
      const startsAt = new Date(rec.at).toISOString();
      return {
        schedule: projectSchedule({
          startsAt,
          executionLength: 'PT2S',
          reportCadence: 'PT2S',
          midtermPoint: null,
        }),
        stages: ['execution', 'acceptance'],
      };
    },
    // Drill terms: a one-second objection window, an audit report above ¥5,000.
    openAcceptance: async (input) => {
      await recording.activities.openAcceptance(input);
      const terms: AcceptanceTerms = {
        ...acceptanceTerms(null, 500_000),
        objectionPeriod: 'PT1S',
        ...termsOf.get(input.projectId),
      };
      return { terms, ...acceptanceDeadlines(input.endsAt, terms) };
    },
    // The panel's verdict as the activity consolidates it: the most given; false material by majority.
    closeMidtermPanel: async (input) => {
      await recording.activities.closeMidtermPanel(input);
      const given = recording.calls
        .filter((c) => c.name === 'recordMidtermPanelAnswer')
        .map(
          (c) =>
            c.args[0] as {
              panelId: string;
              status: string;
              opinion: { recommendation: string; falseMaterial?: boolean } | null;
            },
        )
        .filter((a) => a.panelId === input.panelId && a.status === 'submitted');
      if (!given.length) return { recommendation: null };
      return {
        recommendation: given[0].opinion!.recommendation as 'pass',
        falseMaterial: given.filter((g) => g.opinion!.falseMaterial).length * 2 > given.length,
        spendingIssues: false,
      };
    },
    // Paid 300,000 fen; the final installment of 200,000 released by a pass.
    acceptanceSettlement: async (input) => {
      await recording.activities.acceptanceSettlement(input);
      const host = { allowed: true, reason: { zh: '信用等级为良好，结余经费可留用', en: 'Good: may keep' } };
      const pi =
        piMayKeep.get(input.projectId) === false
          ? {
              allowed: false,
              reason: { zh: '信用等级为一般失信，结余经费不得留用，应按规定收回', en: 'Minor breach' },
            }
          : host;
      return {
        paidFen: 300_000,
        releasedOnPassFen: 200_000,
        piId: PI,
        institutionId: INSTITUTION,
        surplus: { pi, host },
      };
    },
  };

  beforeAll(async () => {
    env = await createTestEnv();
    const w = await startWorker(env, taskQueue, activities);
    worker = { worker: w, running: w.run() };
  });
  afterAll(async () => {
    worker?.worker.shutdown();
    await worker?.running;
    await env?.teardown();
  });

  const calls = <T>(name: keyof Activities, projectId: string) =>
    recording.calls
      .filter((c) => c.name === name && (c.args[0] as { projectId?: string }).projectId === projectId)
      .map((c) => c.args[0] as T);
  const steps = (projectId: string) => calls<AcceptanceRecord>('recordAcceptance', projectId);
  const credits = (projectId: string) =>
    recording.calls
      .filter((c) => c.name === 'recordCredit' && (c.args[0] as CreditRecordWrite).projectId === projectId)
      .map((c) => c.args[0] as CreditRecordWrite);

  async function until(handle: WorkflowHandle, ok: (s: ProjectState) => boolean): Promise<ProjectState> {
    for (let i = 0; i < 100; i++) {
      const s = await handle.query(projectStateQuery);
      if (ok(s)) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the project never reached the expected state');
  }

  /** A project whose term has ended: acceptance is awaiting the dossier. */
  async function awaiting(terms: Partial<AcceptanceTerms> = {}, mayKeep = true) {
    const projectId = randomUUID();
    termsOf.set(projectId, terms);
    piMayKeep.set(projectId, mayKeep);
    const handle = await env.client.workflow.start(projectWorkflow, {
      workflowId: workflowIds.project(projectId),
      taskQueue,
      args: [{ projectId, agreementId: randomUUID() }],
    });
    await handle.executeUpdate(projectRegisteredUpdate);
    await until(handle, (s) => s.acceptance?.phase === 'awaiting');
    return { projectId, handle };
  }

  const submit = (
    handle: WorkflowHandle,
    completion: number,
    spentFen = 400_000,
    auditReportId: string | null = randomUUID(),
  ) =>
    handle.executeUpdate(submitAcceptanceUpdate, {
      args: [
        { actorId: PI, dossier: { summary: '按任务书完成研究内容' }, completion, spentFen, auditReportId },
      ],
    });

  /** The PI submits, the institution confirms, the officer finds it complete and reviews it. */
  async function reviewed(
    handle: WorkflowHandle,
    completion: number,
    review: { falseMaterial?: boolean } = {},
  ) {
    await submit(handle, completion);
    await handle.executeUpdate(confirmAcceptanceUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '材料属实' }],
    });
    await handle.executeUpdate(checkAcceptanceUpdate, {
      args: [{ actorId: OFFICER, complete: true, findings: '' }],
    });
    return handle.executeUpdate(reviewAcceptanceUpdate, {
      args: [
        {
          actorId: OFFICER,
          opinion: '完成任务书约定的考核指标',
          recommendation: 'pass',
          falseMaterial: review.falseMaterial ?? false,
          spendingIssues: false,
        },
      ],
    });
  }

  const decide = (handle: WorkflowHandle, over: Partial<DecideAcceptanceArgs>) =>
    handle.executeUpdate(decideAcceptanceUpdate, {
      args: [{ actorId: DECIDER, verdict: 'pass', reasons: '完成全部考核指标', excellent: false, ...over }],
    });

  const final = (projectId: string) => steps(projectId).find((r) => r.final)?.final;

  it('opens at the term’s end with its deadlines, takes its steps in order, and a pass keeps the surplus', async () => {
    const { projectId, handle } = await awaiting();
    const s0 = await handle.query(projectStateQuery);
    const d = acceptanceDeadlines(s0.endsAt!, acceptanceTerms(null));
    expect(s0.acceptance).toMatchObject({ round: 1, applyBy: d.applyBy, failsAt: d.failsAt });
    // Out of order: the institution cannot confirm before the PI submits.
    expect(
      await refusal(
        handle.executeUpdate(confirmAcceptanceUpdate, { args: [{ actorId: INSTITUTION, opinion: '确认' }] }),
      ),
    ).toBe('invalid_state');
    // 600,000 fen (¥6,000) is above the template's ¥5,000: the dossier needs its audit report.
    expect(await refusal(submit(handle, 1, 600_000, null))).toBe('rule_refused');
    await reviewed(handle, 1);
    const published = await decide(handle, { verdict: 'pass', excellent: true });
    expect(published.acceptance).toMatchObject({ phase: 'published', verdict: 'pass', excellent: true });
    expect(published.status).toBe('ongoing');
    // After the one-second objection window, nothing objected: final, and the run completes.
    const done = await handle.result();
    expect(done.status).toBe('accepted');
    expect(done.acceptance!.phase).toBe('final');
    // Paid 300,000 + the final installment 200,000, spent 400,000: 100,000 kept by the host.
    expect(final(projectId)).toMatchObject({
      verdict: 'pass',
      projectStatus: 'accepted',
      surplusFen: 100_000,
      surplusKept: true,
      recovery: null,
    });
    expect(credits(projectId).map((c) => [c.kind, c.severity, c.subject.id])).toEqual([
      ['excellent_acceptance', 'positive', PI],
    ]);
  });

  it('a dispatch’s yearly assessment (年度考核): no conditional or closure, 优秀 only without a ground against it; 优秀 writes the positive record', async () => {
    const { projectId, handle } = await awaiting({ kind: 'dispatch' });
    await reviewed(handle, 0.85);
    // 85 %: a ground against 优秀, not against 合格; an assessment has no 整改 nor 结题.
    expect(await refusal(decide(handle, { verdict: 'conditional' }))).toBe('rule_refused');
    expect(await refusal(decide(handle, { verdict: 'closure' }))).toBe('rule_refused');
    expect(await refusal(decide(handle, { verdict: 'pass', excellent: true }))).toBe('rule_refused');
    // A second dispatch, every indicator met: 优秀.
    const second = await awaiting({ kind: 'dispatch' });
    await reviewed(second.handle, 1);
    await decide(second.handle, { verdict: 'pass', excellent: true, reasons: '服务成效显著，考核优秀' });
    const done = await second.handle.result();
    expect(done.status).toBe('accepted');
    expect(credits(second.projectId).map((c) => [c.kind, c.severity, c.subject.id])).toEqual([
      ['excellent_acceptance', 'positive', PI],
    ]);
    expect(credits(second.projectId)[0].facts).toContain('科技特派员年度考核');
    // The first: 合格 writes nothing.
    await decide(handle, { verdict: 'pass', reasons: '完成服务任务，考核合格' });
    expect((await handle.result()).status).toBe('accepted');
    expect(credits(projectId)).toEqual([]);
  });

  it('a dispatch graded 不合格 writes the failed_acceptance record for the commissioner', async () => {
    const { projectId, handle } = await awaiting({ kind: 'dispatch' });
    await reviewed(handle, 0.5);
    expect(await refusal(decide(handle, { verdict: 'pass' }))).toBe('rule_refused');
    await decide(handle, { verdict: 'fail', reasons: '服务任务完成不足一半' });
    await until(handle, (x) => x.status === 'failed');
    const c = credits(projectId);
    expect(c.map((x) => [x.kind, x.severity, x.subject.id])).toEqual([['failed_acceptance', 'minor', PI]]);
    expect(c[0].facts).toContain('不合格');
  });

  it('a pass whose PI’s credit does not allow keeping the surplus: a recovery order of it', async () => {
    const { projectId, handle } = await awaiting({}, false);
    await reviewed(handle, 0.95);
    await decide(handle, { verdict: 'pass' });
    const s = await until(handle, (x) => x.status === 'accepted');
    const f = final(projectId)!;
    expect(f).toMatchObject({ surplusFen: 100_000, surplusKept: false });
    expect(f.recovery).toMatchObject({ amountFen: 100_000 });
    expect(f.recovery!.reason).toContain('不得留用');
    expect(credits(projectId)).toEqual([]);
    // The run stays for the order, and completes once it is repaid.
    await handle.executeUpdate(payRecoveryUpdate, {
      args: [{ actorId: OFFICER, orderId: s.recoveries![0].id, note: '已缴回' }],
    });
    expect((await handle.result()).status).toBe('accepted');
  });

  it('conditional: one rectification, the re-check allows only pass or fail, and passes (整改后通过)', async () => {
    const { projectId, handle } = await awaiting();
    await reviewed(handle, 0.85);
    // 85 % < 90 %: no pass; conditional is allowed.
    expect(await refusal(decide(handle, { verdict: 'pass' }))).toBe('rule_refused');
    const before = Date.now();
    const r = await decide(handle, { verdict: 'conditional', reasons: '两项指标未完成，限期整改' });
    expect(r.status).toBe('rectifying');
    expect(r.acceptance).toMatchObject({ phase: 'rectifying', round: 2 });
    const threeMonths = new Date(before);
    threeMonths.setUTCMonth(threeMonths.getUTCMonth() + 3);
    expect(Math.abs(Date.parse(r.acceptance!.fixBy!) - threeMonths.getTime())).toBeLessThan(60_000);
    await reviewed(handle, 0.95);
    expect(await refusal(decide(handle, { verdict: 'conditional' }))).toBe('rule_refused');
    await decide(handle, { verdict: 'pass', reasons: '整改后通过' });
    const done = await handle.result();
    expect(done.status).toBe('accepted');
    expect(final(projectId)).toMatchObject({ verdict: 'pass', surplusKept: true });
    expect(steps(projectId).find((x) => x.rectify)!.round).toBe(1);
  });

  it('conditional, not rectified by its deadline: fails on its own, with the credit record and the recovery order', async () => {
    const { projectId, handle } = await awaiting({ rectifyWindow: 'PT2S' });
    await reviewed(handle, 0.85);
    await decide(handle, { verdict: 'conditional', reasons: '限期整改' });
    const s = await until(handle, (x) => x.status === 'failed');
    const published = steps(projectId).find((x) => x.published)!.published!;
    expect(published).toMatchObject({ verdict: 'fail', automatic: 'not_rectified' });
    expect(published.reasons).toContain('整改');
    // Paid 300,000, the dossier spent 400,000: nothing unspent, no order.
    expect(final(projectId)).toMatchObject({ verdict: 'fail', projectStatus: 'failed', recovery: null });
    expect(credits(projectId).map((c) => [c.kind, c.severity, c.stage])).toEqual([
      ['failed_acceptance', 'minor', 'acceptance'],
    ]);
    expect(s.recoveries ?? []).toEqual([]);
  });

  it('fail: only a fail is allowed below 80 %; an objection is answered before the verdict is final', async () => {
    const { projectId, handle } = await awaiting({ objectionPeriod: 'PT3S' });
    await submit(handle, 0.5, 120_000);
    await handle.executeUpdate(confirmAcceptanceUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '属实' }],
    });
    await handle.executeUpdate(checkAcceptanceUpdate, {
      args: [{ actorId: OFFICER, complete: true, findings: '' }],
    });
    await handle.executeUpdate(reviewAcceptanceUpdate, {
      args: [
        {
          actorId: OFFICER,
          opinion: '大部分指标未完成',
          recommendation: 'fail',
          falseMaterial: false,
          spendingIssues: false,
        },
      ],
    });
    expect(await refusal(decide(handle, { verdict: 'conditional' }))).toBe('rule_refused');
    expect(await refusal(decide(handle, { verdict: 'closure' }))).toBe('rule_refused');
    await decide(handle, { verdict: 'fail', reasons: '任务完成率 50%' });
    const objectionId = randomUUID();
    await handle.executeUpdate(objectAcceptanceUpdate, {
      args: [{ objectionId, actorId: PUBLIC, name: '张三', reasons: '部分指标已完成但未计入' }],
    });
    // The window passes; the open objection holds the verdict until it is answered.
    await new Promise((r) => setTimeout(r, 3500));
    expect((await handle.query(projectStateQuery)).acceptance!.phase).toBe('published');
    expect(
      await refusal(
        handle.executeUpdate(objectAcceptanceUpdate, {
          args: [{ objectionId: randomUUID(), actorId: PUBLIC, name: '李四', reasons: '逾期异议' }],
        }),
      ),
    ).toBe('invalid_state');
    await handle.executeUpdate(answerAcceptanceObjectionUpdate, {
      args: [{ actorId: OFFICER, objectionId, outcome: 'dismissed', reply: '经核查，结论维持' }],
    });
    const s = await until(handle, (x) => x.status === 'failed');
    // Paid 300,000, spent 120,000: 180,000 recovered; the PI's credit record.
    expect(final(projectId)!.recovery).toMatchObject({ amountFen: 180_000 });
    expect(s.recoveries).toHaveLength(1);
    expect(credits(projectId).map((c) => c.kind)).toEqual(['failed_acceptance']);
    await handle.terminate('test over');
  });

  it('an upheld objection withdraws the verdict: the officer decides again', async () => {
    const { handle } = await awaiting({ objectionPeriod: 'PT30S' });
    await reviewed(handle, 0.95);
    await decide(handle, { verdict: 'pass' });
    const objectionId = randomUUID();
    await handle.executeUpdate(objectAcceptanceUpdate, {
      args: [{ objectionId, actorId: PUBLIC, name: '王五', reasons: '测试报告与样机不符' }],
    });
    const s = await handle.executeUpdate(answerAcceptanceObjectionUpdate, {
      args: [{ actorId: OFFICER, objectionId, outcome: 'upheld', reply: '异议成立，重新作出结论' }],
    });
    expect(s.acceptance).toMatchObject({ phase: 'reviewed', verdict: null });
    expect(
      await refusal(
        handle.executeUpdate(answerAcceptanceObjectionUpdate, {
          args: [{ actorId: OFFICER, objectionId, outcome: 'dismissed', reply: '再答' }],
        }),
      ),
    ).toBe('invalid_state');
    await handle.terminate('test over');
  });

  it('closure (结题): closed, the unspent funds recovered, no credit record', async () => {
    const { projectId, handle } = await awaiting();
    await reviewed(handle, 0.85);
    await decide(handle, { verdict: 'closure', reasons: '技术路线探索性强，未完全达到指标' });
    await until(handle, (x) => x.status === 'closed');
    // Spent 400,000 of 300,000 paid: nothing to recover.
    expect(final(projectId)).toMatchObject({ verdict: 'closure', projectStatus: 'closed', recovery: null });
    expect(credits(projectId)).toEqual([]);
    expect((await handle.result()).status).toBe('closed');
  });

  it('unsubmitted at failsAt: fails on its own, naming why, with the credit record and recovery of what was paid', async () => {
    const { projectId, handle } = await awaiting({ window: 'PT1S', overdueLimit: 'PT1S' });
    const s = await until(handle, (x) => x.status === 'failed');
    const published = steps(projectId).find((x) => x.published)!.published!;
    expect(published).toMatchObject({ verdict: 'fail', automatic: 'overdue' });
    expect(published.reasons).toContain('逾期');
    // Nothing on record as spent: the 300,000 paid is recovered.
    expect(final(projectId)!.recovery).toMatchObject({ amountFen: 300_000 });
    expect(s.recoveries).toHaveLength(1);
    expect(credits(projectId).map((c) => c.kind)).toEqual(['failed_acceptance']);
    // A late dossier is refused once the verdict is out.
    expect(await refusal(submit(handle, 1))).toBe('invalid_state');
    await handle.terminate('test over');
  });

  it('the acceptance panel: convened on the checked dossier, answered by its members, its verdict and findings the review', async () => {
    const { projectId, handle } = await awaiting();
    await submit(handle, 1);
    await handle.executeUpdate(confirmAcceptanceUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '属实' }],
    });
    // Not before the formal check.
    const convene = () =>
      handle.executeUpdate(conveneAcceptancePanelUpdate, { args: [{ actorId: OFFICER, seed: 20261204 }] });
    expect(await refusal(convene())).toBe('invalid_state');
    await handle.executeUpdate(checkAcceptanceUpdate, {
      args: [{ actorId: OFFICER, complete: true, findings: '' }],
    });
    const sat = await convene();
    expect(sat.acceptance!.phase).toBe('panel');
    expect(calls<{ stage: string; seed: number }>('drawMidtermPanel', projectId)).toEqual([
      expect.objectContaining({ stage: 'acceptance', seed: 20261204 }),
    ]);
    // While it sits: no officer review, no decision.
    expect(
      await refusal(
        handle.executeUpdate(reviewAcceptanceUpdate, {
          args: [
            {
              actorId: OFFICER,
              opinion: '直接评审',
              recommendation: 'pass',
              falseMaterial: false,
              spendingIssues: false,
            },
          ],
        }),
      ),
    ).toBe('invalid_state');
    const seats = sat.acceptance!.panel!.members;
    const answer = (i: number, over: object) =>
      handle.executeUpdate(answerAcceptancePanelUpdate, {
        args: [
          {
            actorId: randomUUID(),
            expertId: seats[i].expertId,
            memberId: seats[i].id,
            answer: 'opinion',
            reason: null,
            opinion: {
              recommendation: 'fail',
              score: 60,
              opinion: '测试数据与样机不符',
              falseMaterial: true,
            },
            ...over,
          },
        ],
      });
    for (const i of [0, 1, 2]) await answer(i, { answer: 'accept', opinion: null });
    // A mid-term decision is not an acceptance verdict (on its field); nor does the mid-term update reach this panel.
    expect(
      await refusal(answer(0, { opinion: { recommendation: 'continue', score: 80, opinion: '继续' } })),
    ).toBe('validation_failed');
    expect(
      await refusal(
        handle.executeUpdate(answerMidtermPanelUpdate, {
          args: [
            {
              actorId: randomUUID(),
              expertId: seats[0].expertId,
              memberId: seats[0].id,
              answer: 'opinion',
              reason: null,
              opinion: { recommendation: 'continue', score: 80, opinion: '继续' },
            },
          ],
        }),
      ),
    ).toBe('invalid_state');
    await answer(0, {});
    await answer(1, {});
    const closed = await answer(2, {
      opinion: { recommendation: 'fail', score: 55, opinion: '同意不通过', falseMaterial: false },
    });
    // Every seat answered: the panel closed; the verdict and the majority's finding are the review.
    expect(closed.acceptance).toMatchObject({ phase: 'reviewed', falseMaterial: true, panel: null });
    // False material allows only a fail, whatever the completion.
    expect(await refusal(decide(handle, { verdict: 'pass' }))).toBe('rule_refused');
    await decide(handle, { verdict: 'fail', reasons: '验收材料不真实' });
    // Spent more than paid: nothing to recover, the run ends failed.
    expect((await handle.result()).status).toBe('failed');
  });

  it('要求回避 on the acceptance panel: the seat ends recused as required and is replaced; the mid-term update does not reach it', async () => {
    const { projectId, handle } = await awaiting();
    await submit(handle, 1);
    await handle.executeUpdate(confirmAcceptanceUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '属实' }],
    });
    await handle.executeUpdate(checkAcceptanceUpdate, {
      args: [{ actorId: OFFICER, complete: true, findings: '' }],
    });
    const sat = await handle.executeUpdate(conveneAcceptancePanelUpdate, {
      args: [{ actorId: OFFICER, seed: 20261205 }],
    });
    const [a, b, c] = sat.acceptance!.panel!.members;
    const args = [{ actorId: OFFICER, memberId: a.id, reason: '与承担单位存在合作关系' }] as [
      { actorId: string; memberId: string; reason: string },
    ];
    expect(await refusal(handle.executeUpdate(requireMidtermPanelRecusalUpdate, { args }))).toBe(
      'invalid_state',
    );
    const required = await handle.executeUpdate(requireAcceptancePanelRecusalUpdate, { args });
    expect(required.acceptance!.phase).toBe('panel');
    expect(required.acceptance!.panel!.members.map((m) => [m.id, m.status])).toEqual([
      [a.id, 'recused'],
      [b.id, 'invited'],
      [c.id, 'invited'],
      [`${a.id}-r`, 'invited'],
    ]);
    expect(calls('recordMidtermPanelAnswer', projectId)).toEqual([
      expect.objectContaining({
        memberId: a.id,
        actorId: OFFICER,
        status: 'recused',
        reason: '与承担单位存在合作关系',
        recusal: 'required',
      }),
    ]);
    expect(calls<{ memberId: string }>('redrawMidtermPanelMember', projectId).map((r) => r.memberId)).toEqual(
      [a.id],
    );
    // Once recused, the seat is not recused again.
    expect(await refusal(handle.executeUpdate(requireAcceptancePanelRecusalUpdate, { args }))).toBe(
      'invalid_state',
    );
    await handle.terminate('test over');
  });

  it('a dossier returned by the formal check and not resubmitted by failsAt fails too, naming why', async () => {
    const { projectId, handle } = await awaiting({ window: 'PT1S', overdueLimit: 'PT3S' });
    await submit(handle, 1);
    await handle.executeUpdate(confirmAcceptanceUpdate, {
      args: [{ actorId: INSTITUTION, opinion: '属实' }],
    });
    const returned = await handle.executeUpdate(checkAcceptanceUpdate, {
      args: [{ actorId: OFFICER, complete: false, findings: '缺少第三方测试报告' }],
    });
    expect(returned.acceptance!.phase).toBe('awaiting');
    await until(handle, (x) => x.status === 'failed');
    const published = steps(projectId).find((x) => x.published)!.published!;
    expect(published).toMatchObject({ verdict: 'fail', automatic: 'overdue' });
    expect(published.reasons).toContain('退回后');
    await handle.terminate('test over').catch(() => undefined);
  });
});
