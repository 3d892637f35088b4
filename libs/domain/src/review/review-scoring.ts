import { z } from 'zod';
import { Bilingual, DomainError, FieldMessage } from '../kernel/messages';
import { fenSchema, formatYuan } from '../kernel/money';
import { bilingual, parseOrThrow } from '../kernel/validation';

/**
 * Expert review scoring (专家评审, RULES §5): the score sheet an expert submits, the weighted
 * score, aggregation per application, reviewer calibration, disagreement, ranking and the panel's
 * outcome. Raw scores are never replaced: calibration and aggregates sit beside them.
 *
 * Precision: criterion scores carry at most one decimal, so a weighted score is a ratio of
 * integers computed exactly and rounded once into a double. Aggregates and ranking keep full
 * precision; {@link displayScore} rounds to two decimals for display only. Ranking treats values
 * within {@link SCORE_EPSILON} as equal, so float noise in a sum never decides a tie.
 */

/** Below any real score difference (inputs have one decimal), above float rounding noise. */
export const SCORE_EPSILON = 1e-9;

function invalid(fields: FieldMessage[]): DomainError {
  return new DomainError(
    'validation_failed',
    { zh: '评审内容有误，请按字段提示修改', en: 'The request is invalid; see the field messages' },
    fields,
  );
}

/** Two decimals, half away from zero; for display only (ranking uses full precision). */
export function displayScore(x: number): number {
  // The nudge lifts exact halves that binary floating point stores a hair below .5.
  return (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-7)) / 100;
}

const fmt = (x: number) => displayScore(x).toFixed(2);

// ---------------------------------------------------------------------------------------------
// Rubric

/**
 * A rubric, typed structurally so a program template's rubric passes as is: the criterion's
 * label may be `label` or `name`, its range `max` or the rubric's `scale` (RULES §5: 100 points
 * when neither is given).
 */
export interface RubricCriterionLike {
  key: string;
  weight: number;
  max?: number;
  label?: Bilingual;
  name?: Bilingual;
  commentRequired?: boolean;
}
export interface RubricLike {
  criteria: readonly RubricCriterionLike[];
  scale?: { min: number; max: number };
}

export interface ResolvedCriterion {
  key: string;
  label: Bilingual;
  weight: number;
  min: number;
  max: number;
  commentRequired: boolean;
}

/** RULES §5: a 100-point scale by default. */
export const DEFAULT_SCALE_MAX = 100;

/** The rubric with every criterion's range and label filled in; rejects a malformed rubric. */
export function resolveRubric(rubric: RubricLike): ResolvedCriterion[] {
  const fields: FieldMessage[] = [];
  const keys = new Set<string>();
  const criteria = rubric.criteria.map((c, i) => {
    const min = rubric.scale?.min ?? 0;
    const max = c.max ?? rubric.scale?.max ?? DEFAULT_SCALE_MAX;
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100)
      fields.push({
        path: `criteria.${i}.weight`,
        message: { zh: '权重须为 1–100 的整数', en: 'The weight must be an integer from 1 to 100' },
      });
    // Integer bounds keep the weighted score an exact ratio of integers.
    if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min)
      fields.push({
        path: `criteria.${i}.max`,
        message: {
          zh: '评分上限须为大于下限的整数',
          en: 'The scale maximum must be an integer above the minimum',
        },
      });
    if (keys.has(c.key))
      fields.push({
        path: `criteria.${i}.key`,
        message: { zh: `评分项 ${c.key} 重复`, en: `Criterion ${c.key} appears twice` },
      });
    keys.add(c.key);
    return {
      key: c.key,
      label: c.label ?? c.name ?? { zh: c.key, en: c.key },
      weight: c.weight,
      min,
      max,
      commentRequired: c.commentRequired ?? false,
    };
  });
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (criteria.length === 0)
    fields.push({ path: 'criteria', message: { zh: '至少需要一个评分项', en: 'At least one criterion' } });
  else if (total !== 100)
    fields.push({
      path: 'criteria',
      message: {
        zh: `各评分项权重之和须为 100（当前 ${total}）`,
        en: `The weights must sum to 100 (now ${total})`,
      },
    });
  if (fields.length) throw invalid(fields);
  return criteria;
}

// ---------------------------------------------------------------------------------------------
// Score sheet

/** At most one decimal place (tolerant of the binary representation of e.g. 8.3). */
function hasOneDecimal(x: number): boolean {
  return Math.abs(x * 10 - Math.round(x * 10)) < 1e-6;
}

export const MIN_COMMENT_LENGTH = 10;

