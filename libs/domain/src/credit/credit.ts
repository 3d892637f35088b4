import { z } from 'zod';
import { Bilingual, DomainError } from '../kernel/messages';
import {
  CREDIT_LEVEL_LABELS,
  CREDIT_LEVELS,
  CreditLevel,
  creditLevelSchema,
  meetsCreditLevel,
} from '../guide/program-template';
import { bilingual } from '../kernel/validation';

/**
 * Research credit 科研信用 (RULES §11, §12.5; GLOSSARY "科研信用 / 诚信"): the records an officer enters
 * about a person, institution, expert or agency, the rating they give at a point in time, and what the
 * rating allows (applying, leading, reviewing, the indirect-cost rate, keeping surplus funds, extra
 * scrutiny). Pure and deterministic: every function takes the moment `at` it decides for.
 *
 * Date conventions (one calendar, Beijing time):
 * - Record dates are ISO calendar dates `YYYY-MM-DD`. `at` may be a Date, an ISO date-time with an
 *   offset (`…Z`, `…+08:00`) or an ISO date; it is reduced to its calendar date in Asia/Shanghai, so
 *   `2027-02-28T16:00:00Z` is 2027-03-01.
 * - Periods are half-open, `[start, end)`: a record counts from its `effectiveFrom` (inclusive) to its
 *   `effectiveUntil` (exclusive: on that date it no longer counts).
 * - A ban counts from the record's `effectiveFrom` (the rating date, RULES §11 Guizhou: "自评定之日起").
 *   `banUntil` is the date the ban is lifted: still banned the day before, free on that date. N years
 *   after 2026-03-01 is 2029-03-01; from 29 February the end is 28 February when the end year has no
 *   29th (the month-end rule for periods without a corresponding day, 民法典 第二百零一条).
 * - A ban ends early when the record stops counting: on its `effectiveUntil`, or on the date of a
 *   信用修复 (repair) of it.
 */

// ---------------------------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------------------------

/** Who a record is about: 科技部令第19号 subject types (RULES §11), merged into four. */
export const CREDIT_SUBJECT_TYPES = ['person', 'institution', 'expert', 'agency'] as const;
export const creditSubjectTypeSchema = z.enum(CREDIT_SUBJECT_TYPES);
export type CreditSubjectType = z.infer<typeof creditSubjectTypeSchema>;

export const CREDIT_SUBJECT_TYPE_LABELS: Record<CreditSubjectType, Bilingual> = {
  person: { zh: '科研人员', en: 'Researcher' },
  institution: { zh: '单位', en: 'Institution' },
  expert: { zh: '评审专家', en: 'Review expert' },
  agency: { zh: '专业机构/第三方服务机构', en: 'Professional or third-party agency' },
};

export const creditSubjectSchema = z.strictObject({ type: creditSubjectTypeSchema, id: z.uuid() });
export type CreditSubject = z.infer<typeof creditSubjectSchema>;

/** The 8 national misconduct categories, 国科发监〔2022〕221号 (RULES §11, items 1–8). */
export const MISCONDUCT_KINDS = [
  'plagiarism',
  'fabrication',
  'ghostwriting',
  'fraudulent_acquisition',
  'ethics_approval_fraud',
  'authorship_violation',
  'publication_violation',
  'other_misconduct',
] as const;

/** Negative records outside the 8 categories: project management (RULES §9, §10) and review duty (§11). */
export const MANAGEMENT_BREACH_KINDS = [
  'overdue_report',
  'failed_acceptance',
  'project_revoked',
  'expert_leak',
  'expert_lobbying',
  'expert_no_review',
  'recovery_overdue',
] as const;

export const CREDIT_RECORD_KINDS = [
  ...MISCONDUCT_KINDS,
  ...MANAGEMENT_BREACH_KINDS,
  'excellent_acceptance',
  'honest_failure',
  'correction',
  'repair',
] as const;
export const creditRecordKindSchema = z.enum(CREDIT_RECORD_KINDS);
export type CreditRecordKind = z.infer<typeof creditRecordKindSchema>;

/** Kinds that are always a breach: severity minor, serious or severe. */
export const NEGATIVE_KINDS: readonly CreditRecordKind[] = [...MISCONDUCT_KINDS, ...MANAGEMENT_BREACH_KINDS];

export const CREDIT_KIND_LABELS: Record<CreditRecordKind, Bilingual> = {
  plagiarism: {
    zh: '抄袭剽窃、侵占他人研究成果或项目申请书',
    en: "Plagiarism or appropriation of others' results or proposals",
  },
  fabrication: {
    zh: '编造研究过程，伪造研究成果，买卖实验研究数据，伪造、篡改数据、图表、结论、检测报告或用户使用报告',
    en: 'Fabrication or falsification of research, data, figures, conclusions or test reports',
  },
  ghostwriting: {
    zh: '买卖、代写、代投论文或项目申报验收材料，虚构同行评议专家及评议意见',
    en: 'Buying, ghost-writing or proxy-submitting papers or project materials; fake peer reviewers',
  },
  fraudulent_acquisition: {
    zh: '以弄虚作假或请托、贿赂、利益交换等不正当手段获得科研项目、经费、奖励、荣誉等',
    en: 'Obtaining projects, funds, awards or honours by fraud, bribery or favours',
  },
  ethics_approval_fraud: {
    zh: '以弄虚作假方式获得科技伦理审查批准，或伪造、篡改科技伦理审查批准文件',
    en: 'Obtaining ethics approval by fraud, or forging or altering ethics approval documents',
  },
  authorship_violation: {
    zh: '无实质学术贡献署名等违反署名规范',
    en: 'Authorship violations such as authorship without a substantive contribution',
  },
  publication_violation: {
    zh: '重复发表、无关引用、强制引用等违反学术出版规范',
    en: 'Publication-norm violations such as duplicate publication or coercive citation',
  },
  other_misconduct: { zh: '其他科研失信行为', en: 'Other research misconduct' },
  overdue_report: { zh: '逾期未提交项目报告', en: 'Project report overdue' },
  failed_acceptance: { zh: '项目验收不通过', en: 'Project failed acceptance' },
  project_revoked: { zh: '项目被撤销', en: 'Project revoked' },
  recovery_overdue: { zh: '逾期未缴回追回资金', en: 'Recovered funds not repaid by the deadline' },
  expert_leak: { zh: '评审专家泄露评审信息', en: 'Review expert leaked review information' },
  expert_lobbying: {
    zh: '评审专家接受或实施请托、打招呼',
    en: 'Review expert lobbied or accepted lobbying',
  },
  expert_no_review: {
    zh: '评审专家无正当理由未履行评审职责',
    en: 'Review expert failed to review without good reason',
  },
  excellent_acceptance: { zh: '项目验收优秀', en: 'Project passed acceptance with distinction' },
  honest_failure: {
    zh: '勤勉尽责仍未完成（容错，不计失信）',
    en: 'Honest failure despite diligence (tolerated, no penalty)',
  },
  correction: { zh: '更正记录', en: 'Correction' },
  repair: { zh: '信用修复', en: 'Credit repair' },
};

