import { z } from 'zod';
import { DIRECT_COST_CATEGORIES } from '../application/application-content';
import { DomainError } from '../kernel/messages';
import { fenSchema } from '../kernel/money';
import { Actor, hasRole } from '../kernel/roles';
import { STAFF_ROLES } from '../kernel/roles.rules';
import { bilingual } from '../kernel/validation';
import { ProjectHolders } from './project';
import { REPORT_STATUSES } from './report.rules';

// Statuses, timings and the decisions the workflow takes are zod-free: report.rules.ts.
export * from './report.rules';

/**
 * A progress report (进展报告, issue 15 §2): progress against the agreement's milestones and
 * indicators, spending by direct-cost category (设备费 / 业务费 / 劳务费) against the plan in integer
 * fen, problems, outcomes so far, and attachments.
 */
export const MILESTONE_PROGRESS = ['done', 'on_track', 'delayed', 'not_started'] as const;

export const progressReportSchema = z
  .strictObject({
    progress: z.string().trim().min(10).max(10_000).describe('进展情况: the work of the period'),
    milestones: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(200),
          status: z.enum(MILESTONE_PROGRESS),
          note: z.string().trim().max(2000).default(''),
        }),
      )
      .max(50)
      .default([])
      .describe('Progress against the agreement’s milestones'),
    indicators: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(200),
          unit: z.string().trim().min(1).max(20),
          target: z.number().finite(),
          achieved: z.number().finite(),
        }),
      )
      .max(100)
      .default([])
      .describe('Indicators: the agreement’s target and what is achieved so far'),
    spending: z
      .array(
        z.strictObject({
          category: z.enum(DIRECT_COST_CATEGORIES),
          plannedFen: fenSchema.describe('The plan for this category, fen'),
          spentFen: fenSchema.describe('Spent so far, fen'),
        }),
      )
      .min(1)
      .max(DIRECT_COST_CATEGORIES.length)
      .describe('Spending by budget category (设备费 / 业务费 / 劳务费) against the plan, integer fen'),
    problems: z.string().trim().max(5000).default('').describe('存在问题'),
    outcomes: z.string().trim().max(5000).default('').describe('阶段性成果'),
    attachmentIds: z.array(z.uuid()).max(50).default([]).describe('Attachments (ids of uploaded files)'),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.spending.forEach((s, i) => {
      if (seen.has(s.category))
        ctx.addIssue({
          code: 'custom',
          path: ['spending', i, 'category'],
          ...bilingual({ zh: '每个费用类别只填一次', en: 'Each category once' }),
        });
      seen.add(s.category);
    });
  });
export type ProgressReportInput = z.infer<typeof progressReportSchema>;

export const reportDecisionSchema = z
  .strictObject({
    decision: z.enum(['accept', 'return']),
    comment: z.string().trim().max(2000).default('').describe('Required when returning: what to revise'),
  })
  .refine(
    (d) => d.decision !== 'return' || d.comment.length >= 5,
    bilingual(
      { zh: '退回须说明修改意见（至少 5 个字）', en: 'A return says what to revise (at least 5 characters)' },
      ['comment'],
    ),
  );
export type ReportDecisionInput = z.infer<typeof reportDecisionSchema>;

const reviewSchema = z.object({
  step: z.enum(['confirmed', 'accepted', 'returned']),
  actorId: z.uuid(),
  comment: z.string(),
  at: z.string(),
});

export const reportVersionSchema = z.object({
  version: z.number().int(),
  content: z.record(z.string(), z.unknown()).describe('The report as submitted (progressReportSchema)'),
  submittedBy: z.uuid(),
  submittedAt: z.string(),
  reviews: z.array(reviewSchema).describe('The institution’s confirmation and the bureau’s decision'),
});

export const projectReportViewSchema = z.object({
  projectId: z.uuid(),
  seq: z.number().int(),
  dueAt: z.string().describe('UTC instant'),
  status: z.enum(REPORT_STATUSES),
  overdue: z.boolean().describe('Past its due date and not submitted (or returned)'),
  versions: z.array(reportVersionSchema).describe('Every submitted version, oldest first'),
});
export type ProjectReportView = z.infer<typeof projectReportViewSchema>;

// ---- access: who does what with a report ----------------------------------------------------

/** Which step of a report an account takes on a project it may read. */
export type ReportAct = 'submit' | 'confirm' | 'decide';

/**
 * The PI submits, the host institution's admin confirms, the bureau (officers, admins) decides
 * (issue 15 §2). Anyone else: forbidden (the project's readers are checked before).
 */
export function assertMayActOnReport(actor: Actor, p: ProjectHolders, act: ReportAct): void {
  const may =
    act === 'submit'
      ? hasRole(actor, 'applicant') && actor.id === p.piId
      : act === 'confirm'
        ? hasRole(actor, 'institution_admin') && actor.institutionId === p.institutionId
        : hasRole(actor, ...STAFF_ROLES);
  if (!may)
    throw new DomainError(
      'forbidden',
      act === 'submit'
        ? { zh: '进展报告由项目负责人提交', en: 'The PI submits progress reports' }
        : act === 'confirm'
          ? { zh: '进展报告由依托单位确认', en: 'The host institution confirms progress reports' }
          : { zh: '进展报告由市科技局审核', en: 'The bureau decides on progress reports' },
    );
}
