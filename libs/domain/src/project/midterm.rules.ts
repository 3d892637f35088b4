import { Bilingual, DomainError } from '../kernel/errors.rules';
import { Consolidation, consolidateRecommendations } from '../review/expert-panel.rules';

/**
 * 中期检查 (RULES §9, §14 Execution), zod-free as the project's workflow decides it: at the mid-term
 * point the check opens; the PI submits a self-assessment and spending statement, the host
 * institution confirms it, the officer reviews it (or convenes an expert panel whose consolidated
 * recommendation is the review), and one decision follows.
 */
export const MIDTERM_DECISIONS = ['continue', 'rectify', 'adjust', 'terminate', 'revoke'] as const;
export type MidtermDecision = (typeof MIDTERM_DECISIONS)[number];
export const MIDTERM_DECISION_LABELS: Record<MidtermDecision, Bilingual> = {
  continue: { zh: '继续实施', en: 'Continue' },
  rectify: { zh: '限期整改', en: 'Rectify within a deadline' },
  adjust: { zh: '调整', en: 'Adjust' },
  terminate: { zh: '终止', en: 'Terminate (no fault)' },
  revoke: { zh: '撤销', en: 'Revoke (fault)' },
};

/** Where the check stands: waiting for the PI (opened, or rectifying), then each step in turn. */
export const MIDTERM_PHASES = [
  'opened',
  'submitted',
  'confirmed',
  /** An expert panel is sitting (专家组评审); its consolidated recommendation becomes the review. */
  'panel',
  'reviewed',
  'rectifying',
  'decided',
] as const;
export type MidtermPhase = (typeof MIDTERM_PHASES)[number];
export const MIDTERM_STEPS = ['submit', 'confirm', 'review', 'convene', 'decide'] as const;
export type MidtermStep = (typeof MIDTERM_STEPS)[number];

/** Defaults of the template durations this stage reads (RULES §9: 整改 ≤ 3 months; §13 recovery [T]). */
export const DEFAULT_RECTIFY_WINDOW = 'P3M';
export const DEFAULT_RECOVERY_WINDOW = 'P30D';

/** The mid-term check as its workflow keeps it (small: ids, phases, instants). */
export interface MidtermFacts {
  phase: MidtermPhase;
  /** 1 for the check, 2 for the re-check after a rectification. */
  round: number;
  /** The officer who recorded the review of this round. */
  reviewedBy: string | null;
  /** The rectification's deadline (UTC ISO), while rectifying. */
  fixBy: string | null;
  decision: MidtermDecision | null;
}

const PHASE_FOR_STEP: Record<MidtermStep, readonly MidtermPhase[]> = {
  submit: ['opened', 'rectifying'],
  confirm: ['submitted'],
  review: ['confirmed'],
  convene: ['confirmed'],
  decide: ['reviewed'],
};
const STEP_LABELS: Record<MidtermStep, Bilingual> = {
  submit: { zh: '提交自评报告和经费支出情况', en: 'submit the self-assessment and spending statement' },
  confirm: { zh: '依托单位确认', en: 'confirm as the host institution' },
  review: { zh: '记录审查意见', en: 'record the review' },
  convene: { zh: '组织专家组评审', en: 'convene an expert panel' },
  decide: { zh: '作出中期检查决定', en: 'decide the mid-term check' },
};

/**
 * The steps the check's phase waits for, in order (none before it opens, while a panel sits, or
 * once decided): what a reader's page offers, from the same table the refusals are made from.
 */
export function midtermStepsAt(phase: MidtermPhase | null): MidtermStep[] {
  return phase === null ? [] : MIDTERM_STEPS.filter((s) => PHASE_FOR_STEP[s].includes(phase));
}

/** The decisions a round may end in: a re-check may not order a second rectification. */
export function midtermDecisionsOf(round: number): MidtermDecision[] {
  return MIDTERM_DECISIONS.filter((d) => d !== 'rectify' || round <= 1);
}

/** Projects that no longer take mid-term steps (their execution has ended). */
const ENDED = ['terminated', 'revoked', 'accepted', 'closed'];

/**
 * May this step be taken now? A program without the mid-term check (midtermAt null) has none
 * (422); before the mid-term point, out of order or after the decision it is the wrong state (409);
 * a re-check may not order a second rectification, and the officer who reviewed may not also
 * terminate or revoke (four eyes: both end the project and recover its funds).
 */