/** Severity of a record, best first. 一般/较重/严重 are the RULES §11 失信 grades. */
export const SEVERITIES = ['positive', 'neutral', 'minor', 'serious', 'severe'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const SEVERITY_LABELS: Record<Severity, Bilingual> = {
  positive: { zh: '守信', en: 'Positive' },
  neutral: { zh: '中性', en: 'Neutral' },
  minor: { zh: '一般', en: 'Minor' },
  serious: { zh: '较重', en: 'Serious' },
  severe: { zh: '严重', en: 'Severe' },
};

const NEGATIVE_SEVERITIES: readonly Severity[] = ['minor', 'serious', 'severe'];
/** The severities a finding can carry (一般 / 较重 / 严重). */
export const breachSeveritySchema = severitySchema.extract(['minor', 'serious', 'severe']);

/** The credit level a breach of each severity gives while its ban runs (RULES §11). */
export const SEVERITY_LEVEL = {
  minor: 'minor_breach',
  serious: 'serious_breach',
  severe: 'severe_breach',
} as const satisfies Partial<Record<Severity, CreditLevel>>;

/** The levels a ban applies to. */
export const BREACH_LEVELS = ['minor_breach', 'serious_breach', 'severe_breach'] as const;
export type BreachLevel = (typeof BREACH_LEVELS)[number];

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

const creditRecordFields = {
  subject: creditSubjectSchema,
  kind: creditRecordKindSchema,
  severity: severitySchema,
  stage: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe("Where it happened, a code such as 'application', 'review', 'execution', 'acceptance', 'case'"),
  projectId: z.uuid().nullable().default(null),
  facts: z.string().trim().min(10).max(5000).describe('The established facts (事实), at least 10 characters'),
  evidenceRefs: z
    .array(z.string().trim().min(1).max(500))
    .max(100)
    .default([])
    .describe('References to evidence files'),
  decisionNo: z.string().trim().min(1).max(100).nullable().default(null).describe('Decision document number'),
  effectiveFrom: z.iso.date().describe('First day the record counts (and its ban runs), YYYY-MM-DD'),
  effectiveUntil: z.iso
    .date()
    .nullable()
    .default(null)
    .describe('First day the record no longer counts (exclusive); null = indefinitely'),
  referencesRecordId: z
    .uuid()
    .nullable()
    .default(null)
    .describe('The record a correction replaces or a repair lifts; only for those two kinds'),
  isPublic: z.boolean().default(false).describe('Published (公开通报) or internal'),
};

type Ctx = z.RefinementCtx;

function report(ctx: Ctx, path: (string | number)[], message: Bilingual): void {
  ctx.addIssue({ code: 'custom', input: undefined, ...bilingual(message, path) });
}

/** Cross-field rules of a record: severity fits the kind, references only where they mean something. */
function checkRecord(r: z.output<z.ZodObject<typeof creditRecordFields>>, ctx: Ctx): void {
  const kindZh = CREDIT_KIND_LABELS[r.kind].zh;
  if (r.kind === 'honest_failure' && r.severity !== 'neutral') {
    report(ctx, ['severity'], {
      zh: '容错（勤勉尽责仍未完成）不计失信，严重程度须为“中性”',
      en: 'An honest failure carries no penalty; its severity must be neutral',
    });
  }
  if (r.kind === 'repair' && r.severity !== 'neutral') {
    report(ctx, ['severity'], {
      zh: '信用修复本身不计分，严重程度须为“中性”',
      en: 'A credit repair scores nothing itself; its severity must be neutral',
    });
  }
  if (r.kind === 'excellent_acceptance' && r.severity !== 'positive') {
    report(ctx, ['severity'], {
      zh: '验收优秀是守信记录，严重程度须为“守信”',
      en: 'Acceptance with distinction is a positive record; its severity must be positive',
    });
  }
  if (NEGATIVE_KINDS.includes(r.kind) && !NEGATIVE_SEVERITIES.includes(r.severity)) {
    report(ctx, ['severity'], {
      zh: `“${kindZh}”属于失信行为，严重程度须为一般、较重或严重`,
      en: `"${r.kind}" is a breach; its severity must be minor, serious or severe`,
    });
  }
  const needsReference = r.kind === 'correction' || r.kind === 'repair';
  if (needsReference && r.referencesRecordId === null) {
    report(ctx, ['referencesRecordId'], {
      zh: `${kindZh}须指明所针对的原记录`,
      en: `A ${r.kind} must name the record it ${r.kind === 'correction' ? 'replaces' : 'lifts'}`,
    });
  }
  if (!needsReference && r.referencesRecordId !== null) {
    report(ctx, ['referencesRecordId'], {
      zh: '只有更正记录和信用修复可以引用其他记录',
      en: 'Only a correction or a credit repair may reference another record',
    });
  }
  if (r.kind === 'repair' && r.effectiveUntil !== null) {
    report(ctx, ['effectiveUntil'], {
      zh: '信用修复自生效日起长期有效，不设截止日期',
      en: 'A credit repair holds from its date on; it has no end date',
    });
  }
  if (r.effectiveUntil !== null && r.effectiveUntil <= r.effectiveFrom) {
    report(ctx, ['effectiveUntil'], {
      zh: `截止日期须晚于生效日期（${r.effectiveFrom}）`,
      en: `The end date must be after the start date (${r.effectiveFrom})`,
    });
  }
}

/** What an officer records (append-only: a mistake is fixed by a `correction`, never by an edit). */
export const creditRecordInputSchema = z.strictObject(creditRecordFields).superRefine(checkRecord);
/** A validated input (defaults filled in). */
export type CreditRecordInput = z.output<typeof creditRecordInputSchema>;
/** What a client may send (defaults still optional). */
export type CreditRecordInputRaw = z.input<typeof creditRecordInputSchema>;

/** A stored record: the input plus its id and who recorded it when (and the case behind it, if any). */
export const creditRecordSchema = z
  .strictObject({
    ...creditRecordFields,
    id: z.uuid(),
    recordedAt: z.iso.datetime({ offset: true }),
    recordedBy: z.uuid().nullable().describe('The officer; null when a workflow wrote it'),
    caseId: z.uuid().nullable().default(null).describe('The misconduct case that produced it, if any'),
  })
  .superRefine(checkRecord);
export type CreditRecord = z.output<typeof creditRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------------

const yearsSchema = z.number().int().min(1).max(100);
const percentSchema = z.number().int().min(0).max(100);

function perLevel<T extends z.ZodType>(value: T) {
  return z.strictObject({
    excellent: value,
    good: value,
    minor_breach: value,
    serious_breach: value,
    severe_breach: value,
  });
}

export const creditPolicySchema = z
  .strictObject({
    banYears: z
      .strictObject({ minor_breach: yearsSchema, serious_breach: yearsSchema, severe_breach: yearsSchema })
      .describe('Ban length per breach level, in years from the record’s effectiveFrom'),
    severePermanent: z
      .boolean()
      .describe('A severe breach bans permanently instead of banYears.severe_breach'),
    indirectCostRateCapPercent: perLevel(percentSchema).describe(
      'Credit ceiling of the indirect-cost rate, in percent of direct costs, per level',
    ),
    surplusRetention: perLevel(z.boolean()).describe('Whether the host may keep surplus funds, per level'),
    expertMinLevel: creditLevelSchema.describe('Lowest level allowed to serve as a review expert'),
    extraScrutinyLevels: z
      .array(creditLevelSchema)
      .describe('Levels whose projects are inspected more often'),
    excellentNeeds: z
      .strictObject({ positiveRecords: z.number().int().min(1).max(100), withinYears: yearsSchema })
      .describe('Positive records within the last N years, with no negative record in effect → excellent'),
  })
  .superRefine((p, ctx) => {
    if (p.banYears.serious_breach < p.banYears.minor_breach) {
      report(ctx, ['banYears', 'serious_breach'], {
        zh: '较重失信的禁止期不能短于一般失信',
        en: 'The serious-breach ban cannot be shorter than the minor-breach ban',
      });
    }
    if (p.banYears.severe_breach < p.banYears.serious_breach) {
      report(ctx, ['banYears', 'severe_breach'], {
        zh: '严重失信的禁止期不能短于较重失信',
        en: 'The severe-breach ban cannot be shorter than the serious-breach ban',
      });
    }
    for (let i = 1; i < CREDIT_LEVELS.length; i++) {
      const better = CREDIT_LEVELS[i - 1];
      const worse = CREDIT_LEVELS[i];
      if (p.indirectCostRateCapPercent[worse] > p.indirectCostRateCapPercent[better]) {
        report(ctx, ['indirectCostRateCapPercent', worse], {
          zh: `“${CREDIT_LEVEL_LABELS[worse].zh}”的间接费用比例上限不能高于“${CREDIT_LEVEL_LABELS[better].zh}”`,
          en: `The indirect-cost cap of ${worse} cannot exceed that of ${better}`,
        });
      }
      if (p.surplusRetention[worse] && !p.surplusRetention[better]) {
        report(ctx, ['surplusRetention', worse], {
          zh: `“${CREDIT_LEVEL_LABELS[worse].zh}”不能留用结余而“${CREDIT_LEVEL_LABELS[better].zh}”不能`,
          en: `${worse} cannot keep surplus funds when ${better} may not`,
        });
      }
    }
    if (p.expertMinLevel === 'severe_breach') {
      report(ctx, ['expertMinLevel'], {
        zh: '严重失信者不得担任评审专家，最低信用等级不能设为“严重失信”',
        en: 'A severe breach bars reviewing; it cannot be the minimum level for experts',
      });
    }
    if (new Set(p.extraScrutinyLevels).size !== p.extraScrutinyLevels.length) {
      report(ctx, ['extraScrutinyLevels'], {
        zh: '重点监管等级不能重复',
        en: 'Extra-scrutiny levels must not repeat',
      });
    }
  });
export type CreditPolicy = z.output<typeof creditPolicySchema>;

/** The defaults; every one is a per-program setting (RULES preamble: none is hard-coded). */
export const DEFAULT_CREDIT_POLICY: CreditPolicy = creditPolicySchema.parse({
  // RULES §11 Guizhou (一般 1 y, 较重 3 y, 严重 5 y, counted from the rating date) and §13 "credit levels → ban".
  banYears: { minor_breach: 1, serious_breach: 3, severe_breach: 5 },
  // RULES §11 Lianyungang / Shenzhen: 严重失信 may mean permanent loss of eligibility; off by default (Guizhou).
  severePermanent: false,
  // RULES §0 / seed 000 line 329 ("将间接费用核定…与信用评价结果相挂钩"): the link is [S], these numbers
  // are a configurable default [T]. 30 % is the national cap for ≤ 5 M projects (RULES §13); the API
  // takes the lower of this and the budget-size cap.
  indirectCostRateCapPercent: {
    excellent: 30,
    good: 30,
    minor_breach: 20,
    serious_breach: 10,
    severe_breach: 0,
  },
  // RULES §0 and §10 / seed 000 line 329 ("结余经费留用与信用评价结果相挂钩"): 守信 may keep, 失信 may not [S]/[T].
  surplusRetention: {
    excellent: true,
    good: true,
    minor_breach: false,
    serious_breach: false,
    severe_breach: false,
  },
  // RULES §11 "Recommended Baise encoding": the level decides eligibility as an expert; 守信 = 优秀/良好 [T].
  expertMinLevel: 'good',
  // RULES §11 Lianyungang: 一般/较重失信 → warning, circular, higher threshold; "inspection frequency" in
  // the Baise encoding. 严重失信 is banned outright (joint sanctions also mark key supervision) [V]/[T].
  extraScrutinyLevels: ['minor_breach', 'serious_breach'],
  // RULES §11 Guizhou: 优秀 with no bad record → red list. The count and window are a default [T].
  excellentNeeds: { positiveRecords: 2, withinYears: 3 },
});

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date (Asia/Shanghai) of `at`; throws a 400 DomainError on anything else. */
export function creditDate(at: Date | string): string {
  if (typeof at === 'string' && DATE_ONLY.test(at) && z.iso.date().safeParse(at).success) return at;
  const ms =
    typeof at === 'string'
      ? z.iso.datetime({ offset: true }).safeParse(at).success
        ? Date.parse(at)
        : NaN
      : new Date(at).getTime();
  if (Number.isNaN(ms)) {
    throw new DomainError('validation_failed', {
      zh: `无效的日期或时间：${String(at)}（须为 YYYY-MM-DD 或带时区的 ISO 8601 时间）`,
      en: `Invalid date or time: ${String(at)} (use YYYY-MM-DD or ISO 8601 with an offset)`,
    });
  }
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` plus `years` calendar years; a 29 February without counterpart becomes 28 February. */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The earlier of two end dates; null means "no end". */
function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

// ---------------------------------------------------------------------------------------------
// Rating
// ---------------------------------------------------------------------------------------------

export type BanEnd = string | 'permanent';

export interface CreditReason {
  recordId: string;
  zh: string;
  en: string;
}

export interface CreditRating {
  level: CreditLevel;
  /** Why the level is what it is: one entry per record that decided it. */
  reasons: CreditReason[];
  /** The date the last running ban is lifted (free on that date), 'permanent', or null when none runs. */
  banUntil: BanEnd | null;
  /** Records in effect at the rating date (any severity, including neutral ones). */
  activeRecordIds: string[];
  /** Each running ban: the record behind it and the date it is lifted (absent on older ratings). */
  bans?: Array<{ recordId: string; until: BanEnd }>;
}

export const creditRatingSchema = z.object({
  level: creditLevelSchema,
  reasons: z.array(z.object({ recordId: z.string(), zh: z.string(), en: z.string() })),
  banUntil: z.union([z.iso.date(), z.literal('permanent')]).nullable(),
  activeRecordIds: z.array(z.string()),
  bans: z
    .array(z.object({ recordId: z.string(), until: z.union([z.iso.date(), z.literal('permanent')]) }))
    .optional(),
});

const SEVERITY_RANK: Record<Severity, number> = { positive: 0, neutral: 1, minor: 2, serious: 3, severe: 4 };

function isNegative(severity: Severity): severity is 'minor' | 'serious' | 'severe' {
  return NEGATIVE_SEVERITIES.includes(severity);
}

/** A record's kind; a correction is named after the first non-correction record up its chain. */
function kindLabel(r: CreditRecord, byId: Map<string, CreditRecord>): Bilingual {
  let original: CreditRecord | undefined = r;
  const seen = new Set<string>();
  while (original?.kind === 'correction' && original.referencesRecordId && !seen.has(original.id)) {
    seen.add(original.id);
    original = byId.get(original.referencesRecordId);
  }
  if (!original || original === r || original.kind === 'correction') return CREDIT_KIND_LABELS[r.kind];
  const of = CREDIT_KIND_LABELS[original.kind];
  return { zh: `更正后的“${of.zh}”`, en: `corrected "${of.en}"` };
}

function recordHead(r: CreditRecord, byId: Map<string, CreditRecord>): Bilingual {
  const kind = kindLabel(r, byId);
  const sev = SEVERITY_LABELS[r.severity];
  const no = r.decisionNo
    ? { zh: `，决定文号 ${r.decisionNo}`, en: `, decision ${r.decisionNo}` }
    : { zh: '', en: '' };
  return {
    zh: `${r.effectiveFrom} 起“${kind.zh}”（${sev.zh}${no.zh}）`,
    en: `From ${r.effectiveFrom}, ${kind.en} (${sev.en.toLowerCase()}${no.en})`,
  };
}

function banText(end: BanEnd): Bilingual {
  return end === 'permanent'
    ? { zh: '永久禁止', en: 'banned permanently' }
    : { zh: `禁止期至 ${end}（当日解除）`, en: `banned until ${end} (lifted on that day)` };
}

/** True when `a` ends later than `b` ('permanent' is the latest). */
function laterEnd(a: BanEnd, b: BanEnd): boolean {
  if (a === 'permanent') return b !== 'permanent';
  return b !== 'permanent' && a > b;
}

/**
 * The credit rating of one subject at `at`, from all of the subject's records (pass every record,
 * including corrections and repairs; the ones not yet or no longer in effect are sorted out here).
 *
 * - A record counts while `effectiveFrom ≤ at < effectiveUntil` (null = no end).
 * - A record referenced by a correction never counts (whatever the correction's date); the correction
 *   counts instead, with its own severity, from its own date.
 * - A record referenced by a repair stops counting on the repair's `effectiveFrom` (a repair that is
 *   itself replaced by a correction lifts nothing).
 * - The worst breach whose ban still runs gives the level (severe → severe_breach, serious →
 *   serious_breach, minor → minor_breach). The ban of a record runs from its `effectiveFrom` for
 *   `policy.banYears[level]` years (or forever for severe with `severePermanent`), and ends early when
 *   the record stops counting. After that the record no longer lowers the level.
 * - Neutral records (honest failure 容错, repairs) never change the level.
 * - No running ban → good, or excellent with at least `excellentNeeds.positiveRecords` positive records
 *   dated within the last `withinYears` years and no negative record in effect at all (an expired ban
 *   still blocks excellent while its record counts).
 */
export function rateCredit(
  records: CreditRecord[],
  at: Date | string,
  policy: CreditPolicy = DEFAULT_CREDIT_POLICY,
): CreditRating {
  const today = creditDate(at);
  const subjects = new Set(records.map((r) => `${r.subject.type}:${r.subject.id}`));
  if (subjects.size > 1) {
    throw new DomainError('validation_failed', {
      zh: '信用评价只能基于同一主体的记录',
      en: 'A credit rating is computed from the records of one subject only',
    });
  }

  const byId = new Map(records.map((r) => [r.id, r]));
  const replaced = new Set<string>();
  for (const r of records)
    if (r.kind === 'correction' && r.referencesRecordId) replaced.add(r.referencesRecordId);
  const repairedOn = new Map<string, string>();
  for (const r of records) {
    if (r.kind !== 'repair' || !r.referencesRecordId || replaced.has(r.id)) continue;
    repairedOn.set(
      r.referencesRecordId,
      earlier(repairedOn.get(r.referencesRecordId) ?? null, r.effectiveFrom)!,
    );
  }
  /** The first date a record no longer counts, null = never. */
  const stopsOn = (r: CreditRecord) => earlier(r.effectiveUntil, repairedOn.get(r.id) ?? null);

  const active = records
    .filter((r) => !replaced.has(r.id) && r.effectiveFrom <= today)
    .filter((r) => {
      const stop = stopsOn(r);
      return stop === null || today < stop;
    })
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.id.localeCompare(b.id));

  const negatives = active.filter((r) => isNegative(r.severity));
  const withBans = negatives.map((r) => {
    const level = SEVERITY_LEVEL[r.severity as 'minor' | 'serious' | 'severe'];
    const natural =
      level === 'severe_breach' && policy.severePermanent
        ? null
        : addYears(r.effectiveFrom, policy.banYears[level]);
    const end: BanEnd = earlier(natural, stopsOn(r)) ?? 'permanent';
    return { record: r, level, end, running: end === 'permanent' || today < end };
  });
  const running = withBans
    .filter((b) => b.running)
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.record.severity] - SEVERITY_RANK[a.record.severity] ||
        a.record.effectiveFrom.localeCompare(b.record.effectiveFrom) ||
        a.record.id.localeCompare(b.record.id),
    );
  const activeRecordIds = active.map((r) => r.id);

  if (running.length > 0) {
    const level = running[0].level;
    let banUntil: BanEnd = running[0].end;
    for (const b of running) if (laterEnd(b.end, banUntil)) banUntil = b.end;
    const reasons = running.map(({ record, level: own, end }) => {
      const head = recordHead(record, byId);
      const ban = banText(end);
      const lvl = CREDIT_LEVEL_LABELS[own];
      return {
        recordId: record.id,
        zh: `${head.zh}：${lvl.zh}，${ban.zh}`,
        en: `${head.en}: ${lvl.en.toLowerCase()}, ${ban.en}`,
      };
    });
    const bans = running.map(({ record, end }) => ({ recordId: record.id, until: end }));
    return { level, reasons, banUntil, activeRecordIds, bans };
  }

  if (withBans.length > 0) {
    const reasons = withBans.map(({ record, end }) => {
      const head = recordHead(record, byId);
      const stop = stopsOn(record);
      return {
        recordId: record.id,
        zh: `${head.zh}：禁止期已于 ${end} 届满，不再降低信用等级，但${stop ? `在 ${stop} 前` : ''}不能评为优秀`,
        en: `${head.en}: the ban ended on ${end}; it no longer lowers the level but blocks excellent${stop ? ` until ${stop}` : ''}`,
      };
    });
    return { level: 'good', reasons, banUntil: null, activeRecordIds };
  }

  const { positiveRecords, withinYears } = policy.excellentNeeds;
  const recent = active.filter(
    (r) => r.severity === 'positive' && today < addYears(r.effectiveFrom, withinYears),
  );
  if (recent.length >= positiveRecords) {
    const reasons = recent.map((r) => {
      const head = recordHead(r, byId);
      return {
        recordId: r.id,
        zh: `${head.zh}：近 ${withinYears} 年守信记录（共 ${recent.length} 条，需 ${positiveRecords} 条），无失信记录，评为优秀`,
        en: `${head.en}: positive record within ${withinYears} years (${recent.length} of ${positiveRecords} needed), no breach: excellent`,
      };
    });
    return { level: 'excellent', reasons, banUntil: null, activeRecordIds };
  }
  return { level: 'good', reasons: [], banUntil: null, activeRecordIds };
}

// ---------------------------------------------------------------------------------------------
// Consequences
// ---------------------------------------------------------------------------------------------

export interface CreditDecision {
  allowed: boolean;
  /** Why not; null when allowed. */
  reason: Bilingual | null;
  /** When a refusal by ban ends (free on that date), 'permanent', or null. */
  until: BanEnd | null;
}

const ALLOWED: CreditDecision = { allowed: true, reason: null, until: null };

/** The running ban of `rating` at `at`, or null (a stale rating whose ban has ended is not banned). */
function runningBan(rating: CreditRating, at: Date | string): BanEnd | null {
  const end = rating.banUntil;
  if (end === null) return null;
  return end === 'permanent' || creditDate(at) < end ? end : null;
}

/**
 * The level `rating` stands for at `at`: once its last ban has been lifted a breach level no longer
 * holds, so a rating computed earlier reads as good from `banUntil` on (re-rate to see excellent).
 */
export function levelAt(rating: CreditRating, at: Date | string): CreditLevel {
  const lifted = rating.banUntil !== null && runningBan(rating, at) === null;
  return lifted && !meetsCreditLevel(rating.level, 'good') ? 'good' : rating.level;
}

function banDecision(rating: CreditRating, at: Date | string, what: Bilingual): CreditDecision {
  const end = runningBan(rating, at);
  if (end === null) return ALLOWED;
  const lvl = CREDIT_LEVEL_LABELS[rating.level];
  const ban = banText(end);
  return {
    allowed: false,
    reason: {
      zh: `信用等级为${lvl.zh}，${ban.zh}，期间不得${what.zh}`,
      en: `Credit level ${lvl.en.toLowerCase()}, ${ban.en}; may not ${what.en} meanwhile`,
    },
    until: end,
  };
}

/** May apply for (or take part in) publicly funded S&T projects (RULES §3, §11). */
export function mayApply(rating: CreditRating, at: Date | string): CreditDecision {
  return banDecision(rating, at, {
    zh: '申报或参与财政资金支持的科技计划项目',
    en: 'apply for or take part in publicly funded S&T projects',
  });
}

/** May lead a project as PI (项目负责人 / 挂帅) (RULES §11: 禁止承担…科技活动). */
export function mayLead(rating: CreditRating, at: Date | string): CreditDecision {
  return banDecision(rating, at, {
    zh: '承担项目或担任项目负责人（挂帅）',
    en: 'undertake a project or lead it as principal investigator',
  });
}

/**
 * May serve as a review expert (RULES §11: the level decides expert eligibility). The level is read
 * as rated; re-rate to see a ban that has ended since.
 */
export function mayServeAsExpert(
  rating: CreditRating,
  policy: CreditPolicy = DEFAULT_CREDIT_POLICY,
): CreditDecision {
  if (meetsCreditLevel(rating.level, policy.expertMinLevel)) return ALLOWED;
  const lvl = CREDIT_LEVEL_LABELS[rating.level];
  const min = CREDIT_LEVEL_LABELS[policy.expertMinLevel];
  const ban = rating.banUntil === null ? null : banText(rating.banUntil);
  return {
    allowed: false,
    reason: {
      zh: `信用等级为${lvl.zh}，低于评审专家要求的${min.zh}${ban ? `（${ban.zh}）` : ''}，不得担任评审专家`,
      en: `Credit level ${lvl.en.toLowerCase()} is below ${min.en.toLowerCase()}, the minimum for review experts${ban ? ` (${ban.en})` : ''}`,
    },
    until: rating.banUntil,
  };
}

/**
 * The credit ceiling of the indirect-cost rate, in percent (seed 000 line 329). The budget-size caps of
 * RULES §13 apply as well: the lower one wins.
 */
export function indirectCostRateCap(
  rating: CreditRating,
  policy: CreditPolicy = DEFAULT_CREDIT_POLICY,
): { percent: number; reason: Bilingual } {
  const percent = policy.indirectCostRateCapPercent[rating.level];
  const lvl = CREDIT_LEVEL_LABELS[rating.level];
  return {
    percent,
    reason: {
      zh: `信用等级为${lvl.zh}，间接费用比例上限 ${percent}%`,
      en: `Credit level ${lvl.en.toLowerCase()}: indirect costs capped at ${percent} %`,
    },
  };
}

/**
 * An application's indirect-cost ceiling from its team as rated: the lower of its PI's and host
 * institution's (seed 000 line 329; members do not count).
 */
export function indirectRatePercentOf(
  subjects: readonly EligibilitySubject[],
  policy: CreditPolicy = DEFAULT_CREDIT_POLICY,
): number {
  const host = subjects.filter((s) => s.role === 'pi' || s.role === 'institution');
  return Math.min(...host.map((s) => indirectCostRateCap(s.rating, policy).percent));
}

/** Whether surplus funds may stay with the host at closure (seed 000 line 329; RULES §10). */
export function mayKeepSurplus(
  rating: CreditRating,
  policy: CreditPolicy = DEFAULT_CREDIT_POLICY,
): { allowed: boolean; reason: Bilingual } {
  const allowed = policy.surplusRetention[rating.level];
  const lvl = CREDIT_LEVEL_LABELS[rating.level];
  return {
    allowed,
    reason: allowed
      ? {
          zh: `信用等级为${lvl.zh}，结余经费可留用`,
          en: `Credit level ${lvl.en.toLowerCase()}: surplus funds may be kept`,
        }
      : {
          zh: `信用等级为${lvl.zh}，结余经费不得留用，应按规定收回`,
          en: `Credit level ${lvl.en.toLowerCase()}: surplus funds may not be kept and are recovered`,
        },
  };
}

/** Whether the subject's projects get extra inspections (RULES §11 Lianyungang, Baise encoding). */
export function needsExtraScrutiny(
  rating: CreditRating,
  policy: CreditPolicy = DEFAULT_CREDIT_POLICY,
): { required: boolean; reason: Bilingual } {
  const required = policy.extraScrutinyLevels.includes(rating.level);
  const lvl = CREDIT_LEVEL_LABELS[rating.level];
  return {
    required,
    reason: required
      ? {
          zh: `信用等级为${lvl.zh}，列为重点监管对象，提高检查频次`,
          en: `Credit level ${lvl.en.toLowerCase()}: under extra scrutiny, inspected more often`,
        }
      : {
          zh: `信用等级为${lvl.zh}，按常规频次检查`,
          en: `Credit level ${lvl.en.toLowerCase()}: routine inspections`,
        },
  };
}

// ---------------------------------------------------------------------------------------------
// Eligibility at submission and formal check (RULES §3, §4)
// ---------------------------------------------------------------------------------------------

export const ELIGIBILITY_ROLES = ['pi', 'institution', 'participant'] as const;
export type EligibilityRole = (typeof ELIGIBILITY_ROLES)[number];

export const ELIGIBILITY_ROLE_LABELS: Record<EligibilityRole, Bilingual> = {
  pi: { zh: '项目负责人', en: 'Principal investigator' },
  institution: { zh: '申报单位', en: 'Applicant institution' },
  participant: { zh: '项目参与人员', en: 'Participant' },
};

export interface EligibilitySubject {
  subject: CreditSubject;
  role: EligibilityRole;
  name: string;
  rating: CreditRating;
}

export interface EligibilityResult {
  pass: boolean;
  reasons: Array<{ subjectId: string; zh: string; en: string }>;
}

/**
 * The credit part of the formal check: every PI, institution and participant must be free of a running
 * ban (a PI must also be free to lead) and at least at the program's `minCreditLevel` (read with
 * `levelAt`, so a ban lifted by `at` no longer counts). One reason per failing subject, naming it, in
 * input order; a ban is reported with its end date.
 */
export function checkEligibility(input: {
  subjects: EligibilitySubject[];
  minCreditLevel: CreditLevel;
  at: Date | string;
}): EligibilityResult {
  const min = CREDIT_LEVEL_LABELS[input.minCreditLevel];
  const reasons: EligibilityResult['reasons'] = [];
  for (const s of input.subjects) {
    const role = ELIGIBILITY_ROLE_LABELS[s.role];
    const level = levelAt(s.rating, input.at);
    const lvl = CREDIT_LEVEL_LABELS[level];
    const decision = s.role === 'pi' ? mayLead(s.rating, input.at) : mayApply(s.rating, input.at);
    if (!decision.allowed && decision.until !== null) {
      const ban = banText(decision.until);
      reasons.push({
        subjectId: s.subject.id,
        zh: `${role.zh}${s.name}信用等级为${lvl.zh}，${ban.zh}，不得申报`,
        en: `${role.en} ${s.name} has credit level ${lvl.en.toLowerCase()}, ${ban.en}, and may not apply`,
      });
    } else if (!meetsCreditLevel(level, input.minCreditLevel)) {
      reasons.push({
        subjectId: s.subject.id,
        zh: `${role.zh}${s.name}信用等级为${lvl.zh}，低于本计划要求的${min.zh}`,
        en: `${role.en} ${s.name} has credit level ${lvl.en.toLowerCase()}, below the program's minimum ${min.en.toLowerCase()}`,
      });
    }
  }
  return { pass: reasons.length === 0, reasons };
}

