import { z } from 'zod';
import { fenSchema, formatYuan } from './money';
import { bilingual, parseOrThrow } from './validation';
import { Bilingual } from './messages';
import { stateMachine, Transition } from './state-machine';
import { assertWindowOpen } from './call';
import { addDuration } from './iso-duration';
import {
  budgetSchema,
  cooperatorSchema,
  EMPTY_BUDGET,
  fullSubmissionShape,
  applicationIndicatorSchema,
  maskIdNumber,
  milestoneSchema,
  piSchema,
  teamMemberSchema,
} from './application-content';

export type { Transition } from './state-machine';

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
export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

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

export const endorsementDecisionSchema = z
  .object({ decision: z.enum(ENDORSEMENT_DECISIONS), comments: z.string().trim().max(2000).optional() })
  .refine(
    (d) => d.decision === 'endorse' || (d.comments?.length ?? 0) >= 5,
    bilingual(
      { zh: '退回时须填写意见（不少于 5 个字）', en: 'A return needs comments (at least 5 characters)' },
      ['comments'],
    ),
  );
export type EndorsementDecisionInput = z.infer<typeof endorsementDecisionSchema>;

export const withdrawalSchema = z.object({
  reason: z.string().trim().max(2000).optional().describe('Why the applicant withdraws (optional)'),
});

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

// ---- content -------------------------------------------------------------------------------

/** 军令状: the bidder's commitment to goals and milestones, with consequences (揭榜挂帅). */
export const pledgeSchema = z.object({
  goals: z.string().trim().min(10).max(5000),
  milestones: z
    .array(
      z.object({
        title: z.string().trim().min(2).max(200),
        due: z.iso.date(),
        indicator: z.string().trim().min(2).max(200),
      }),
    )
    .min(1)
    .max(20),
  consequences: z.string().trim().min(10).max(2000),
});
export type Pledge = z.infer<typeof pledgeSchema>;

/**
 * The draft's editable content. Everything but the title may be empty in a draft; money is
 * integer fen. `requestedFen` is the grant asked of the bureau; the budget says what it buys.
 */
const contentFields = {
  title: z.string().trim().min(2).max(200),
  summary: z.string().trim().max(5000),
  requestedFen: fenSchema.describe('Requested funding (the public grant) in fen'),
  pledge: pledgeSchema.nullable().describe('Draft performance pledge (军令状); required for challenge bids'),
  pi: piSchema.nullable().describe('Principal investigator (项目负责人)'),
  team: z.array(teamMemberSchema).max(50),
  cooperators: z.array(cooperatorSchema).max(20).describe('Cooperating institutions (合作单位)'),
  objectives: z.string().trim().max(5000),
  technicalRoute: z.string().trim().max(10000),
  indicators: z.array(applicationIndicatorSchema).max(50).describe('Quantified indicators (考核指标)'),
  schedule: z.array(milestoneSchema).max(50).describe('Schedule with milestones (进度安排)'),
  budget: budgetSchema,
  avoidExperts: z
    .array(
      z.object({
        name: z.string().trim().min(2).max(50),
        organisation: z.string().trim().min(2).max(100).optional(),
        reason: z.string().trim().min(2).max(500),
      }),
    )
    .max(3)
    .describe('Experts the applicant asks to exclude from the review (RULES §5: at most 3)'),
  ethicsReviewRequired: z
    .boolean()
    .describe('Involves human subjects, animals or other ethics-reviewed work: an approval is required'),
};

export const applicationContentSchema = z.object({
  title: contentFields.title,
  summary: contentFields.summary.default(''),
  requestedFen: contentFields.requestedFen.default(0),
  pledge: contentFields.pledge.optional(),
  pi: contentFields.pi.optional(),
  team: contentFields.team.optional(),
  cooperators: contentFields.cooperators.optional(),
  objectives: contentFields.objectives.optional(),
  technicalRoute: contentFields.technicalRoute.optional(),
  indicators: contentFields.indicators.optional(),
  schedule: contentFields.schedule.optional(),
  budget: contentFields.budget.optional(),
  avoidExperts: contentFields.avoidExperts.optional(),
  ethicsReviewRequired: contentFields.ethicsReviewRequired.optional(),
});
export type ApplicationContent = z.infer<typeof applicationContentSchema>;

export const createApplicationSchema = applicationContentSchema.extend({
  callId: z.uuid(),
  topicId: z
    .uuid()
    .nullable()
    .default(null)
    .describe("The guide topic or challenge applied to (when the call's guide has them)"),
});
export type CreateApplicationInput = z.infer<typeof createApplicationSchema>;