export function assertMidtermStep(
  p: {
    status: string | undefined;
    midtermAt: string | null | undefined;
    midterm: MidtermFacts | null | undefined;
  },
  step: MidtermStep,
  actorId: string,
  decision?: MidtermDecision,
): void {
  if (!p.midtermAt)
    throw new DomainError('rule_refused', {
      zh: '该项目的计划模板不含中期检查环节',
      en: 'This project’s program template has no mid-term check',
    });
  if (p.status && ENDED.includes(p.status))
    throw new DomainError('invalid_state', {
      zh: '项目已结束执行，不再进行中期检查',
      en: 'The project’s execution has ended; there is no mid-term check any more',
    });
  const m = p.midterm;
  if (!m)
    throw new DomainError('invalid_state', {
      zh: `中期检查于 ${p.midtermAt} 开始，尚未开始`,
      en: `The mid-term check opens at ${p.midtermAt}; it has not opened yet`,
    });
  if (!PHASE_FOR_STEP[step].includes(m.phase)) {
    const label = STEP_LABELS[step];
    throw new DomainError(m.phase === 'decided' ? 'conflict' : 'invalid_state', {
      zh: m.phase === 'decided' ? '中期检查已作出决定' : `中期检查当前阶段不能${label.zh}`,
      en:
        m.phase === 'decided'
          ? 'The mid-term check has been decided'
          : `The mid-term check is not at the step to ${label.en}`,
    });
  }
  if (step !== 'decide') return;
  if (decision && !midtermDecisionsOf(m.round).includes(decision))
    throw new DomainError('rule_refused', {
      zh: '整改后的复查须作出继续实施、调整、终止或撤销的决定，不能再次整改',
      en: 'The re-check after a rectification ends in continue, adjust, terminate or revoke, not another rectification',
    });
  if ((decision === 'terminate' || decision === 'revoke') && m.reviewedBy === actorId)
    throw new DomainError('rule_refused', {
      zh: '终止或撤销须由审查人以外的人员决定（双人复核）',
      en: 'Termination or revocation is decided by someone other than the reviewer (four eyes)',
    });
}

/**
 * The mid-term decisions from least to most cautious, for a panel's tie (expert-panel.rules):
 * continue releases the installment; adjust changes the plan; rectify withholds it until a
 * re-check; terminate ends the project; revoke also recovers everything and records fault.
 */
export const MIDTERM_CAUTION_ORDER: readonly MidtermDecision[] = [
  'continue',
  'adjust',
  'rectify',
  'terminate',
  'revoke',
];

/** The panel's recommendation from its members' (majority; a tie → the more cautious). */
export function consolidateMidtermPanel(
  recommendations: readonly MidtermDecision[],
): Consolidation<MidtermDecision> {
  return consolidateRecommendations(recommendations, MIDTERM_CAUTION_ORDER, MIDTERM_DECISION_LABELS);
}

/** The project status a decision leaves (rectify: rectifying until the re-check decides). */
export function statusAfterMidterm(
  decision: MidtermDecision,
): 'ongoing' | 'rectifying' | 'terminated' | 'revoked' {
  if (decision === 'rectify') return 'rectifying';
  if (decision === 'terminate') return 'terminated';
  if (decision === 'revoke') return 'revoked';
  return 'ongoing';
}

/**
 * 追回 (RULES §9): termination returns the unspent funds (paid minus the spending the accepted
 * statement declares, never negative); revocation recovers everything disbursed. Integer fen.
 */
export function recoveryAmountFen(
  decision: 'terminate' | 'revoke',
  paidFen: number,
  spentFen: number,
): number {
  if (decision === 'revoke') return paidFen;
  return Math.max(0, paidFen - spentFen);
}

/** True for a rectification still unanswered past its deadline (shown overdue). */
export function rectificationOverdue(m: MidtermFacts | null | undefined, now: number): boolean {
  return !!m && m.phase === 'rectifying' && m.fixBy !== null && new Date(m.fixBy).getTime() < now;
}

// ---- recovery orders (追回单) ------------------------------------------------------------------

export const RECOVERY_STATUSES = ['open', 'paid', 'overdue'] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];

/** The repayment of a recovery order is recorded once, also after its deadline (then it stays on the record). */
export function assertRecoveryPayable(order: { status: string } | undefined): void {
  if (!order) throw new DomainError('not_found', { zh: '追回单不存在', en: 'No such recovery order' });
  if (order.status === 'paid')
    throw new DomainError('conflict', {
      zh: '该追回单已登记缴回',
      en: 'The repayment of this recovery order is already recorded',
    });
}