export interface ScoreSheet {
  criteria: Record<string, { score: number; comment?: string }>;
  overallComment: string;
}
export interface DraftScoreSheet {
  criteria: Record<string, { score?: number; comment?: string }>;
  overallComment?: string;
}

function scoreSchema(c: ResolvedCriterion) {
  return z
    .number()
    .refine(
      (x) => x >= c.min && x <= c.max,
      bilingual({
        zh: `${c.label.zh}的评分须在 ${c.min}–${c.max} 之间`,
        en: `The score for ${c.label.en} must be from ${c.min} to ${c.max}`,
      }),
    )
    .refine(
      hasOneDecimal,
      bilingual({ zh: '评分最多保留一位小数', en: 'A score has at most one decimal place' }),
    );
}

function entrySchema(c: ResolvedCriterion, draft: boolean) {
  const entry = z.strictObject({
    score: draft ? scoreSchema(c).optional() : scoreSchema(c),
    comment: z.string().trim().max(2000).optional(),
  });
  if (draft || !c.commentRequired) return entry;
  // On the entry, not the field: a missing comment must get this message, not a bare "Required".
  return entry.superRefine((e, ctx) => {
    if ((e.comment ?? '').length < MIN_COMMENT_LENGTH)
      ctx.addIssue({
        code: 'custom',
        ...bilingual(
          {
            zh: `${c.label.zh}须填写评语（不少于 ${MIN_COMMENT_LENGTH} 个字）`,
            en: `${c.label.en} needs a comment (at least ${MIN_COMMENT_LENGTH} characters)`,
          },
          ['comment'],
        ),
      });
  });
}

/**
 * The schema of one expert's score sheet for `rubric`: a score per criterion within its range
 * with at most one decimal, a comment where the rubric asks for one, and an overall comment
 * (RULES §5: every expert's scores and comments are recorded). The draft variant makes every
 * field optional but still checks what is filled in.
 */
export function scoreSheetSchema(rubric: RubricLike, opts?: { draft?: false }): z.ZodType<ScoreSheet>;
export function scoreSheetSchema(rubric: RubricLike, opts: { draft: true }): z.ZodType<DraftScoreSheet>;
export function scoreSheetSchema(
  rubric: RubricLike,
  opts: { draft?: boolean } = {},
): z.ZodType<ScoreSheet | DraftScoreSheet> {
  const draft = opts.draft ?? false;
  // Built once per rubric: a new zod schema costs its construction and, on its first parse, the
  // compilation of its fast path — about 8 ms of CPU per score sheet, more than the rest of a
  // score's request (issue 17, bench:round). Rubrics are few (one per program template).
  const key = `${draft ? 'draft' : 'final'}:${JSON.stringify(rubric)}`;
  const cached = SHEET_SCHEMAS.get(key);
  if (cached) return cached;
  const schema = buildScoreSheetSchema(rubric, draft);
  if (SHEET_SCHEMAS.size >= SHEET_SCHEMA_CACHE) SHEET_SCHEMAS.delete(SHEET_SCHEMAS.keys().next().value!);
  SHEET_SCHEMAS.set(key, schema);
  return schema;
}

/** Score-sheet schemas by rubric, the oldest dropped first beyond the limit. */
const SHEET_SCHEMAS = new Map<string, z.ZodType<ScoreSheet | DraftScoreSheet>>();
const SHEET_SCHEMA_CACHE = 64;

function buildScoreSheetSchema(rubric: RubricLike, draft: boolean): z.ZodType<ScoreSheet | DraftScoreSheet> {
  const criteria = resolveRubric(rubric);
  const shape = Object.fromEntries(
    criteria.map((c) => [c.key, draft ? entrySchema(c, true).optional() : entrySchema(c, false)]),
  );
  const overall = z.string().trim().max(5000);
  return z.strictObject({
    criteria: draft ? z.strictObject(shape).default({}) : z.strictObject(shape),
    overallComment: draft
      ? overall.optional()
      : z
          .string()
          .optional()
          .superRefine((s, ctx) => {
            const text = (s ?? '').trim();
            if (text.length < MIN_COMMENT_LENGTH)
              ctx.addIssue({
                code: 'custom',
                ...bilingual({
                  zh: `请填写总体评价（不少于 ${MIN_COMMENT_LENGTH} 个字）`,
                  en: `Give an overall comment (at least ${MIN_COMMENT_LENGTH} characters)`,
                }),
              });
            else if (text.length > 5000)
              ctx.addIssue({
                code: 'custom',
                ...bilingual({
                  zh: '总体评价不超过 5000 个字',
                  en: 'The overall comment has at most 5000 characters',
                }),
              });
          })
          .transform((s) => (s ?? '').trim()),
  }) as z.ZodType<ScoreSheet | DraftScoreSheet>;
}

