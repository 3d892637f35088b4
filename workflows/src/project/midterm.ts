import { patched, setHandler, uuid4 } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { addDuration } from '@kjflow/domain/kernel/iso-duration.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import {
  assertMidtermStep,
  assertRecoveryPayable,
  DEFAULT_RECOVERY_WINDOW,
  DEFAULT_RECTIFY_WINDOW,
  MIDTERM_DECISION_LABELS,
  MidtermStep,
  statusAfterMidterm,
} from '@kjflow/domain/project/midterm.rules';
import {
  ConfirmMidtermArgs,
  confirmMidtermUpdate,
  DecideMidtermArgs,
  decideMidtermUpdate,
  PayRecoveryArgs,
  payRecoveryUpdate,
  ReviewMidtermArgs,
  reviewMidtermUpdate,
  SubmitMidtermArgs,
  submitMidtermUpdate,
} from '../definitions';
import { check } from '../lib/failures';
import { endProject, RecoveryOrderPlan, tellAgreement } from './ending';
import { ProjectRun } from './run';

/**
 * 中期检查 and 追回 (issue 15 §4, §6): at the mid-term point the check opens; the PI submits, the
 * host institution confirms, an officer reviews, and a decision follows (continue releases the
 * mid-term installment; rectify sets a deadline and a re-check; adjust records the approved change;
 * terminate and revoke end the project with a recovery order, revoke with credit records). A
 * recovery order unpaid at its deadline turns overdue and writes a credit record for the PI.
 */
