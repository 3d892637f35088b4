import { z } from 'zod';
import { DIRECT_COST_CATEGORIES } from '../application/application-content';
import { DomainError } from '../kernel/messages';
import { fenSchema } from '../kernel/money';
import { Actor } from '../kernel/roles';
import { bilingual } from '../kernel/validation';
import { assertProjectParty, ProjectHolders, ProjectParty } from './project';
import {
  ACCEPTANCE_PHASES,
  ACCEPTANCE_VERDICTS,
  AcceptanceStep,
  assertAuditReportFen,
} from './acceptance.rules';

// The steps, thresholds and verdicts are zod-free, as the project's workflow decides them.
export * from './acceptance.rules';

export const acceptanceVerdictSchema = z.enum(ACCEPTANCE_VERDICTS);

/**
 * 验收申请材料 (RULES §10): the work and technical summary, each agreement indicator planned vs
 * achieved with its evidence, the final accounts by budget category (integer fen; an audit report
 * above the template's threshold), outcomes, and third-party or user test reports.
 */
export const acceptanceDossierSchema = z
  .strictObject({
    summary: z.string().trim().min(10).max(20_000).describe('工作总结和技术总结'),
    indicators: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(200).describe('The agreement’s indicator, by name'),
          unit: z.string().trim().min(1).max(20),
          target: z.number().finite().describe('The agreement’s target'),
          achieved: z.number().finite().describe('What was achieved'),
          evidence: z.string().trim().min(2).max(2000).describe('证明材料: how the achievement is shown'),
          attachmentIds: z.array(z.uuid()).max(20).default([]),
        }),
      )
      .min(1)
      .max(100)
      .describe('考核指标完成情况: every indicator of the agreement, planned vs achieved'),
    accounts: z
      .array(
        z.strictObject({
          category: z.enum(DIRECT_COST_CATEGORIES),
          plannedFen: fenSchema.describe('The budget of this category, fen'),
          spentFen: fenSchema.describe('Spent over the term, fen'),
        }),
      )
      .min(1)
      .max(DIRECT_COST_CATEGORIES.length)
      .describe('财务决算: spending by direct-cost category over the term'),
    indirectSpentFen: fenSchema.default(0).describe('间接费用 spent, fen'),
    auditReportId: z
      .uuid()
      .nullable()
      .default(null)
      .describe('审计报告: required when the spending is above the template’s threshold'),
    testReportIds: z.array(z.uuid()).max(20).default([]).describe('第三方或用户测试报告'),
    attachmentIds: z.array(z.uuid()).max(50).default([]).describe('Other attachments'),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.accounts.forEach((a, i) => {
      if (seen.has(a.category))
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', i, 'category'],
          ...bilingual({ zh: '每个费用类别只填一次', en: 'Each category once' }),
        });
      seen.add(a.category);
    });
  });
export type AcceptanceDossierInput = z.infer<typeof acceptanceDossierSchema>;

/** Total spending the dossier declares (direct categories and indirect costs), integer fen. */
export function dossierSpentFen(d: Pick<AcceptanceDossierInput, 'accounts' | 'indirectSpentFen'>): number {
  return d.accounts.reduce((sum, a) => sum + a.spentFen, d.indirectSpentFen);
}

/**
 * The audit report is required above the template's threshold (RULES §10: "audit report above a
 * threshold"); the refusal names both amounts.
 */
export function assertAuditReport(
  d: Pick<AcceptanceDossierInput, 'accounts' | 'indirectSpentFen' | 'auditReportId'>,
  thresholdFen: number,
): void {
  assertAuditReportFen(dossierSpentFen(d), d.auditReportId, thresholdFen);
}

export const acceptanceConfirmationSchema = z.strictObject({
  opinion: z.string().trim().min(2).max(5000).describe('依托单位意见 The host institution’s opinion'),
});

/** 形式审查 of the dossier: the officer's findings (lateness and unapproved changes come from the record). */
export const acceptanceCheckSchema = z.strictObject({
  complete: z.boolean().describe('The dossier is complete; false returns it to the PI'),
  findings: z
    .string()
    .trim()
    .max(5000)
    .default('')
    .describe('What is missing or wrong (required when incomplete)'),
});

export const acceptanceReviewSchema = z.strictObject({
  opinion: z.string().trim().min(2).max(20_000).describe('验收意见 The review’s findings'),
  recommendation: acceptanceVerdictSchema.describe('The verdict the review recommends'),
  falseMaterial: z.boolean().default(false).describe('Material or data found not genuine'),
  spendingIssues: z.boolean().default(false).describe('Spending found not compliant'),
});

export const acceptanceDecisionSchema = z.strictObject({
  verdict: acceptanceVerdictSchema,
  reasons: z.string().trim().min(2).max(10_000).describe('The reasons every party reads'),
});

export const acceptanceViewSchema = z.object({
  projectId: z.uuid(),
  phase: z.enum(ACCEPTANCE_PHASES).nullable().describe('null: the term has not ended'),
  round: z.number().int().describe('1, or 2 for the re-check after a rectification'),
  applyBy: z.string().nullable().describe('Apply by (UTC); overdue after'),
  failsAt: z.string().nullable().describe('Unsubmitted by then, the acceptance fails (UTC)'),
  overdue: z.boolean(),
  completion: z.number().nullable().describe('任务完成率 of the dossier, 0…1'),
  suggestedVerdict: acceptanceVerdictSchema.nullable().describe('What the RULES thresholds allow at best'),
});
export type AcceptanceView = z.infer<typeof acceptanceViewSchema>;

const PARTY_OF_STEP: Record<Exclude<AcceptanceStep, 'object'>, ProjectParty> = {
  submit: 'pi',
  confirm: 'host',
  check: 'staff',
  review: 'staff',
  decide: 'staff',
  answer_objection: 'staff',
};

/** Who takes each step of acceptance: the PI applies, the host institution confirms, staff do the rest. */
export function assertAcceptanceActor(
  actor: Actor,
  p: ProjectHolders,
  step: Exclude<AcceptanceStep, 'object'>,
): void {
  assertProjectParty(actor, p, PARTY_OF_STEP[step]);
}
