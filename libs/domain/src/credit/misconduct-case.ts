import { z } from 'zod';
import { breachSeveritySchema, MISCONDUCT_KINDS } from './credit';
import { isoDurationSchema, positiveIsoDurationSchema } from '../kernel/iso-duration';
import { CASE_STATUSES, REVIEW_OUTCOMES } from './misconduct-case.rules';
import { bilingual } from '../kernel/validation';

// The lifecycle is zod-free, as workflow code runs it: misconduct-case.rules.ts, which also names
// the schemas below for workflow code, loading this module on first use (these declarations take
// precedence over those names in the export below).
export * from './misconduct-case.rules';

export const caseStatusSchema = z.enum(CASE_STATUSES);

/** Timings, configurable per deployment; defaults from RULES §11. */
export const casePolicySchema = z.object({
  investigation: isoDurationSchema.default('P6M'),
  maxExtension: isoDurationSchema.default('P6M'),
  /** Reminder this long before the investigation deadline. */
  reminderBefore: isoDurationSchema.default('P30D'),
  appealWorkingDays: z.number().int().positive().default(15),
  /** Testing and special procedures: a fixed appeal window instead of working days. */
  appealWindowOverride: isoDurationSchema.nullable().default(null),
});
export type CasePolicy = z.infer<typeof casePolicySchema>;

export const reportCaseSchema = z.object({
  subject: z.object({ type: z.enum(['person', 'institution', 'expert', 'agency']), id: z.uuid() }),
  projectId: z.uuid().nullable().default(null),
  reporter: z.object({ name: z.string().trim().min(1).max(50), contact: z.string().trim().min(5).max(100) }),
  facts: z.string().trim().min(20).max(5000),
  evidenceRefs: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
});
export type ReportCaseInput = z.infer<typeof reportCaseSchema>;

export const caseDecisionSchema = z
  .object({
    action: z.enum(['accept', 'dismiss']),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine(
    (d) => d.action === 'accept' || (d.reason?.length ?? 0) >= 5,
    bilingual(
      { zh: '不予立案须说明理由（不少于 5 个字）', en: 'A dismissal needs a reason (at least 5 characters)' },
      ['reason'],
    ),
  );

export const extensionSchema = z.object({
  extension: positiveIsoDurationSchema,
  reason: z.string().trim().min(5).max(2000),
});

export const findingSchema = z.object({
  category: z.enum(MISCONDUCT_KINDS),
  severity: breachSeveritySchema,
  facts: z.string().trim().min(10).max(5000),
  sanctions: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
  decisionNo: z.string().trim().min(1).max(100),
  isPublic: z.boolean().default(false),
});
export type FindingInput = z.infer<typeof findingSchema>;

export const appealSchema = z.object({ reason: z.string().trim().min(10).max(5000) });

export const reviewSchema = z
  .object({
    outcome: z.enum(REVIEW_OUTCOMES),
    severity: breachSeveritySchema.optional(),
    reason: z.string().trim().min(5).max(2000),
  })
  .refine(
    (r) => r.outcome !== 'changed' || r.severity !== undefined,
    bilingual({ zh: '变更处理须给出新的严重程度', en: 'A changed outcome needs the new severity' }, [
      'severity',
    ]),
  );
export type ReviewInput = z.infer<typeof reviewSchema>;
