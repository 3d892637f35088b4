import { z } from 'zod';
import { fenSchema, formatYuan } from '../kernel/money';
import { bilingual } from '../kernel/validation';
import { Bilingual } from '../kernel/messages';
import {
  BUDGET_LINES_REQUIRED,
  FULL_TEXT_MIN,
  INDICATOR,
  MILESTONE,
  needsOne,
  OBJECTIVES,
  PI_REQUIRED,
  TECHNICAL_ROUTE,
  textTooShort,
} from './application.rules';

/**
 * The parts of an application (申报书) beyond title and summary: PI, team, cooperating
 * institutions, objectives and route, quantified indicators, schedule, budget and ethics. Drafts
 * may leave any of them empty; `SUBMISSION_REQUIREMENTS` says what a submission may not.
 */

// ---- PI and identity ------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A mainland resident identity number: 18 characters whose last is the ISO 7064 MOD 11-2 check. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

/** Shown to everyone but the PI: the first four (region) and last four characters only. */
export function maskIdNumber(id: string): string {
  return id.length <= 8
    ? '*'.repeat(id.length)
    : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

const nameSchema = z.string().trim().min(2).max(50);
const effortSchema = z
  .number()
  .int()
  .min(1)
  .max(100)
  .describe('Share of working time on this project, in percent');

/** Professional title levels (职称级别), lowest first. */
export const TITLE_LEVELS = ['none', 'junior', 'intermediate', 'associate', 'full'] as const;
export type TitleLevel = (typeof TITLE_LEVELS)[number];
export const TITLE_LEVEL_LABELS: Record<TitleLevel, Bilingual> = {
  none: { zh: '无职称', en: 'no title' },
  junior: { zh: '初级', en: 'junior' },
  intermediate: { zh: '中级', en: 'intermediate' },
  associate: { zh: '副高级', en: 'associate senior' },
  full: { zh: '正高级', en: 'full senior' },
};
export const titleLevelSchema = z.enum(TITLE_LEVELS);

export const piSchema = z.object({
  name: nameSchema,
  title: z.string().trim().min(2).max(50).describe('Professional title (职称), e.g. 教授, 高级工程师'),
  titleLevel: titleLevelSchema.describe('Level of the title, for programs with a seniority rule'),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{7,20}$/, bilingual({ zh: '请填写有效的联系电话', en: 'Give a valid phone number' })),
  email: z.email().optional(),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      isValidIdNumber,
      bilingual({
        zh: '身份证号码无效（18 位，末位校验码须正确）',
        en: 'Invalid identity number (18 characters with a correct check digit)',
      }),
    )
    .describe('Stored; masked in every view but the PI’s own'),
  effortPercent: effortSchema,
});
export type PrincipalInvestigator = z.infer<typeof piSchema>;

export const teamMemberSchema = z.object({
  name: nameSchema,
  role: z.string().trim().min(2).max(50).describe('e.g. 技术骨干, 参与人员, 研究生'),
  organisation: z.string().trim().min(2).max(100),
  title: z.string().trim().max(50).optional(),
  effortPercent: effortSchema,
  userId: z
    .uuid()
    .optional()
    .describe('The member’s account, when they have one: the credit gate then checks them too'),
});

export const cooperatorSchema = z.object({
  name: z.string().trim().min(2).max(100),
  region: z.string().trim().min(2).max(50).describe('Where it is registered, e.g. 广西百色, 广东广州'),
  division: z.string().trim().min(2).max(500).describe('Its share of the work'),
  institutionId: z.uuid().optional(),
});

export const applicationIndicatorSchema = z.object({
  name: z.string().trim().min(2).max(100),
  unit: z.string().trim().min(1).max(20),
  target: z.number().finite(),
  assessment: z.string().trim().min(2).max(500).describe('How achievement is assessed'),
});

export const milestoneSchema = z
  .object({
    title: z.string().trim().min(2).max(200),
    start: z.iso.date(),
    end: z.iso.date(),
    deliverable: z.string().trim().min(2).max(500),
  })
  .refine(
    (m) => m.end >= m.start,
    bilingual({ zh: '结束日期不能早于开始日期', en: 'The end cannot be before the start' }, ['end']),
  );

// ---- budget ---------------------------------------------------------------------------------

/** The three direct-cost categories (国办发〔2021〕32号, RULES §8). */
export const DIRECT_COST_CATEGORIES = ['equipment', 'business', 'labour'] as const;
export type DirectCostCategory = (typeof DIRECT_COST_CATEGORIES)[number];
export const DIRECT_COST_LABELS: Record<DirectCostCategory, Bilingual> = {
  equipment: { zh: '设备费', en: 'Equipment' },
  business: { zh: '业务费', en: 'Business costs' },
  labour: { zh: '劳务费', en: 'Labour' },
};

const budgetLineSchema = z.object({
  item: z.string().trim().min(2).max(200),
  amountFen: fenSchema.positive(),
  note: z.string().trim().max(500).optional(),
});

export const budgetSchema = z.object({
  equipment: z.array(budgetLineSchema).max(100).default([]).describe('设备费 line items'),
  business: z.array(budgetLineSchema).max(100).default([]).describe('业务费 line items'),
  labour: z.array(budgetLineSchema).max(100).default([]).describe('劳务费 line items'),
  indirectFen: fenSchema.default(0).describe('间接费用'),
  selfFundingFen: fenSchema.default(0).describe('自筹资金 of the host institution'),
  coFundingFen: fenSchema.default(0).describe('其他配套资金 (partners, county governments)'),
});
export type Budget = z.infer<typeof budgetSchema>;

