import { z } from 'zod';
import { Bilingual } from '../kernel/messages';
import { DomainError } from '../kernel/errors.rules';
import { bilingual } from '../kernel/validation';
import { ASSIGNMENT_STRATEGIES } from './assignment';
import { hasCalendarPart, positiveIsoDurationSchema, tryParseIsoDuration } from '../kernel/iso-duration';
import { ApplicationContent } from '../application/application';
import { bigrams, dice, diceOfBigrams } from '../demand/similarity';
import { RECUSAL_KINDS, RECUSAL_LABELS, RecusalKind } from './review-round.rules';
import {
  aggregate,
  calibrate,
  checkDisagreement,
  DisagreementFlag,
  FundingRule,
  PanelOutcome,
  rank,
  Ranked,
  ScoreSummary,
} from './review-scoring';

// Invitation statuses and the invitation workflow's validators are zod-free, as workflow code
// runs them: review-round.rules.ts.
export * from './review-round.rules';

/**
 * The fields every view of an organisation over the limit (organisation-limit.rules.ts) shares,
 * a review round's panels and a project's panel; each adds its experts with their seats, and the
 * round its application.
 */
export const organisationOverLimitFields = {
  organisationKey: z
    .string()
    .describe(
      'The organisation as the assignment engine counts it: the institution id, else name:<organisation>',
    ),
  organisationName: z.string().describe('The registered institution’s name, else the one the experts gave'),
  seats: z.number().int().describe('How many of the organisation’s experts sit on the panel'),
  limit: z.number().int().describe('maxPerOrganisation: the most the template allows'),
};

/**
 * Whose recusal (回避) it was, as every view of a seat says it: a review round's invitation and a
 * project panel's member (已回避（本人申请）/ 已回避（主管要求）).
 */
export const recusalViewFields = {
  recusal: z
    .enum(RECUSAL_KINDS)
    .nullable()
    .describe(
      '回避方式, when recused: `self` the expert stepped aside (已回避（本人申请）), `required` an officer required it (已回避（主管要求）); null otherwise',
    ),
  recusalLabel: z
    .object({ zh: z.string(), en: z.string() })
    .nullable()
    .describe('自行回避 / 要求回避, with the English; null when not recused'),
};

/** Who required a recusal (要求回避), for the readers who see the seat's expert (staff, auditors). */
export const recusedByField = z
  .object({ id: z.uuid(), name: z.string() })
  .nullable()
  .describe('The officer who required the recusal (`recusal: required`); null otherwise');

/** A seat's recusal as its views carry it, from the row's kind and the requirer (with their name). */
export function recusalView(
  recusal: RecusalKind | null,
  recusedBy: { id: string; name: string | null } | null,
): {
  recusal: RecusalKind | null;
  recusalLabel: Bilingual | null;
  recusedBy: { id: string; name: string } | null;
} {
  return {
    recusal,
    recusalLabel: recusal ? RECUSAL_LABELS[recusal] : null,
    recusedBy: recusedBy ? { id: recusedBy.id, name: recusedBy.name ?? '' } : null,
  };
}

export const REVIEW_ROUND_STATUSES = ['reviewing', 'scored'] as const;
export type ReviewRoundStatus = (typeof REVIEW_ROUND_STATUSES)[number];

/** City defaults when a call has no program template (RULES §5). */
export const DEFAULT_REVIEW = {
  rubric: {
    criteria: [
      { key: 'innovation', name: { zh: '创新性', en: 'Novelty' }, weight: 30, commentRequired: true },
      { key: 'feasibility', name: { zh: '可行性', en: 'Feasibility' }, weight: 30, commentRequired: true },
      { key: 'team', name: { zh: '团队基础', en: 'Team' }, weight: 20, commentRequired: false },
      {
        key: 'benefit',
        name: { zh: '预期效益', en: 'Expected benefit' },
        weight: 20,
        commentRequired: false,
      },
    ],
    scale: { min: 0, max: 100 },
    blind: true,
  },
  panel: { size: 5, financeExpert: true, issuerRepresentative: false, maxPerOrganisation: 1 },
  reviewWindow: 'P14D',
  /** Spread (max − min of the experts' weighted scores) above which a panel discusses it. */
  disagreementThreshold: 20,
} as const;

