import { z } from 'zod';
import { fenSchema } from '../kernel/money';
import { countySchema, keyFieldSchema } from '../kernel/reference-data';
import {
  DEMAND_CONTENT_FIELDS,
  DEMAND_REQUIRED,
  DEMAND_STATUSES,
  INDICATOR_REQUIRED,
  PROBLEM_MIN,
  PROBLEM_TOO_SHORT,
  SCREENING_DECISIONS,
  URGENCIES,
} from './demand.rules';
import { bilingual, parseOrThrow } from '../kernel/validation';

// The lifecycle, the campaign scope and the workflow's content checks are zod-free, as workflow
// code runs them: demand.rules.ts. The schemas stay here.
export * from './demand.rules';

export const demandStatusSchema = z.enum(DEMAND_STATUSES);

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
} satisfies Record<(typeof DEMAND_CONTENT_FIELDS)[number], z.ZodType>;

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

/** Completeness at submission (workflow code: `checkDemandSubmission`, demand.rules.ts, the same rules without zod). */
export function assertDemandSubmittable(content: DemandContent): void {
  const required = bilingual(DEMAND_REQUIRED);
  const schema = demandContentSchema.extend({
    county: countySchema.nullable().refine((c) => c !== null, required),
    problem: demandFields.problem.refine((p) => p.trim().length >= PROBLEM_MIN, bilingual(PROBLEM_TOO_SHORT)),
    indicators: demandFields.indicators.refine((i) => i.length > 0, bilingual(INDICATOR_REQUIRED)),
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
