import { z } from 'zod';
import { assertWindowOpen } from './call';
import { Bilingual, DomainError } from './messages';
import { fenSchema } from './money';
import { countySchema, keyFieldSchema } from './reference-data';
import { stateMachine, Transition } from './state-machine';
import { bilingual, parseOrThrow } from './validation';

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
export const demandStatusSchema = z.enum(DEMAND_STATUSES);
export type DemandStatus = z.infer<typeof demandStatusSchema>;

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

export const indicatorSchema = z.object({
  name: z.string().trim().min(1).max(100),
  unit: z.string().trim().min(1).max(20),
  value: z.number().finite(),
});

const demandFields = {
  title: z.string().trim().min(4).max(200),
  keyField: keyFieldSchema,
  county: countySchema.nullable(),
  problem: z.string().trim().max(5000),
  indicators: z.array(indicatorSchema).max(20),
  deliverables: z.array(z.string().trim().min(1).max(200)).max(20),
  coFunding: z
    .object({ willing: z.boolean(), amountFen: fenSchema })
    .refine(
      (c) => c.willing || c.amountFen === 0,
      bilingual({ zh: '不出资时出资金额应为 0', en: 'amountFen must be 0 when not willing to co-fund' }, [
        'amountFen',
      ]),
    ),
  urgency: z.enum(URGENCIES),
  contact: z
    .object({ name: z.string().trim().min(1).max(50), phone: z.string().trim().min(5).max(30) })
    .nullable(),
};

/** A draft needs a title and a key field (so it can be routed); the rest may come later. */
export const demandContentSchema = z.object({
  ...demandFields,
  county: demandFields.county.default(null),
  problem: demandFields.problem.default(''),
  indicators: demandFields.indicators.default([]),
  deliverables: demandFields.deliverables.default([]),
  coFunding: demandFields.coFunding.default({ willing: false, amountFen: 0 }),
  urgency: demandFields.urgency.default('medium'),
  contact: demandFields.contact.default(null),
});
export type DemandContent = z.infer<typeof demandContentSchema>;

export const createDemandSchema = demandContentSchema.extend({ campaignId: z.uuid() });
export type CreateDemandInput = z.infer<typeof createDemandSchema>;

export const patchDemandSchema = z
  .object(demandFields)
  .partial()
  .strict()
  .refine(
    (p) => Object.keys(p).length > 0,
    bilingual({ zh: '至少修改一个字段', en: 'Change at least one field' }),
  );
export type PatchDemandInput = z.infer<typeof patchDemandSchema>;

/** Completeness at submission. */
export function assertDemandSubmittable(content: DemandContent): void {
  const required = bilingual({ zh: '提交前必须填写', en: 'Required before submission' });
  const schema = demandContentSchema.extend({
    county: countySchema.nullable().refine((c) => c !== null, required),
    problem: demandFields.problem.refine(
      (p) => p.trim().length >= 20,
      bilingual({ zh: '问题描述不少于 20 个字', en: 'The problem statement needs at least 20 characters' }),
    ),
    indicators: demandFields.indicators.refine(
      (i) => i.length > 0,
      bilingual({ zh: '至少填写一项目标指标', en: 'Give at least one target indicator' }),
    ),
    contact: demandFields.contact.refine((c) => c !== null, required),
  });
  parseOrThrow(schema, content, '需求');
}

export const screeningDecisionSchema = z
  .object({
    decision: z.enum(SCREENING_DECISIONS),
    reason: z.string().trim().max(2000).optional(),
    mergeIntoId: z.uuid().optional(),
  })
  .superRefine((d, ctx) => {
    if ((d.decision === 'reject' || d.decision === 'return') && (d.reason?.length ?? 0) < 5) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        ...bilingual({
          zh: '未采纳或退回时须说明理由（不少于 5 个字）',
          en: 'A rejection or return needs a reason (at least 5 characters)',
        }),
      });
    }
    if (d.decision === 'merge' && !d.mergeIntoId) {
      ctx.addIssue({
        code: 'custom',
        path: ['mergeIntoId'],
        ...bilingual({ zh: '合并时须指定目标需求', en: 'A merge needs the demand to merge into' }),
      });
    }
  });
export type ScreeningDecisionInput = z.infer<typeof screeningDecisionSchema>;

// ---- campaigns -----------------------------------------------------------------------------

export const createCampaignSchema = z
  .object({
    title: z.string().trim().min(2).max(200),
    windowStart: z.iso.datetime({ offset: true }),
    windowEnd: z.iso.datetime({ offset: true }),
    keyFields: z.array(keyFieldSchema).min(1).max(10),
    counties: z.array(countySchema).max(12).default([]),
    instructions: z.string().trim().max(5000).default(''),
  })
  .refine(
    (c) =>
      Number.isNaN(Date.parse(c.windowStart)) ||
      Number.isNaN(Date.parse(c.windowEnd)) ||
      new Date(c.windowEnd) > new Date(c.windowStart),
    bilingual({ zh: '截止时间必须晚于开始时间', en: 'windowEnd must be after windowStart' }, ['windowEnd']),
  );
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

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
