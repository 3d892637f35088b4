import { z } from 'zod';
import { PANEL_RECOMMENDATIONS, PANEL_STAGES } from './panel-stage.rules';
import { bilingual } from '../kernel/validation';
import { fenSchema } from '../kernel/money';
import { Actor, hasRole } from '../kernel/roles';
import { breachSeveritySchema } from '../credit/credit';
import { assertProjectParty, mayReadProject, ProjectHolders, ProjectParty } from './project';
import {
  MIDTERM_DECISIONS,
  MIDTERM_PHASES,
  MIDTERM_STEPS,
  MidtermStep,
  RECOVERY_STATUSES,
} from './midterm.rules';
import { PANEL_MEMBER_STATUSES } from '../review/expert-panel.rules';
import {
  expertPoolSchema,
  organisationOverLimitFields,
  recusalViewFields,
  recusedByField,
} from '../review/review-round';

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

export const midtermPanelMemberViewSchema = z.object({
  id: z.uuid().describe('The invitation (seat) id'),
  seat: z.number().int().describe('1.. in draw order; a replacement takes the next number'),
  expertId: z.uuid().nullable().describe('Staff only (the panel is confidential before the decision)'),
  expertName: z.string().nullable().describe('Staff only'),
  status: z.enum(PANEL_MEMBER_STATUSES),
  reason: z.string().nullable().describe('A decline’s or recusal’s reason'),
  ...recusalViewFields,
  recusedBy: recusedByField.describe(
    'The officer who required the recusal (`recusal: required`); null otherwise, and for readers who do not see the members’ identities (staff and auditors do)',
  ),
  recommendation: midtermDecisionSchema.nullable(),
  score: z.number().int().nullable(),
  opinion: z.string().nullable(),
  submittedAt: z.string().nullable(),
});

/**
 * One organisation over maxPerOrganisation on a project's panel (同一单位专家超限): the shape of a
 * review round's organisationsOverLimit item without the application (a project's panel has one
 * subject), each expert with the seat that puts them on the panel.
 */
export const panelOrganisationOverLimitSchema = z.object({
  ...organisationOverLimitFields,
  experts: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        memberId: z
          .uuid()
          .describe('The seat (invitation) that puts the expert on this panel: a member’s id'),
        status: z.enum(PANEL_MEMBER_STATUSES),
        statusLabel: z.object({ zh: z.string(), en: z.string() }),
      }),
    )
    .describe('The organisation’s experts on the panel, each with the seat that puts them there'),
});

export type PanelOrganisationOverLimit = z.infer<typeof panelOrganisationOverLimitSchema>;

export const midtermPanelViewSchema = z.object({
  id: z.uuid(),
  round: z.number().int(),
  convenedBy: z.uuid(),
  convenedAt: z.string(),
  deadline: z.string().describe('Opinions before this (UTC)'),
  seed: z
    .number()
    .int()
    .describe('The draw’s seed (uint32): the draw is reproducible from its recorded input'),
  status: z
    .enum(['sitting', 'closed', 'lapsed'])
    .describe('lapsed: closed at its deadline without any opinion'),
  recommendation: midtermDecisionSchema.nullable().describe('The consolidated recommendation, once closed'),
  explanation: z
    .object({ zh: z.string(), en: z.string() })
    .nullable()
    .describe('How the recommendation follows from the opinions'),
  meanScore: z.number().nullable(),
  members: z.array(midtermPanelMemberViewSchema),
  organisationsOverLimit: z
    .array(panelOrganisationOverLimitSchema)
    .nullable()
    .describe(
      '同一单位专家超限: the organisations with more experts on the panel than the template’s maxPerOrganisation, counting the seats held now (invited, accepted or opinion given) and each expert’s organisation as it stands; empty when the panel keeps the rule; null for readers who do not see the members’ identities (staff and auditors do)',
    ),
});
export type MidtermPanelView = z.infer<typeof midtermPanelViewSchema>;

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
      reviewedBy: z.uuid().nullable().describe('The officer who reviewed; null for an expert panel'),
      reviewedAt: z.string(),
      by: z
        .enum(['officer', 'panel'])
        .describe('An officer’s review or the panel’s consolidated recommendation'),
    })
    .nullable(),
  panel: midtermPanelViewSchema.nullable().describe('The expert panel of this round, if one was convened'),
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
  steps: z
    .array(z.enum(MIDTERM_STEPS))
    .describe(
      'The steps the phase waits for: submit (the PI), confirm (the host institution), review or convene, then decide (staff)',
    ),
  decisions: z
    .array(midtermDecisionSchema)
    .describe('The decisions this round may end in (a re-check: no second rectification)'),
});
export type MidtermView = z.infer<typeof midtermViewSchema>;

