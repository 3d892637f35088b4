import type { CasePolicy, ReportCaseInput } from './misconduct-case';
import { Bilingual, DomainError } from '../kernel/errors.rules';
import { loadMisconductCase } from '../kernel/lazy.rules';
import { stateMachine, Transition } from '../kernel/state-machine.rules';
import { lazySchema } from '../kernel/validation.rules';

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
export type CaseStatus = (typeof CASE_STATUSES)[number];

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

// ---- the officers' inputs (parsed on demand: the schemas are in misconduct-case.ts) ------------

const schemas = () => loadMisconductCase();
export const caseDecisionSchema = lazySchema(() => schemas().caseDecisionSchema);
export const extensionSchema = lazySchema(() => schemas().extensionSchema);
export const findingSchema = lazySchema(() => schemas().findingSchema);
export const appealSchema = lazySchema(() => schemas().appealSchema);
export const reviewSchema = lazySchema(() => schemas().reviewSchema);

/** What the case workflow is started with. */
export interface CaseSpec {
  id: string;
  report: ReportCaseInput;
  policy: CasePolicy;
  createdBy: string;
}

/** The misconduct-case timings are set by an administrator (a new version each time). */
export function assertMaySetCasePolicy(actor: { roles: readonly string[] }): void {
  if (!actor.roles.includes('admin'))
    throw new DomainError('forbidden', {
      zh: '只有系统管理员可以设置失信案件办理时限',
      en: 'Only an administrator can set the misconduct-case timings',
    });
}