/** The part of the expert pool a draw takes from: any of these key fields and/or keywords. */
export const expertPoolSchema = z.object({
  keyFields: z.array(z.string().min(1).max(50)).min(1).max(50).optional(),
  keywords: z.array(z.string().trim().min(1).max(50)).min(1).max(50).optional(),
});
export type ExpertPool = z.infer<typeof expertPoolSchema>;

export const createReviewRoundSchema = z
  .object({
    strategy: z
      .enum(ASSIGNMENT_STRATEGIES)
      .default('random')
      .describe('随机抽取 / 最优匹配 / 限概率随机匹配'),
    expertsPerApplication: z
      .number()
      .int()
      .min(1)
      .max(15)
      .refine(
        (k) => k % 2 === 1,
        bilingual({
          zh: '每个项目的评审专家人数须为奇数',
          en: 'The number of experts per application must be odd',
        }),
      )
      .optional()
      .describe('k, odd (RULES §5); defaults to the template’s panel size (5)'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .optional()
      .describe('uint32; given, the same draw is reproduced; absent, one is chosen and recorded'),
    maxProbability: z.number().gt(0).max(1).optional().describe('randomized: cap on any pair’s probability'),
    maxPerExpert: z
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .describe(
        '每位专家本轮上限: most applications any expert reviews in this round; each reviews at most the lesser of this and their profile’s loadCap (absent: the profile’s)',
      ),
    responseWindow: positiveIsoDurationSchema
      .default('P3D')
      .describe('Experts answer the invitation within this'),
    scoringWindow: positiveIsoDurationSchema.optional().describe('Experts score within this after accepting'),
    reminderBefore: positiveIsoDurationSchema
      // The reminder is scoreBy minus this; months have no fixed length to subtract.
      .refine(
        // zod runs every refinement, also after the syntax check failed: never throw here.
        (d) => {
          const parsed = tryParseIsoDuration(d);
          return parsed === null || !hasCalendarPart(parsed);
        },
        bilingual({
          zh: '提醒提前量须以天、小时、分钟或秒表示（不含月、年）',
          en: 'The reminder lead time is in days, hours, minutes or seconds (no months or years)',
        }),
      )
      .default('P1D')
      .describe('A reminder this long before the scoring deadline'),
    disagreementThreshold: z.number().positive().max(100).optional(),
    pool: expertPoolSchema
      .optional()
      .describe('Draw only from experts in any of these fields and/or with any of these keywords'),
  })
  .refine(
    (r) => r.strategy !== 'randomized' || r.maxProbability !== undefined,
    bilingual(
      {
        zh: '限概率随机匹配须给出概率上限 maxProbability',
        en: 'The randomized strategy needs maxProbability',
      },
      ['maxProbability'],
    ),
  );
export type CreateReviewRoundInput = z.infer<typeof createReviewRoundSchema>;

/**
 * An expert's load cap in a round: their profile's (每轮上限), at most the round's maxPerExpert
 * when it sets one. The draw's recorded input carries the result, so a replay needs neither.
 */
export function loadCapInRound(profileCap: number, maxPerExpert: number | undefined): number {
  return maxPerExpert === undefined ? profileCap : Math.min(profileCap, maxPerExpert);
}

/**
 * The round's cap leaves fewer review slots than the round needs (k × applications) where the
 * experts' own caps would do: refused on maxPerExpert, with the numbers. When the profiles' caps
 * fall short too, the engine's refusal (naming the applications) says so instead.
 */
export function assertRoundCapFits(r: {
  /** The profile caps of the experts the round may draw. */
  profileCaps: number[];
  k: number;
  applications: number;
  maxPerExpert: number | undefined;
}): void {
  const cap = r.maxPerExpert;
  if (cap === undefined) return;
  const needed = r.k * r.applications;
  const slots = r.profileCaps.reduce((s, c) => s + loadCapInRound(c, cap), 0);
  const withoutCap = r.profileCaps.reduce((s, c) => s + c, 0);
  if (slots >= needed || withoutCap < needed) return;
  const n = r.profileCaps.length;
  const message = {
    zh: `每位专家本轮上限为 ${cap} 时，可抽取的 ${n} 名专家共 ${slots} 个评审名额，少于所需的 ${needed} 个（${r.applications} 个项目 × 每项目 ${r.k} 名专家）；请提高上限或不填`,
    en: `With at most ${cap} per expert, the ${n} experts the round may draw have ${slots} review slots, fewer than the ${needed} needed (${r.applications} applications × ${r.k} experts); raise the cap or leave it empty`,
  };
  throw new DomainError('validation_failed', message, [{ path: 'maxPerExpert', message }]);
}

/**
 * The engine's refusal of a draw that only the round's cap made infeasible (the experts' own caps
 * would do): the same refusal, with the cap named first, on its field.
 */
export function roundCapRefusal(err: DomainError, maxPerExpert: number): DomainError {
  const message = {
    zh: `每位专家本轮上限为 ${maxPerExpert} 时部分项目无法配齐评审专家；请提高上限或不填`,
    en: `With at most ${maxPerExpert} per expert some applications cannot get a full panel; raise the cap or leave it empty`,
  };
  return new DomainError(
    err.code,
    { zh: `${message.zh}。${err.bilingual.zh}`, en: `${message.en}. ${err.bilingual.en}` },
    [{ path: 'maxPerExpert', message }, ...err.fields],
  );
}

export const invitationResponseSchema = z
  .object({ decision: z.enum(['accept', 'decline']), reason: z.string().trim().max(500).optional() })
  .refine(
    (r) => r.decision === 'accept' || (r.reason?.length ?? 0) >= 2,
    bilingual({ zh: '谢绝时请说明原因', en: 'A decline needs a reason' }, ['reason']),
  );

/** What conflict rules compare: the registered institution's id, else the organisation's name. */
export function organisationKey(o: { institutionId?: string | null; name: string }): string {
  return o.institutionId ?? `name:${o.name.trim()}`;
}

/**
 * Subject match of an expert and an application, 0..1 in hundredths: the key field of the
 * application's topic (60 %) and the expert's keywords found in its text (40 %).
 */
export function affinityOf(
  expert: { keyFields: string[]; keywords: string[] },
  app: { keyField: string | null; text: string },
): number {
  const field = app.keyField !== null && expert.keyFields.includes(app.keyField) ? 1 : 0;
  const words = expert.keywords.filter((w) => w.trim().length > 0);
  const hits = words.length ? words.filter((w) => app.text.includes(w) || dice(w, app.text) > 0.5).length : 0;
  return affinityScore(field === 1, words.length ? hits / words.length : 0);
}

/** The key field 60 %, the share of the expert's keywords found 40 %, in hundredths. */
function affinityScore(inField: boolean, keywordShare: number): number {
  return Math.round((0.6 * (inField ? 1 : 0) + 0.4 * keywordShare) * 100) / 100;
}

/**
 * Every positive affinityOf between these applications and experts, the same numbers computed
 * from an index rather than pair by pair: an application's text is searched once for each
 * distinct keyword of the pool (its bigrams read once), and only the experts of its key field or
 * of a keyword found in it are visited. Pair by pair, 10,000 applications × 3,000 experts took
 * 291 s, nearly all of it the application's bigrams read again for every expert (bench:round,
 * issue 17); a national round has 3,000,000,000 pairs.
 */
export function positiveAffinities(
  apps: ReadonlyArray<{ id: string; keyField: string | null; text: string }>,
  experts: ReadonlyArray<{ id: string; keyFields: string[]; keywords: string[] }>,
): Array<{ applicationId: string; expertId: string; affinity: number }> {
  const wordsOf = experts.map((e) => e.keywords.filter((w) => w.trim().length > 0));
  /** Experts by field, and by keyword once per time they list it (affinityOf counts repeats). */
  const byField = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, key: string, i: number) => {
    const list = m.get(key);
    if (list) list.push(i);
    else m.set(key, [i]);
  };
  experts.forEach((e, i) => {
    for (const f of new Set(e.keyFields)) push(byField, f, i);
    for (const w of wordsOf[i]) push(byWord, w, i);
  });
  const wordGrams = new Map([...byWord.keys()].map((w) => [w, bigrams(w)]));
  const out: Array<{ applicationId: string; expertId: string; affinity: number }> = [];
  for (const app of apps) {
    let textGrams: Set<string> | null = null;
    const hits = new Map<number, number>();
    for (const [w, holders] of byWord) {
      let found = app.text.includes(w);
      if (!found) {
        textGrams ??= bigrams(app.text);
        const grams = wordGrams.get(w)!;
        // Dice is at most 2·|w| / (|w| + |text|): never above 0.5 once the text has 3·|w| bigrams.
        found = textGrams.size < 3 * grams.size && diceOfBigrams(grams, textGrams) > 0.5;
      }
      if (found) for (const i of holders) hits.set(i, (hits.get(i) ?? 0) + 1);
    }
    const inField = new Set(app.keyField !== null ? (byField.get(app.keyField) ?? []) : []);
    const matched = [...new Set([...inField, ...hits.keys()])].sort((a, b) => a - b);
    for (const i of matched) {
      const words = wordsOf[i].length;
      const affinity = affinityScore(inField.has(i), words ? (hits.get(i) ?? 0) / words : 0);
      if (affinity > 0) out.push({ applicationId: app.id, expertId: experts[i].id, affinity });
    }
  }
  return out;
}

