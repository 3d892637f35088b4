import { Bilingual, DomainError } from '../kernel/errors.rules';
import { stateMachine } from '../kernel/state-machine.rules';

/**
 * 成果 (outcomes), zod-free as the outcome's workflow (`outcome-<id>`) decides them: the PI or the
 * host institution registers an outcome with its evidence (draft → submitted), an officer verifies
 * it, returns it with comments (the holder resubmits a new version) or rejects it. Only verified
 * outcomes count in the roll-ups against the plan's indicators.
 */
export const OUTCOME_STATUSES = ['draft', 'submitted', 'returned', 'verified', 'rejected'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export const OUTCOME_STATUS_LABELS: Record<OutcomeStatus, Bilingual> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待核实', en: 'Awaiting verification' },
  returned: { zh: '已退回修改', en: 'Returned for revision' },
  verified: { zh: '已核实', en: 'Verified' },
  rejected: { zh: '不予认定', en: 'Rejected' },
};

/** Final: the workflow closes, the record stays as it is. */
export const OUTCOME_DONE: readonly OutcomeStatus[] = ['verified', 'rejected'];

export const OUTCOME_DECISIONS = ['verify', 'return', 'reject'] as const;
export type OutcomeDecision = (typeof OUTCOME_DECISIONS)[number];

const machine = stateMachine<OutcomeStatus>({
  noun: { zh: '成果', en: 'outcome' },
  labels: OUTCOME_STATUS_LABELS,
  rules: [
    { from: ['draft'], command: 'register', to: 'submitted', event: 'outcome.registered' },
    { from: ['returned'], command: 'resubmit', to: 'submitted', event: 'outcome.resubmitted' },
    { from: ['submitted'], command: 'verify', to: 'verified', event: 'outcome.verified' },
    { from: ['submitted'], command: 'return', to: 'returned', event: 'outcome.returned' },
    { from: ['submitted'], command: 'reject', to: 'rejected', event: 'outcome.rejected' },
  ],
});

const ACTIONS: Record<string, Bilingual> = {
  register: { zh: '再次登记', en: 'it cannot be registered again' },
  resubmit: { zh: '重新提交（仅退回修改的成果可重新提交）', en: 'only a returned outcome is resubmitted' },
  verify: { zh: '核实（仅待核实的成果可核实）', en: 'only an outcome awaiting verification is verified' },
  return: { zh: '退回（仅待核实的成果可退回）', en: 'only an outcome awaiting verification is returned' },
  reject: { zh: '不予认定（仅待核实的成果可处理）', en: 'only an outcome awaiting verification is rejected' },
};

/** The move a command makes from `status`, or the refusal naming the current status. */
export function nextOutcomeStatus(
  status: OutcomeStatus,
  command: 'register' | 'resubmit' | OutcomeDecision,
): { from: OutcomeStatus; to: OutcomeStatus; event: string } {
  try {
    return machine.next(status, command);
  } catch {
    throw machine.refuse(status, ACTIONS[command]);
  }
}

/** A return or a rejection tells the holder why (the comment is what they act on). */
export function assertVerificationComment(decision: OutcomeDecision, comment: string | null): void {
  if (decision === 'verify' || (comment ?? '').trim().length >= 2) return;
  const message =
    decision === 'return'
      ? { zh: '退回修改须填写意见', en: 'A return needs comments saying what to revise' }
      : { zh: '不予认定须说明理由', en: 'A rejection needs its reasons' };
  throw new DomainError('validation_failed', message, [{ path: 'comment', message }]);
}
