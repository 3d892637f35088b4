import { z } from 'zod';
import { fenSchema } from '../kernel/money';
import { roleSchema } from '../kernel/roles';
import { GUIDE_STATUSES } from './guide.rules';
import { bilingual } from '../kernel/validation';
import { DomainError } from '../kernel/errors.rules';

// The lifecycle and the approval rule are zod-free, as workflow code runs them: guide.rules.ts,
// which also names the schemas below for workflow code, loading this module on first use (these
// declarations take precedence over those names in the export below).
export * from './guide.rules';

export const guideStatusSchema = z.enum(GUIDE_STATUSES);

const contentFields = {
  title: z.string().trim().min(4).max(200),
  intro: z.string().trim().max(20000),
  eligibilityNotes: z.string().trim().max(5000),
  topicIds: z.array(z.uuid()).min(1).max(100),
  budgetCapFen: fenSchema.positive().describe('Cap per project, in fen'),
  totalBudgetFen: fenSchema.positive().describe('Budget of the whole call, in fen'),
  windowStart: z.iso.datetime({ offset: true }),
  windowEnd: z.iso.datetime({ offset: true }),
};

const windowOrder = (c: { windowStart?: string; windowEnd?: string }) =>
  !c.windowStart ||
  !c.windowEnd ||
  Number.isNaN(Date.parse(c.windowStart)) ||
  Number.isNaN(Date.parse(c.windowEnd)) ||
  new Date(c.windowEnd) > new Date(c.windowStart);
const windowOrderMessage = bilingual(
  { zh: '截止时间必须晚于开始时间', en: 'windowEnd must be after windowStart' },
  ['windowEnd'],
);

export const guideContentSchema = z
  .object({
    ...contentFields,
    intro: contentFields.intro.default(''),
    eligibilityNotes: contentFields.eligibilityNotes.default(''),
  })
  .refine(windowOrder, windowOrderMessage);
export type GuideContent = z.infer<typeof guideContentSchema>;

export const createGuideSchema = z
  .object({
    templateCode: z.string().min(1).max(64).describe('The program template; its current version is pinned'),
    approvalChain: z
      .array(roleSchema)
      .min(1)
      .max(5)
      .default(['admin'])
      .describe('Roles that approve in order before publication'),
    content: guideContentSchema,
  })
  .strict();
export type CreateGuideInput = z.infer<typeof createGuideSchema>;

export const patchGuideSchema = z
  .object(contentFields)
  .partial()
  .strict()
  .refine(
    (p) => Object.keys(p).length > 0,
    bilingual({ zh: '至少修改一个字段', en: 'Change at least one field' }),
  )
  .refine(windowOrder, windowOrderMessage);
export type PatchGuideInput = z.infer<typeof patchGuideSchema>;

/** A correction changes the published text, never the dates, budget or topics (those need a new guide). */
export const correctionSchema = z
  .object({
    changeNote: z.string().trim().min(5).max(2000),
    title: contentFields.title.optional(),
    intro: contentFields.intro.optional(),
    eligibilityNotes: contentFields.eligibilityNotes.optional(),
  })
  .strict()
  .refine(
    (c) => c.title !== undefined || c.intro !== undefined || c.eligibilityNotes !== undefined,
    bilingual({ zh: '更正须修改至少一处文字', en: 'A correction must change at least one text field' }),
  );
export type CorrectionInput = z.infer<typeof correctionSchema>;

export const approvalDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'return']),
    comments: z.string().trim().max(2000).optional(),
  })
  .refine(
    (d) => d.decision === 'approve' || (d.comments?.length ?? 0) >= 5,
    bilingual(
      { zh: '退回时须填写意见（不少于 5 个字）', en: 'A return needs comments (at least 5 characters)' },
      ['comments'],
    ),
  );
export type ApprovalDecisionInput = z.infer<typeof approvalDecisionSchema>;

/** A guide names topics and challenges that exist: each unknown one is refused at its field. */
export function assertKnownTopics(unknownPaths: readonly string[]): void {
  if (unknownPaths.length === 0) return;
  const message = { zh: '指南方向或榜单不存在', en: 'Topic or challenge not found' };
  throw new DomainError(
    'validation_failed',
    { zh: '指南引用了不存在的方向或榜单', en: 'The guide names unknown topics' },
    unknownPaths.map((path) => ({ path, message })),
  );
}