/**
 * What an expert sees of an application under blind review: the work, not who proposes it (the
 * PI, the team and the partners' names are withheld).
 */
export function blindContent(content: ApplicationContent): Partial<ApplicationContent> {
  const { title, summary, requestedFen, objectives, technicalRoute, indicators, schedule, budget, pledge } =
    content;
  return {
    title,
    summary,
    requestedFen,
    objectives,
    technicalRoute,
    indicators,
    schedule,
    budget,
    ...(pledge ? { pledge } : {}),
    team: (content.team ?? []).map((m) => ({
      ...m,
      name: '（匿名）',
      organisation: '（匿名）',
      userId: undefined,
    })),
    cooperators: (content.cooperators ?? []).map((c) => ({
      ...c,
      name: '（匿名）',
      institutionId: undefined,
    })),
  };
}

/** How far ahead of the server's clock a panel's time may be (the officer's clock may run fast). */
const PANEL_CLOCK_SKEW_MS = 5 * 60_000;

export const panelDecisionSchema = z
  .object({
    mode: z.enum(['consensus', 'vote']),
    members: z
      .array(z.object({ name: z.string().trim().min(2).max(50), role: z.string().trim().max(50) }))
      .min(3)
      .max(100),
    heldAt: z.iso.datetime({ offset: true }),
    consensusScore: z.number().min(0).max(100).optional(),
    votes: z
      .array(
        z.object({ memberId: z.string().min(1).max(100), vote: z.enum(['fund', 'not_fund', 'abstain']) }),
      )
      .max(100)
      .optional(),
    minutes: z.string().trim().min(10).max(20000).describe('会议纪要'),
  })
  .superRefine((p, ctx) => {
    if (p.mode === 'consensus' && p.consensusScore === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['consensusScore'],
        ...bilingual({ zh: '合议须给出一致评分', en: 'A consensus needs its score' }),
      });
    // Minutes of a meeting that has been held: a time ahead of the clock is a typing slip.
    if (Date.parse(p.heldAt) > Date.now() + PANEL_CLOCK_SKEW_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['heldAt'],
        ...bilingual({ zh: '会评时间不能晚于当前时间', en: 'The panel cannot be held in the future' }),
      });
    if (p.mode === 'vote' && !p.votes?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['votes'],
        ...bilingual({ zh: '表决须记录每位成员的投票', en: 'A vote needs each member’s vote' }),
      });
  });
