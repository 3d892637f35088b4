import type { DemandContent, PatchDemandInput } from './demand';
import { assertWindowOpen } from '../guide/call.rules';
import { Bilingual, DomainError, FieldMessage } from '../kernel/errors.rules';
import { loadDemand } from '../kernel/lazy.rules';
import { stateMachine, Transition } from '../kernel/state-machine.rules';
import { checkPatch, invalidInput, lazySchema, REQUIRED } from '../kernel/validation.rules';

/**
 * Demand collection (需求征集): enterprises, departments and counties submit technology needs in
 * a campaign's window; officers screen them (accept, reject, return, merge duplicates) and
 * condense accepted ones into guide topics or challenges.
 */
export const DEMAND_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'accepted',
  'rejected',
  'merged',
  'lapsed',
] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const DEMAND_STATUS_LABELS: Record<DemandStatus, Bilingual> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  returned: { zh: '退回修改', en: 'Returned for revision' },
  accepted: { zh: '已采纳', en: 'Accepted' },
  rejected: { zh: '未采纳', en: 'Rejected' },
  merged: { zh: '已合并', en: 'Merged into another demand' },
  lapsed: { zh: '逾期未提交', en: 'Lapsed (not submitted in time)' },
};

export const DEMAND_EDITABLE: readonly DemandStatus[] = ['draft', 'returned'];
export const DEMAND_DONE: readonly DemandStatus[] = ['accepted', 'rejected', 'merged', 'lapsed'];

export const SCREENING_DECISIONS = ['accept', 'reject', 'return', 'merge'] as const;
export type ScreeningDecision = (typeof SCREENING_DECISIONS)[number];

const machine = stateMachine<DemandStatus>({
  noun: { zh: '需求', en: 'demand' },
  labels: DEMAND_STATUS_LABELS,
  rules: [
    { from: DEMAND_EDITABLE, command: 'submit', to: 'submitted', event: 'demand.submitted' },
    { from: ['submitted'], command: 'screen:accept', to: 'accepted', event: 'demand.accepted' },
    { from: ['submitted'], command: 'screen:reject', to: 'rejected', event: 'demand.rejected' },
    { from: ['submitted'], command: 'screen:return', to: 'returned', event: 'demand.returned' },
    { from: ['submitted'], command: 'screen:merge', to: 'merged', event: 'demand.merged' },
    { from: DEMAND_EDITABLE, command: 'lapse', to: 'lapsed', event: 'demand.lapsed' },
  ],
});

export type DemandCommand =
  { kind: 'submit' } | { kind: 'screen'; decision: ScreeningDecision } | { kind: 'lapse' };

export function nextDemandStatus(from: DemandStatus, cmd: DemandCommand): Transition<DemandStatus> {
  return machine.next(from, cmd.kind === 'screen' ? `screen:${cmd.decision}` : cmd.kind);
}

export function assertDemandEditable(status: DemandStatus): void {
  if (!DEMAND_EDITABLE.includes(status))
    throw machine.refuse(status, { zh: '修改', en: 'it can no longer be edited' });
}

/** The window first, for anything still submittable, as for applications. */
export function assertCanSubmitDemand(
  status: DemandStatus,
  window: { windowStart: string | Date; windowEnd: string | Date },
  now: number,
): Transition<DemandStatus> {
  if (DEMAND_EDITABLE.includes(status) || status === 'lapsed') assertWindowOpen(window, now);
  return nextDemandStatus(status, { kind: 'submit' });
}

// ---- content -------------------------------------------------------------------------------

export const URGENCIES = ['high', 'medium', 'low'] as const;

/** The draft's editable fields: the keys of a patch (demand.ts types its schema by them). */
export const DEMAND_CONTENT_FIELDS = [
  'title',
  'keyField',
  'county',
  'problem',
  'indicators',
  'deliverables',
  'coFunding',
  'urgency',
  'contact',
] as const;

const patchSchema = lazySchema(() => loadDemand().patchDemandSchema);

/** A draft edit as the workflow takes it: see `checkPatch` (refusals are patchDemandSchema's). */
export function checkDemandPatch(patch: unknown, what?: string): PatchDemandInput {
  return checkPatch(DEMAND_CONTENT_FIELDS, patchSchema, patch, what);
}

/** The officer's screening decision, parsed on demand (the real schema is in demand.ts). */
export const screeningDecisionSchema = lazySchema(() => loadDemand().screeningDecisionSchema);

// ---- completeness at submission: the words of the rules, shared by assertDemandSubmittable (zod,
// in demand.ts) and checkDemandSubmission (plain, for workflow code) --------------------------

export const DEMAND_REQUIRED: Bilingual = { zh: '提交前必须填写', en: 'Required before submission' };
export const PROBLEM_TOO_SHORT: Bilingual = {
  zh: '问题描述不少于 20 个字',
  en: 'The problem statement needs at least 20 characters',
};
export const INDICATOR_REQUIRED: Bilingual = {
  zh: '至少填写一项目标指标',
  en: 'Give at least one target indicator',
};
export const PROBLEM_MIN = 20;

