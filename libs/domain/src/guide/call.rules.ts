import { DomainError } from '../kernel/errors.rules';
import { formatShanghai } from '../kernel/time.rules';

export const MODES = ['open_competition', 'challenge', 'directed', 'horse_race'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, { zh: string; en: string }> = {
  open_competition: { zh: '公开竞争', en: 'Open competition' },
  challenge: { zh: '揭榜挂帅', en: 'Challenge (揭榜挂帅)' },
  directed: { zh: '定向委托', en: 'Directed commission' },
  horse_race: { zh: '赛马制', en: 'Horse race' },
};

/**
 * A call's own status follows its window: scheduled → open → closed; a call published by a
 * guide is withdrawn with it (only before it opens).
 */
export const CALL_STATUSES = ['scheduled', 'open', 'closed', 'withdrawn'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const CALL_STATUS_LABELS: Record<CallStatus, { zh: string; en: string }> = {
  scheduled: { zh: '未开始', en: 'Scheduled' },
  open: { zh: '申报中', en: 'Open' },
  closed: { zh: '已截止', en: 'Closed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** What the call workflow is started with (crosses into Temporal as JSON). */
export interface CallSpec {
  id: string;
  title: string;
  mode: Mode;
  windowStart: string;
  windowEnd: string;
  budgetCapFen: number;
  /** The whole call's budget (absent for calls opened before it was recorded). */
  totalBudgetFen?: number;
  createdBy: string;
  /** Set when a published guide opened the call. */
  templateId?: string;
  /** Directed calls: the only institutions that may apply. */
  invitedInstitutionIds?: string[];
  guideId?: string;
  /** Directed calls: the topic commissioned. */
  topicId?: string;
}

/** The status a call's window implies at `now`. */
export function callStatusAt(
  window: { windowStart: string | Date; windowEnd: string | Date },
  now: number,
): CallStatus {
  if (now < new Date(window.windowStart).getTime()) return 'scheduled';
  if (now < new Date(window.windowEnd).getTime()) return 'open';
  return 'closed';
}

/**
 * Submissions are accepted in [windowStart, windowEnd). The caller passes the server's clock
 * (inside a workflow: the workflow task's time), never the client's.
 */
/** Directed commission: only an invited institution's people may apply. */
export function assertMayApplyTo(
  call: { mode: Mode; invitedInstitutionIds?: string[] | null },
  institutionId: string | null,
): void {
  if (call.mode !== 'directed') return;
  if (!institutionId || !(call.invitedInstitutionIds ?? []).includes(institutionId)) {
    throw new DomainError('forbidden', {
      zh: '本批次为定向委托，仅受邀单位可以申报',
      en: 'This call is a directed commission; only invited institutions may apply',
    });
  }
}

export function assertWindowOpen(
  window: { windowStart: string | Date; windowEnd: string | Date },
  now: number,
): void {
  const status = callStatusAt(window, now);
  if (status === 'scheduled') {
    const at = formatShanghai(window.windowStart);
    throw new DomainError('window_not_open', {
      zh: `申报尚未开始，开始时间为 ${at}（北京时间）`,
      en: `The application window has not opened yet; it opens at ${at} (Asia/Shanghai)`,
    });
  }
  if (status === 'closed') {
    const at = formatShanghai(window.windowEnd);
    throw new DomainError('window_closed', {
      zh: `申报已截止，截止时间为 ${at}（北京时间）`,
      en: `The application window closed at ${at} (Asia/Shanghai)`,
    });
  }
}

/**
 * The stages that start only once the call's application window has closed (RULES §4, §5, §14),
 * named as the program template names them.
 */
export const AFTER_WINDOW_STAGES = ['formal_check', 'expert_review'] as const;
export type AfterWindowStage = (typeof AFTER_WINDOW_STAGES)[number];

const AFTER_WINDOW_STAGE_LABELS: Record<AfterWindowStage, { zh: string; en: string }> = {
  formal_check: { zh: '形式审查', en: 'The formal check' },
  expert_review: { zh: '专家评审', en: 'An expert review round' },
};

/**
 * The formal check and the review rounds start only after the call closes: all applications are in,
 * every one is judged against the same field, and nobody is checked or reviewed while others may
 * still submit (RULES §14: 申报中 → 已截止 → 形式审查中). `duringWindow` is the program template's
 * exception (`startDuringWindow`, e.g. a rolling call that checks as applications arrive). `now` is
 * the server's clock. Refused with 422 `window_not_open`, naming the closing time.
 */
export function assertCallClosedFor(
  stage: AfterWindowStage,
  call: { windowEnd: string | Date },
  now: number,
  duringWindow = false,
): void {
  if (duringWindow) return;
  const end = new Date(call.windowEnd).getTime();
  if (now >= end) return;
  const at = formatShanghai(call.windowEnd);
  const what = AFTER_WINDOW_STAGE_LABELS[stage];
  throw new DomainError('window_not_open', {
    zh: `${what.zh}须在申报截止后开始，本批次截止时间为 ${at}（北京时间）`,
    en: `${what.en} starts only after the call closes, at ${at} (Asia/Shanghai)`,
  });
}

/**
 * Whether the call's program template lets `stage` start while the window is still open. Calls
 * made without a template, and templates stored before the field existed, have no exception.
 */
export function startsDuringWindow(
  template: { startDuringWindow?: readonly string[] } | null | undefined,
  stage: AfterWindowStage,
): boolean {
  return template?.startDuringWindow?.includes(stage) ?? false;
}
