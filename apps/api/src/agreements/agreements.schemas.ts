import { z } from 'zod';
import {
  AGREEMENT_PARTIES,
  AGREEMENT_STATUSES,
  INSTALLMENT_STATUSES,
  MILESTONE_OUTCOMES,
  modeSchema,
  pageQuerySchema,
} from '@kjflow/domain';

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** 任务书: the terms (as negotiated), signatures, milestone checks and installments (拨付). */
export const agreementViewSchema = z.object({
  id: z.uuid(),
  awardId: z.uuid(),
  applicationId: z.uuid(),
  callId: z.uuid(),
  amountFen: z.number().int(),
  status: z.enum(AGREEMENT_STATUSES),
  statusLabel: bilingual,
  signBy: z.string(),
  signByLocal: z.string(),
  signedAt: z.string().nullable(),
  projectId: z.uuid().nullable().describe('The project the signing started (执行中), once signed'),
  version: z.number().int(),
  content: z.looseObject({}).describe('The terms: objectives, indicators, milestones, budget, installments'),
  signatures: z.array(
    z.object({
      party: z.enum(AGREEMENT_PARTIES),
      partyLabel: bilingual,
      signedBy: z.uuid(),
      signedByName: z.string(),
      version: z.number().int(),
      performancePledgeAccepted: z.boolean(),
      signedAt: z.string(),
      signedAtLocal: z.string(),
    }),
  ),
  milestoneChecks: z.array(
    z.object({
      milestone: z.number().int(),
      outcome: z.enum(MILESTONE_OUTCOMES),
      outcomeLabel: bilingual,
      opinion: z.string(),
      checkedAtLocal: z.string(),
    }),
  ),
  installments: z.array(
    z.object({
      seq: z.number().int(),
      sharePercent: z.number(),
      amountFen: z.number().int(),
      releasedBy: z.string(),
      releasedByLabel: bilingual,
      status: z.enum(INSTALLMENT_STATUSES),
      approvedAt: z.string().nullable(),
      paidAt: z.string().nullable(),
      dueBy: z.string().nullable(),
      dueByLocal: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
});

export const agreementVersionSchema = z.object({
  version: z.number().int(),
  note: z.string().nullable(),
  revisedBy: z.uuid().nullable(),
  revisedByName: z.string().nullable(),
  createdAt: z.string(),
  createdAtLocal: z.string(),
  changes: z.array(z.looseObject({})).describe('What changed from the version before'),
  content: z.looseObject({}),
});

/** The bureau's list of agreements: filtered on the server by status, call or mode. */
export const agreementListQuerySchema = pageQuerySchema.extend({
  status: z.enum(AGREEMENT_STATUSES).optional(),
  callId: z.uuid().optional(),
  mode: modeSchema.optional(),
});

/** An agreement as a line of the bureau's list (the agreement itself: GET /agreements/:id). */
export const agreementListItemSchema = z.object({
  id: z.uuid(),
  awardId: z.uuid(),
  callId: z.uuid(),
  applicationId: z.uuid(),
  title: z.string(),
  institution: z.string().nullable().describe('The host institution'),
  piName: z.string(),
  mode: modeSchema,
  amountFen: z.number().int(),
  paidFen: z.number().int().describe('What its paid installments add up to'),
  status: z.enum(AGREEMENT_STATUSES),
  statusLabel: bilingual,
  signBy: z.string(),
  signByLocal: z.string(),
  signedAt: z.string().nullable(),
  projectId: z.uuid().nullable().describe('The project its signing started'),
});
