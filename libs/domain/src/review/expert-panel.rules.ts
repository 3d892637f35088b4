import { Bilingual, DomainError } from '../kernel/errors.rules';
import { mayBeRecused, RECUSABLE_STATUSES } from './review-round.rules';

/**
 * An expert panel (专家组) on one subject — a project's mid-term check now, its acceptance next
 * (issue 16) — zod-free, as the subject's workflow keeps it: drawn by the assignment engine with
 * the subject's conflicts, each member accepts, declines (reason; a replacement is drawn) or
 * recuses (conflict; a replacement is drawn), then gives an opinion with a recommendation and a
 * score before the panel's deadline. The recommendations consolidate into one (majority; a tie
 * goes to the more cautious outcome), which the officer's decision shows.
 */

export const PANEL_MEMBER_STATUSES = [
  'invited',
  'accepted',
  'declined',
  'recused',
  'submitted',
  /** Still invited or accepted when the panel's deadline passed: no opinion counted. */
  'lapsed',
] as const;
export type PanelMemberStatus = (typeof PANEL_MEMBER_STATUSES)[number];
export const PANEL_MEMBER_LABELS: Record<PanelMemberStatus, Bilingual> = {
  invited: { zh: '已邀请', en: 'Invited' },
  accepted: { zh: '已接受', en: 'Accepted' },
  declined: { zh: '已谢绝', en: 'Declined' },
  recused: { zh: '已回避', en: 'Recused' },
  submitted: { zh: '已提交意见', en: 'Opinion given' },
  lapsed: { zh: '逾期未提交', en: 'Lapsed' },
};

/** The panel's deadline when the program template is silent (two weeks; common practice, [T]). */
export const DEFAULT_PANEL_WINDOW = 'P14D';

/** Members still expected to answer (a declined or recused seat has its replacement as a member). */
export const LIVE_PANEL_STATUSES: readonly PanelMemberStatus[] = ['invited', 'accepted'];

/**
 * A member who holds a seat on the panel: still expected to answer, or whose opinion is given.
 * Every other status gave the seat up without an opinion (declined or recused: to the replacement
 * drawn for it; lapsed: the panel closed). A redraw counts these seats for maxPerOrganisation
 * (midterm-panel.activities.ts), and so does organisationsOverLimitOnPanel.
 */
export const PANEL_SEAT_HOLDING_STATUSES: readonly PanelMemberStatus[] = [
  ...LIVE_PANEL_STATUSES,
  'submitted',
];

/** One seat as the workflow keeps it: ids and a status. */
export interface PanelMemberFacts {
  id: string;
  expertId: string;
  status: PanelMemberStatus;
}

export interface ExpertPanelFacts {
  id: string;
  /** Opinions are given before this instant (UTC ISO). */
  deadline: string;
  members: PanelMemberFacts[];
}

export type PanelAnswer = 'accept' | 'decline' | 'recuse' | 'opinion';
const ANSWER_FROM: Record<PanelAnswer, readonly PanelMemberStatus[]> = {
  accept: ['invited'],
  decline: ['invited', 'accepted'],
  // A member steps aside under the review round's rule: a seat held with nothing given yet.
  recuse: RECUSABLE_STATUSES,
  opinion: ['accepted'],
};
const ANSWER_LABELS: Record<PanelAnswer, Bilingual> = {
  accept: { zh: '接受邀请', en: 'accept the invitation' },
  decline: { zh: '谢绝邀请', en: 'decline the invitation' },
  recuse: { zh: '申请回避', en: 'recuse' },
  opinion: { zh: '提交意见（须先接受邀请）', en: 'give an opinion (accept the invitation first)' },
};

/** The panel must be sitting (closed: 409) and hold the seat (404). */
function seatOn(panel: ExpertPanelFacts | null | undefined, memberId: string): PanelMemberFacts {
  if (!panel)
    throw new DomainError('invalid_state', {
      zh: '专家组已结束评审',
      en: 'The panel is no longer sitting',
    });
  const m = panel.members.find((x) => x.id === memberId);
  if (!m) throw new DomainError('not_found', { zh: '专家组邀请不存在', en: 'No such panel invitation' });
  return m;
}

function assertBeforeDeadline(panel: ExpertPanelFacts, now: number): void {
  if (Date.parse(panel.deadline) <= now)
    throw new DomainError('invalid_state', {
      zh: `专家组意见截止时间（${panel.deadline}）已过`,
      en: `The panel’s deadline (${panel.deadline}) has passed`,
    });
}