export function midtermPart(run: ProjectRun): void {
  // Runs started before this part existed keep their history; their next run has it.
  if (!patched('project-midterm')) return;
  const s = run.state;
  const facts = () => ({ status: s.status, midtermAt: s.midtermAt, midterm: s.midterm });
  const at = () => Date.now();
  const validate =
    <A extends { actorId: string }>(
      step: MidtermStep,
      decisionOf?: (a: A) => DecideMidtermArgs['decision'],
    ) =>
    (a: A) =>
      check(() => assertMidtermStep(facts(), step, a.actorId, decisionOf?.(a)));

  // The check opens at the mid-term point (a program without one has midtermAt null), unless the
  // project ended before it (a failed milestone).
  run.duties.push({
    dueAt: () =>
      run.executing() && s.registered && s.midtermAt && !s.midterm ? Date.parse(s.midtermAt) : null,
    run: async () => {
      const w = await run.acts.openMidterm({ projectId: s.projectId, at: at() });
      s.midterm = {
        phase: 'opened',
        round: 1,
        reviewedBy: null,
        fixBy: null,
        decision: null,
        spentFen: null,
        rectifyWindow: w.rectifyWindow || DEFAULT_RECTIFY_WINDOW,
        recoveryWindow: w.recoveryWindow || DEFAULT_RECOVERY_WINDOW,
      };
    },
  });

  // A rectification unanswered at its deadline: its event (the views show it overdue from then).
  let overdueNoted: string | null = null;
  run.duties.push({
    dueAt: () => {
      const m = s.midterm;
      return run.executing() && m?.phase === 'rectifying' && m.fixBy && overdueNoted !== m.fixBy
        ? Date.parse(m.fixBy)
        : null;
    },
    run: async () => {
      const m = s.midterm!;
      await run.acts.recordMidterm({
        projectId: s.projectId,
        round: m.round,
        actorId: null,
        at: at(),
        rectificationOverdue: { fixBy: m.fixBy! },
      });
      overdueNoted = m.fixBy;
    },
  });

  // A recovery order open at its deadline turns overdue and writes the PI's credit record.
  run.duties.push({
    dueAt: () => {
      const open = (s.recoveries ?? []).filter((o) => o.status === 'open').map((o) => Date.parse(o.dueAt));
      return open.length ? Math.min(...open) : null;
    },
    run: async () => {
      const now = at();
      for (const o of s.recoveries ?? []) {
        if (o.status !== 'open' || Date.parse(o.dueAt) > now) continue;
        await run.acts.recordRecovery({
          projectId: s.projectId,
          orderId: o.id,
          status: 'overdue',
          actorId: null,
          note: '',
          at: now,
        });
        const funds = await run.acts.projectFunds({ projectId: s.projectId });
        await run.acts.recordCredit({
          id: uuid4(),
          subject: { type: 'person', id: funds.piId },
          kind: 'recovery_overdue',
          // 一般失信 by default (RULES §11 levels; [T]): the funds are still owed and collectable.
          severity: 'minor',
          stage: 'execution',
          projectId: s.projectId,
          facts: `追回单 ${o.id} 未在缴回期限（${o.dueAt}）前缴回。`,
          evidenceRefs: [`recovery-order:${o.id}`],
          decisionNo: null,
          effectiveFrom: shanghaiDate(new Date(now)),
          effectiveUntil: null,
          referencesRecordId: null,
          isPublic: false,
          sourceEvent: { workflowId: workflowIds.project(s.projectId), step: `recovery:${o.id}:overdue` },
          recordedBy: null,
          workflowId: workflowIds.project(s.projectId),
          step: `credit:recovery:${o.id}`,
          at: now,
        });
        o.status = 'overdue';
      }
    },
  });

  setHandler(
    submitMidtermUpdate,
    run.command<SubmitMidtermArgs>(async (a) => {
      assertMidtermStep(facts(), 'submit', a.actorId);
      const m = s.midterm!;
      const spentFen = a.spending.equipment + a.spending.business + a.spending.labour + a.spending.indirect;
      await run.acts.recordMidterm({
        projectId: s.projectId,
        round: m.round,
        actorId: a.actorId,
        at: at(),
        submission: { selfAssessment: a.selfAssessment, spending: a.spending, spentFen },
      });
      Object.assign(m, { phase: 'submitted', spentFen, reviewedBy: null });
    }),
    { validator: validate('submit') },
  );

  setHandler(
    confirmMidtermUpdate,
    run.command<ConfirmMidtermArgs>(async (a) => {
      assertMidtermStep(facts(), 'confirm', a.actorId);
      const m = s.midterm!;
      await run.acts.recordMidterm({
        projectId: s.projectId,
        round: m.round,
        actorId: a.actorId,
        at: at(),
        confirmation: { opinion: a.opinion },
      });
      m.phase = 'confirmed';
    }),
    { validator: validate('confirm') },
  );

  setHandler(
    reviewMidtermUpdate,
    run.command<ReviewMidtermArgs>(async (a) => {
      assertMidtermStep(facts(), 'review', a.actorId);
      const m = s.midterm!;
      await run.acts.recordMidterm({
        projectId: s.projectId,
        round: m.round,
        actorId: a.actorId,
        at: at(),
        review: { opinion: a.opinion, recommendation: a.recommendation },
      });
      Object.assign(m, { phase: 'reviewed', reviewedBy: a.actorId });
    }),
    { validator: validate('review') },
  );

  setHandler(
    decideMidtermUpdate,
    run.command<DecideMidtermArgs>(async (a) => {
      assertMidtermStep(facts(), 'decide', a.actorId, a.decision);
      const m = s.midterm!;
      const now = at();
      const status = statusAfterMidterm(a.decision);
      const fixBy =
        a.decision === 'rectify' ? addDuration(new Date(now), m.rectifyWindow).toISOString() : null;
      const ends = a.decision === 'terminate' || a.decision === 'revoke';
      const record = (recovery: RecoveryOrderPlan | null) =>
        run.acts.recordMidterm({
          projectId: s.projectId,
          round: m.round,
          actorId: a.actorId,
          at: now,
          decision: {
            decision: a.decision,
            reasons: a.reasons,
            changeNote: a.changeNote,
            fixBy,
            projectStatus: status,
            recovery,
          },
        });
      if (ends)
        // The one way a project ends early (ending.ts): recovery order, revocation's credit records.
        await endProject(run, {
          decision: a.decision as 'terminate' | 'revoke',
          reasons: a.reasons,
          actorId: a.actorId,
          spentFen: m.spentFen ?? 0,
          severity: a.severity,
          creditInstitution: a.creditInstitution,
          creditFacts: `中期检查决定撤销项目（${MIDTERM_DECISION_LABELS.revoke.zh}）：${a.reasons}`,
          evidenceRef: `project:${s.projectId}:midterm`,
          sourceStep: `midterm:${m.round}:decided`,
          creditStep: 'credit:revoke',
          record,
        });
      else await record(null);
      Object.assign(m, {
        phase: a.decision === 'rectify' ? 'rectifying' : 'decided',
        round: m.round + (a.decision === 'rectify' ? 1 : 0),
        fixBy,
        decision: a.decision,
      });
      s.status = status;
      if (a.decision === 'continue') await tellAgreement(run);
    }),
    { validator: validate('decide', (a: DecideMidtermArgs) => a.decision) },
  );

  setHandler(
    payRecoveryUpdate,
    run.command<PayRecoveryArgs>(async (a) => {
      const o = (s.recoveries ?? []).find((x) => x.id === a.orderId);
      assertRecoveryPayable(o);
      await run.acts.recordRecovery({
        projectId: s.projectId,
        orderId: a.orderId,
        status: 'paid',
        actorId: a.actorId,
        note: a.note,
        at: at(),
      });
      o!.status = 'paid';
    }),
  );
}
