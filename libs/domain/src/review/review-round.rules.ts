import { Bilingual, DomainError, RetryableRefusal } from '../kernel/errors.rules';
import { formatShanghai } from '../kernel/time.rules';

/**
 * A review round (评审轮次): the experts drawn for a call's applications, their invitations,
 * scores and the ranking. One workflow per round orchestrates one workflow per application,
 * which runs that application's invitations.
 */
export const REVIEW_ASSIGNMENT_STATUSES = [
  'invited',
  'accepted',
  'declined',
  'expired',
  'recused',
  'submitted',
  'missed',
] as const;
export type ReviewAssignmentStatus = (typeof REVIEW_ASSIGNMENT_STATUSES)[number];
export const REVIEW_ASSIGNMENT_LABELS: Record<ReviewAssignmentStatus, Bilingual> = {
  invited: { zh: '已邀请', en: 'Invited' },
  accepted: { zh: '已接受', en: 'Accepted' },
  declined: { zh: '已谢绝', en: 'Declined' },
  expired: { zh: '逾期未答复', en: 'No answer by the deadline' },
  recused: { zh: '已回避', en: 'Recused' },
  submitted: { zh: '已提交评分', en: 'Score submitted' },
  missed: { zh: '逾期未评', en: 'Missed the scoring deadline' },
};
/** An invitation that ended without a score: a replacement is drawn. */
export const REDRAW_OUTCOMES: readonly ReviewAssignmentStatus[] = [
  'declined',
  'expired',
  'recused',
  'missed',
];
/**
 * An invitation that holds its seat on the application's panel: still to answer, accepted, or
 * scored. Every other status ended without a score (REDRAW_OUTCOMES): its seat went to the
 * replacement drawn for it, or stayed empty when nobody qualified was left (a shortfall). A
 * redraw counts these seats for the load caps and maxPerOrganisation (review.activities.ts).
 */
export const SEAT_HOLDING_STATUSES: readonly ReviewAssignmentStatus[] = REVIEW_ASSIGNMENT_STATUSES.filter(
  (s) => !REDRAW_OUTCOMES.includes(s),
);

// ---- invitation rules (the workflow's validators) -------------------------------------------

function wrongState(status: ReviewAssignmentStatus, action: Bilingual): DomainError {
  const label = REVIEW_ASSIGNMENT_LABELS[status];
  return new DomainError('invalid_state', {
    zh: `该评审邀请${label.zh}，不能${action.zh}`,
    en: `The invitation is ${label.en.toLowerCase()}; cannot ${action.en}`,
  });
}

function late(deadline: string, what: Bilingual): DomainError {
  const at = formatShanghai(deadline);
  return new DomainError('window_closed', {
    zh: `${what.zh}已截止，截止时间为 ${at}（北京时间）`,
    en: `The deadline to ${what.en} passed at ${at} (Asia/Shanghai)`,
  });
}

export function assertCanRespond(status: ReviewAssignmentStatus, respondBy: string, now: number): void {
  if (status !== 'invited') throw wrongState(status, { zh: '答复', en: 'answer it' });
  if (now >= new Date(respondBy).getTime())
    throw late(respondBy, { zh: '答复邀请', en: 'answer the invitation' });
}

/**
 * The seats an expert may still step aside from (回避), or be required to: held, with nothing
 * given yet (no score on a review round, no opinion on a project's panel). One list for both.
 */
export const RECUSABLE_STATUSES = ['invited', 'accepted'] as const;

/** True while the seat may be recused (RECUSABLE_STATUSES). */
export function mayBeRecused(status: string): boolean {
  return (RECUSABLE_STATUSES as readonly string[]).includes(status);
}

/**
 * A conflict may surface on opening the application: the expert steps aside before scoring
 * (自行回避), or the organiser requires it (要求回避), under the same rule: while the invitation
 * holds its seat and has no score.
 */
export function assertCanRecuse(status: ReviewAssignmentStatus): void {
  if (!mayBeRecused(status)) throw wrongState(status, { zh: '申请回避', en: 'recuse' });
}

/**
 * How an invitation came to be recused (回避): the expert stepped aside (`self`, 自行回避), or an
 * officer required it (`required`, 要求回避), e.g. for a conflict or a panel over the limit of
 * experts per organisation found after the draw. Neither is the expert's fault: no credit record.
 */