export const EMPTY_BUDGET: Budget = {
  equipment: [],
  business: [],
  labour: [],
  indirectFen: 0,
  selfFundingFen: 0,
  coFundingFen: 0,
};

export interface BudgetTotals {
  equipmentFen: number;
  businessFen: number;
  labourFen: number;
  directFen: number;
  indirectFen: number;
  totalFen: number;
  /** Direct costs minus equipment: the base of the indirect-cost caps. */
  indirectBaseFen: number;
  /** What pays for it: the requested grant plus self- and co-funding. */
  sourcesFen: number;
}

const sum = (lines: Array<{ amountFen: number }>) => lines.reduce((s, l) => s + l.amountFen, 0);

export function budgetTotals(budget: Budget, requestedFen: number): BudgetTotals {
  const equipmentFen = sum(budget.equipment);
  const businessFen = sum(budget.business);
  const labourFen = sum(budget.labour);
  const directFen = equipmentFen + businessFen + labourFen;
  return {
    equipmentFen,
    businessFen,
    labourFen,
    directFen,
    indirectFen: budget.indirectFen,
    totalFen: directFen + budget.indirectFen,
    indirectBaseFen: directFen - equipmentFen,
    sourcesFen: requestedFen + budget.selfFundingFen + budget.coFundingFen,
  };
}

/**
 * Indirect-cost caps by size, marginal like tax brackets (国办发〔2021〕32号, RULES §8): 30 % of the
 * base up to ¥5 M, 25 % of the part from ¥5 M to ¥10 M, 20 % above.
 */
export const DEFAULT_INDIRECT_TIERS: ReadonlyArray<{ uptoFen: number | null; percent: number }> = [
  { uptoFen: 500_000_000, percent: 30 },
  { uptoFen: 1_000_000_000, percent: 25 },
  { uptoFen: null, percent: 20 },
];

/** The tiered cap in fen, rounded down per tier (a cap is never exceeded by rounding). */
export function tieredIndirectCap(
  baseFen: number,
  tiers: ReadonlyArray<{ uptoFen: number | null; percent: number }> = DEFAULT_INDIRECT_TIERS,
): number {
  let cap = 0;
  let lower = 0;
  for (const t of tiers) {
    const upper = t.uptoFen ?? Number.MAX_SAFE_INTEGER;
    const part = Math.max(0, Math.min(baseFen, upper) - lower);
    cap += Math.floor((part * t.percent) / 100);
    lower = upper;
    if (baseFen <= upper) break;
  }
  return cap;
}

/** The indirect-cost ceiling: the lower of the tiered cap and the credit-adjusted rate on the same base. */
export function indirectCostCeiling(
  baseFen: number,
  creditRatePercent: number,
): { capFen: number; tieredFen: number; creditFen: number; reason: Bilingual } {
  const tieredFen = tieredIndirectCap(baseFen);
  const creditFen = Math.floor((baseFen * creditRatePercent) / 100);
  const capFen = Math.min(tieredFen, creditFen);
  const base = formatYuan(baseFen);
  return {
    capFen,
    tieredFen,
    creditFen,
    reason:
      creditFen < tieredFen
        ? {
            zh: `信用等级对应比例 ${creditRatePercent}%，以直接费用扣除设备费 ${base} 计，上限 ${formatYuan(capFen)}`,
            en: `The credit rate of ${creditRatePercent} % on direct costs minus equipment (${base}) caps it at ${formatYuan(capFen)}`,
          }
        : {
            zh: `按直接费用扣除设备费 ${base} 分段核定（30%/25%/20%），上限 ${formatYuan(capFen)}`,
            en: `Tiered caps (30/25/20 %) on direct costs minus equipment (${base}) give ${formatYuan(capFen)}`,
          },
  };
}

/** Self- plus co-funding meets a minimum ratio to the public grant (e.g. 1:1 for enterprise-led). */
export function coFundingMet(
  requestedFen: number,
  budget: Pick<Budget, 'selfFundingFen' | 'coFundingFen'>,
  ratio: { selfFen: number; publicFen: number },
): boolean {
  // Integer cross-multiplication: no division, no rounding.
  return (budget.selfFundingFen + budget.coFundingFen) * ratio.publicFen >= requestedFen * ratio.selfFen;
}

// ---- what a submission needs ----------------------------------------------------------------

function needsText(min: number, what: Bilingual) {
  return z.string().refine((s) => s.trim().length >= min, bilingual(textTooShort(min, what)));
}

/**
 * The full application's submission rules, as field refinements over the draft shape: the PI is
 * given, objectives and route are written, there is at least one indicator and one milestone,
 * and the budget has direct costs (the words are shared with application.rules.ts).
 */
export const fullSubmissionShape = {
  pi: piSchema.nullable().refine((p) => p !== null, { ...bilingual(PI_REQUIRED) }),
  objectives: needsText(FULL_TEXT_MIN, OBJECTIVES),
  technicalRoute: needsText(FULL_TEXT_MIN, TECHNICAL_ROUTE),
  indicators: z.array(applicationIndicatorSchema).min(1, bilingual(needsOne(INDICATOR))),
  schedule: z.array(milestoneSchema).min(1, bilingual(needsOne(MILESTONE))),
  budget: budgetSchema.refine(
    (b) => b.equipment.length + b.business.length + b.labour.length > 0,
    bilingual(BUDGET_LINES_REQUIRED),
  ),
};
