import { z } from 'zod';
import { caseStatusSchema, creditLevelSchema, creditRatingSchema, isoDurationSchema } from '@kjflow/domain';
import { historyEntrySchema } from '../demands/demands.schemas';

const bilingual = z.object({ zh: z.string(), en: z.string() });
const date = z.string().describe('YYYY-MM-DD (Asia/Shanghai)');

/** A ledger row as the API answers it. */
export const creditRecordViewSchema = z.object({
  id: z.uuid(),
  subject: z.object({ type: z.string(), id: z.uuid() }),
  kind: z.string(),
  severity: z.string(),
  stage: z.string(),
  projectId: z.uuid().nullable(),
  facts: z.string(),
  evidenceRefs: z.array(z.string()),
  decisionNo: z.string().nullable(),
  effectiveFrom: date,
  effectiveUntil: date.nullable(),
  referencesRecordId: z.uuid().nullable(),
  isPublic: z.boolean(),
  caseId: z.uuid().nullable(),
  sourceEventId: z.uuid().nullable().describe('The event of the stage this record follows from'),
  recordedBy: z.uuid().nullable().describe('The officer; null when a workflow wrote it'),
  recordedAt: z.string(),
});

const decisionSchema = z.object({
  allowed: z.boolean(),
  reason: bilingual.nullable(),
  until: z.string().nullable().describe('When a ban ends (free on that date), or permanent'),
});

export const creditRatingViewSchema = z.object({
  subject: z.object({ type: z.string(), id: z.uuid() }),
  at: date,
  rating: creditRatingSchema,
  consequences: z.object({
    mayApply: decisionSchema,
    mayLead: decisionSchema,
    mayServeAsExpert: decisionSchema,
    indirectCostRateCapPercent: z.object({ percent: z.number(), reason: bilingual }),
    mayKeepSurplus: z.object({ allowed: z.boolean(), reason: bilingual }),
    extraScrutiny: z.object({ required: z.boolean(), reason: bilingual }),
  }),
});

export const eligibilityViewSchema = z.object({
  program: z.object({ code: z.string(), version: z.number().int(), minCreditLevel: creditLevelSchema }),
  pass: z.boolean(),
  reasons: z.array(z.object({ subjectId: z.string(), zh: z.string(), en: z.string() })),
});

export const repairRequestViewSchema = z.object({
  id: z.uuid(),
  recordId: z.uuid(),
  reason: z.string(),
  evidenceRefs: z.array(z.string()),
  status: z.enum(['pending', 'approved', 'rejected']),
  decisionReason: z.string().nullable(),
  repairRecordId: z.uuid().nullable().describe('The repair record an approval wrote'),
  requestedBy: z.uuid(),
  decidedBy: z.uuid().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

/** A misconduct case; the reporter's identity is shown to staff only. */
export const caseViewSchema = z.object({
  id: z.uuid(),
  subject: z.object({ type: z.string(), id: z.uuid() }),
  subjectName: z.string().nullable().describe('The subject’s name (null when none is known)'),
  subjectTypeLabel: bilingual,
  projectId: z.uuid().nullable(),
  status: caseStatusSchema,
  statusLabel: bilingual,
  report: z.looseObject({ facts: z.string() }),
  finding: z.looseObject({}).nullable(),
  review: z.looseObject({}).nullable(),
  investigationDeadline: z.string().nullable(),
  extended: z.boolean(),
  appealDeadline: z.string().nullable(),
  appealCalendar: z.looseObject({}).nullable().describe('What the appeal window was counted on'),
  creditRecordId: z.uuid().nullable(),
  creditRecord: creditRecordViewSchema
    .nullable()
    .describe('The record written once the decision became effective (in the answer that made it so)'),
  history: z.array(historyEntrySchema),
});

/** The bureau's list of cases: filtered on the server by status. */
export const caseListQuerySchema = z.object({ status: caseStatusSchema.optional() });

/** A case as a line of the bureau's list (the case itself: GET /misconduct-cases/:id). */
export const caseListItemSchema = z.object({
  id: z.uuid(),
  subject: z.object({ type: z.string(), id: z.uuid(), name: z.string().nullable() }),
  subjectTypeLabel: bilingual,
  projectId: z.uuid().nullable(),
  status: caseStatusSchema,
  statusLabel: bilingual,
  facts: z.string().describe('The report’s facts'),
  investigationDeadline: z.string().nullable(),
  appealDeadline: z.string().nullable(),
  reportedAt: z.string(),
});

/** A ledger record as listed: the record with its subject's name and the labels of its codes. */
export const creditLedgerItemSchema = creditRecordViewSchema.extend({
  subjectName: z.string().nullable(),
  subjectTypeLabel: bilingual,
  kindLabel: bilingual,
  severityLabel: bilingual,
});

/** Setting the case timings names every one of them (no silent defaults from an empty body). */
export const casePolicyInputSchema = z.strictObject({
  investigation: isoDurationSchema.describe('Time to investigate from acceptance (6 months nationally)'),
  maxExtension: isoDurationSchema.describe('The one extension at most (6 months)'),
  reminderBefore: isoDurationSchema.describe('Reminder this long before the investigation deadline'),
  appealWorkingDays: z.number().int().positive().max(100).describe('Working days to appeal (15)'),
  appealWindowOverride: isoDurationSchema
    .nullable()
    .describe('Drills and special procedures: a fixed appeal window instead of working days'),
});
