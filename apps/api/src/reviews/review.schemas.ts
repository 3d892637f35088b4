import { z } from 'zod';
import {
  ASSIGNMENT_STRATEGIES,
  organisationOverLimitFields,
  recusalViewFields,
  recusedByField,
  REVIEW_ASSIGNMENT_STATUSES,
} from '@kjflow/domain';

const bilingual = z.object({ zh: z.string(), en: z.string() });
/** Shapes the domain computes and documents itself (score summaries, rubrics, draw inputs). */
const computed = z.looseObject({});

/** One invitation (评审任务) as its expert and the officers see it. */
export const reviewAssignmentViewSchema = z.object({
  id: z.uuid(),
  roundId: z.uuid(),
  applicationId: z.uuid(),
  expertId: z.uuid(),
  status: z.enum(REVIEW_ASSIGNMENT_STATUSES),
  statusLabel: bilingual,
  draw: z.number().int().describe('0 for the first draw, n for the n-th replacement'),
  affinity: z.number(),
  replaces: z.uuid().nullable(),
  respondBy: z.string(),
  respondByLocal: z.string(),
  scoreBy: z.string().nullable(),
  scoreByLocal: z.string().nullable(),
  openedAt: z.string().nullable().describe('When the expert first saved a draft'),
  reason: z.string().nullable(),
  ...recusalViewFields,
  sheet: computed.nullable().describe('The draft or submitted score sheet'),
  weightedScore: z.number().nullable(),
  submittedAt: z.string().nullable(),
});

export const myReviewAssignmentSchema = reviewAssignmentViewSchema.extend({ applicationTitle: z.string() });

/** An invitation as officers see it: a required recusal names who required it. */
export const officerReviewAssignmentViewSchema = reviewAssignmentViewSchema.extend({
  recusedBy: recusedByField,
});

/** One organisation over maxPerOrganisation on one application's panel. */
export const organisationOverLimitSchema = z.object({
  applicationId: z.uuid(),
  applicationTitle: z.string(),
  ...organisationOverLimitFields,
  experts: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        assignmentId: z.uuid().describe('The invitation that seats the expert on this panel'),
        status: z.enum(REVIEW_ASSIGNMENT_STATUSES),
        statusLabel: bilingual,
      }),
    )
    .describe('The organisation’s experts on the panel, each with the invitation that seats them'),
});

export const reviewRoundViewSchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  strategy: z.enum(ASSIGNMENT_STRATEGIES),
  expertsPerApplication: z.number().int(),
  maxProbability: z.number().nullable(),
  maxPerExpert: z
    .number()
    .int()
    .nullable()
    .describe(
      '每位专家本轮上限: the round’s cap on any expert’s load; null: each expert’s profile cap alone',
    ),
  seed: z.number().int(),
  inputHash: z.string().nullable(),
  solverVersion: z.string().nullable(),
  policy: computed,
  status: z.string(),
  createdAt: z.string(),
  conflicts: z.array(computed).describe('Pairs the conflict-of-interest engine excluded, with reasons'),
  shortfalls: z
    .array(z.looseObject({ replaces: z.uuid(), applicationId: z.uuid() }))
    .describe('Slots left empty because nobody qualified was left to draw'),
  organisationsOverLimit: z
    .array(organisationOverLimitSchema)
    .describe(
      '同一单位专家超限: panels with more experts of one organisation than the template’s maxPerOrganisation, counting the seats held now (invited, accepted or scored) and each expert’s organisation as it stands; empty when every panel keeps the rule',
    ),
  assignments: z.array(
    officerReviewAssignmentViewSchema.extend({ expertName: z.string(), applicationTitle: z.string() }),
  ),
});

export const reviewReplaySchema = z.object({
  seed: z.number(),
  inputHash: z.string(),
  solverVersion: z.string(),
  recordedInputHash: z.string().nullable(),
  matches: z.boolean(),
  pairs: z.array(computed),
});

export const reviewResultSchema = z.looseObject({
  applicationId: z.uuid(),
  title: z.string(),
  topicId: z.string().nullable(),
  summary: computed,
  calibrated: z.number().nullable(),
  disagreement: computed,
  panel: computed.nullable(),
  rankingScore: z.number(),
  rank: z.number().int(),
  percentile: z.number(),
  aboveFundingLine: z.boolean().nullable(),
  funding: bilingual.nullable(),
});

export const reviewResultsSchema = z.object({
  roundId: z.uuid(),
  status: z.string(),
  results: z.array(reviewResultSchema),
});

export const openedApplicationSchema = z.object({
  assignment: reviewAssignmentViewSchema,
  blind: z.boolean(),
  application: z.object({
    id: z.uuid(),
    content: computed,
    applicant: z.string().nullable(),
    institution: z.string().nullable(),
  }),
  rubric: computed,
});

/**
 * A score sheet as sent (draft or final). Its criteria are the call's rubric, so the service
 * checks it against that rubric, naming each field; this is the shape every rubric shares.
 */
export const scoreSheetBodySchema = z.looseObject({
  criteria: z
    .record(
      z.string().max(100),
      z.looseObject({ score: z.unknown().optional(), comment: z.unknown().optional() }),
    )
    .optional()
    .describe('Per criterion of the rubric: { score, comment }'),
  overallComment: z.unknown().optional(),
});
