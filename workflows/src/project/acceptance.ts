import { patched, setHandler, uuid4 } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { addDuration } from '@kjflow/domain/kernel/iso-duration.rules';
import { formatYuan } from '@kjflow/domain/kernel/money.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import {
  AcceptanceStep,
  acceptanceName,
  acceptanceVerdictLabel,
  AcceptanceVerdict,
  assertAcceptanceStep,
  assertAuditReportFen,
  assertAcceptanceObjectionOpen,
  assertVerdictAllowed,
  statusAfterAcceptance,
  surplusFen,
  surplusKept,
} from '@kjflow/domain/project/acceptance.rules';
import { spentAsKnown } from '@kjflow/domain/project/ending.rules';
import { DEFAULT_RECOVERY_WINDOW } from '@kjflow/domain/project/midterm.rules';
import type { AcceptanceRecord, RecoveryOrderRecord } from '../activities';
import {
  AnswerMidtermPanelArgs,
  answerAcceptancePanelUpdate,
  RequirePanelRecusalArgs,
  requireAcceptancePanelRecusalUpdate,
  ConveneMidtermPanelArgs,
  conveneAcceptancePanelUpdate,
  AnswerAcceptanceObjectionArgs,
  answerAcceptanceObjectionUpdate,
  CheckAcceptanceArgs,
  checkAcceptanceUpdate,
  ConfirmAcceptanceArgs,
  confirmAcceptanceUpdate,
  DecideAcceptanceArgs,
  decideAcceptanceUpdate,
  ObjectAcceptanceArgs,
  objectAcceptanceUpdate,
  ProjectAcceptanceState,
  ReviewAcceptanceArgs,
  reviewAcceptanceUpdate,
  SubmitAcceptanceArgs,
  submitAcceptanceUpdate,
} from '../definitions';
import { check } from '../lib/failures';
import { assertMayRequirePanelRecusal, assertPanelAnswer } from '@kjflow/domain/review/expert-panel.rules';
import { assertPanelRecommendation } from '@kjflow/domain/project/panel-stage.rules';
import { tellAgreement } from './ending';
import { answerSeat, requireSeatRecusal } from './midterm-panel';
import { finished, ProjectRun } from './run';

/** Why a verdict was reached without a decision: the rule that made it. */
const AUTOMATIC_REASONS = {
  overdue: '逾期超过验收期限仍未提交验收申请，按规定验收不通过（RULES §10：逾期 6 个月以上未完成）',
  returned:
    '验收材料经形式审查退回后，逾期超过验收期限仍未重新提交，按规定验收不通过（RULES §10：逾期 6 个月以上未完成）',
  not_rectified:
    '限期整改期满未提交整改后的验收材料，按规定验收不通过（RULES §10：整改一次，逾期视为未整改）',
} as const;

/**
 * 验收 / 结题 (issue 16 §1, RULES §10, §14): at the term's end (moved by an approved extension)
 * acceptance opens with its deadlines; the PI applies with the dossier, the host institution
 * confirms, the officer checks it for form (lateness and unapproved changes come from the record),
 * a review follows and one verdict, allowed by the RULES thresholds. A conditional verdict gives
 * one rectification; pass, fail and closure are published with an objection window and become
 * final once it has passed and every objection is answered: pass accepts the project (the
 * acceptance installment released, the surplus kept or recovered by credit), fail writes the PI's
 * credit record and recovers the unspent funds, closure recovers them without a record. Unsubmitted
 * at failsAt, or unrectified at fixBy, the acceptance fails on its own, naming why.
 */
