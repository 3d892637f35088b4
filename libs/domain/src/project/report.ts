import { z } from 'zod';
import { DIRECT_COST_CATEGORIES } from '../application/application-content';
import { attachmentUploadQuerySchema } from '../application/attachment';
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

// ---- attachments: evidence for the reports (issue 15 §2) -------------------------------------

/**
 * The PI and the host institution's admin add evidence to a project (a report then cites it); the
 * project's readers download it. Anyone else: forbidden (readers are checked before).
 */
export function assertMayAddProjectAttachment(actor: Actor, p: ProjectHolders): void {
  if (hasRole(actor, 'applicant') && actor.id === p.piId) return;
  if (
    hasRole(actor, 'institution_admin') &&
    actor.institutionId !== null &&
    actor.institutionId === p.institutionId
  )
    return;
  throw new DomainError('forbidden', {
    zh: '项目附件由项目负责人或依托单位上传',
    en: 'The PI or the host institution uploads a project’s attachments',
  });
}

/**
 * A report cites only files of its project or the project's application, not removed, uploaded
 * there by those who may (the upload routes decide who): any other id is refused on its field,
 * naming it, so nothing a reader cannot open is cited.
 */
export function assertCitableAttachments(cited: readonly string[], citable: readonly string[]): void {
  const known = new Set(citable);
  const fields = cited.flatMap((id, i) =>
    known.has(id)
      ? []
      : [
          {
            path: `attachmentIds.${i}`,
            message: {
              zh: `附件 ${id} 不存在或不属于本项目`,
              en: `Attachment ${id} does not exist or is not this project’s`,
            },
          },
        ],
  );
  const unknown = cited.filter((id) => !known.has(id));
  if (fields.length)
    throw new DomainError(
      'rule_refused',
      {
        zh: `进展报告引用了不属于本项目的附件：${unknown.join('、')}`,
        en: `The report cites attachments that are not this project’s: ${unknown.join(', ')}`,
      },
      fields,
    );
}

export const projectAttachmentViewSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.uuid(),
  uploadedAt: z.string(),
  uploadedAtLocal: z.string(),
});
export type ProjectAttachmentView = z.infer<typeof projectAttachmentViewSchema>;

/** The file's name, as for an application's attachment (no document code: evidence for reports). */
export const projectAttachmentUploadQuerySchema = attachmentUploadQuerySchema.pick({ name: true });
