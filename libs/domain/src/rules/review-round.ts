import { Bilingual, DomainError } from './errors';
import { formatShanghai } from './time';

/**
 * A review round (评审轮次): the experts drawn for a call's applications, their invitations,
 * scores and the ranking. One workflow per round orchestrates one workflow per invitation.
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

/** A conflict may surface on opening the application: the expert steps aside before scoring. */
export function assertCanRecuse(status: ReviewAssignmentStatus): void {
  if (status !== 'invited' && status !== 'accepted')
    throw wrongState(status, { zh: '申请回避', en: 'recuse' });
}

export function assertCanScore(status: ReviewAssignmentStatus, scoreBy: string | null, now: number): void {
  if (status !== 'accepted' || scoreBy === null)
    throw wrongState(status, { zh: '提交评分', en: 'submit a score' });
  if (now >= new Date(scoreBy).getTime()) throw late(scoreBy, { zh: '评分', en: 'score' });
}
