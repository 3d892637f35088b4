import { z } from 'zod';
import { Mode } from './call';
import { Bilingual, DomainError } from './messages';
import { fenSchema } from './money';
import { Role, ROLE_LABELS, roleSchema } from './roles';
import { stateMachine, Transition } from './state-machine';
import { bilingual } from './validation';

/**
 * Guides (指南) and challenge lists (榜单): drafted for a program template, approved internally
 * through a chain of steps, then published — immutable from then on. A correction is a new
 * version with a change note; a published guide may be withdrawn until its window opens.
 */
export const GUIDE_STATUSES = ['draft', 'in_review', 'returned', 'published', 'withdrawn'] as const;
export const guideStatusSchema = z.enum(GUIDE_STATUSES);
export type GuideStatus = z.infer<typeof guideStatusSchema>;

export const GUIDE_STATUS_LABELS: Record<GuideStatus, Bilingual> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '审核中', en: 'In internal review' },
  returned: { zh: '退回修改', en: 'Returned for revision' },
  published: { zh: '已发布', en: 'Published' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const GUIDE_EDITABLE: readonly GuideStatus[] = ['draft', 'returned'];

const machine = stateMachine<GuideStatus>({
  noun: { zh: '指南', en: 'guide' },
  labels: GUIDE_STATUS_LABELS,
  rules: [
    { from: GUIDE_EDITABLE, command: 'submit', to: 'in_review', event: 'guide.submitted_for_approval' },
    { from: ['in_review'], command: 'return', to: 'returned', event: 'guide.returned' },
    { from: ['in_review'], command: 'publish', to: 'published', event: 'guide.published' },
    { from: ['published'], command: 'withdraw', to: 'withdrawn', event: 'guide.withdrawn' },
  ],
});

export type GuideCommand = 'submit' | 'return' | 'publish' | 'withdraw';

export function nextGuideStatus(from: GuideStatus, command: GuideCommand): Transition<GuideStatus> {
  return machine.next(from, command);
}

export function assertGuideEditable(status: GuideStatus): void {
  if (!GUIDE_EDITABLE.includes(status)) {
    throw machine.refuse(status, {
      zh: '直接修改（已发布的指南请发布更正版本）',
      en: 'it can no longer be edited (publish a correction instead)',
    });
  }
}

export function assertCorrectable(status: GuideStatus): void {
  if (status !== 'published')
    throw machine.refuse(status, { zh: '发布更正', en: 'only a published guide can be corrected' });
}

/** A guide can be withdrawn only before its window opens (nobody can have applied yet). */
export function assertWithdrawable(
  status: GuideStatus,
  windowStart: string,
  now: number,
): Transition<GuideStatus> {
  const t = nextGuideStatus(status, 'withdraw');
  const opens = new Date(windowStart).getTime();
  if (Number.isNaN(opens) || now >= opens) {
    throw new DomainError('invalid_state', {
      zh: '申报窗口已开启，不能撤回指南',
      en: 'The application window has opened; the guide can no longer be withdrawn',
    });
  }
  return t;
}

// ---- content -------------------------------------------------------------------------------

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

/** Four eyes: the step's role, and never the person who drafted the guide. */
export function assertMayApprove(actor: { id: string; roles: Role[] }, step: Role, draftedBy: string): void {
  if (actor.id === draftedBy) {
    throw new DomainError('forbidden', {
      zh: '起草人不能审核自己的指南',
      en: 'The drafter cannot approve their own guide',
    });
  }
  if (!actor.roles.includes(step)) {
    throw new DomainError('forbidden', {
      zh: `当前审核环节须由“${ROLE_LABELS[step].zh}”处理`,
      en: `The current approval step belongs to the ${ROLE_LABELS[step].en} role`,
    });
  }
}

/** What the guide workflow is started with. */
export interface GuideSpec {
  id: string;
  templateId: string;
  mode: Mode;
  approvalChain: Role[];
  content: GuideContent;
  createdBy: string;
}