/** One running ban that bars a subject from applying (or a PI from leading), naming its record. */
export interface CreditBar {
  subjectId: string;
  role: EligibilityRole;
  name: string;
  recordId: string;
  /** The date the ban is lifted (free on that date), or 'permanent'. */
  until: BanEnd;
  zh: string;
  en: string;
}

/**
 * The running bans that bar a submission (RULES §3 "units/persons … under an active ban period cannot
 * apply"; checked at submission and again at 形式审查, RULES §4): one entry per subject and banning
 * record, in input order. A ban counts on its last day (`at` before `until`, in Asia/Shanghai) and no
 * longer on `until` itself. Unlike `checkEligibility`'s minimum level, a ban is not for the officer to
 * weigh: it refuses.
 */
export function creditBars(subjects: EligibilitySubject[], at: Date | string): CreditBar[] {
  const today = creditDate(at);
  const bars: CreditBar[] = [];
  for (const s of subjects) {
    const decision = s.role === 'pi' ? mayLead(s.rating, at) : mayApply(s.rating, at);
    if (decision.allowed) continue;
    const role = ELIGIBILITY_ROLE_LABELS[s.role];
    const running = (s.rating.bans ?? []).filter((b) => b.until === 'permanent' || today < b.until);
    const bans = running.length
      ? running
      : [{ recordId: s.rating.reasons[0]?.recordId ?? '', until: decision.until ?? 'permanent' }];
    for (const b of bans) {
      const ban = banText(b.until);
      const why = s.rating.reasons.find((r) => r.recordId === b.recordId);
      bars.push({
        subjectId: s.subject.id,
        role: s.role,
        name: s.name,
        recordId: b.recordId,
        until: b.until,
        zh: `${role.zh}${s.name}在信用禁止期内（信用记录 ${b.recordId}${why ? `：${why.zh}` : `，${ban.zh}`}），期间不得申报或承担项目`,
        en: `${role.en} ${s.name} is under a credit ban (credit record ${b.recordId}${why ? `: ${why.en}` : `, ${ban.en}`}); may not apply for or undertake projects meanwhile`,
      });
    }
  }
  return bars;
}

