import { z } from 'zod';
import { AWARD_STATUSES, OBJECTION_OUTCOMES } from '@kjflow/domain';

const bilingual = z.object({ zh: z.string(), en: z.string() });
/** What the working days were counted on, with the sentence the notice carries. */
const calendarBasis = z.looseObject({ statement: bilingual });

export const awardNoticeSchema = z.object({
  workingDays: z.number().int(),
  start: z.string(),
  end: z.string(),
  startLocal: z.string().describe('Beijing time'),
  endLocal: z.string().describe('Beijing time'),
  revision: z.number().int().describe('0 as first published; each changed outcome republishes it (更正公示)'),
  republishedAt: z.string().nullable(),
  restartsOnChange: z.boolean(),
  calendar: calendarBasis
    .nullable()
    .describe('null for a fixed period (drills and tests: the template’s durations.noticePeriod)'),
});

export const awardItemViewSchema = z.object({
  applicationId: z.uuid(),
  title: z.string().nullable(),
  institution: z.string().nullable(),
  amountFen: z.number().int(),
  status: z.string(),
  reason: z.string().nullable(),
});

/** An award (立项决定): items, the approvals with their reasons, the notice. */
export const awardViewSchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  roundId: z.uuid().nullable(),
  status: z.enum(AWARD_STATUSES),
  statusLabel: bilingual,
  chain: z.array(z.string()),
  decisions: z.array(
    z.object({
      actorId: z.string(),
      decision: z.string(),
      comments: z.string().nullable(),
      at: z.string().nullable(),
      atLocal: z.string().nullable(),
    }),
  ),
  proposedBy: z.uuid(),
  note: z.string().nullable(),
  notice: awardNoticeSchema.nullable(),
  finalizedAt: z.string().nullable(),
  items: z.array(awardItemViewSchema),
  horseRace: z
    .object({
      applicationIds: z.array(z.uuid()),
      midpointDate: z.string(),
      gapPercent: z.number(),
      routesStatement: z.string(),
    })
    .nullable(),
});

export const awardNextSchema = z.object({
  next: z
    .object({
      applicationId: z.uuid(),
      title: z.string().nullable(),
      rank: z.number().int(),
      score: z.number().nullable(),
    })
    .nullable(),
  remainingBudgetFen: z.number().int().nullable(),
});

export const noticePreviewSchema = z.object({
  workingDays: z.number().int(),
  start: z.string(),
  end: z.string(),
  lastDay: z.string(),
  startLocal: z.string(),
  endLocal: z.string(),
  calendar: calendarBasis
    .nullable()
    .describe('null when the program’s notice is a fixed period (drills and tests)'),
});

/** The public notice: no objector's identity, no reviewer's. */
export const publicNoticeSchema = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  status: z.enum(AWARD_STATUSES),
  notice: awardNoticeSchema,
  corrections: z.array(
    z.object({
      applicationId: z.uuid(),
      title: z.string().nullable(),
      outcome: z.enum(OBJECTION_OUTCOMES),
      outcomeLabel: bilingual,
      answer: z.string().nullable(),
      decidedAtLocal: z.string(),
    }),
  ),
  items: z.array(
    z.object({
      applicationId: z.uuid(),
      title: z.string().nullable(),
      institution: z.string().nullable(),
      amountFen: z.number().int(),
    }),
  ),
});

export const objectionReceiptSchema = z.object({
  id: z.uuid(),
  status: z.literal('open'),
  receipt: z.string().describe('Kept only as its hash: the objector reads the answer with it'),
  answerAt: z.string(),
});

export const objectionForObjectorSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  title: z.string().nullable(),
  status: z.string(),
  statusLabel: bilingual,
  answer: z.string().nullable(),
  filedAtLocal: z.string(),
  decidedAtLocal: z.string().nullable(),
});

export const evidenceUploadedSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
});

/** An objection as the staff investigating it see it, objector included. */
export const objectionViewSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  objector: z.looseObject({}),
  facts: z.string(),
  evidence: z.array(
    z.object({
      ref: z.string(),
      file: z
        .object({
          id: z.uuid(),
          name: z.string(),
          mediaType: z.string(),
          sizeBytes: z.number().int(),
          href: z.string(),
        })
        .nullable(),
    }),
  ),
  status: z.string().describe('open, or the outcome: maintain, adjust or cancel'),
  statusLabel: bilingual,
  answer: z.string().nullable(),
  filedAt: z.string(),
  filedAtLocal: z.string(),
  decidedAtLocal: z.string().nullable(),
});
