import { z } from 'zod';
import {
  bilingualSchema,
  guideContentSchema,
  guideStatusSchema,
  modeSchema,
  topicKindSchema,
} from '@kjflow/domain';
import { labelledHistoryEntrySchema } from '../demands/demands.schemas';

export const templateViewSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  version: z.number().int(),
  template: z.looseObject({ code: z.string(), mode: modeSchema, name: bilingualSchema }),
  createdAt: z.string(),
});
export const templateDetailSchema = templateViewSchema.extend({
  versions: z.array(z.object({ id: z.uuid(), version: z.number().int(), createdAt: z.string() })),
});

export const guideViewSchema = z.object({
  id: z.uuid(),
  status: guideStatusSchema,
  statusLabel: bilingualSchema,
  template: z.object({ id: z.uuid(), code: z.string(), version: z.number().int(), mode: modeSchema }),
  approvalChain: z.array(z.string()),
  approvedSteps: z.number().int(),
  draft: guideContentSchema,
  draftVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  callId: z.uuid().nullable(),
  createdBy: z.uuid(),
  history: z.array(labelledHistoryEntrySchema),
});

const publicTopicSchema = z.looseObject({
  id: z.uuid(),
  kind: topicKindSchema,
  title: z.string(),
  keyField: z.string(),
  problem: z.string(),
});

export const publicGuideSchema = z.object({
  id: z.uuid(),
  status: guideStatusSchema,
  statusLabel: bilingualSchema,
  mode: modeSchema,
  program: z.object({ code: z.string(), version: z.number().int(), name: bilingualSchema }),
  callId: z.uuid().nullable(),
  version: z.number().int(),
  content: guideContentSchema,
  windowStartLocal: z.string(),
  windowEndLocal: z.string(),
  topics: z.array(publicTopicSchema),
  versions: z.array(
    z.object({
      version: z.number().int(),
      changeNote: z.string().nullable(),
      publishedAt: z.string(),
      publishedAtLocal: z.string(),
      content: guideContentSchema,
    }),
  ),
});

export const publicChallengeSchema = publicTopicSchema.extend({
  guideId: z.uuid(),
  guideTitle: z.string(),
  callId: z.uuid().nullable(),
  windowEndLocal: z.string(),
});