const PARTY_OF_STEP: Record<MidtermStep, ProjectParty> = {
  submit: 'pi',
  confirm: 'host',
  review: 'staff',
  convene: 'staff',
  decide: 'staff',
};

/**
 * Who takes each step of a project's mid-term check: the PI submits, the host institution's admin
 * confirms, staff review and decide. (Reading is `mayReadProject`: every party sees the decision.)
 */
export function assertMidtermActor(actor: Actor, p: ProjectHolders, step: MidtermStep): void {
  assertProjectParty(actor, p, PARTY_OF_STEP[step]);
}

// ---- the mid-term expert panel (专家组评审) --------------------------------------------------------

/** 召集专家组: size, roles and deadline come from the program template; the pool may be narrowed. */
export const midtermPanelConveneSchema = z.strictObject({
  pool: expertPoolSchema
    .optional()
    .describe(
      'Draw only from experts in any of these fields and/or with any of these keywords; by default the project’s key field (finance experts from the whole pool)',
    ),
});
export type MidtermPanelConveneInput = z.infer<typeof midtermPanelConveneSchema>;

/**
 * A member's opinion: the outcome recommended (a mid-term decision, or an acceptance verdict on an
 * acceptance panel: the seat's stage decides, 400 otherwise), a score (百分制), the written opinion
 * and, on an acceptance panel, the findings on the material and the spending.
 */
export const midtermPanelOpinionSchema = z.strictObject({
  recommendation: z
    .enum(PANEL_RECOMMENDATIONS)
    .describe(
      'The outcome the expert recommends: a mid-term decision, or an acceptance verdict on an acceptance panel',
    ),
  falseMaterial: z.boolean().default(false).describe('Acceptance: the material or data are not genuine'),
  spendingIssues: z.boolean().default(false).describe('Acceptance: the spending does not comply'),
  score: z.number().int().min(0).max(100).describe('Overall score, 0–100 (RULES §5 100-point scale)'),
  opinion: z.string().trim().min(10).max(20000).describe('评审意见 The written opinion'),
});
export type MidtermPanelOpinionInput = z.infer<typeof midtermPanelOpinionSchema>;

export const panelRecusalSchema = z.strictObject({
  reason: z.string().trim().min(2).max(2000).describe('The conflict of interest (回避理由)'),
});

/** An expert's mid-term panel invitations (专家组邀请). */
export const myMidtermPanelSeatSchema = z.object({
  id: z.uuid().describe('The invitation id (answer with /panel-reviews/:id/…)'),
  stage: z.enum(PANEL_STAGES).describe('The stage the panel sits for: the mid-term check or acceptance'),
  projectId: z.uuid(),
  projectTitle: z.string(),
  round: z.number().int(),
  status: z.enum(PANEL_MEMBER_STATUSES),
  deadline: z.string(),
  invitedAt: z.string(),
  recommendation: z.enum(PANEL_RECOMMENDATIONS).nullable(),
  score: z.number().int().nullable(),
});
export type MyMidtermPanelSeat = z.infer<typeof myMidtermPanelSeatSchema>;

/**
 * Who reads a project's mid-term check: its readers (mayReadProject), and an expert drawn onto
 * its panel while the seat is live or answered — the mid-term materials only, not the project's
 * other records (reports, changes, money), which the expert's opinion does not need.
 */
export function mayReadMidterm(actor: Actor, p: ProjectHolders, panelUserIds: readonly string[]): boolean {
  return mayReadProject(actor, p) || (hasRole(actor, 'expert') && panelUserIds.includes(actor.id));
}

/** Panel members' identities are shown to staff and auditors only (confidential review, RULES §5). */
export function maySeePanelIdentities(actor: Actor): boolean {
  return hasRole(actor, 'officer', 'admin', 'auditor');
}