/** Parse a submitted (final) score sheet, or throw a 400 naming each field in zh and en. */
export function parseScoreSheet(rubric: RubricLike, data: unknown): ScoreSheet {
  return parseOrThrow(scoreSheetSchema(rubric), data, '评审');
}

/** The criterion scores of a sheet, as {@link weightedScore} takes them. */
export function sheetScores(sheet: ScoreSheet): Record<string, number> {
  return Object.fromEntries(Object.entries(sheet.criteria).map(([k, v]) => [k, v.score]));
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Σ weight × (score − min) / (max − min), on 0..100. With scores in tenths the sum is the
 * integer ratio N / D, D = 10 × lcm(ranges); dividing once gives the correctly rounded double.
 * (Should the integers ever leave the safe range — exotic mixes of ranges — it falls back to
 * summing doubles.)
 */
export function weightedScore(rubric: RubricLike, scores: Record<string, number>): number {
  const criteria = resolveRubric(rubric);
  const fields: FieldMessage[] = [];
  for (const c of criteria) {
    const x = scores[c.key];
    if (typeof x !== 'number' || !Number.isFinite(x))
      fields.push({ path: `scores.${c.key}`, message: { zh: '必填字段', en: 'Required' } });
    else if (x < c.min || x > c.max || !hasOneDecimal(x))
      fields.push({
        path: `scores.${c.key}`,
        message: {
          zh: `评分须在 ${c.min}–${c.max} 之间，最多一位小数`,
          en: `The score must be from ${c.min} to ${c.max}, with at most one decimal`,
        },
      });
  }
  const known = new Set(criteria.map((c) => c.key));
  for (const key of Object.keys(scores))
    if (!known.has(key))
      fields.push({
        path: `scores.${key}`,
        message: { zh: '评分表中没有该评分项', en: 'The rubric has no such criterion' },
      });
  if (fields.length) throw invalid(fields);

  const lcm = criteria.reduce((l, c) => {
    const range = c.max - c.min;
    return (l / gcd(l, range)) * range;
  }, 1);
  const denominator = 10 * lcm;
  let numerator = 0;
  for (const c of criteria) {
    const tenths = Math.round(scores[c.key] * 10) - 10 * c.min;
    numerator += c.weight * tenths * (lcm / (c.max - c.min));
  }
  if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) return numerator / denominator;
  return criteria.reduce((s, c) => s + (c.weight * (scores[c.key] - c.min)) / (c.max - c.min), 0);
}

// ---------------------------------------------------------------------------------------------
// Aggregation per application

export const aggregationPolicySchema = z
  .object({
    trimWhenAtLeast: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Drop the extremes from this many scores up (RULES §5: n ≥ 5)'),
    trimCount: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('Scores dropped at each end (RULES §5: the highest and the lowest)'),
  })
  .refine(
    (p) => p.trimWhenAtLeast > 2 * p.trimCount,
    bilingual({ zh: '去掉最高、最低分后须至少剩一个分数', en: 'Trimming must leave at least one score' }, [
      'trimCount',
    ]),
  );
export type AggregationPolicy = z.output<typeof aggregationPolicySchema>;
export type AggregationPolicyInput = z.input<typeof aggregationPolicySchema>;

export const DEFAULT_AGGREGATION_POLICY: AggregationPolicy = { trimWhenAtLeast: 5, trimCount: 1 };

export interface ScoreSummary {
  n: number;
  /** The headline score: trimmed mean when n ≥ trimWhenAtLeast, else the plain mean. */
  score: number;
  trimmed: boolean;
  /** The plain mean of all scores, shown beside the headline. */
  mean: number;
  median: number;
  min: number;
  max: number;
  spread: number;
  explanation: Bilingual;
}

/** Summed in ascending order, so the same scores in any order give the same double. */
function meanOf(sorted: number[]): number {
  return sorted.reduce((s, x) => s + x, 0) / sorted.length;
}

