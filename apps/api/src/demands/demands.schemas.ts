import { z } from 'zod';
import { bilingualSchema, callStatusSchema, demandContentSchema, demandStatusSchema } from '@kjflow/domain';

/** Response shapes of the demand-collection endpoints (request shapes live in libs/domain). */
export const campaignViewSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: callStatusSchema,
  windowStart: z.string(),
  windowEnd: z.string(),
  windowEndLocal: z.string(),
  keyFields: z.array(z.string()),
  counties: z.array(z.string()),
  instructions: z.string(),
  createdAt: z.string(),
});
export type CampaignView = z.infer<typeof campaignViewSchema>;

export const demandViewSchema = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  submitterId: z.uuid(),
  submitterName: z.string(),
  institutionId: z.uuid().nullable(),
  institutionName: z.string().nullable(),
  status: demandStatusSchema,
  statusLabel: bilingualSchema,
  content: demandContentSchema,
  version: z.number().int(),
  mergedIntoId: z.uuid().nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type DemandView = z.infer<typeof demandViewSchema>;

export const similarDemandSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: demandStatusSchema,
  statusLabel: bilingualSchema,
  similarity: z.number().describe('Character-bigram similarity of title and problem, 0..1'),
});

export const historyEntrySchema = z.object({
  status: z.string(),
  event: z.string(),
  actorId: z.uuid().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  atLocal: z.string(),
});

/** A history entry with its state in words (the subject's own status labels). */
export const labelledHistoryEntrySchema = historyEntrySchema.extend({ statusLabel: bilingualSchema });

export const demandDetailSchema = demandViewSchema.extend({
  history: z.array(labelledHistoryEntrySchema),
  similar: z.array(similarDemandSchema),
  topicIds: z.array(z.uuid()),
});