/** Refuses (422 `credit_barred`) when any subject is under a running ban; one field per banning record. */
export function assertNotCreditBarred(
  subjects: EligibilitySubject[],
  at: Date | string,
  action: Bilingual = { zh: '提交申报', en: 'The submission' },
): void {
  const bars = creditBars(subjects, at);
  if (bars.length === 0) return;
  throw new DomainError(
    'credit_barred',
    {
      zh: `${action.zh}被拒绝：${bars.map((b) => b.zh).join('；')}`,
      en: `${action.en} is refused: ${bars.map((b) => b.en).join('; ')}`,
    },
    bars.map((b) => ({
      path: `creditRecords.${b.recordId}`,
      message: { zh: b.zh, en: b.en },
    })),
  );
}

// ---- credit repair (信用修复) ----------------------------------------------------------------

export const repairRequestSchema = z.object({
  recordId: z.uuid(),
  reason: z.string().trim().min(10).max(5000),
  evidenceRefs: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
});
export type RepairRequestInput = z.infer<typeof repairRequestSchema>;

export const repairDecisionSchema = z
  .object({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().max(2000).optional() })
  .refine(
    (d) => d.decision === 'approve' || (d.reason?.length ?? 0) >= 5,
    bilingual(
      { zh: '驳回须说明理由（不少于 5 个字）', en: 'A rejection needs a reason (at least 5 characters)' },
      ['reason'],
    ),
  );
