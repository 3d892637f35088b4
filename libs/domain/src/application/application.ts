import { dispatchSchema } from '../project/dispatch';
import { z } from 'zod';
import { fenSchema } from '../kernel/money';
import { bilingual, parseOrThrow } from '../kernel/validation';
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
import {
  APPLICATION_CONTENT_FIELDS,
  APPLICATION_STATUSES,
  ENDORSEMENT_DECISIONS,
  FORMAL_CHECK_DECISIONS,
  fundingOutOfRange,
  PLEDGE_REQUIRED,
  SUMMARY_TOO_SHORT,
} from './application.rules';

// The lifecycle (statuses, state machine, window rules) and the workflow's submission check are
// zod-free, as workflow code runs them: application.rules.ts. The schemas stay here.
export * from './application.rules';

export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);

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
  dispatch: dispatchSchema
    .nullable()
    .describe('科技特派员: where the commissioner serves and with what; required by a dispatch program'),
} satisfies Record<(typeof APPLICATION_CONTENT_FIELDS)[number], z.ZodType>;

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
  dispatch: contentFields.dispatch.optional(),
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
 * Workflow code checks the same rules with `checkSubmission` (application.rules.ts), without zod.
 */
export function assertSubmittable(
  content: ApplicationContent,
  budgetCapFen: number,
  opts: { pledgeRequired?: boolean; full?: boolean } = {},
): void {
  // Drafts stored before the full application have no such keys; submission sees them as empty.
  const filled = opts.full ? { ...DRAFT_DEFAULTS, ...content } : content;
  parseOrThrow(submissionSchema(budgetCapFen, opts), filled, '申报书');
}

/**
 * The submission's schema, built once per budget cap and options: building it and compiling its
 * fast path on every run of the formal-check rules cost about 4.5 ms of CPU, twice per
 * application (issue 17, bench:round). Calls are few; the oldest is dropped beyond the limit.
 */
function submissionSchema(budgetCapFen: number, opts: { pledgeRequired?: boolean; full?: boolean }) {
  const key = `${budgetCapFen}:${opts.pledgeRequired === true}:${opts.full === true}`;
  const cached = SUBMISSION_SCHEMAS.get(key);
  if (cached) return cached;
  const schema = buildSubmissionSchema(budgetCapFen, opts);
  if (SUBMISSION_SCHEMAS.size >= 64) SUBMISSION_SCHEMAS.delete(SUBMISSION_SCHEMAS.keys().next().value!);
  SUBMISSION_SCHEMAS.set(key, schema);
  return schema;
}
const SUBMISSION_SCHEMAS = new Map<string, ReturnType<typeof buildSubmissionSchema>>();

function buildSubmissionSchema(budgetCapFen: number, opts: { pledgeRequired?: boolean; full?: boolean }) {
  const pledgeRequired = opts.pledgeRequired === true;
  const base = applicationContentSchema.extend({
    summary: contentFields.summary.refine((s) => s.trim().length >= 10, bilingual(SUMMARY_TOO_SHORT)),
    requestedFen: fenSchema.refine(
      (fen) => fen > 0 && fen <= budgetCapFen,
      bilingual(fundingOutOfRange(budgetCapFen)),
    ),
  });
  const schema = (opts.full ? base.extend(fullSubmissionShape) : base).superRefine((c, ctx) => {
    // An absent optional key is never parsed, so the pledge rule sits on the object.
    if (pledgeRequired && !c.pledge) {
      ctx.addIssue({
        code: 'custom',
        path: ['pledge'],
        ...bilingual(PLEDGE_REQUIRED),
      });
    }
  });
  return schema;
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

/**
 * A row of an application list: what a list shows (title, requested funding, applicant, status,
 * dates), not the content, which `GET /applications/:id` gives. Content runs to tens of kilobytes
 * (the technical route alone up to 10,000 characters): a page of 50 would carry megabytes.
 */
export const applicationSummarySchema = applicationViewSchema.omit({ content: true }).extend({
  title: z.string(),
  requestedFen: fenSchema.describe('Requested funding (the public grant) in fen'),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

const pledgeSignatureSchema = z
  .object({ signedBy: z.uuid(), signedAt: z.string(), signedAtLocal: z.string() })
  .nullable();

export const applicationDetailSchema = applicationViewSchema.extend({
  history: z.array(statusHistoryEntrySchema),
  pledges: z
    .object({ pi: pledgeSignatureSchema, institution: pledgeSignatureSchema })
    .describe('科研诚信承诺: signed by the PI and by the host institution'),
});
