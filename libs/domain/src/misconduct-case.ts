import { z } from 'zod';
import { breachSeveritySchema, MISCONDUCT_KINDS } from './credit';
import { Bilingual } from './messages';
import { isoDurationSchema, positiveIsoDurationSchema } from './iso-duration';
import { stateMachine, Transition } from './state-machine';
import { bilingual } from './validation';

/**
 * Misconduct cases (科研失信案件), after 国科发监〔2022〕221号 (RULES §11): report → accepted or
 * dismissed → investigation with a deadline (6 months, one extension of at most 6 months) →
 * finding → decision notified → appeal window (15 working days) → review (upheld, changed,
 * overturned) → effective, when the credit record is written.
 */
export const CASE_STATUSES = [
  'reported',
  'dismissed',
  'investigating',
  'decided',
  'under_review',
  'effective',
  'overturned',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const CASE_STATUS_LABELS: Record<CaseStatus, Bilingual> = {
  reported: { zh: '已受理举报', en: 'Reported' },
  dismissed: { zh: '不予立案', en: 'Dismissed' },
  investigating: { zh: '调查中', en: 'Under investigation' },
  decided: { zh: '已作出处理决定（申诉期）', en: 'Decided (appeal window open)' },
  under_review: { zh: '复查中', en: 'Under review after appeal' },
  effective: { zh: '处理决定生效', en: 'Effective' },
  overturned: { zh: '复查撤销', en: 'Overturned on review' },
};

export const CASE_DONE: readonly CaseStatus[] = ['dismissed', 'effective', 'overturned'];

const machine = stateMachine<CaseStatus>({
  noun: { zh: '案件', en: 'case' },
  labels: CASE_STATUS_LABELS,
  rules: [
    { from: ['reported'], command: 'accept', to: 'investigating', event: 'case.accepted' },
    { from: ['reported'], command: 'dismiss', to: 'dismissed', event: 'case.dismissed' },
    { from: ['investigating'], command: 'find', to: 'decided', event: 'case.decided' },
    { from: ['decided'], command: 'appeal', to: 'under_review', event: 'case.appealed' },
    { from: ['decided'], command: 'lapse_appeal', to: 'effective', event: 'case.effective' },
    { from: ['under_review'], command: 'review:upheld', to: 'effective', event: 'case.effective' },
    { from: ['under_review'], command: 'review:changed', to: 'effective', event: 'case.effective' },
    { from: ['under_review'], command: 'review:overturned', to: 'overturned', event: 'case.overturned' },
  ],
});

export type CaseCommand =
  'accept' | 'dismiss' | 'find' | 'appeal' | 'lapse_appeal' | `review:${ReviewOutcome}`;
export const REVIEW_OUTCOMES = ['upheld', 'changed', 'overturned'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export function nextCaseStatus(from: CaseStatus, command: CaseCommand): Transition<CaseStatus> {
  return machine.next(from, command);
}

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

/** What the case workflow is started with. */
export interface CaseSpec {
  id: string;
  report: ReportCaseInput;
  policy: CasePolicy;
  createdBy: string;
}