export type RepairDecisionInput = z.infer<typeof repairDecisionSchema>;

/** Only a negative record that no correction or repair has already replaced can be repaired. */
export function assertRepairable(
  record: Pick<CreditRecord, 'id' | 'severity'>,
  all: Array<Pick<CreditRecord, 'kind' | 'referencesRecordId'>>,
): void {
  if (!NEGATIVE_SEVERITIES.includes(record.severity)) {
    throw new DomainError('invalid_state', {
      zh: '只有失信记录可以申请信用修复',
      en: 'Only a negative record can be repaired',
    });
  }
  if (
    all.some((r) => (r.kind === 'repair' || r.kind === 'correction') && r.referencesRecordId === record.id)
  ) {
    throw new DomainError('invalid_state', {
      zh: '该记录已被更正或修复',
      en: 'The record has already been corrected or repaired',
    });
  }
}

/**
 * When a record may be repaired (信用修复). Defaults follow the national rule on repairing credit
 * information after a breach is corrected (《失信行为纠正后的信用信息修复管理办法（试行）》, 国家发展改革委令
 * 2023年第58号 — [K], keep configurable): a record is published for a minimum period before its subject
 * may ask for repair (一般 3 months, 较重/严重 1 year, from the record's `effectiveFrom`), and a record of
 * a serious or severe breach (较重/严重失信) is never repaired while its ban runs.
 */
