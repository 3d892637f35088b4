import { Bilingual, DomainError } from '../kernel/errors.rules';
import { addDuration } from '../kernel/iso-duration.rules';
import { loadAward } from '../kernel/lazy.rules';
import { Role, ROLE_LABELS } from '../kernel/roles.rules';
import { stateMachine, Transition } from '../kernel/state-machine.rules';

/**
 * The award's lifecycle and approval chain (award.ts has the rest: proposals, budget, notice,
 * objections), zod-free, as the award workflow runs them.
 */

// ---- 2. award state machine ------------------------------------------------------------------

export const AWARD_STATUSES = [
  'proposed',
  'in_approval',
  'returned',
  'approved',
  'in_notice',
  'final',
  'cancelled',
  'forfeited',
] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

export const AWARD_STATUS_LABELS: Record<AwardStatus, Bilingual> = {
  proposed: { zh: '拟立项（建议）', en: 'Proposed' },
  in_approval: { zh: '审批中', en: 'In approval' },
  returned: { zh: '退回修改', en: 'Returned for revision' },
  approved: { zh: '已批准（待公示）', en: 'Approved (awaiting public notice)' },
  in_notice: { zh: '公示中', en: 'In public notice' },
  final: { zh: '已立项', en: 'Final' },
  cancelled: { zh: '已取消立项', en: 'Cancelled' },
  forfeited: { zh: '视为放弃', en: 'Forfeited (agreement not signed in time)' },
};

/** A new award starts here; its creation is recorded as this event. */
export const AWARD_INITIAL_STATUS: AwardStatus = 'proposed';
export const AWARD_PROPOSED_EVENT = 'award.proposed';

/** The proposer may still change amounts and reasons. */
export const AWARD_EDITABLE: readonly AwardStatus[] = ['proposed', 'returned'];
/** Terminal: no command leads out of these. */
export const AWARD_CLOSED: readonly AwardStatus[] = ['cancelled', 'forfeited'];

export const AWARD_COMMANDS = [
  'submit',
  'approve_step',
  'approve',
  'return',
  'start_notice',
  'adjust',
  'finalize',
  'cancel',
  'forfeit',
] as const;
export type AwardCommand = (typeof AWARD_COMMANDS)[number];

const machine = stateMachine<AwardStatus>({
  noun: { zh: '立项', en: 'award' },
  labels: AWARD_STATUS_LABELS,
  rules: [
    { from: AWARD_EDITABLE, command: 'submit', to: 'in_approval', event: 'award.submitted_for_approval' },
    // A step of the chain approved, more steps to go.
    { from: ['in_approval'], command: 'approve_step', to: 'in_approval', event: 'award.step_approved' },
    // The last step approved.
    { from: ['in_approval'], command: 'approve', to: 'approved', event: 'award.approved' },
    { from: ['in_approval'], command: 'return', to: 'returned', event: 'award.returned' },
    { from: ['approved'], command: 'start_notice', to: 'in_notice', event: 'award.notice_started' },
    // Objection outcome "adjust": the amount changes, the notice goes on.
    { from: ['in_notice'], command: 'adjust', to: 'in_notice', event: 'award.adjusted' },
    { from: ['in_notice'], command: 'finalize', to: 'final', event: 'award.finalized' },
    // Objection outcome "cancel" (objection upheld).
    { from: ['in_notice'], command: 'cancel', to: 'cancelled', event: 'award.cancelled' },
    // Agreement not signed in time (RULES §7).
    { from: ['final'], command: 'forfeit', to: 'forfeited', event: 'award.forfeited' },
  ],
});

export function nextAwardStatus(from: AwardStatus, command: AwardCommand): Transition<AwardStatus> {
  return machine.next(from, command);
}

export function assertAwardEditable(status: AwardStatus): void {
  if (!AWARD_EDITABLE.includes(status))
    throw machine.refuse(status, { zh: '修改立项建议', en: 'the proposal can no longer be edited' });
}

// ---- 3. approval chain -------------------------------------------------------------------------

export const DEFAULT_AWARD_APPROVAL_CHAIN: readonly Role[] = ['admin'];

export const AWARD_DECISIONS = ['approve', 'return'] as const;
export type AwardDecision = (typeof AWARD_DECISIONS)[number];