/** One application's expert scores: headline score (RULES §5 trimming), median, range. */
export function aggregate(scores: number[], policy: AggregationPolicyInput = {}): ScoreSummary {
  const p = parseOrThrow(aggregationPolicySchema, policy, '评审');
  if (scores.length === 0)
    throw invalid([{ path: 'scores', message: { zh: '尚无专家评分', en: 'There are no scores yet' } }]);
  const bad = scores.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0)
    throw invalid([{ path: `scores.${bad}`, message: { zh: '不是有效的分数', en: 'Not a valid score' } }]);

  const sorted = [...scores].sort((a, b) => a - b);
  const n = sorted.length;
  const trimmed = n >= p.trimWhenAtLeast && p.trimCount > 0;
  const kept = trimmed ? sorted.slice(p.trimCount, n - p.trimCount) : sorted;
  const middle = Math.floor(n / 2);
  const median = n % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const score = meanOf(kept);
  return {
    n,
    score,
    trimmed,
    mean: meanOf(sorted),
    median,
    min: sorted[0],
    max: sorted[n - 1],
    spread: sorted[n - 1] - sorted[0],
    explanation: trimmed
      ? {
          zh: `${n} 位专家评分，去掉最高、最低各 ${p.trimCount} 个后取平均：${fmt(score)}`,
          en: `${n} expert scores; the mean after dropping the ${p.trimCount} highest and lowest: ${fmt(score)}`,
        }
      : {
          zh: `${n} 位专家评分（少于 ${p.trimWhenAtLeast} 位，不去极值）的平均分：${fmt(score)}`,
          en: `The mean of ${n} expert scores (fewer than ${p.trimWhenAtLeast}, so none dropped): ${fmt(score)}`,
        },
  };
}

// ---------------------------------------------------------------------------------------------
// Disagreement

export interface DisagreementFlag {
  disagreement: boolean;
  spread: number;
  threshold: number;
  /** Why it goes to the panel; null when the experts agree. */
  reason: Bilingual | null;
}