export const repairPolicySchema = z.strictObject({
  minPublicationMonths: z
    .strictObject({
      minor: z.number().int().min(0).max(120),
      serious: z.number().int().min(0).max(120),
      severe: z.number().int().min(0).max(120),
    })
    .describe('Months a record is published before a repair may be asked for, per severity'),
  noRepairDuringBan: z
    .array(breachSeveritySchema)
    .describe('Severities whose record cannot be repaired while its ban runs'),
});
export type RepairPolicy = z.output<typeof repairPolicySchema>;

export const DEFAULT_REPAIR_POLICY: RepairPolicy = repairPolicySchema.parse({
  minPublicationMonths: { minor: 3, serious: 12, severe: 12 },
  noRepairDuringBan: ['serious', 'severe'],
});

/** `date` plus `months` calendar months; a day without counterpart becomes the month's last day. */
export function addMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const y = Math.floor(total / 12);
  const m = total % 12;
  const d = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/**
 * A repair may be asked for (and approved) at `at` only after the record's minimum publication period
 * and, for a serious or severe breach, only once its ban has ended. `records` are all of the subject's
 * records (the ban is computed from them); refusals are 422 `rule_refused`, naming the date from which
 * a repair may be asked for. Run at the request and again at the decision (time passes in between).
 */