/** A decision already recorded on the proposal, oldest first. */
export interface AwardApprovalRecord {
  actorId: string;
  decision: AwardDecision;
}

/** The approvals of the current round: those after the last return (a resubmission starts over). */
function currentRound(decisions: readonly AwardApprovalRecord[]): AwardApprovalRecord[] {
  let start = 0;
  decisions.forEach((d, i) => {
    if (d.decision === 'return') start = i + 1;
  });
  return decisions.slice(start);
}

/** The step waiting for a decision, or null when every step of the chain has approved. */
export function nextApprover(
  chain: readonly Role[],
  decisions: readonly AwardApprovalRecord[],
): { step: number; role: Role } | null {
  const step = currentRound(decisions).length;
  return step < chain.length ? { step, role: chain[step] } : null;
}

function pendingStep(chain: readonly Role[], decisions: readonly AwardApprovalRecord[]) {
  const next = nextApprover(chain, decisions);
  if (!next)
    throw new DomainError('invalid_state', {
      zh: '立项建议的各审批环节均已完成',
      en: 'Every approval step of the award proposal is already done',
    });
  return next;
}

/**
 * Four eyes: the actor holds the role of the step waiting for a decision, is not the proposer,
 * and has not approved an earlier step of the same round. Returns that step.
 */
export function assertMayApproveAward(
  actor: { id: string; roles: readonly Role[] },
  proposerId: string,
  chain: readonly Role[],
  decisions: readonly AwardApprovalRecord[],
): { step: number; role: Role } {
  const next = pendingStep(chain, decisions);
  if (actor.id === proposerId)
    throw new DomainError('forbidden', {
      zh: '立项建议的提出人不能审批自己的建议',
      en: 'The proposer cannot approve their own award proposal',
    });
  if (currentRound(decisions).some((d) => d.actorId === actor.id))
    throw new DomainError('forbidden', {
      zh: '同一人不能审批同一轮的两个环节',
      en: 'The same person cannot approve two steps of one round',
    });
  if (!actor.roles.includes(next.role))
    throw new DomainError('forbidden', {
      zh: `当前审批环节须由“${ROLE_LABELS[next.role].zh}”处理`,
      en: `The current approval step belongs to the ${ROLE_LABELS[next.role].en} role`,
    });
  return next;
}

/** The state-machine command a decision leads to: a return, an intermediate or the last approval. */
export function awardCommandForDecision(
  chain: readonly Role[],
  decisions: readonly AwardApprovalRecord[],
  decision: AwardDecision,
): Extract<AwardCommand, 'return' | 'approve_step' | 'approve'> {
  const next = pendingStep(chain, decisions);
  if (decision === 'return') return 'return';
  return next.step === chain.length - 1 ? 'approve' : 'approve_step';
}

// ---- 4. a notice of fixed length ---------------------------------------------------------------

/**
 * A notice that runs a fixed time on the clock from `from` (the template's `durations.noticePeriod`,
 * e.g. PT8S in drills and tests) instead of working days on the State Council calendar.
 */
export function fixedNoticePeriod(from: number, period: string): { start: string; end: string } {
  return { start: new Date(from).toISOString(), end: addDuration(new Date(from), period).toISOString() };
}

// ---- for workflow code: rules of award.ts that need its schemas or the holiday calendar ---------

type AwardModule = typeof import('./award');

/** `noticePeriod` of award.ts; the State Council calendar is loaded by the first call. */
export function noticePeriod(
  ...args: Parameters<AwardModule['noticePeriod']>
): ReturnType<AwardModule['noticePeriod']> {
  return loadAward().noticePeriod(...args);
}

/** `assertObjectionAccepted` of award.ts; its schema is loaded by the first call. */
export function assertObjectionAccepted(
  ...args: Parameters<AwardModule['assertObjectionAccepted']>
): ReturnType<AwardModule['assertObjectionAccepted']> {
  return loadAward().assertObjectionAccepted(...args);
}

/** `assertNoticeOpen` of award.ts (evidence and objections only while the notice runs). */
export function assertNoticeRunning(
  ...args: Parameters<AwardModule['assertNoticeOpen']>
): ReturnType<AwardModule['assertNoticeOpen']> {
  return loadAward().assertNoticeOpen(...args);
}