/** A PATCH replaces whole top-level fields (the budget or the team as one value). */
export const patchApplicationSchema = z
  .object(contentFields)
  .partial()
  .strict()
  .refine(
    (p) => Object.keys(p).length > 0,
    bilingual({ zh: '至少修改一个字段', en: 'Change at least one field' }),
  );
export type PatchApplicationInput = z.infer<typeof patchApplicationSchema>;

/**
 * Completeness at submission: what a draft may lack but a submission may not. `full` applies the
 * whole application's rules (PI, objectives, route, indicators, schedule, budget lines); workflows
 * started before the full application existed pass false and keep their old rules on replay.
 */
export function assertSubmittable(
  content: ApplicationContent,
  budgetCapFen: number,
  opts: { pledgeRequired?: boolean; full?: boolean } = {},
): void {
  const cap = formatYuan(budgetCapFen);
  const base = applicationContentSchema.extend({
    summary: contentFields.summary.refine(
      (s) => s.trim().length >= 10,
      bilingual({ zh: '项目摘要不少于 10 个字', en: 'The summary needs at least 10 characters' }),
    ),
    requestedFen: fenSchema.refine(
      (fen) => fen > 0 && fen <= budgetCapFen,
      bilingual({
        zh: `申请经费须大于 0 且不超过本批次上限 ${cap}`,
        en: `Requested funding must be above 0 and at most the call's cap of ${cap}`,
      }),
    ),
  });
  const schema = (opts.full ? base.extend(fullSubmissionShape) : base).superRefine((c, ctx) => {
    // An absent optional key is never parsed, so the pledge rule sits on the object.
    if (opts.pledgeRequired && !c.pledge) {
      ctx.addIssue({
        code: 'custom',
        path: ['pledge'],
        ...bilingual({
          zh: '揭榜须附军令状（目标、里程碑与责任）',
          en: 'A challenge bid needs a performance pledge',
        }),
      });
    }
  });
  // Drafts stored before the full application have no such keys; submission sees them as empty.
  const filled = opts.full ? { ...DRAFT_DEFAULTS, ...content } : content;
  parseOrThrow(schema, filled, '申报书');
}

/** The empty value of every optional part, so a submission check names each missing part. */
const DRAFT_DEFAULTS = {
  pi: null,
  team: [],
  cooperators: [],
  objectives: '',
  technicalRoute: '',
  indicators: [],
  schedule: [],
  budget: EMPTY_BUDGET,
  ethicsReviewRequired: false,
};

/** The content as someone other than the PI sees it: the identity number masked. */
export function contentFor<C extends ApplicationContent>(content: C, viewerIsPi: boolean): C {
  if (viewerIsPi || !content.pi) return content;
  return { ...content, pi: { ...content.pi, idNumber: maskIdNumber(content.pi.idNumber) } };
}

export const formalCheckDecisionSchema = z
  .object({
    decision: z.enum(FORMAL_CHECK_DECISIONS),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine(
    (d) => d.decision === 'pass' || (d.reason?.length ?? 0) >= 5,
    bilingual(
      {
        zh: '退回或不予受理时须说明理由（不少于 5 个字）',
        en: 'A return or rejection needs a reason (at least 5 characters)',
      },
      ['reason'],
    ),
  );
export type FormalCheckDecisionInput = z.infer<typeof formalCheckDecisionSchema>;

// ---- views ---------------------------------------------------------------------------------

/** What readers get: the identity number may be masked (`contentFor`). */
export const applicationContentViewSchema = applicationContentSchema.extend({
  pi: piSchema.extend({ idNumber: z.string() }).nullable().optional(),
});

export const statusHistoryEntrySchema = z.object({
  status: applicationStatusSchema,
  event: z.string(),
  actorId: z.uuid().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  atLocal: z.string(),
});

export const applicationViewSchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  callTitle: z.string(),
  applicantId: z.uuid(),
  applicantName: z.string(),
  institutionId: z.uuid().nullable(),
  topicId: z.uuid().nullable(),
  status: applicationStatusSchema,
  statusLabel: z.object({ zh: z.string(), en: z.string() }),
  content: applicationContentViewSchema,
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  resubmitUntil: z
    .string()
    .nullable()
    .describe('A returned application may be resubmitted until then (fix window)'),
  updatedAt: z.string(),
});
export type ApplicationView = z.infer<typeof applicationViewSchema>;

const pledgeSignatureSchema = z
  .object({ signedBy: z.uuid(), signedAt: z.string(), signedAtLocal: z.string() })
  .nullable();

export const applicationDetailSchema = applicationViewSchema.extend({
  history: z.array(statusHistoryEntrySchema),
  pledges: z
    .object({ pi: pledgeSignatureSchema, institution: pledgeSignatureSchema })
    .describe('科研诚信承诺: signed by the PI and by the host institution'),
});