export function assertRepairTimely(input: {
  record: Pick<CreditRecord, 'id' | 'severity' | 'effectiveFrom'>;
  records: CreditRecord[];
  at: Date | string;
  policy?: RepairPolicy;
}): void {
  const policy = input.policy ?? DEFAULT_REPAIR_POLICY;
  const { record } = input;
  if (!isNegative(record.severity)) return;
  const today = creditDate(input.at);
  const months = policy.minPublicationMonths[record.severity];
  const earliest = addMonths(record.effectiveFrom, months);
  const sev = SEVERITY_LABELS[record.severity];
  if (today < earliest) {
    throw new DomainError('rule_refused', {
      zh: `${sev.zh}失信记录须公示满 ${months} 个月（自 ${record.effectiveFrom} 起）方可申请信用修复，最早 ${earliest}`,
      en: `A ${sev.en.toLowerCase()} record must be published for ${months} months (from ${record.effectiveFrom}) before it can be repaired; earliest ${earliest}`,
    });
  }
  if (!policy.noRepairDuringBan.includes(record.severity)) return;
  const ban = (rateCredit(input.records, input.at).bans ?? []).find((b) => b.recordId === record.id);
  if (!ban) return;
  const text = banText(ban.until);
  throw new DomainError('rule_refused', {
    zh: `${sev.zh}失信记录在禁止期内不得修复（${text.zh}）`,
    en: `A ${sev.en.toLowerCase()} breach cannot be repaired while its ban runs (${text.en})`,
  });
}