/** Spread above the template's threshold (strictly) sends the application to the panel. */
export function checkDisagreement(summary: { spread: number }, threshold: number): DisagreementFlag {
  if (!Number.isFinite(threshold) || threshold < 0)
    throw invalid([
      {
        path: 'threshold',
        message: { zh: '分歧阈值须为非负数', en: 'The disagreement threshold must be non-negative' },
      },
    ]);
  const disagreement = summary.spread > threshold + SCORE_EPSILON;
  return {
    disagreement,
    spread: summary.spread,
    threshold,
    reason: disagreement
      ? {
          zh: `专家评分最高与最低相差 ${fmt(summary.spread)} 分，超过 ${fmt(threshold)} 分的分歧阈值，提交专家组合议`,
          en: `The expert scores differ by ${fmt(summary.spread)} points, above the ${fmt(threshold)}-point threshold; the panel discusses it`,
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Calibration

export const scoreObservationSchema = z.object({
  applicationId: z.string().min(1),
  expertId: z.string().min(1),
  score: z.number(),
});
export type ScoreObservation = z.output<typeof scoreObservationSchema>;

const observationsSchema = z.array(scoreObservationSchema).superRefine((all, ctx) => {
  // Experts per application (no joined string key: 50,000 of them at a provincial round).
  const seen = new Map<string, Set<string>>();
  all.forEach((o, i) => {
    let experts = seen.get(o.applicationId);
    if (!experts) seen.set(o.applicationId, (experts = new Set()));
    if (experts.has(o.expertId))
      ctx.addIssue({
        code: 'custom',
        ...bilingual(
          {
            zh: '同一专家对同一申报只能有一个评分',
            en: 'An expert scores an application at most once',
          },
          [i, 'expertId'],
        ),
      });
    experts.add(o.expertId);
  });
});

export interface Calibration {
  applications: Array<{
    applicationId: string;
    n: number;
    rawMean: number;
    /** The quality estimate with reviewer biases removed. */
    calibrated: number;
    component: number;
  }>;
  experts: Array<{ expertId: string; n: number; bias: number; component: number }>;
  /** Every raw score beside its calibrated value (raw − the expert's bias). */
  scores: Array<{ applicationId: string; expertId: string; raw: number; calibrated: number }>;
  /** Connected groups of experts and applications; biases are comparable only within one. */
  components: number;
}

/**
 * Solve M x = r by conjugate gradient with a Jacobi preconditioner, where M is symmetric positive
 * definite and given only as a product (sparse: a dense matrix is O(k²) memory and a direct solve
 * O(k³), 45 s at 3,000 experts). Stops when the residual is a 10⁻¹² fraction of r's norm.
 */
function conjugateGradient(
  multiply: (x: number[], out: number[]) => void,
  diagonal: number[],
  r: number[],
): number[] {
  const k = r.length;
  const x = new Array<number>(k).fill(0);
  const res = r.slice();
  const z = res.map((v, i) => v / diagonal[i]);
  const p = z.slice();
  const mp = new Array<number>(k).fill(0);
  const dot = (u: number[], v: number[]) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += u[i] * v[i];
    return s;
  };
  const tolerance = 1e-24 * Math.max(dot(r, r), Number.MIN_VALUE);
  let rz = dot(res, z);
  for (let iteration = 0; iteration < 10 * k + 10 && dot(res, res) > tolerance; iteration++) {
    multiply(p, mp);
    const alpha = rz / dot(p, mp);
    for (let i = 0; i < k; i++) {
      x[i] += alpha * p[i];
      res[i] -= alpha * mp[i];
      z[i] = res[i] / diagonal[i];
    }
    const next = dot(res, z);
    const beta = next / rz;
    rz = next;
    for (let i = 0; i < k; i++) p[i] = z[i] + beta * p[i];
  }
  return x;
}

/**
 * Reviewer calibration by least squares: score = quality(application) + bias(expert) + noise.
 * Eliminating the qualities leaves, per connected component of the expert–application graph,
 * the Laplacian system C·b = r (C[e][e] = applications e scored, C[e][f] = −Σ 1/n_a over the
 * applications both scored; r[e] = Σ (score − application mean)). C is singular along the
 * all-ones vector, which is exactly what "biases sum to zero" pins down, so (C + 11ᵀ)·b = r is
 * solved directly; then quality = mean over the application's experts of (score − bias).
 * A bias > 0 means the expert scores above the others. Solved by conjugate gradient on the
 * sparse system, one pass over the scores per step (a national round's 30,000 experts in seconds).
 */
export function calibrate(all: ScoreObservation[]): Calibration {
  const obs = parseOrThrow(observationsSchema, all, '评审');

  const appIndex = new Map<string, number>();
  const expertIndex = new Map<string, number>();
  for (const o of obs) {
    if (!appIndex.has(o.applicationId)) appIndex.set(o.applicationId, appIndex.size);
    if (!expertIndex.has(o.expertId)) expertIndex.set(o.expertId, expertIndex.size);
  }
  const A = appIndex.size;
  const E = expertIndex.size;

  // Union-find over applications [0, A) and experts [A, A + E).
  const parent = Array.from({ length: A + E }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const byApp: Array<Array<{ e: number; y: number }>> = Array.from({ length: A }, () => []);
  for (const o of obs) {
    const a = appIndex.get(o.applicationId)!;
    const e = expertIndex.get(o.expertId)!;
    byApp[a].push({ e, y: o.score });
    parent[find(a)] = find(A + e);
  }

  // Components numbered in order of first appearance, for stable output.
  const componentOf = new Map<number, number>();
  const component = (node: number) => {
    const root = find(node);
    if (!componentOf.has(root)) componentOf.set(root, componentOf.size);
    return componentOf.get(root)!;
  };
  for (const o of obs) component(appIndex.get(o.applicationId)!);

  const expertsIn: number[][] = Array.from({ length: componentOf.size }, () => []);
  const appsIn: number[][] = Array.from({ length: componentOf.size }, () => []);
  for (let e = 0; e < E; e++) expertsIn[component(A + e)].push(e);
  for (let a = 0; a < A; a++) appsIn[component(a)].push(a);

  const appMean = byApp.map((list) => meanOf(list.map((x) => x.y).sort((p, q) => p - q)));
  const bias = new Array<number>(E).fill(0);
  const local = new Array<number>(E).fill(0);
  for (let c = 0; c < componentOf.size; c++) {
    const experts = expertsIn[c];
    const apps = appsIn[c];
    experts.forEach((e, i) => (local[e] = i));
    const k = experts.length;
    const r = new Array<number>(k).fill(0);
    const diagonal = new Array<number>(k).fill(1); // the 11ᵀ term
    for (const a of apps) {
      const list = byApp[a];
      for (const { e, y } of list) {
        r[local[e]] += y - appMean[a];
        diagonal[local[e]] += 1 - 1 / list.length;
      }
    }
    // (C + 11ᵀ)·x, one pass over the scores: (C·x)[e] = n_e·x[e] − Σ over e's applications of their mean x.
    const multiply = (x: number[], out: number[]) => {
      let total = 0;
      for (let i = 0; i < k; i++) total += x[i];
      out.fill(total);
      for (const a of apps) {
        const list = byApp[a];
        let mean = 0;
        for (const { e } of list) mean += x[local[e]];
        mean /= list.length;
        for (const { e } of list) out[local[e]] += x[local[e]] - mean;
      }
    };
    const b = conjugateGradient(multiply, diagonal, r);
    experts.forEach((e, i) => (bias[e] = b[i]));
  }

  const appIds = [...appIndex.keys()];
  const expertIds = [...expertIndex.keys()];
  const expertCount = new Array<number>(E).fill(0);
  for (const list of byApp) for (const { e } of list) expertCount[e]++;
  return {
    applications: byApp.map((list, a) => ({
      applicationId: appIds[a],
      n: list.length,
      rawMean: appMean[a],
      calibrated: meanOf(list.map(({ e, y }) => y - bias[e]).sort((p, q) => p - q)),
      component: component(a),
    })),
    experts: expertIds.map((expertId, e) => ({
      expertId,
      n: expertCount[e],
      bias: bias[e],
      component: component(A + e),
    })),
    scores: obs.map((o) => {
      const b = bias[expertIndex.get(o.expertId)!];
      return { applicationId: o.applicationId, expertId: o.expertId, raw: o.score, calibrated: o.score - b };
    }),
    components: componentOf.size,
  };
}

// ---------------------------------------------------------------------------------------------
// Ranking

export const TIE_BREAKS = ['score', 'median', 'calibrated', 'submittedAt', 'id'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

export const TIE_BREAK_LABELS: Record<TieBreak, Bilingual> = {
  score: { zh: '去极值平均分', en: 'Trimmed mean' },
  median: { zh: '中位数', en: 'Median' },
  calibrated: { zh: '校准后得分', en: 'Calibrated score' },
  submittedAt: { zh: '提交时间（较早者在前）', en: 'Submission time (earlier first)' },
  id: { zh: '申报编号', en: 'Application id' },
};

export const rankEntrySchema = z.object({
  id: z.string().min(1),
  callId: z.string().min(1).nullable().default(null),
  topicId: z.string().min(1).nullable(),
  /** The headline score of {@link aggregate}. */
  score: z.number(),
  median: z.number(),
  calibrated: z.number().nullable().default(null),
  submittedAt: z.iso.datetime({ offset: true }),
  requestedFen: fenSchema.optional(),
});
export type RankEntry = z.output<typeof rankEntrySchema>;
export type RankEntryInput = z.input<typeof rankEntrySchema>;

export const fundingRuleSchema = z.object({
  fundingLine: z.number().min(0).max(100).optional().describe('Lowest fundable score, inclusive (RULES §5)'),
  fundedCount: z.number().int().min(0).optional().describe('Fund at most this many per group'),
  budgetFen: fenSchema.optional().describe('Budget of the group, filled in rank order'),
});
export type FundingRule = z.output<typeof fundingRuleSchema>;

export interface RankGroup {
  callId: string | null;
  topicId: string | null;
}

export interface Ranked {
  id: string;
  callId: string | null;
  topicId: string | null;
  score: number;
  /** 1-based within the group; strict (the tie-breaks end at the id). */
  rank: number;
  groupSize: number;
  /**
   * Share of the other applications in the group with a strictly lower headline score, 0–100
   * (n = 1: 100). Without ties this is (n − rank) / (n − 1) · 100; tied scores share one
   * percentile, since a submission time is no reason to look better.
   */
  percentile: number;
  /** Null when the group has no funding rule. */
  aboveFundingLine: boolean | null;
  funding: Bilingual | null;
  /** The first criterion that puts this entry ahead of the next one; null for the last. */
  tieBrokenBy: { criterion: TieBreak; label: Bilingual } | null;
}

function descending(a: number, b: number): number {
  return Math.abs(a - b) <= SCORE_EPSILON ? 0 : b - a;
}

type Comparators = Array<[TieBreak, (a: RankEntry, b: RankEntry) => number]>;

function comparators(useCalibrated: boolean): Comparators {
  const list: Comparators = [
    ['score', (a, b) => descending(a.score, b.score)],
    ['median', (a, b) => descending(a.median, b.median)],
  ];
  // Only when the whole group is calibrated, so the order stays transitive.
  if (useCalibrated) list.push(['calibrated', (a, b) => descending(a.calibrated!, b.calibrated!)]);
  list.push(
    ['submittedAt', (a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt)],
    ['id', (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)],
  );
  return list;
}

interface FundingState {
  funded: number;
  spentFen: number;
  exhausted: boolean;
}

function fundingVerdict(
  e: RankEntry,
  rule: FundingRule,
  state: FundingState,
): { above: boolean; reason: Bilingual } {
  const line = rule.fundingLine;
  if (line !== undefined && e.score < line - SCORE_EPSILON)
    return {
      above: false,
      reason: {
        zh: `得分 ${fmt(e.score)} 低于资助线 ${fmt(line)}`,
        en: `Score ${fmt(e.score)} is below the funding line of ${fmt(line)}`,
      },
    };
  if (rule.fundedCount !== undefined && state.funded >= rule.fundedCount)
    return {
      above: false,
      reason: {
        zh: `排名在资助名额 ${rule.fundedCount} 项之外`,
        en: `Ranked beyond the ${rule.fundedCount} funded places`,
      },
    };
  if (rule.budgetFen !== undefined) {
    const need = e.requestedFen!;
    const left = rule.budgetFen - state.spentFen;
    // In rank order without skipping: a cheaper lower-ranked application never jumps a better one.
    if (state.exhausted || need > left) {
      state.exhausted = true;
      return {
        above: false,
        reason: {
          zh: `预算不足：申请 ${formatYuan(need)}，剩余 ${formatYuan(left)}（按排名依次安排）`,
          en: `Out of budget: ${formatYuan(need)} requested, ${formatYuan(left)} left (allocated in rank order)`,
        },
      };
    }
    state.spentFen += need;
  }
  state.funded++;
  const parts: Bilingual[] = [];
  if (line !== undefined)
    parts.push({
      zh: `得分 ${fmt(e.score)} 不低于资助线 ${fmt(line)}`,
      en: `score ${fmt(e.score)} ≥ line ${fmt(line)}`,
    });
  if (rule.fundedCount !== undefined)
    parts.push({
      zh: `在 ${rule.fundedCount} 项资助名额内`,
      en: `within the ${rule.fundedCount} funded places`,
    });
  if (rule.budgetFen !== undefined)
    parts.push({
      zh: `累计 ${formatYuan(state.spentFen)}，未超预算 ${formatYuan(rule.budgetFen)}`,
      en: `cumulative ${formatYuan(state.spentFen)} within the budget of ${formatYuan(rule.budgetFen)}`,
    });
  return {
    above: true,
    reason: { zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') },
  };
}

/**
 * Rank applications per (call, topic) with the explicit tie-break trimmed mean → median →
 * calibrated score → earlier submission → id, and mark the funding line. The funding rule (one
 * for every group, or one per group) combines: score ≥ `fundingLine`, within `fundedCount`, and
 * the group's `budgetFen` filled in rank order. Groups come out in order of first appearance.
 */
export function rank(
  entries: RankEntryInput[],
  funding: FundingRule | ((group: RankGroup) => FundingRule) = {},
): Ranked[] {
  const parsed = parseOrThrow(
    z.array(rankEntrySchema).superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((e, i) => {
        if (seen.has(e.id))
          ctx.addIssue({
            code: 'custom',
            ...bilingual({ zh: '申报编号重复', en: 'The application id appears twice' }, [i, 'id']),
          });
        seen.add(e.id);
      });
    }),
    entries,
    '评审',
  );

  const groups = new Map<string, { group: RankGroup; members: Array<{ e: RankEntry; i: number }> }>();
  parsed.forEach((e, i) => {
    const key = JSON.stringify([e.callId, e.topicId]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: { callId: e.callId, topicId: e.topicId }, members: [] }));
    g.members.push({ e, i });
  });

  const out: Ranked[] = [];
  for (const { group, members } of groups.values()) {
    const rule = parseOrThrow(
      fundingRuleSchema,
      typeof funding === 'function' ? funding(group) : funding,
      '评审',
    );
    if (rule.budgetFen !== undefined) {
      const missing = members.filter(({ e }) => e.requestedFen === undefined);
      if (missing.length)
        throw invalid(
          missing.map(({ i }) => ({
            path: `${i}.requestedFen`,
            message: {
              zh: '按预算划线时须提供申请经费',
              en: 'A budget-based funding line needs the requested amount',
            },
          })),
        );
    }
    const hasRule =
      rule.fundingLine !== undefined || rule.fundedCount !== undefined || rule.budgetFen !== undefined;

    const cmps = comparators(members.every(({ e }) => e.calibrated !== null));
    const compare = (a: RankEntry, b: RankEntry) => {
      for (const [, f] of cmps) {
        const d = f(a, b);
        if (d !== 0) return d;
      }
      return 0;
    };
    const sorted = members.map(({ e }) => e).sort(compare);
    const n = sorted.length;

    // Strictly lower headline scores: everything after the last entry tied with this one.
    const lower = new Array<number>(n).fill(0);
    for (let i = n - 1, end = n; i >= 0; i--) {
      if (i < n - 1 && descending(sorted[i].score, sorted[i + 1].score) !== 0) end = i + 1;
      lower[i] = n - end;
    }

    const state: FundingState = { funded: 0, spentFen: 0, exhausted: false };
    sorted.forEach((e, i) => {
      const next = sorted[i + 1];
      const by = next ? cmps.find(([, f]) => f(e, next) !== 0)?.[0] : undefined;
      const verdict = hasRule ? fundingVerdict(e, rule, state) : null;
      out.push({
        id: e.id,
        callId: e.callId,
        topicId: e.topicId,
        score: e.score,
        rank: i + 1,
        groupSize: n,
        percentile: n === 1 ? 100 : (lower[i] / (n - 1)) * 100,
        aboveFundingLine: verdict ? verdict.above : null,
        funding: verdict ? verdict.reason : null,
        tieBrokenBy: by ? { criterion: by, label: TIE_BREAK_LABELS[by] } : null,
      });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Panel (专家组) outcome

export const PANEL_VOTES = ['fund', 'not_fund', 'abstain'] as const;
export type PanelVote = (typeof PANEL_VOTES)[number];

export const panelOutcomeInputSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('consensus'),
    consensusScore: z.number().min(0).max(100),
    fundingLine: z.number().min(0).max(100).optional(),
  }),
  z.strictObject({
    mode: z.literal('vote'),
    votes: z
      .array(z.strictObject({ memberId: z.string().min(1).max(100), vote: z.enum(PANEL_VOTES) }))
      .min(1)
      .max(100)
      .refine(
        (votes) => new Set(votes.map((v) => v.memberId)).size === votes.length,
        bilingual({ zh: '每位专家只能投一票', en: 'Each member votes once' }),
      ),
  }),
]);
export type PanelOutcomeInput = z.input<typeof panelOutcomeInputSchema>;

export interface PanelOutcome {
  mode: 'consensus' | 'vote';
  /** Null when a consensus score is given without a funding line: it goes into the ranking. */
  recommended: boolean | null;
  score: number | null;
  tally: { fund: number; notFund: number; abstain: number } | null;
  explanation: Bilingual;
}

/**
 * The panel's outcome: an agreed score (against the funding line when one is given), or a vote
 * decided by the majority of non-abstaining votes. A tie, or no valid vote, is not a majority
 * for funding, so the application is not recommended.
 */
export function panelOutcome(input: PanelOutcomeInput): PanelOutcome {
  const p = parseOrThrow(panelOutcomeInputSchema, input, '评审');
  if (p.mode === 'consensus') {
    const s = fmt(p.consensusScore);
    if (p.fundingLine === undefined)
      return {
        mode: 'consensus',
        recommended: null,
        score: p.consensusScore,
        tally: null,
        explanation: {
          zh: `专家组合议一致评定 ${s} 分，纳入排序`,
          en: `The panel agreed on a score of ${s}; it enters the ranking`,
        },
      };
    const line = fmt(p.fundingLine);
    const recommended = p.consensusScore >= p.fundingLine - SCORE_EPSILON;
    return {
      mode: 'consensus',
      recommended,
      score: p.consensusScore,
      tally: null,
      explanation: recommended
        ? {
            zh: `专家组合议一致评定 ${s} 分，不低于资助线 ${line}，建议资助`,
            en: `The panel agreed on ${s}, at or above the funding line of ${line}: recommended`,
          }
        : {
            zh: `专家组合议一致评定 ${s} 分，低于资助线 ${line}，不予推荐`,
            en: `The panel agreed on ${s}, below the funding line of ${line}: not recommended`,
          },
    };
  }

  const tally = { fund: 0, notFund: 0, abstain: 0 };
  for (const v of p.votes)
    if (v.vote === 'fund') tally.fund++;
    else if (v.vote === 'not_fund') tally.notFund++;
    else tally.abstain++;
  const counts = {
    zh: `赞成资助 ${tally.fund} 票，不赞成 ${tally.notFund} 票，弃权 ${tally.abstain} 票`,
    en: `${tally.fund} for funding, ${tally.notFund} against, ${tally.abstain} abstaining`,
  };
  const recommended = tally.fund > tally.notFund;
  const why: Bilingual =
    tally.fund + tally.notFund === 0
      ? {
          zh: '全部弃权，没有有效票，不予推荐',
          en: 'every member abstained, so no valid vote: not recommended',
        }
      : tally.fund === tally.notFund
        ? {
            zh: '赞成与不赞成票数相同，未形成多数，不予推荐',
            en: 'the votes are tied, so there is no majority for funding: not recommended',
          }
        : recommended
          ? {
              zh: '有效票（不含弃权）多数赞成，建议资助',
              en: 'a majority of the non-abstaining votes: recommended',
            }
          : {
              zh: '有效票（不含弃权）多数不赞成，不予推荐',
              en: 'a majority of the non-abstaining votes is against: not recommended',
            };
  return {
    mode: 'vote',
    recommended,
    score: null,
    tally,
    explanation: { zh: `${counts.zh}；${why.zh}`, en: `${counts.en}; ${why.en}` },
  };
}