export function acceptancePart(run: ProjectRun): void {
  // Runs started before acceptance existed keep their history; their next run has it.
  if (!patched('project-acceptance')) return;
  const s = run.state;
  const at = () => Date.now();
  const facts = () => ({
    phase: s.acceptance?.phase ?? null,
    objectionsUntil: s.acceptance?.objectionsUntil ?? null,
  });
  const validate =
    <A>(step: AcceptanceStep, more?: (a: A) => void) =>
    (a: A) =>
      check(() => {
        assertAcceptanceStep(facts(), step, Date.now());
        more?.(a);
      });
  const record = (a: ProjectAcceptanceState, actorId: string | null, r: Partial<AcceptanceRecord>) =>
    run.acts.recordAcceptance({ projectId: s.projectId, round: a.round, actorId, at: at(), ...r });

  // Acceptance opens at the term's end, unless the project ended before (terminated, revoked).
  run.duties.push({
    dueAt: () =>
      run.executing() &&
      s.registered &&
      s.endsAt &&
      !s.acceptance &&
      (!s.stages || s.stages.includes('acceptance'))
        ? Date.parse(s.endsAt)
        : null,
    run: async () => {
      const o = await run.acts.openAcceptance({ projectId: s.projectId, endsAt: s.endsAt!, at: at() });
      s.acceptance = {
        phase: 'awaiting',
        round: 1,
        applyBy: o.applyBy,
        failsAt: o.failsAt,
        terms: o.terms,
        submittedAt: null,
        completion: null,
        spentFen: null,
        falseMaterial: false,
        spendingIssues: false,
        fixBy: null,
        verdict: null,
        excellent: false,
        reasons: null,
        decidedBy: null,
        objectionsUntil: null,
        objections: [],
      };
    },
  });

  // No dossier in by failsAt, or a returned one not resubmitted (RULES §10: more than 6 months
  // overdue without completion): the acceptance fails.
  run.duties.push({
    dueAt: () => {
      const a = s.acceptance;
      return a?.phase === 'awaiting' && !finished(s) ? Date.parse(a.failsAt) : null;
    },
    run: () => {
      const a = s.acceptance!;
      const reason = a.submittedAt ? AUTOMATIC_REASONS.returned : AUTOMATIC_REASONS.overdue;
      return publish(a, 'fail', reason, false, null, 'overdue');
    },
  });

  // The one rectification unanswered at its deadline: the acceptance fails.
  run.duties.push({
    dueAt: () => {
      const a = s.acceptance;
      return a?.phase === 'rectifying' && a.fixBy ? Date.parse(a.fixBy) : null;
    },
    run: () => publish(s.acceptance!, 'fail', AUTOMATIC_REASONS.not_rectified, false, null, 'not_rectified'),
  });

  // The objection window has passed and every objection is answered: the verdict is final.
  run.duties.push({
    dueAt: () => {
      const a = s.acceptance;
      return a?.phase === 'published' && a.objectionsUntil && !a.objections.some((o) => o.status === 'open')
        ? Date.parse(a.objectionsUntil)
        : null;
    },
    run: () => finalize(s.acceptance!),
  });

  /** The verdict published (公示) with its objection window: a fixed period (drills) or working days. */
  const publish = async (
    a: ProjectAcceptanceState,
    verdict: AcceptanceVerdict,
    reasons: string,
    excellent: boolean,
    actorId: string | null,
    automatic: 'overdue' | 'not_rectified' | null,
  ) => {
    const now = at();
    const objectionsUntil = a.terms.objectionPeriod
      ? addDuration(new Date(now), a.terms.objectionPeriod).toISOString()
      : (await run.acts.workingDayDeadline({ from: now, workingDays: a.terms.objectionWorkingDays })).end;
    await record(a, actorId, { published: { verdict, reasons, excellent, objectionsUntil, automatic } });
    Object.assign(a, {
      phase: 'published',
      verdict,
      reasons,
      excellent,
      decidedBy: actorId,
      objectionsUntil,
      objections: [],
    });
  };

  /** The verdict takes effect: status, surplus or recovery order, credit records. */
  const finalize = async (a: ProjectAcceptanceState) => {
    const now = at();
    const verdict = a.verdict!;
    const money = await run.acts.acceptanceSettlement({ projectId: s.projectId, at: now });
    // The dossier's final accounts when there is one, else the best figure on record.
    const known =
      a.spentFen === null ? spentAsKnown(await run.acts.projectSpending({ projectId: s.projectId })) : null;
    const figure = known
      ? { spentFen: known.spentFen, source: known.source, reportSeq: known.reportSeq, at: known.at }
      : { spentFen: a.spentFen!, source: 'acceptance' as const, reportSeq: null, at: a.submittedAt };
    const spent = figure.spentFen;
    const status = statusAfterAcceptance(verdict);
    // A pass also releases the final installment: the surplus counts the funds the project receives.
    const funds = money.paidFen + (verdict === 'pass' ? money.releasedOnPassFen : 0);
    const surplus = surplusFen(funds, spent);
    const keep = verdict === 'pass' ? surplusKept(money.surplus.pi, money.surplus.host) : null;
    const owed = verdict === 'pass' ? (keep!.kept ? 0 : surplus) : surplusFen(money.paidFen, spent);
    // A dispatch's yearly assessment names its grade (优秀 / 合格 / 不合格); runs opened before: research.
    const projectKind = a.terms.kind ?? 'research';
    const label = acceptanceVerdictLabel(verdict, a.excellent, projectKind).zh;
    const stage = acceptanceName(projectKind).zh;
    const recovery: RecoveryOrderRecord | null =
      owed > 0
        ? {
            id: uuid4(),
            amountFen: owed,
            reason:
              `${label}，缴回结余资金 ${formatYuan(owed)}（经费 ${formatYuan(verdict === 'pass' ? funds : money.paidFen)}，` +
              `决算支出 ${formatYuan(spent)}）` +
              (keep ? `：${keep.reason}` : `：${a.reasons ?? ''}`),
            dueAt: addDuration(
              new Date(now),
              a.terms.recoveryWindow || s.midterm?.recoveryWindow || DEFAULT_RECOVERY_WINDOW,
            ).toISOString(),
            basis: { paidFen: money.paidFen, spent: figure },
          }
        : null;
    const recordFinal = () =>
      record(a, null, {
        final: {
          verdict,
          projectStatus: status,
          paidFen: money.paidFen,
          spentFen: spent,
          surplusFen: verdict === 'pass' ? surplus : 0,
          surplusKept: keep?.kept ?? false,
          surplusReason: keep?.reason ?? null,
          recovery,
        },
      });
    // The credit record is written before the verdict reads as final, so whoever sees "final" finds
    // it too; runs that wrote the final record first keep that order.
    const creditFirst = patched('acceptance-credit-before-final');
    if (!creditFirst) await recordFinal();
    const credit = (kind: 'failed_acceptance' | 'excellent_acceptance', severity: string, facts: string) =>
      run.acts.recordCredit({
        id: uuid4(),
        subject: { type: 'person', id: money.piId },
        kind,
        severity,
        stage: 'acceptance',
        projectId: s.projectId,
        facts,
        evidenceRefs: [`project:${s.projectId}:acceptance`],
        decisionNo: null,
        effectiveFrom: shanghaiDate(new Date(now)),
        effectiveUntil: null,
        referencesRecordId: null,
        isPublic: false,
        sourceEvent: { workflowId: workflowIds.project(s.projectId), step: `acceptance:${a.round}:final` },
        recordedBy: a.decidedBy,
        workflowId: workflowIds.project(s.projectId),
        step: `credit:acceptance:${kind}`,
        at: now,
      });
    // RULES §11: a failed acceptance is a breach (一般失信 by default; its ban from the credit policy).
    // A dispatch's 不合格 is the same breach for the commissioner, its 优秀 the same positive record.
    const what = projectKind === 'dispatch' ? `科技特派员${stage}` : `项目${stage}`;
    if (verdict === 'fail')
      await credit(
        'failed_acceptance',
        'minor',
        `${what}${projectKind === 'dispatch' ? label : '不通过'}：${a.reasons ?? ''}`,
      );
    if (verdict === 'pass' && a.excellent)
      await credit('excellent_acceptance', 'positive', `${what}通过，结论为优秀：${a.reasons ?? ''}`);
    if (creditFirst) await recordFinal();
    a.phase = 'final';
    s.status = status;
    if (recovery)
      s.recoveries = [...(s.recoveries ?? []), { id: recovery.id, dueAt: recovery.dueAt, status: 'open' }];
    await tellAgreement(run);
  };

  setHandler(
    submitAcceptanceUpdate,
    run.command<SubmitAcceptanceArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'submit', at());
      const a = s.acceptance!;
      assertAuditReportFen(x.spentFen, x.auditReportId, a.terms.auditThresholdFen);
      const now = at();
      // Lateness is judged on the first dossier (a returned or rectified one is not late again).
      const late = (a.submittedAt ? Date.parse(a.submittedAt) : now) > Date.parse(a.applyBy);
      await record(a, x.actorId, {
        submission: { dossier: x.dossier, completion: x.completion, spentFen: x.spentFen, late },
      });
      Object.assign(a, {
        phase: 'submitted',
        submittedAt: a.submittedAt ?? new Date(now).toISOString(),
        completion: x.completion,
        spentFen: x.spentFen,
        falseMaterial: false,
        spendingIssues: false,
      });
    }),
    {
      validator: validate<SubmitAcceptanceArgs>('submit', (x) =>
        assertAuditReportFen(x.spentFen, x.auditReportId, s.acceptance!.terms.auditThresholdFen),
      ),
    },
  );

  setHandler(
    confirmAcceptanceUpdate,
    run.command<ConfirmAcceptanceArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'confirm', at());
      const a = s.acceptance!;
      await record(a, x.actorId, { confirmation: { opinion: x.opinion } });
      a.phase = 'confirmed';
    }),
    { validator: validate('confirm') },
  );

  setHandler(
    checkAcceptanceUpdate,
    run.command<CheckAcceptanceArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'check', at());
      const a = s.acceptance!;
      const late = !!a.submittedAt && Date.parse(a.submittedAt) > Date.parse(a.applyBy);
      await record(a, x.actorId, {
        check: {
          complete: x.complete,
          findings: x.findings,
          late,
          unapprovedChanges: s.unapprovedChange ? 1 : 0,
        },
      });
      // Incomplete: back to the PI (in round 2, still within the rectification's deadline).
      a.phase = x.complete ? 'checked' : a.round > 1 ? 'rectifying' : 'awaiting';
    }),
    { validator: validate('check') },
  );

  setHandler(
    reviewAcceptanceUpdate,
    run.command<ReviewAcceptanceArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'review', at());
      const a = s.acceptance!;
      await record(a, x.actorId, {
        review: {
          opinion: x.opinion,
          recommendation: x.recommendation,
          falseMaterial: x.falseMaterial,
          spendingIssues: x.spendingIssues,
        },
      });
      Object.assign(a, {
        phase: 'reviewed',
        falseMaterial: x.falseMaterial,
        spendingIssues: x.spendingIssues,
      });
    }),
    { validator: validate('review') },
  );

  const verdictFacts = (a: ProjectAcceptanceState) => ({
    completion: a.completion ?? 0,
    unapprovedChanges: s.unapprovedChange ? 1 : 0,
    falseMaterial: a.falseMaterial,
    spendingIssues: a.spendingIssues,
    late: !!a.submittedAt && Date.parse(a.submittedAt) > Date.parse(a.applyBy),
  });
  const assertDecision = (x: DecideAcceptanceArgs) => {
    const a = s.acceptance!;
    assertVerdictAllowed(verdictFacts(a), a.round, x.verdict, a.terms.kind, x.excellent);
  };

  setHandler(
    decideAcceptanceUpdate,
    run.command<DecideAcceptanceArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'decide', at());
      assertDecision(x);
      const a = s.acceptance!;
      const excellent = x.verdict === 'pass' && x.excellent;
      if (x.verdict === 'conditional') {
        // One chance to fix (RULES §10): round 2 with its deadline, the project rectifying.
        const fixBy = addDuration(new Date(at()), a.terms.rectifyWindow).toISOString();
        await record(a, x.actorId, { rectify: { reasons: x.reasons, fixBy } });
        Object.assign(a, { phase: 'rectifying', round: 2, fixBy, reasons: x.reasons, decidedBy: x.actorId });
        s.status = 'rectifying';
        return;
      }
      await publish(a, x.verdict, x.reasons, excellent, x.actorId, null);
    }),
    { validator: validate('decide', assertDecision) },
  );

  setHandler(
    objectAcceptanceUpdate,
    run.command<ObjectAcceptanceArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'object', at());
      const a = s.acceptance!;
      if (a.objections.some((o) => o.id === x.objectionId)) return; // a retried request
      await record(a, x.actorId, { objection: { id: x.objectionId, name: x.name, reasons: x.reasons } });
      a.objections.push({ id: x.objectionId, status: 'open' });
    }),
    { validator: validate('object') },
  );

  setHandler(
    answerAcceptanceObjectionUpdate,
    run.command<AnswerAcceptanceObjectionArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'answer_objection', at());
      const a = s.acceptance!;
      assertAcceptanceObjectionOpen(a.objections, x.objectionId);
      const o = a.objections.find((y) => y.id === x.objectionId)!;
      await record(a, x.actorId, {
        objectionAnswer: { id: x.objectionId, outcome: x.outcome, reply: x.reply },
      });
      o.status = x.outcome;
      // An upheld objection withdraws the verdict: the officer decides again on the review.
      if (x.outcome === 'upheld')
        Object.assign(a, { phase: 'reviewed', verdict: null, excellent: false, objectionsUntil: null });
    }),
    {
      validator: validate<AnswerAcceptanceObjectionArgs>('answer_objection', (x) =>
        assertAcceptanceObjectionOpen(s.acceptance!.objections, x.objectionId),
      ),
    },
  );

  // ---- 验收专家组: the acceptance panel (the engine and the seats of the mid-term panel) ----------

  /** The panel closes: its consolidated verdict and findings are the review; none given, it lapses. */
  const closePanel = async () => {
    const a = s.acceptance!;
    const p = a.panel!;
    const closed = await run.acts.closeMidtermPanel({
      projectId: s.projectId,
      panelId: p.id,
      round: a.round,
      at: at(),
    });
    Object.assign(a, {
      phase: closed.recommendation ? 'reviewed' : 'checked',
      falseMaterial: closed.falseMaterial ?? false,
      spendingIssues: closed.spendingIssues ?? false,
      panel: null,
    });
  };

  // The panel's deadline: it closes with the opinions given.
  run.duties.push({
    dueAt: () => {
      const p = s.acceptance?.phase === 'panel' ? s.acceptance.panel : null;
      return p ? Date.parse(p.deadline) : null;
    },
    run: closePanel,
  });

  setHandler(
    conveneAcceptancePanelUpdate,
    run.command<ConveneMidtermPanelArgs>(async (x) => {
      assertAcceptanceStep(facts(), 'convene', at());
      const a = s.acceptance!;
      const panelId = uuid4();
      // Drawn by the engine with the project's conflicts; ≥ 5, odd, a finance expert, and the
      // issuer's representative for a challenge (panelSettingsFor, RULES §10).
      const drawn = await run.acts.drawMidtermPanel({
        projectId: s.projectId,
        panelId,
        round: a.round,
        seed: x.seed,
        actorId: x.actorId,
        at: at(),
        stage: 'acceptance',
        ...(x.pool ? { pool: x.pool } : {}),
      });
      a.panel = {
        id: panelId,
        deadline: drawn.deadline,
        members: drawn.members.map((m) => ({ ...m, status: 'invited' as const })),
      };
      a.phase = 'panel';
    }),
    { validator: validate('convene') },
  );

  const assertAnswer = (x: AnswerMidtermPanelArgs, now: number) => {
    const a = s.acceptance;
    assertPanelAnswer(a?.phase === 'panel' ? a.panel : null, x.memberId, x.expertId, x.answer, now);
    if (x.answer === 'opinion' && x.opinion)
      assertPanelRecommendation('acceptance', x.opinion.recommendation);
  };

  setHandler(
    answerAcceptancePanelUpdate,
    run.command<AnswerMidtermPanelArgs>(async (x) => {
      assertAnswer(x, at());
      if (await answerSeat(run, s.acceptance!.panel!, x)) await closePanel();
    }),
    { validator: (x: AnswerMidtermPanelArgs) => check(() => assertAnswer(x, Date.now())) },
  );

  // 要求回避 on the acceptance panel, as on the mid-term panel.
  const sitting = () => (s.acceptance?.phase === 'panel' ? s.acceptance.panel : null);
  setHandler(
    requireAcceptancePanelRecusalUpdate,
    run.command<RequirePanelRecusalArgs>(async (x) => {
      assertMayRequirePanelRecusal(sitting(), x.memberId, at());
      if (await requireSeatRecusal(run, sitting()!, x)) await closePanel();
    }),
    {
      validator: (x: RequirePanelRecusalArgs) =>
        check(() => assertMayRequirePanelRecusal(sitting(), x.memberId, Date.now())),
    },
  );
}
