import { z } from 'zod';
import { fenSchema } from '../kernel/money';
import { keyFieldSchema } from '../kernel/reference-data';
import { bilingual } from '../kernel/validation';

/**
 * Condensing (需求凝练): accepted demands become guide topics (指南方向) or challenges (榜单 items:
 * problem, hard indicators, deadline, funding or prize, issuer and its co-funding). Each keeps the
 * demands it came from, so demand → topic → call → project can be traced.
 */
export const TOPIC_KINDS = ['topic', 'challenge'] as const;
export const topicKindSchema = z.enum(TOPIC_KINDS);
export type TopicKind = z.infer<typeof topicKindSchema>;

export const hardIndicatorSchema = z.object({
  name: z.string().trim().min(1).max(100),
  unit: z.string().trim().min(1).max(20),
  target: z.number().finite(),
  assessedBy: z.string().trim().max(200).default(''),
});

export const createTopicSchema = z
  .object({
    kind: topicKindSchema,
    title: z.string().trim().min(4).max(200),
    keyField: keyFieldSchema,
    problem: z.string().trim().min(10).max(5000),
    indicators: z.array(hardIndicatorSchema).max(20).default([]),
    deadline: z.iso.date().nullable().default(null).describe('Challenges: the date results are due'),
    fundingFen: fenSchema.describe('Public funding (or prize) in fen'),
    issuerInstitutionId: z.uuid().nullable().default(null),
    issuerCoFundingFen: fenSchema.default(0),
    demandIds: z.array(z.uuid()).min(1).max(50),
  })
  .superRefine((t, ctx) => {
    if (t.kind !== 'challenge') return;
    const need = (path: string, ok: boolean, zh: string, en: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], ...bilingual({ zh, en }) });
    };
    need(
      'indicators',
      t.indicators.length > 0,
      '榜单须有可考核的硬指标',
      'A challenge needs at least one hard indicator',
    );
    need('deadline', t.deadline !== null, '榜单须有完成期限', 'A challenge needs a deadline');
    need(
      'issuerInstitutionId',
      t.issuerInstitutionId !== null,
      '榜单须有发榜单位',
      'A challenge needs an issuer organisation',
    );
  });
export type CreateTopicInput = z.infer<typeof createTopicSchema>;

export const topicViewSchema = z.object({
  id: z.uuid(),
  kind: topicKindSchema,
  title: z.string(),
  keyField: z.string(),
  problem: z.string(),
  indicators: z.array(hardIndicatorSchema),
  deadline: z.string().nullable(),
  fundingFen: fenSchema,
  issuerInstitutionId: z.uuid().nullable(),
  issuerCoFundingFen: fenSchema,
  demandIds: z.array(z.uuid()),
  createdAt: z.string(),
});
export type TopicView = z.infer<typeof topicViewSchema>;

/** What a topic stores beyond its columns. */
export type TopicContent = Pick<
  CreateTopicInput,
  'problem' | 'indicators' | 'deadline' | 'fundingFen' | 'issuerCoFundingFen'
>;
