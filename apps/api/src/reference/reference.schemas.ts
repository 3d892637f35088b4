import { z } from 'zod';
import {
  bilingualSchema,
  countySchema,
  creditLevelSchema,
  fenSchema,
  keyFieldSchema,
  modeSchema,
  outcomeTypeSchema,
  regionSchema,
  releaseEventSchema,
  stageSchema,
  subjectTypeSchema,
} from '@kjflow/domain';

export const referenceSchema = z.object({
  keyFields: z
    .array(z.object({ code: keyFieldSchema, zh: z.string(), en: z.string() }))
    .describe('The key fields (重点产业领域) with their names'),
  counties: z.array(countySchema).describe('The counties (县、市、区) of Baise'),
  indirectTiers: z
    .array(
      z.object({
        uptoFen: fenSchema.nullable().describe('Upper bound of the tier in fen; null: no bound'),
        percent: z.number().int().describe('Percent of the base within the tier'),
      }),
    )
    .describe('The default indirect-cost cap: marginal tiers on direct costs less equipment (RULES §8)'),
  outcomeTypes: z
    .array(
      z.object({
        code: outcomeTypeSchema,
        zh: z.string(),
        en: z.string(),
        fields: z
          .array(
            z.object({
              name: z.string().describe('The key under `details`'),
              kind: z
                .enum(['text', 'yuan', 'count', 'flag', 'choice'])
                .describe('yuan: typed in yuan, sent in fen'),
              label: bilingualSchema,
              options: z
                .array(z.object({ code: z.string(), zh: z.string(), en: z.string() }))
                .optional()
                .describe('A choice’s values'),
            }),
          )
          .describe('The type’s details, as a form asks for them'),
      }),
    )
    .describe('The types of outcome (成果) a project registers, with their names and detail fields'),
  eventSubjectTypes: z
    .array(subjectTypeSchema)
    .describe('What domain events are about (GET /events subjectType)'),
  programTemplate: z
    .object({
      modes: z.array(modeSchema),
      stages: z.array(stageSchema).describe('In their canonical order'),
      durations: z.array(z.string()).describe('Keys of `durations` that take an ISO 8601 duration'),
      creditLevels: z.array(creditLevelSchema).describe('Best first'),
      regions: z.array(regionSchema),
      releaseConditions: z.array(releaseEventSchema).describe('What releases a funding installment'),
    })
    .describe('The values a program template chooses from'),
});
export type Reference = z.infer<typeof referenceSchema>;
