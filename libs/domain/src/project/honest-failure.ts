import { z } from 'zod';
import { DomainError } from '../kernel/messages';
import { Actor } from '../kernel/roles';
import { assertProjectParty, ProjectHolders, ProjectParty } from './project';
import {
  HONEST_FAILURE_PHASES,
  HonestFailureStep,
  MIN_HONEST_FAILURE_EXPERTS,
  RISK_PROFILES,
} from './honest-failure.rules';

// The eligibility rules and the steps are zod-free, as the project's workflow decides them.
export * from './honest-failure.rules';

export const riskProfileSchema = z.enum(RISK_PROFILES);

/** 风险标记: staff flag the project exploratory or high-risk (null clears it). */
export const riskProfileInputSchema = z.strictObject({
  riskProfile: riskProfileSchema
    .nullable()
    .describe('exploratory 探索性强 / high_risk 风险高 / null: neither'),
  reason: z.string().trim().min(2).max(2000).describe('Why (the agreement or award decision it follows)'),
});
export type RiskProfileInput = z.infer<typeof riskProfileInputSchema>;

/** 容错申请: the PI's original records (project attachments) and diligence statement. */
export const honestFailureRequestSchema = z.strictObject({
  originalRecordIds: z
    .array(z.uuid())
    .min(1)
    .max(50)
    .describe('原始记录: ids of the project’s attachments (lab notebooks, data, process records)'),
  diligenceStatement: z
    .string()
    .trim()
    .min(20)
    .max(20000)
    .describe('勤勉尽责说明: what was done, why the objectives were not reached'),
});
export type HonestFailureRequestInput = z.infer<typeof honestFailureRequestSchema>;

/** 依托单位意见: the host institution confirms the request with its opinion. */
export const honestFailureConfirmationSchema = z.strictObject({
  opinion: z.string().trim().min(2).max(5000).describe('依托单位意见 The host institution’s opinion'),
  confirmed: z
    .boolean()
    .default(true)
    .describe('false: the institution does not confirm, and the request is refused'),
});

/** 专家论证意见: named experts of the pool, their joint opinion, and whether diligence is confirmed. */
export const expertConfirmationSchema = z.strictObject({
  experts: z
    .array(z.uuid())
    .min(MIN_HONEST_FAILURE_EXPERTS)
    .max(15)
    .describe('Expert ids from the expert pool: at least 3, an odd number, none conflicted'),
  opinion: z.string().trim().min(10).max(20000).describe('专家论证意见 The experts’ joint opinion'),
  diligenceConfirmed: z
    .boolean()
    .describe('true: diligence confirmed (the project closes as 结题); false: refused with the opinion'),
});
export type ExpertConfirmationInput = z.infer<typeof expertConfirmationSchema>;

export const honestFailureViewSchema = z.object({
  projectId: z.uuid(),
  riskProfile: riskProfileSchema.nullable(),
  phase: z.enum(HONEST_FAILURE_PHASES).nullable().describe('null: no request yet'),
  round: z.number().int().describe('0: never asked; 1, then 2… for a new request after a refusal'),
  request: z
    .object({
      originalRecordIds: z.array(z.uuid()),
      diligenceStatement: z.string(),
      requestedBy: z.uuid(),
      requestedAt: z.string(),
    })
    .nullable(),
  confirmation: z
    .object({ opinion: z.string(), confirmed: z.boolean(), confirmedBy: z.uuid(), confirmedAt: z.string() })
    .nullable(),
  expertConfirmation: z
    .object({
      experts: z.array(z.object({ id: z.uuid(), name: z.string() })),
      opinion: z.string(),
      diligenceConfirmed: z.boolean(),
      recordedBy: z.uuid(),
      recordedAt: z.string(),
    })
    .nullable(),
  creditRecordId: z.uuid().nullable().describe('The honest_failure record (no penalty), once closed'),
});
export type HonestFailureView = z.infer<typeof honestFailureViewSchema>;

const PARTY_OF_STEP: Record<HonestFailureStep, ProjectParty> = {
  request: 'pi',
  confirm: 'host',
  decide: 'staff',
};

/** The PI asks, the host institution's admin confirms, staff record the experts' confirmation. */
export function assertHonestFailureActor(actor: Actor, p: ProjectHolders, step: HonestFailureStep): void {
  assertProjectParty(actor, p, PARTY_OF_STEP[step]);
}

/**
 * 原始记录 are the project's own files (or its application's), not removed: any other id is refused
 * on its field, naming it, so the experts can open every record the request cites.
 */
export function assertOriginalRecords(cited: readonly string[], citable: readonly string[]): void {
  const known = new Set(citable);
  const fields = cited.flatMap((id, i) =>
    known.has(id)
      ? []
      : [
          {
            path: `originalRecordIds.${i}`,
            message: {
              zh: `原始记录 ${id} 不存在或不属于本项目`,
              en: `Original record ${id} does not exist or is not this project’s`,
            },
          },
        ],
  );
  if (fields.length)
    throw new DomainError(
      'rule_refused',
      {
        zh: '容错申请引用了不属于本项目的原始记录，请先上传为项目附件',
        en: 'The request cites original records that are not this project’s; upload them as project attachments first',
      },
      fields,
    );
}
