import { getExternalWorkflowHandle, patched, uuid4 } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { addDuration } from '@kjflow/domain/kernel/iso-duration.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import { DEFAULT_RECOVERY_WINDOW, recoveryAmountFen } from '@kjflow/domain/project/midterm.rules';
import { recoveryOf, spentAsKnown } from '@kjflow/domain/project/ending.rules';
import type { RecoveryOrderRecord } from '../activities';
import { agreementFactsChangedSignal } from '../definitions';
import { ProjectRun } from './run';

export type RecoveryOrderPlan = RecoveryOrderRecord;

/**
 * How a project ends early: terminate (终止, no fault: the unspent funds are returned) or revoke
 * (撤销, fault: everything disbursed is recovered and credit records written). The mid-term
 * decision, the race's mid-point decision and a failed milestone all end a project this one way.
 */
export interface ProjectEnding {
  /** close: 结题 through 容错 (no fault, settled like a termination, no credit record here). */
  decision: 'terminate' | 'revoke' | 'close';
  reasons: string;
  actorId: string | null;
  /**
   * The spending the cause had in hand (the mid-term statement, if any). Only runs recorded before
   * 'project-ending-spending' settle on it; later runs read the spending on record at the end.
   */
  spentFen: number;
  /** Severity of the revocation's credit records, and whether the institution is at fault too. */
  severity?: string;
  creditInstitution?: boolean;
  /** The credit records' facts (a revocation). */
  creditFacts?: string;
  /** What the credit records cite: their evidence and the step of the deciding event. */
  evidenceRef: string;
  sourceStep: string;
  /** The credit records' step prefix (e.g. 'credit:revoke'). */
  creditStep: string;
  /** Writes the decision (the cause's own record) with the recovery order, in one activity. */
  record(recovery: RecoveryOrderPlan | null, status: 'terminated' | 'revoked' | 'closed'): Promise<void>;
}

/**
 * Ends the project: reads what was paid and spent, records the decision with its recovery order
 * (追回单, none when nothing is owed), writes the revocation's credit records and moves the state
 * (the agreement refuses unpaid installments of an ended project, read from the records).
 */
export async function endProject(run: ProjectRun, e: ProjectEnding): Promise<void> {
  const s = run.state;
  const now = Date.now();
  const status = e.decision === 'revoke' ? 'revoked' : e.decision === 'close' ? 'closed' : 'terminated';
  const funds = await run.acts.projectFunds({ projectId: s.projectId });
  const dueAt = () =>
    addDuration(new Date(now), s.midterm?.recoveryWindow || DEFAULT_RECOVERY_WINDOW).toISOString();
  let recovery: RecoveryOrderPlan | null;
  if (patched('project-ending-spending')) {
    // The best figure on record (the later of the mid-term statement and the latest accepted
    // report), read at the end whatever the cause; a revocation recovers everything regardless.
    const spent = spentAsKnown(await run.acts.projectSpending({ projectId: s.projectId }));
    const order = recoveryOf(e.decision, funds.paidFen, spent, e.reasons);
    recovery = order && { id: uuid4(), ...order, dueAt: dueAt() };
  } else {
    // Runs recorded before: settled on the cause's figure (0 without a mid-term statement).
    const amountFen = recoveryAmountFen(
      e.decision === 'revoke' ? 'revoke' : 'terminate',
      funds.paidFen,
      e.spentFen,
    );
    recovery =
      amountFen > 0
        ? {
            id: uuid4(),
            amountFen,
            reason:
              e.decision === 'revoke'
                ? `项目撤销，追回全部已拨付资金：${e.reasons}`
                : `项目终止，缴回结余资金：${e.reasons}`,
            dueAt: dueAt(),
          }
        : null;
  }
  await e.record(recovery, status);
  if (e.decision === 'revoke') {
    // RULES §9, §11: revocation is a fault: a credit record for the PI, and the institution when its fault too.
    const subjects = [
      { type: 'person', id: funds.piId },
      ...(e.creditInstitution ? [{ type: 'institution', id: funds.institutionId }] : []),
    ];
    for (const subject of subjects)
      await run.acts.recordCredit({
        id: uuid4(),
        subject,
        kind: 'project_revoked',
        severity: e.severity ?? 'minor',
        stage: 'execution',
        projectId: s.projectId,
        facts: e.creditFacts ?? e.reasons,
        evidenceRefs: [e.evidenceRef],
        decisionNo: null,
        effectiveFrom: shanghaiDate(new Date(now)),
        effectiveUntil: null,
        referencesRecordId: null,
        isPublic: false,
        sourceEvent: { workflowId: workflowIds.project(s.projectId), step: e.sourceStep },
        recordedBy: e.actorId,
        workflowId: workflowIds.project(s.projectId),
        step: `${e.creditStep}:${subject.type}`,
        at: now,
      });
  }
  s.status = status;
  if (recovery)
    s.recoveries = [...(s.recoveries ?? []), { id: recovery.id, dueAt: recovery.dueAt, status: 'open' }];
  await tellAgreement(run);
}

/**
 * The agreement decides installments on the project's facts (reports, the mid-term decision,
 * milestones, the end). One mechanism keeps them fresh: the agreement reads them again from the
 * records at each installment command of an agreement with a project
 * (patched('installment-fresh-facts') in agreement.workflow.ts). That read sees every change,
 * including the ones no signal was ever sent for (a report accepted or falling overdue), and needs
 * no running agreement workflow; the signal sent here covered only some changes. Runs recorded
 * before 'agreement-reads-fresh-facts' still send it (their histories hold it); new runs send nothing.
 */
export async function tellAgreement(run: ProjectRun): Promise<void> {
  if (patched('agreement-reads-fresh-facts')) return;
  const s = run.state;
  if (s.agreementId)
    await getExternalWorkflowHandle(workflowIds.agreement(s.agreementId))
      .signal(agreementFactsChangedSignal)
      .catch(() => undefined); // not running: it reads the records when reopened
}
