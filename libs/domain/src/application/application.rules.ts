import type { ApplicationContent, PatchApplicationInput } from './application';
import { assertWindowOpen } from '../guide/call.rules';
import type { Bilingual, FieldMessage } from '../kernel/errors.rules';
import { addDuration } from '../kernel/iso-duration.rules';
import { loadApplication } from '../kernel/lazy.rules';
import { formatYuan } from '../kernel/money.rules';
import { stateMachine, Transition } from '../kernel/state-machine.rules';
import { checkPatch, invalidInput, lazySchema, REQUIRED } from '../kernel/validation.rules';

export type { Transition } from '../kernel/state-machine.rules';

/**
 * Application lifecycle (skeleton stage): draft → submitted → formal-check decision.
 * A returned application goes back to the applicant and may be resubmitted while the window
 * is open; drafts and returned applications lapse when the window closes.
 */
export const APPLICATION_STATUSES = [
  'draft',
  'awaiting_endorsement',
  'submitted',
  'returned',
  'formal_check_passed',
  'rejected',
  'lapsed',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, Bilingual> = {
  draft: { zh: '草稿', en: 'Draft' },
  awaiting_endorsement: { zh: '待依托单位推荐', en: 'Awaiting endorsement by the host institution' },
  submitted: { zh: '已提交', en: 'Submitted' },
  returned: { zh: '退回修改', en: 'Returned for revision' },
  formal_check_passed: { zh: '形式审查通过', en: 'Formal check passed' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  lapsed: { zh: '逾期未提交', en: 'Lapsed (not submitted in time)' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn by the applicant' },
};

/** Statuses in which the applicant may still edit and (re)submit. */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['draft', 'returned'];
/** Statuses that lapse when the window closes: not yet received by the bureau. */
export const LAPSABLE_STATUSES: readonly ApplicationStatus[] = ['draft', 'returned', 'awaiting_endorsement'];
/** Statuses after which the application leaves the application stage. */
export const APPLICATION_DONE: readonly ApplicationStatus[] = [
  'formal_check_passed',
  'rejected',
  'lapsed',
  'withdrawn',
];
/** The applicant may withdraw until the formal-check decision. */
export const WITHDRAWABLE_STATUSES: readonly ApplicationStatus[] = [
  'draft',
  'returned',
  'awaiting_endorsement',
  'submitted',
];

export const ENDORSEMENT_DECISIONS = ['endorse', 'return'] as const;
export type EndorsementDecision = (typeof ENDORSEMENT_DECISIONS)[number];

export const FORMAL_CHECK_DECISIONS = ['pass', 'return', 'reject'] as const;
export type FormalCheckDecision = (typeof FORMAL_CHECK_DECISIONS)[number];

export type ApplicationCommand =
  | { kind: 'submit' }
  | { kind: 'submit_to_institution' }
  | { kind: 'endorsement'; decision: EndorsementDecision }
  | { kind: 'formal_check'; decision: FormalCheckDecision }
  | { kind: 'lapse' }
  | { kind: 'withdraw' };

const machine = stateMachine<ApplicationStatus>({
  noun: { zh: '申报书', en: 'application' },
  labels: APPLICATION_STATUS_LABELS,
  rules: [
    { from: EDITABLE_STATUSES, command: 'submit', to: 'submitted', event: 'application.submitted' },
    // When the program asks for it, the PI submits to the host institution, which endorses it
    // to the bureau or returns it with comments.
    {
      from: EDITABLE_STATUSES,
      command: 'submit_to_institution',
      to: 'awaiting_endorsement',
      event: 'application.sent_for_endorsement',
    },
    {
      from: ['awaiting_endorsement'],
      command: 'endorsement:endorse',
      to: 'submitted',
      event: 'application.endorsed',
    },
    {
      from: ['awaiting_endorsement'],
      command: 'endorsement:return',
      to: 'returned',
      event: 'application.returned_by_institution',
    },
    {
      from: ['submitted'],
      command: 'formal_check:pass',
      to: 'formal_check_passed',
      event: 'application.formal_check_passed',
    },
    { from: ['submitted'], command: 'formal_check:return', to: 'returned', event: 'application.returned' },
    { from: ['submitted'], command: 'formal_check:reject', to: 'rejected', event: 'application.rejected' },
    { from: LAPSABLE_STATUSES, command: 'lapse', to: 'lapsed', event: 'application.lapsed' },
    { from: WITHDRAWABLE_STATUSES, command: 'withdraw', to: 'withdrawn', event: 'application.withdrawn' },
  ],
});

export function nextStatus(from: ApplicationStatus, cmd: ApplicationCommand): Transition<ApplicationStatus> {
  const key =
    cmd.kind === 'formal_check'
      ? `formal_check:${cmd.decision}`
      : cmd.kind === 'endorsement'
        ? `endorsement:${cmd.decision}`
        : cmd.kind;
  return machine.next(from, key);
}

/**
 * Whether the applicant may (re)submit now. The window is checked first for anything the
 * applicant could still have submitted, so a late applicant hears "the deadline was …" rather
 * than "the application has lapsed".
 */
export function assertCanSubmit(
  status: ApplicationStatus,
  window: { windowStart: string | Date; windowEnd: string | Date },
  now: number,
  viaInstitution = false,
): Transition<ApplicationStatus> {
  if (EDITABLE_STATUSES.includes(status) || status === 'lapsed') assertWindowOpen(window, now);
  return nextStatus(status, { kind: viaInstitution ? 'submit_to_institution' : 'submit' });
}

/**
 * The fix window (补正期) of a call made without a program template: RULES §4 gives 3–5 working
 * days as the common practice, and the seeded programs take P5D. The formal check starts only after
 * the call closes, so without a fix window an application returned for revision could never be
 * revised (it would lapse at once).
 */
export const DEFAULT_FIX_WINDOW = 'P5D';

/** The call's fix window: its program template's, or the city default for a call without one. */
export function fixWindowOf(template: { durations: { fixWindow: string } } | null | undefined): string {
  return template?.durations.fixWindow ?? DEFAULT_FIX_WINDOW;
}

/**
 * A returned application may be resubmitted until the later of the window's end and the return
 * plus the program's fix window (补正期).
 */
export function fixDeadline(windowEnd: string, returnedAt: number, fixWindow: string): string {
  const fixEnd = addDuration(new Date(returnedAt), fixWindow).getTime();
  return new Date(Math.max(new Date(windowEnd).getTime(), fixEnd)).toISOString();
}

/**
 * The institution's decision. The deadline applies to the bureau receiving the application, so
 * an endorsement after the window has closed is refused; a return is allowed at any time.
 */
export function assertCanEndorse(
  status: ApplicationStatus,
  decision: EndorsementDecision,
  window: { windowStart: string | Date; windowEnd: string | Date },
  now: number,
): Transition<ApplicationStatus> {
  const t = nextStatus(status, { kind: 'endorsement', decision });
  if (decision === 'endorse') assertWindowOpen(window, now);
  return t;
}

export function assertEditable(status: ApplicationStatus): void {
  if (!EDITABLE_STATUSES.includes(status))
    throw machine.refuse(status, { zh: '修改', en: 'it can no longer be edited' });
}

// ---- the workflow's content checks --------------------------------------------------------

/** The draft's editable fields: the keys of a patch (application.ts types its schema by them). */
export const APPLICATION_CONTENT_FIELDS = [
  'title',
  'summary',
  'requestedFen',
  'pledge',
  'pi',
  'team',
  'cooperators',
  'objectives',
  'technicalRoute',
  'indicators',
  'schedule',
  'budget',
  'avoidExperts',
  'ethicsReviewRequired',
  'dispatch',
] as const;

const patchSchema = lazySchema(() => loadApplication().patchApplicationSchema);

/** A draft edit as the workflow takes it: see `checkPatch` (refusals are patchApplicationSchema's). */
export function checkApplicationPatch(patch: unknown, what?: string): PatchApplicationInput {
  return checkPatch(APPLICATION_CONTENT_FIELDS, patchSchema, patch, what);
}

type SubmissionOptions = { pledgeRequired?: boolean; full?: boolean };

// ---- completeness at submission: the words of the rules, shared by assertSubmittable (zod, in
// application.ts and application-content.ts) and checkSubmission (plain, for workflow code) ----

export const SUMMARY_TOO_SHORT: Bilingual = {
  zh: '项目摘要不少于 10 个字',
  en: 'The summary needs at least 10 characters',
};
export const PLEDGE_REQUIRED: Bilingual = {
  zh: '揭榜须附军令状（目标、里程碑与责任）',
  en: 'A challenge bid needs a performance pledge',
};
export const PI_REQUIRED: Bilingual = { zh: '请填写项目负责人信息', en: 'Give the principal investigator' };
export const BUDGET_LINES_REQUIRED: Bilingual = {
  zh: '预算须列明直接费用（设备费、业务费、劳务费）明细',
  en: 'The budget needs direct-cost line items (equipment, business, labour)',
};
export const OBJECTIVES: Bilingual = { zh: '项目目标', en: 'The objectives' };
export const TECHNICAL_ROUTE: Bilingual = { zh: '技术路线', en: 'The technical route' };
export const INDICATOR: Bilingual = { zh: '考核指标', en: 'quantified indicator' };
export const MILESTONE: Bilingual = { zh: '进度安排（里程碑）', en: 'milestone' };
/** The minimum length of the full application's objectives and technical route. */
export const FULL_TEXT_MIN = 20;

export function fundingOutOfRange(budgetCapFen: number): Bilingual {
  const cap = formatYuan(budgetCapFen);
  return {
    zh: `申请经费须大于 0 且不超过本批次上限 ${cap}`,
    en: `Requested funding must be above 0 and at most the call's cap of ${cap}`,
  };
}

export function textTooShort(min: number, what: Bilingual): Bilingual {
  return { zh: `${what.zh}不少于 ${min} 个字`, en: `${what.en} needs at least ${min} characters` };
}

export function needsOne(what: Bilingual): Bilingual {
  return { zh: `请至少填写一项${what.zh}`, en: `Add at least one ${what.en}` };
}

/**
 * An empty list in the full application is reported by zod's `.min(1, …)`: the English is ours
 * (`needsOne`), the Chinese zod's zh-CN text for that issue (validation.ts words non-custom issues
 * with zod's locale). rules.spec.ts checks that it still reads so.
 */
const TOO_FEW_ZH = '数值过小：期望 array >=1 项';

const isText = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/**
 * The completeness rules of `assertSubmittable` (application.ts), in plain code: the field messages
 * it reports for a valid draft, in its order ([] when complete). Null when a field it reads has an
 * unexpected type (not a draft the API validated): then only zod can word the refusal.
 */
export function submissionIssues(
  content: ApplicationContent,
  budgetCapFen: number,
  opts: SubmissionOptions = {},
): FieldMessage[] | null {
  const c = content as Partial<Record<keyof ApplicationContent, unknown>>;
  const issues: FieldMessage[] = [];
  const add = (path: string, message: Bilingual) => issues.push({ path, message: { ...message } });
  if (c.title === undefined) add('title', REQUIRED);
  if (c.summary === undefined) add('summary', REQUIRED);
  else if (!isText(c.summary)) return null;
  else if (c.summary.trim().length < 10) add('summary', SUMMARY_TOO_SHORT);
  const fen = c.requestedFen;
  if (fen === undefined) add('requestedFen', REQUIRED);
  else if (typeof fen !== 'number' || !Number.isSafeInteger(fen) || fen < 0) return null;
  else if (fen === 0 || fen > budgetCapFen) add('requestedFen', fundingOutOfRange(budgetCapFen));
  if (opts.full) {
    // Drafts stored before the full application lack these keys: submission sees them as empty.
    const pi = c.pi === undefined ? null : c.pi;
    if (pi === null) add('pi', PI_REQUIRED);
    else if (!isObject(pi)) return null;
    for (const [key, what] of [
      ['objectives', OBJECTIVES],
      ['technicalRoute', TECHNICAL_ROUTE],
    ] as const) {
      const text = c[key] === undefined ? '' : c[key];
      if (!isText(text)) return null;
      if (text.trim().length < FULL_TEXT_MIN) add(key, textTooShort(FULL_TEXT_MIN, what));
    }
    for (const [key, what] of [
      ['indicators', INDICATOR],
      ['schedule', MILESTONE],
    ] as const) {
      const list = c[key] === undefined ? [] : c[key];
      if (!Array.isArray(list)) return null;
      if (list.length === 0) add(key, { zh: TOO_FEW_ZH, en: needsOne(what).en });
    }
    const budget = c.budget === undefined ? {} : c.budget;
    if (!isObject(budget)) return null;
    let lines = 0;
    for (const kind of ['equipment', 'business', 'labour']) {
      const list = budget[kind] === undefined ? [] : budget[kind];
      if (!Array.isArray(list)) return null;
      lines += list.length;
    }
    if (lines === 0) add('budget', BUDGET_LINES_REQUIRED);
  }
  if (opts.pledgeRequired && !c.pledge) add('pledge', PLEDGE_REQUIRED);
  return issues;
}

/**
 * The workflow's submission check: `assertSubmittable`'s refusal, word for word, without loading
 * zod into every submitted application's workflow (0.5 MB each). Field formats are not looked at:
 * the API validated every field when the draft was created and on each edit. A draft of an
 * unexpected shape is checked by `assertSubmittable` itself (loaded then).
 */
export function checkSubmission(
  content: ApplicationContent,
  budgetCapFen: number,
  opts: SubmissionOptions = {},
): void {
  const issues = submissionIssues(content, budgetCapFen, opts);
  if (issues === null) return loadApplication().assertSubmittable(content, budgetCapFen, opts);
  if (issues.length > 0) throw invalidInput('申报书', issues);
}