export const RECUSAL_KINDS = ['self', 'required'] as const;
export type RecusalKind = (typeof RECUSAL_KINDS)[number];
export const RECUSAL_LABELS: Record<RecusalKind, Bilingual> = {
  self: { zh: '自行回避', en: 'Recused by the expert' },
  required: { zh: '要求回避', en: 'Recusal required by the organiser' },
};

/** An officer's command on an invitation names its round: an invitation of another round is missing. */
export function assertInvitationOfRound(
  invitation: { roundId: string } | null | undefined,
  roundId: string,
): asserts invitation is { roundId: string } {
  if (!invitation || invitation.roundId !== roundId)
    throw new DomainError('not_found', {
      zh: '本评审轮次中没有该评审邀请',
      en: 'No such invitation in this review round',
    });
}

export function assertCanScore(status: ReviewAssignmentStatus, scoreBy: string | null, now: number): void {
  if (status !== 'accepted' || scoreBy === null)
    throw wrongState(status, { zh: '提交评分', en: 'submit a score' });
  if (now >= new Date(scoreBy).getTime()) throw late(scoreBy, { zh: '评分', en: 'score' });
}

/** A draft score sheet is the accepted expert's own notes, kept until the score is submitted. */
export function assertCanSaveDraft(status: ReviewAssignmentStatus): void {
  if (status !== 'accepted') {
    const label = REVIEW_ASSIGNMENT_LABELS[status];
    throw new DomainError('invalid_state', {
      zh: `该评审任务${label.zh}，不能保存草稿`,
      en: `The assignment is ${label.en.toLowerCase()}; no draft can be saved`,
    });
  }
}

/** The expert may open the application while invited, accepted or after scoring, not once out. */
export function mayOpenAssignment(status: ReviewAssignmentStatus): boolean {
  return status === 'invited' || status === 'accepted' || status === 'submitted';
}

/** An invitation whose workflow has finished: the action came too late. */
export function invitationEnded(): DomainError {
  return new DomainError('invalid_state', {
    zh: '该评审任务已结束，不能执行此操作',
    en: 'This assignment has ended; the action is no longer possible',
  });
}

/**
 * An invitation already listed whose workflow the round has not started yet (it starts the
 * applications' workflows a batch at a time after the draw): not an end, a wait.
 */
export function invitationNotReady(retryAfterSeconds: number): DomainError {
  return new RetryableRefusal(
    'not_ready',
    {
      zh: '该评审邀请仍在准备中（评审轮次正在逐批启动），请稍后重试',
      en: 'This invitation is still being set up (the round starts its reviews a batch at a time); retry shortly',
    },
    retryAfterSeconds,
  );
}

/**
 * A command on an invitation whose workflow is not running: once it is no longer `invited` its
 * workflow has finished (`ended`); still `invited`, its round is still starting it, so the caller
 * waits (null) and, having waited long enough, asks the client to retry (`not_ready`).
 */
export function invitationWithoutWorkflow(
  status: ReviewAssignmentStatus,
  waitedLongEnough: boolean,
  retryAfterSeconds: number,
): DomainError | null {
  if (status !== 'invited') return invitationEnded();
  return waitedLongEnough ? invitationNotReady(retryAfterSeconds) : null;
}

/** A command for an invitation the workflow it reached does not run. */
export function invitationNotHeld(): DomainError {
  return new DomainError('not_found', {
    zh: '本申报的评审中没有该评审任务',
    en: "This assignment is not part of the application's review",
  });
}

/** A round needs at least one application that passed the formal check. */
export function assertRoundHasApplications(applications: number): void {
  if (applications === 0)
    throw new DomainError('invalid_state', {
      zh: '本批次没有通过形式审查的申报，无法组织评审',
      en: 'No application of this call has passed the formal check',
    });
}

/** 会评 only where the experts disagreed. */
export function assertPanelNeeded(disagreement: boolean): void {
  if (!disagreement)
    throw new DomainError('invalid_state', {
      zh: '专家评分无明显分歧，无需会评',
      en: 'The experts did not disagree; no panel is needed',
    });
}

/** One panel outcome per application of a round: a second one is refused, never overwritten. */
export function assertPanelNotRecorded(recorded: readonly string[], applicationId: string): void {
  if (recorded.includes(applicationId))
    throw new DomainError('conflict', {
      zh: '该项目的会评结果已记录',
      en: 'The panel outcome is already recorded',
    });
}

/** A round is created once: a retried request lands on the round already recorded. */
export function assertRoundNotCreated(created: boolean): void {
  if (created)
    throw new DomainError('conflict', {
      zh: '该评审轮次已创建',
      en: 'The review round is already created',
    });
}