function wrongSeatState(m: PanelMemberFacts, action: Bilingual): DomainError {
  return new DomainError(m.status === 'submitted' ? 'conflict' : 'invalid_state', {
    zh: `该邀请当前状态为“${PANEL_MEMBER_LABELS[m.status].zh}”，不能${action.zh}`,
    en: `The invitation is ${PANEL_MEMBER_LABELS[m.status].en.toLowerCase()}; you cannot ${action.en}`,
  });
}

/**
 * May this member answer so now? The panel must be sitting (`panel` null: closed, 409); only the
 * drawn expert answers for the seat (403); its deadline must not have passed (409); and the answer must follow the seat's status
 * (an opinion after accepting, once; a decline or recusal before the opinion).
 */
export function assertPanelAnswer(
  panel: ExpertPanelFacts | null | undefined,
  memberId: string,
  expertId: string,
  answer: PanelAnswer,
  now: number,
): void {
  const m = seatOn(panel, memberId);
  if (m.expertId !== expertId)
    throw new DomainError('forbidden', {
      zh: '只有受邀专家本人可以答复',
      en: 'Only the invited expert answers this invitation',
    });
  assertBeforeDeadline(panel!, now);
  if (!ANSWER_FROM[answer].includes(m.status)) throw wrongSeatState(m, ANSWER_LABELS[answer]);
}

/**
 * 要求回避 on a project's panel: an officer (assertMayRequireRecusal) requires a member to step
 * aside, under the rule of the member's own recusal — the panel sitting, before its deadline, the
 * seat held with no opinion given (mayBeRecused, the review round's rule) — whoever drew it.
 */
export function assertMayRequirePanelRecusal(
  panel: ExpertPanelFacts | null | undefined,
  memberId: string,
  now: number,
): void {
  const m = seatOn(panel, memberId);
  assertBeforeDeadline(panel!, now);
  if (!mayBeRecused(m.status)) throw wrongSeatState(m, { zh: '要求其回避', en: 'require a recusal' });
}

/** True once no member is left to answer (every seat submitted, or declined/recused without a replacement). */
export function panelAnswered(panel: ExpertPanelFacts): boolean {
  return (
    panel.members.some((m) => m.status === 'submitted') &&
    !panel.members.some((m) => LIVE_PANEL_STATUSES.includes(m.status))
  );
}

export interface Consolidation<T extends string> {
  /** null: no member gave an opinion. */
  recommendation: T | null;
  /** Opinions per outcome, every outcome listed (0 when none). */
  counts: Record<T, number>;
  /** Two or more outcomes shared the most votes; the more cautious one was taken. */
  tie: boolean;
  explanation: Bilingual;
}

/**
 * 专家组意见汇总: the outcome most members recommend (a plurality: with five outcomes a strict
 * majority may not exist); a tie goes to the more cautious outcome, the later one in
 * `cautionOrder` (least to most cautious), since the officer may still decide otherwise with
 * reasons but a lenient default that releases funds is harder to undo than a cautious one.
 */
export function consolidateRecommendations<T extends string>(
  recommendations: readonly T[],
  cautionOrder: readonly T[],
  labels: Record<T, Bilingual>,
): Consolidation<T> {
  const counts = Object.fromEntries(cautionOrder.map((o) => [o, 0])) as Record<T, number>;
  for (const r of recommendations) counts[r] = (counts[r] ?? 0) + 1;
  const n = recommendations.length;
  if (n === 0)
    return {
      recommendation: null,
      counts,
      tie: false,
      explanation: { zh: '专家组无人提交意见', en: 'No member of the panel gave an opinion' },
    };
  const most = Math.max(...cautionOrder.map((o) => counts[o]));
  const top = cautionOrder.filter((o) => counts[o] === most);
  const recommendation = top[top.length - 1];
  const tie = top.length > 1;
  const l = labels[recommendation];
  return {
    recommendation,
    counts,
    tie,
    explanation: tie
      ? {
          zh: `${n} 位专家中，${top.map((o) => labels[o].zh).join('、')}各 ${most} 票，取较审慎的“${l.zh}”`,
          en: `Of ${n} experts, ${top.map((o) => labels[o].en).join(', ')} have ${most} votes each; the more cautious “${l.en}” is taken`,
        }
      : {
          zh: `${n} 位专家中 ${most} 位建议“${l.zh}”`,
          en: `${most} of ${n} experts recommend “${l.en}”`,
        },
  };
}