export type PanelDecisionInput = z.infer<typeof panelDecisionSchema>;

// ---- results --------------------------------------------------------------------------------

export interface RoundScore {
  applicationId: string;
  expertId: string;
  score: number;
}

export interface RoundApplication {
  id: string;
  title: string;
  topicId: string | null;
  submittedAt: string;
  requestedFen: number;
}

export interface RoundResult {
  applicationId: string;
  title: string;
  topicId: string | null;
  summary: ScoreSummary;
  calibrated: number | null;
  disagreement: DisagreementFlag;
  panel: PanelOutcome | null;
  /** The score the ranking uses: the panel's agreed score where there is one, else the headline. */
  rankingScore: number;
  rank: number;
  percentile: number;
  aboveFundingLine: boolean | null;
  funding: Bilingual | null;
  tieBrokenBy: Ranked['tieBrokenBy'];
}

/**
 * Aggregation and ranking of a round (RULES §5): per application the trimmed mean (≥ 5 scores)
 * or mean, a calibrated score beside it, a disagreement flag (→ panel), the panel's outcome where
 * it met, then the ranking per topic with the explicit tie-breaks of `rank`.
 */
export function roundResults(
  apps: RoundApplication[],
  scores: RoundScore[],
  opts: {
    disagreementThreshold: number;
    panels?: Map<string, PanelOutcome>;
    funding?: FundingRule;
  },
): RoundResult[] {
  // Grouped once: per application a scan of every score was 5 × 10⁸ comparisons at 10,000 × 5.
  const scoresOf = new Map<string, number[]>();
  for (const s of scores) {
    const list = scoresOf.get(s.applicationId);
    if (list) list.push(s.score);
    else scoresOf.set(s.applicationId, [s.score]);
  }
  const scored = apps.filter((a) => scoresOf.has(a.id));
  const calibration = scores.length ? calibrate(scores) : null;
  const calibratedOf = new Map(calibration?.applications.map((c) => [c.applicationId, c.calibrated]) ?? []);
  const rows = scored.map((a) => {
    const summary = aggregate(scoresOf.get(a.id)!);
    const panel = opts.panels?.get(a.id) ?? null;
    return {
      app: a,
      summary,
      calibrated: calibratedOf.get(a.id) ?? null,
      disagreement: checkDisagreement(summary, opts.disagreementThreshold),
      panel,
      rankingScore: panel?.score ?? summary.score,
    };
  });
  const ranked = rank(
    rows.map((r) => ({
      id: r.app.id,
      topicId: r.app.topicId,
      score: r.rankingScore,
      median: r.summary.median,
      calibrated: r.calibrated,
      submittedAt: r.app.submittedAt,
      requestedFen: r.app.requestedFen,
    })),
    opts.funding ?? {},
  );
  const byId = new Map(rows.map((r) => [r.app.id, r]));
  return ranked.map((k) => {
    const r = byId.get(k.id)!;
    return {
      applicationId: k.id,
      title: r.app.title,
      topicId: r.app.topicId,
      summary: r.summary,
      calibrated: r.calibrated,
      disagreement: r.disagreement,
      panel: r.panel,
      rankingScore: r.rankingScore,
      rank: k.rank,
      percentile: k.percentile,
      aboveFundingLine: k.aboveFundingLine,
      funding: k.funding,
      tieBrokenBy: k.tieBrokenBy,
    };
  });
}

/**
 * What an expert reads of an application (RULES §5; privacy): blind or not, never the PI's identity
 * number or contact details (phone, e-mail) — an expert has no use for them and they would let the
 * expert reach the applicant. Under blind review, `blindContent` withholds who proposes it as well.
 */
export function contentForExpert(content: ApplicationContent, blind: boolean): Partial<ApplicationContent> {
  if (blind) return blindContent(content);
  if (!content.pi) return content;
  const { idNumber: _id, phone: _phone, email: _email, ...pi } = content.pi;
  return { ...content, pi: pi as ApplicationContent['pi'] };
}