/**
 * Four eyes on a repair (信用修复): the officer who recorded the breach may not approve its repair, nor
 * may the person who asked for it. Refused with 403 naming why.
 */
export function assertMayApproveRepair(input: {
  deciderId: string;
  recordedBy: string | null;
  requestedBy: string;
}): void {
  if (input.deciderId === input.recordedBy) {
    throw new DomainError('forbidden', {
      zh: '记录该失信行为的人员不得批准其信用修复（须由另一名工作人员审批）',
      en: 'The officer who recorded the breach may not approve its repair (another officer must)',
    });
  }
  if (input.deciderId === input.requestedBy) {
    throw new DomainError('forbidden', {
      zh: '信用修复的申请人不得自行审批',
      en: 'Whoever asked for the repair may not approve it',
    });
  }
}

/** Whose credit an application answers for: the PI, the host institution and team members with an account. */
export function creditPartiesOf(application: {
  applicantId: string;
  institutionId: string | null;
  content: { team?: ReadonlyArray<{ userId?: string | null }> };
}): { piId: string; institutionId: string | null; participantIds: string[] } {
  const members = (application.content.team ?? []).flatMap((m) => (m.userId ? [m.userId] : []));
  return {
    piId: application.applicantId,
    institutionId: application.institutionId,
    participantIds: [...new Set(members)].filter((u) => u !== application.applicantId),
  };
}

/** Only one repair request of a record may be pending at a time. */
export function assertNoPendingRepair(pending: boolean): void {
  if (pending) {
    throw new DomainError('conflict', {
      zh: '该记录已有待处理的修复申请',
      en: 'A repair request for this record is already pending',
    });
  }
}

/**
 * A subject may ask to repair `record` at `at`: a negative record not yet corrected or repaired,
 * past its minimum publication period and outside a serious breach's ban, with no request pending.
 */
export function assertMayRequestRepair(input: {
  record: CreditRecord;
  records: CreditRecord[];
  pending: boolean;
  at: Date | string;
}): void {
  assertRepairable(input.record, input.records);
  assertRepairTimely({ record: input.record, records: input.records, at: input.at });
  assertNoPendingRepair(input.pending);
}

/**
 * An officer may decide a pending repair request; an approval needs four eyes and the timing rules
 * to hold on the day of the decision too (time passes between request and decision).
 */
export function assertMayDecideRepair(input: {
  decision: 'approve' | 'reject';
  deciderId: string;
  request: { status: string; requestedBy: string };
  record: CreditRecord;
  records: CreditRecord[];
  at: Date | string;
}): void {
  if (input.request.status !== 'pending') {
    throw new DomainError('invalid_state', {
      zh: '该申请已处理',
      en: 'The request has already been decided',
    });
  }
  if (input.decision !== 'approve') return;
  assertMayApproveRepair({
    deciderId: input.deciderId,
    recordedBy: input.record.recordedBy,
    requestedBy: input.request.requestedBy,
  });
  assertRepairTimely({ record: input.record, records: input.records, at: input.at });
}

/**
 * An officer's record never is an honest failure: 容错 is decided on the project (its PI's request,
 * the rules on its records, the institution's and the experts' confirmation), which writes the
 * record itself (POST /projects/:id/honest-failure).
 */
export function assertOfficerMayRecord(kind: CreditRecordKind): void {
  if (kind !== 'honest_failure') return;
  const message = {
    zh: '容错记录须经项目的容错申请（项目负责人申请、依托单位确认、专家论证）产生，不能直接登记',
    en: 'An honest-failure record comes from the project’s honest-failure request (the PI asks, the institution and the experts confirm); it cannot be recorded directly',
  };
  throw new DomainError('rule_refused', message, [{ path: 'kind', message }]);
}

/** A correction or repair references an earlier record of the same subject. */
export function assertReferencedRecord(
  referenced: { subject: { type: string; id: string } } | null,
  subject: { type: string; id: string },
): void {
  if (!referenced || referenced.subject.type !== subject.type || referenced.subject.id !== subject.id) {
    const message = {
      zh: '被更正或修复的记录不存在或不属于该主体',
      en: 'The referenced record does not exist for this subject',
    };
    throw new DomainError('validation_failed', message, [{ path: 'referencesRecordId', message }]);
  }
}