/**
 * The completeness rules of `assertDemandSubmittable` (demand.ts), in plain code: the field
 * messages it reports for a valid draft, in its order ([] when complete). Null when a field it
 * reads has an unexpected type (not a draft the API validated): then only zod can word the refusal.
 */
export function demandSubmissionIssues(content: DemandContent): FieldMessage[] | null {
  const c = content as Partial<Record<keyof DemandContent, unknown>>;
  const issues: FieldMessage[] = [];
  const add = (path: string, message: Bilingual) => issues.push({ path, message: { ...message } });
  if (c.title === undefined) add('title', REQUIRED);
  if (c.keyField === undefined) add('keyField', REQUIRED);
  if (c.county === undefined) add('county', REQUIRED);
  else if (c.county === null) add('county', DEMAND_REQUIRED);
  else if (typeof c.county !== 'string') return null;
  if (c.problem === undefined) add('problem', REQUIRED);
  else if (typeof c.problem !== 'string') return null;
  else if (c.problem.trim().length < PROBLEM_MIN) add('problem', PROBLEM_TOO_SHORT);
  if (c.indicators === undefined) add('indicators', REQUIRED);
  else if (!Array.isArray(c.indicators)) return null;
  else if (c.indicators.length === 0) add('indicators', INDICATOR_REQUIRED);
  if (c.contact === undefined) add('contact', REQUIRED);
  else if (c.contact === null) add('contact', DEMAND_REQUIRED);
  else if (typeof c.contact !== 'object') return null;
  return issues;
}

/**
 * The workflow's submission check: `assertDemandSubmittable`'s refusal, word for word, without
 * loading zod into the workflow. Field formats are the API's (validated at creation and on each
 * edit); a draft of an unexpected shape is checked by `assertDemandSubmittable` itself.
 */
export function checkDemandSubmission(content: DemandContent): void {
  const issues = demandSubmissionIssues(content);
  if (issues === null) return loadDemand().assertDemandSubmittable(content);
  if (issues.length > 0) throw invalidInput('需求', issues);
}

/** A demand must be in one of the campaign's key fields and (if it names any) counties. */
export function assertDemandInCampaign(
  content: Pick<DemandContent, 'keyField' | 'county'>,
  campaign: { keyFields: string[]; counties: string[] },
): void {
  const fields = [];
  if (!campaign.keyFields.includes(content.keyField)) {
    fields.push({
      path: 'keyField',
      message: { zh: '该领域不在本次征集范围内', en: 'This key field is not part of the campaign' },
    });
  }
  if (content.county && campaign.counties.length > 0 && !campaign.counties.includes(content.county)) {
    fields.push({
      path: 'county',
      message: { zh: '该县（市、区）不在本次征集范围内', en: 'This county is not part of the campaign' },
    });
  }
  if (fields.length) {
    throw new DomainError(
      'validation_failed',
      { zh: '需求不在征集范围内', en: 'The demand is outside the campaign scope' },
      fields,
    );
  }
}

/** What the campaign workflow is started with. */
export interface CampaignSpec {
  id: string;
  title: string;
  windowStart: string;
  windowEnd: string;
  keyFields: string[];
  counties: string[];
  instructions: string;
  createdBy: string;
}

/**
 * Only accepted demands are condensed into a topic or challenge: each other one (or a missing one)
 * is named at its index in `demandIds`.
 */
export function assertCondensable(
  demandIds: readonly string[],
  demands: ReadonlyArray<{ id: string; title: string; status: string }>,
): void {
  const fields = demandIds.flatMap((id, i) => {
    const d = demands.find((x) => x.id === id);
    if (d?.status === 'accepted') return [];
    const message = d
      ? { zh: `需求“${d.title}”尚未采纳`, en: `Demand "${d.title}" has not been accepted` }
      : { zh: '需求不存在', en: 'Demand not found' };
    return [{ path: `demandIds.${i}`, message }];
  });
  if (fields.length) {
    throw new DomainError(
      'validation_failed',
      { zh: '只有已采纳的需求可以凝练', en: 'Only accepted demands can be condensed' },
      fields,
    );
  }
}

/** Merged demands stay linked to a live one of the same campaign, never to themselves. */
export function assertMergeTarget(
  demand: { id: string; campaignId: string },
  target: { id: string; campaignId: string; status: string } | null,
): void {
  const problem =
    !target || target.campaignId !== demand.campaignId
      ? { zh: '目标需求不存在或不属于同一征集', en: 'The target demand does not exist in this campaign' }
      : target.id === demand.id
        ? { zh: '不能合并到自身', en: 'A demand cannot be merged into itself' }
        : !['submitted', 'accepted'].includes(target.status)
          ? { zh: '只能合并到已提交或已采纳的需求', en: 'Merge only into a submitted or accepted demand' }
          : null;
  if (problem)
    throw new DomainError('validation_failed', problem, [{ path: 'mergeIntoId', message: problem }]);
}
