import { z } from 'zod';
import { bilingual } from '../kernel/validation';
import { fenSchema } from '../kernel/money';
import { Actor } from '../kernel/roles';
import { breachSeveritySchema } from '../credit/credit';
import { assertProjectParty, ProjectHolders, ProjectParty } from './project';
import { MIDTERM_DECISIONS, MIDTERM_PHASES, MidtermStep, RECOVERY_STATUSES } from './midterm.rules';

// The check's steps and decisions are zod-free, as the project's workflow decides them.
export * from './midterm.rules';

export const midtermDecisionSchema = z.enum(MIDTERM_DECISIONS);

/** 自评报告和经费支出情况: spending by budget category (integer fen), as declared by the PI. */
export const midtermSubmissionSchema = z.strictObject({
  selfAssessment: z
    .string()
    .trim()
    .min(2)
    .max(20000)
    .describe('自评报告: progress against objectives, indicators and milestones; problems'),
  spending: z
    .strictObject({
      equipment: fenSchema.describe('设备费 spent'),
      business: fenSchema.describe('业务费 spent'),
      labour: fenSchema.describe('劳务费 spent'),
      indirect: fenSchema.describe('间接费用 spent'),
    })
    .describe('经费支出情况 Spending so far by budget category'),
});
export type MidtermSubmissionInput = z.infer<typeof midtermSubmissionSchema>;

export const midtermConfirmationSchema = z.strictObject({
  opinion: z.string().trim().min(2).max(5000).describe('依托单位意见 The host institution’s opinion'),
});

export const midtermReviewSchema = z.strictObject({
  opinion: z.string().trim().min(2).max(20000).describe('审查意见 The review’s findings'),
  recommendation: midtermDecisionSchema.describe('The decision the review recommends'),
});
export type MidtermReviewInput = z.infer<typeof midtermReviewSchema>;

export const midtermDecisionInputSchema = z
  .strictObject({
    decision: midtermDecisionSchema,
    reasons: z.string().trim().min(2).max(10000).describe('The reasons every party reads'),
    changeNote: z
      .string()
      .trim()
      .min(2)
      .max(5000)
      .optional()
      .describe('调整: the approved change (objectives, budget or team) and its note; required for adjust'),
    severity: breachSeveritySchema
      .default('serious')
      .describe('撤销: the credit record’s severity (RULES §11; 较重失信 by default)'),
    creditInstitution: z
      .boolean()
      .default(false)
      .describe('撤销: also write a credit record for the host institution (its fault too)'),
  })
  .refine(
    (d) => d.decision !== 'adjust' || d.changeNote !== undefined,
    bilingual({ zh: '调整决定须写明批准的变更内容', en: 'An adjust decision names the approved change' }, [
      'changeNote',
    ]),
  );
export type MidtermDecisionInput = z.infer<typeof midtermDecisionInputSchema>;

export const recoveryOrderViewSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  amountFen: fenSchema,
  reason: z.string(),
  dueAt: z.string().describe('Repay by (UTC)'),
  status: z.enum(RECOVERY_STATUSES),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
});
export type RecoveryOrderView = z.infer<typeof recoveryOrderViewSchema>;

export const recoveryPaymentSchema = z.strictObject({
  note: z.string().trim().max(2000).default('').describe('Receipt or transfer reference'),
});

export const midtermViewSchema = z.object({
  projectId: z.uuid(),
  opensAt: z.string().describe('When the check opens (UTC)'),
  phase: z.enum(MIDTERM_PHASES).nullable().describe('null: not opened yet'),
  round: z.number().int().describe('1, or 2 for the re-check after a rectification'),
  submission: midtermSubmissionSchema
    .extend({ spentFen: fenSchema, submittedBy: z.uuid(), submittedAt: z.string() })
    .nullable(),
  confirmation: z.object({ opinion: z.string(), confirmedBy: z.uuid(), confirmedAt: z.string() }).nullable(),
  review: z
    .object({
      opinion: z.string(),
      recommendation: midtermDecisionSchema,
      reviewedBy: z.uuid(),
      reviewedAt: z.string(),
    })
    .nullable(),
  decision: z
    .object({
      decision: midtermDecisionSchema,
      reasons: z.string(),
      changeNote: z.string().nullable(),
      decidedBy: z.uuid(),
      decidedAt: z.string(),
    })
    .nullable()
    .describe('The last decision (a rectification, then the re-check’s)'),
  fixBy: z.string().nullable().describe('限期整改: rectify by (UTC)'),
  overdue: z.boolean().describe('A rectification unanswered past its deadline'),
});
export type MidtermView = z.infer<typeof midtermViewSchema>;

const PARTY_OF_STEP: Record<MidtermStep, ProjectParty> = {
  submit: 'pi',
  confirm: 'host',
  review: 'staff',
  decide: 'staff',
};

/**
 * Who takes each step of a project's mid-term check: the PI submits, the host institution's admin
 * confirms, staff review and decide. (Reading is `mayReadProject`: every party sees the decision.)
 */
export function assertMidtermActor(actor: Actor, p: ProjectHolders, step: MidtermStep): void {
  assertProjectParty(actor, p, PARTY_OF_STEP[step]);
}
