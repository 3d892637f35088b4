import { z } from 'zod';
import { Bilingual, bilingualSchema, DomainError } from '../kernel/messages';
import { bilingual } from '../kernel/validation';
import { fenSchema } from '../kernel/money';
import { countySchema, keyFieldSchema } from '../kernel/reference-data';
import { Actor, hasRole } from '../kernel/roles';
import { AUDIT_ROLES, STAFF_ROLES } from '../kernel/roles.rules';
import { forbidden } from '../kernel/access';
import { mayReadProject, ProjectHolders } from './project';
import { OUTCOME_DECISIONS, OUTCOME_STATUSES } from './outcome.rules';

// The outcome's steps are zod-free (outcome.rules.ts), as the outcome's workflow decides them.
export * from './outcome.rules';

/**
 * 成果 (outcomes) of projects, typed, each with its evidence, and how each type counts toward the
 * plan's indicators (seed 004 表2 for 2021–2025, seed 002's targets for 2022; both in
 * seeds/data/plan-indicators.json and the plan_indicators table). Which outcome counts for which
 * indicator is data here, so a change of the mapping is one table, tested once.
 */
export const OUTCOME_TYPES = [
  'invention_patent_applied',
  'invention_patent_granted',
  'paper',
  'standard',
  'new_product',
  'technology_contract',
  'result_transferred',
  'enterprise_incubated',
  'high_tech_enterprise',
  'talent_trained',
  'platform_built',
] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];
export const outcomeTypeSchema = z.enum(OUTCOME_TYPES);

export const OUTCOME_TYPE_LABELS: Record<OutcomeType, Bilingual> = {
  invention_patent_applied: { zh: '发明专利申请', en: 'Invention patent applied' },
  invention_patent_granted: { zh: '发明专利授权', en: 'Invention patent granted' },
  paper: { zh: '论文', en: 'Paper' },
  standard: { zh: '标准', en: 'Standard' },
  new_product: { zh: '新产品（新品种）', en: 'New product or variety' },
  technology_contract: { zh: '技术合同', en: 'Technology contract' },
  result_transferred: { zh: '科技成果转化', en: 'Result transferred' },
  enterprise_incubated: { zh: '孵化企业', en: 'Enterprise incubated' },
  high_tech_enterprise: { zh: '认定高新技术企业', en: 'High-tech enterprise recognised' },
  talent_trained: { zh: '培养人才', en: 'Talent trained' },
  platform_built: { zh: '建设平台', en: 'Platform built' },
};

export const PLATFORM_LEVELS = ['national', 'provincial', 'city'] as const;
export type PlatformLevel = (typeof PLATFORM_LEVELS)[number];
/** 自治区级 is "provincial" (Guangxi is an autonomous region, at the level of a province). */
export const PLATFORM_LEVEL_LABELS: Record<PlatformLevel, Bilingual> = {
  national: { zh: '国家级', en: 'National' },
  provincial: { zh: '自治区级', en: 'Autonomous-region' },
  city: { zh: '市级', en: 'City' },
};
export const PLATFORM_KINDS = [
  'key_lab',
  'engineering_center',
  'new_rd_institution',
  'incubator',
  'makerspace',
  'star_space',
  'innovation_consortium',
  'agricultural_park',
  'other',
] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

const name = (what: string) =>
  z
    .string()
    .trim()
    .max(200)
    .refine((s) => s.length >= 2, bilingual({ zh: `请填写${what}`, en: `Give the ${what}` }));

/** The fields each type carries beyond the common ones (money in fen, counts as integers). */
export const OUTCOME_DETAIL_SCHEMAS = {
  invention_patent_applied: z.strictObject({}),
  invention_patent_granted: z.strictObject({}),
  paper: z.strictObject({ venue: name('期刊或会议').describe('Journal or conference') }),
  standard: z.strictObject({
    level: z
      .enum(['national', 'industry', 'local', 'group', 'enterprise'])
      .describe('国家/行业/地方/团体/企业标准'),
  }),
  new_product: z.strictObject({ kind: z.enum(['product', 'variety']).describe('新产品 or 新品种') }),
  technology_contract: z.strictObject({
    amountFen: fenSchema
      .refine((v) => v > 0, bilingual({ zh: '合同金额须大于 0', en: 'The amount must be above 0' }))
      .describe('The contract amount (成交额) in fen'),
    counterparty: name('合同相对方').describe('The other party of the contract'),
  }),
  result_transferred: z.strictObject({
    counterparty: name('受让方').describe('Who took the result up'),
    amountFen: fenSchema.default(0).describe('The transfer price in fen, 0 if none'),
  }),
  enterprise_incubated: z.strictObject({
    enterpriseName: name('企业名称'),
    techSmeRegistered: z
      .boolean()
      .default(false)
      .describe('Registered (备案) as a 科技型中小企业: then it counts for that indicator'),
  }),
  high_tech_enterprise: z.strictObject({ enterpriseName: name('企业名称') }),
  talent_trained: z.strictObject({
    count: z.number().int().min(1).max(100_000).describe('People trained'),
    highLevel: z
      .boolean()
      .default(false)
      .describe('Recognised as 自治区级高层次创新人才: then the count counts for that indicator'),
  }),
  platform_built: z.strictObject({
    level: z.enum(PLATFORM_LEVELS),
    kind: z.enum(PLATFORM_KINDS),
  }),
} satisfies Record<OutcomeType, z.ZodType>;
export type OutcomeDetails = { [T in OutcomeType]: z.output<(typeof OUTCOME_DETAIL_SCHEMAS)[T]> };

/** How a form asks for one field of an outcome type's details (served by GET /reference). */
export type OutcomeDetailField =
  | { name: string; kind: 'text' | 'yuan' | 'count' | 'flag'; label: Bilingual }
  | { name: string; kind: 'choice'; label: Bilingual; options: Array<{ code: string } & Bilingual> };

const STANDARD_LEVEL_LABELS: Record<string, Bilingual> = {
  national: { zh: '国家标准', en: 'National standard' },
  industry: { zh: '行业标准', en: 'Industry standard' },
  local: { zh: '地方标准', en: 'Local standard' },
  group: { zh: '团体标准', en: 'Group standard' },
  enterprise: { zh: '企业标准', en: 'Enterprise standard' },
};
const PLATFORM_KIND_LABELS: Record<PlatformKind, Bilingual> = {
  key_lab: { zh: '重点实验室', en: 'Key laboratory' },
  engineering_center: { zh: '工程技术研究中心', en: 'Engineering technology research centre' },
  new_rd_institution: { zh: '新型研发机构', en: 'New R&D institution' },
  incubator: { zh: '科技企业孵化器', en: 'Technology business incubator' },
  makerspace: { zh: '众创空间', en: 'Makerspace' },
  star_space: { zh: '星创天地', en: 'Star space (星创天地)' },
  innovation_consortium: { zh: '创新联合体', en: 'Innovation consortium' },
  agricultural_park: { zh: '农业科技园区', en: 'Agricultural science park' },
  other: { zh: '其他', en: 'Other' },
};
const choices = (labels: Record<string, Bilingual>) =>
  Object.entries(labels).map(([code, l]) => ({ code, ...l }));
const field = {
  text: (name: string, zh: string, en: string): OutcomeDetailField => ({
    name,
    kind: 'text',
    label: { zh, en },
  }),
  yuan: (name: string, zh: string, en: string): OutcomeDetailField => ({
    name,
    kind: 'yuan',
    label: { zh, en },
  }),
  flag: (name: string, zh: string, en: string): OutcomeDetailField => ({
    name,
    kind: 'flag',
    label: { zh, en },
  }),
};

/**
 * The details of each type as a form asks for them, field by field in the order shown (money in
 * yuan on screen, fen in the API). The schemas above are the rule; a test holds the two together.
 */
export const OUTCOME_DETAIL_FIELDS: Record<OutcomeType, OutcomeDetailField[]> = {
  invention_patent_applied: [],
  invention_patent_granted: [],
  paper: [field.text('venue', '期刊或会议', 'Journal or conference')],
  standard: [
    {
      name: 'level',
      kind: 'choice',
      label: { zh: '级别', en: 'Level' },
      options: choices(STANDARD_LEVEL_LABELS),
    },
  ],
  new_product: [
    {
      name: 'kind',
      kind: 'choice',
      label: { zh: '类别', en: 'Kind' },
      options: choices({
        product: { zh: '新产品', en: 'New product' },
        variety: { zh: '新品种', en: 'New variety' },
      }),
    },
  ],
  technology_contract: [
    field.yuan('amountFen', '合同金额', 'Contract amount'),
    field.text('counterparty', '合同相对方', 'Other party'),
  ],
  result_transferred: [
    field.text('counterparty', '受让方', 'Taker'),
    field.yuan('amountFen', '转化金额', 'Transfer price'),
  ],
  enterprise_incubated: [
    field.text('enterpriseName', '企业名称', 'Enterprise'),
    field.flag('techSmeRegistered', '已入库科技型中小企业', 'Registered as a technology-based SME'),
  ],
  high_tech_enterprise: [field.text('enterpriseName', '企业名称', 'Enterprise')],
  talent_trained: [
    { name: 'count', kind: 'count', label: { zh: '人数', en: 'People' } },
    field.flag(
      'highLevel',
      '认定为自治区级高层次创新人才',
      'Recognised as autonomous-region high-level talent',
    ),
  ],
  platform_built: [
    {
      name: 'level',
      kind: 'choice',
      label: { zh: '级别', en: 'Level' },
      options: choices(PLATFORM_LEVEL_LABELS),
    },
    {
      name: 'kind',
      kind: 'choice',
      label: { zh: '类别', en: 'Kind' },
      options: choices(PLATFORM_KIND_LABELS),
    },
  ],
};

export const outcomeEvidenceSchema = z
  .strictObject({
    reference: z
      .string()
      .trim()
      .max(200)
      .nullable()
      .default(null)
      .describe('A patent number, contract registration number, DOI, certificate number…'),
    attachmentIds: z.array(z.uuid()).max(20).default([]).describe("Attachments of the project's application"),
  })
  .refine(
    (e) => (e.reference ?? '').length >= 2 || e.attachmentIds.length > 0,
    bilingual(
      {
        zh: '须提供佐证：编号（如专利号、合同登记号）或附件',
        en: 'Give evidence: a reference number or attachments',
      },
      ['reference'],
    ),
  );
export type OutcomeEvidence = z.output<typeof outcomeEvidenceSchema>;

const commonFields = {
  title: name('成果名称').describe('The outcome as the evidence names it'),
  occurredOn: z.iso.date().describe('When it happened (applied, granted, signed, recognised…), Beijing date'),
  evidence: outcomeEvidenceSchema,
  keyField: keyFieldSchema
    .optional()
    .describe("Overrides the project's key field where the evidence says so (give placementNote)"),
  county: countySchema
    .optional()
    .describe("Overrides the project's county where the evidence says so (give placementNote)"),
  placementNote: z.string().trim().max(500).optional().describe('Why the key field or county differs'),
};

/** What the PI or the host institution registers (and resubmits after a return). */
export const outcomeInputSchema = z.discriminatedUnion(
  'type',
  OUTCOME_TYPES.map((type) =>
    z.strictObject({ type: z.literal(type), ...commonFields, details: OUTCOME_DETAIL_SCHEMAS[type] }),
  ) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<OutcomeType>; details: z.ZodType } & typeof commonFields>,
  ],
);
export type OutcomeInput = {
  [T in OutcomeType]: {
    type: T;
    title: string;
    occurredOn: string;
    evidence: OutcomeEvidence;
    keyField?: string;
    county?: string;
    placementNote?: string;
    details: OutcomeDetails[T];
  };
}[OutcomeType];

/** The outcome as recorded: key field and county settled (the project's, or the override). */
export type OutcomeRecord = Omit<OutcomeInput, 'keyField' | 'county' | 'placementNote'> & {
  keyField: string | null;
  county: string | null;
  placementNote: string | null;
};

/**
 * The evidence cites files the project may cite: its own (uploaded during execution, as a patent
 * certificate is) or its application's. `citable` is which of `cited` are.
 */
export function assertOutcomeEvidence(cited: readonly string[], citable: readonly string[]): void {
  const known = new Set(citable);
  const fields = cited.flatMap((id, n) =>
    known.has(id)
      ? []
      : [
          {
            path: `evidence.attachmentIds.${n}`,
            message: { zh: '附件不存在或不属于本项目', en: 'No such file of the project or its application' },
          },
        ],
  );
  if (fields.length)
    throw new DomainError(
      'validation_failed',
      { zh: '佐证附件有误', en: 'Unknown evidence attachments' },
      fields,
    );
}

/**
 * Key field and county come from the project at registration; the evidence may place the
 * outcome elsewhere (a result transferred to an enterprise in another county), and then the
 * note says why. No date after today (Beijing): an outcome is registered once it happened.
 */
export function settleOutcome(
  input: OutcomeInput,
  project: { keyField: string | null; county: string | null },
  today: string,
): OutcomeRecord {
  if (input.occurredOn > today) {
    const message = { zh: '成果日期不能晚于今天', en: 'The date cannot be after today' };
    throw new DomainError('validation_failed', message, [{ path: 'occurredOn', message }]);
  }
  const keyField = input.keyField ?? project.keyField;
  const county = input.county ?? project.county;
  const overridden =
    (input.keyField !== undefined && input.keyField !== project.keyField) ||
    (input.county !== undefined && input.county !== project.county);
  if (overridden && (input.placementNote ?? '').length < 2) {
    const message = {
      zh: '领域或县（市、区）与项目不同时，须说明佐证依据',
      en: "Say why (from the evidence) the key field or county differs from the project's",
    };
    throw new DomainError('validation_failed', message, [{ path: 'placementNote', message }]);
  }
  const { keyField: _k, county: _c, placementNote, ...rest } = input;
  return {
    ...rest,
    keyField: keyField ?? null,
    county: county ?? null,
    placementNote: overridden ? placementNote! : null,
  } as OutcomeRecord;
}

// ---- the plan's indicators, and which outcomes count for them ---------------------------------

/** The plans whose indicators the outcomes roll up against. */
export const PLANS = ['plan_2021_2025', 'action_2021_2023', 'work_points_2022'] as const;
export type Plan = (typeof PLANS)[number];
export const PLAN_LABELS: Record<Plan, Bilingual> = {
  plan_2021_2025: {
    zh: '“十四五”科技创新发展规划（2021—2025年）',
    en: 'The 14th five-year plan (2021–2025)',
  },
  action_2021_2023: {
    zh: '百色市落实《科技强桂三年行动方案（2021—2023年）》实施方案',
    en: 'The implementation of the three-year action plan (2021–2023)',
  },
  work_points_2022: { zh: '2022年科技创新工作要点', en: 'The 2022 work points' },
};

/** How an indicator is measured from outcomes: a count, or an amount in fen. */
export type IndicatorMeasure = 'count' | 'amount_fen';

interface IndicatorRule {
  measure: IndicatorMeasure;
  /** The outcome types that may count (for the documentation and the views). */
  types: readonly OutcomeType[];
  /** What one outcome adds (0: it does not count, e.g. a city-level platform). */
  value(o: Pick<OutcomeRecord, 'type' | 'details'>): number;
  note?: Bilingual;
}

const ABOVE_CITY: readonly PlatformLevel[] = ['national', 'provincial'];
const platform = (test: (d: OutcomeDetails['platform_built']) => boolean): IndicatorRule => ({
  measure: 'count',
  types: ['platform_built'],
  value: (o) => (o.type === 'platform_built' && test(o.details as OutcomeDetails['platform_built']) ? 1 : 0),
});
const one = (type: OutcomeType, note?: Bilingual): IndicatorRule => ({
  measure: 'count',
  types: [type],
  value: (o) => (o.type === type ? 1 : 0),
  note,
});
const contractAmount: IndicatorRule = {
  measure: 'amount_fen',
  types: ['technology_contract'],
  value: (o) =>
    o.type === 'technology_contract' ? (o.details as OutcomeDetails['technology_contract']).amountFen : 0,
};
const techSme: IndicatorRule = {
  measure: 'count',
  types: ['enterprise_incubated'],
  value: (o) =>
    o.type === 'enterprise_incubated' &&
    (o.details as OutcomeDetails['enterprise_incubated']).techSmeRegistered
      ? 1
      : 0,
};

/**
 * Indicator code (plan-indicators.json) → how outcomes count for it. Indicators absent here
 * (R&D intensity, the share of enterprises with R&D, R&D growth, the high-tech stock, gazelle
 * enterprises, commissioner dispatches) are not measured by project outcomes: their views say so.
 */
export const INDICATOR_RULES: Record<string, IndicatorRule> = {
  // seed 004 表2 (2021–2025)
  provincial_platforms: platform((d) => ABOVE_CITY.includes(d.level)),
  national_key_labs: platform((d) => d.kind === 'key_lab' && d.level === 'national'),
  new_rd_institutions: platform((d) => d.kind === 'new_rd_institution'),
  invention_patents_per_10k: one('invention_patent_granted', {
    zh: '指标按每万人口计，此处统计项目新增授权发明专利件数',
    en: 'The indicator is per 10,000 people; this counts the granted invention patents the projects add',
  }),
  results_transferred: one('result_transferred'),
  tech_contract_turnover_cumulative: contractAmount,
  tech_smes_registered: techSme,
  high_tech_enterprises: one('high_tech_enterprise'),
  provincial_high_level_talents: {
    measure: 'count',
    types: ['talent_trained'],
    value: (o) => {
      const d = o.details as OutcomeDetails['talent_trained'];
      return o.type === 'talent_trained' && d.highLevel ? d.count : 0;
    },
  },
  national_incubators_makerspaces: platform(
    (d) => (d.kind === 'incubator' || d.kind === 'makerspace') && d.level === 'national',
  ),
  // seed 002 (2022)
  high_tech_enterprises_new_2022: one('high_tech_enterprise'),
  tech_smes_new_2022: techSme,
  platforms_new_2022: platform(() => true),
  tech_contract_turnover_2022: contractAmount,
  results_transferred_2022: one('result_transferred'),
  innovation_consortia_2022: platform(
    (d) => d.kind === 'innovation_consortium' && ABOVE_CITY.includes(d.level),
  ),
  star_innovation_spaces_2022: platform((d) => d.kind === 'star_space' && ABOVE_CITY.includes(d.level)),
};

/**
 * 科技特派员 (issue 16 §4): indicators measured by the commissioner programs, not by outcomes.
 * `dispatches`: person-times (人次), one per dispatch (a project of a program whose projectKind is
 * dispatch) started within the period; `people_trained`: the people trained that accepted service
 * logs due within the period record. Seeds 002:59, 003:93, 004:397.
 */
export const COMMISSIONER_INDICATORS: Record<string, 'dispatches' | 'people_trained'> = {
  commissioners_dispatched_2022: 'dispatches',
  commissioners_dispatched_2021_2023: 'dispatches',
  commissioners_dispatched_2021_2025: 'dispatches',
  commissioner_people_trained_2021_2025: 'people_trained',
};
const COMMISSIONER_NOTES: Record<'dispatches' | 'people_trained', Bilingual> = {
  dispatches: {
    zh: '按科技特派员选派项目计：每选派一人次（任务书签订、开始服务）计 1，按开始服务的年度归属',
    en: 'Counted from commissioner dispatches: one per dispatch started (agreement signed), in the year it started',
  },
  people_trained: {
    zh: '按审核通过的服务日志中的培训人次合计，按日志所属期的年度归属',
    en: 'The people trained recorded by accepted service logs, in the year each log was due',
  },
};

/** The indicator codes each commissioner measure counts for (the repository's SQL takes them). */
export function commissionerIndicatorCodes(measure: 'dispatches' | 'people_trained'): string[] {
  return Object.entries(COMMISSIONER_INDICATORS)
    .filter(([, m]) => m === measure)
    .map(([code]) => code);
}

/** How an indicator is counted, and what the views say of it (null: nothing in the system counts it). */
export function indicatorBasis(code: string): {
  measure: IndicatorMeasure;
  outcomeTypes: readonly OutcomeType[];
  note: Bilingual | null;
  countedFrom: 'outcomes' | 'dispatches' | 'service_logs';
} | null {
  const rule = INDICATOR_RULES[code];
  if (rule)
    return {
      measure: rule.measure,
      outcomeTypes: rule.types,
      note: rule.note ?? null,
      countedFrom: 'outcomes',
    };
  const commissioner = COMMISSIONER_INDICATORS[code];
  if (commissioner)
    return {
      measure: 'count',
      outcomeTypes: [],
      note: COMMISSIONER_NOTES[commissioner],
      countedFrom: commissioner === 'dispatches' ? 'dispatches' : 'service_logs',
    };
  return null;
}

/** What one outcome adds to each indicator it counts for (indicators it adds 0 to are left out). */
export function outcomeContributions(
  o: Pick<OutcomeRecord, 'type' | 'details'>,
): Array<{ indicatorCode: string; value: number }> {
  return Object.entries(INDICATOR_RULES).flatMap(([indicatorCode, rule]) => {
    const value = rule.value(o);
    return value > 0 ? [{ indicatorCode, value }] : [];
  });
}

export function indicatorMeasure(code: string): IndicatorMeasure | null {
  return indicatorBasis(code)?.measure ?? null;
}

/** Fen in one unit of an indicator's money unit. */
const FEN_PER_UNIT: Record<string, bigint> = { 亿元: 10_000_000_000n, 万元: 1_000_000n, 元: 100n };

/**
 * A rolled-up value in the indicator's own unit, exact, as text: a count as it is, fen in 亿元
 * with as many decimals as the fen need (2_050_000_000_000 fen → "205"; 123 fen → "0.0000000123").
 */
export function valueInUnit(value: number, measure: IndicatorMeasure | null, unit: string): string {
  if (measure !== 'amount_fen') return String(value);
  const per = FEN_PER_UNIT[unit];
  if (!per) throw new Error(`no fen conversion for the unit ${unit}`);
  const v = BigInt(value);
  const whole = v / per;
  const rest = v % per;
  if (rest === 0n) return String(whole);
  const digits = String(per).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * How much of the target the rolled-up value is, in percent with one decimal (null: no target
 * the outcomes measure). Money is compared in fen, so no float enters the sum.
 */
export function percentOfTarget(
  value: number,
  measure: IndicatorMeasure | null,
  target: number | null,
  unit: string,
): number | null {
  if (measure === null || target === null || target <= 0) return null;
  const targetValue = measure === 'amount_fen' ? Number(FEN_PER_UNIT[unit]) * target : target;
  return Math.round((value / targetValue) * 1000) / 10;
}

/** The sum of a roll-up's rows per indicator (a per-field or per-county split adds up to it). */
export function totalsByIndicator(
  rows: ReadonlyArray<{ indicatorCode: string; value: number }>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.indicatorCode, (out.get(r.indicatorCode) ?? 0) + r.value);
  return out;
}

// ---- access ------------------------------------------------------------------------------------

/** The PI of the project or its host institution's admin registers (and resubmits) its outcomes. */
export function mayRegisterOutcome(actor: Actor, p: ProjectHolders): boolean {
  if (hasRole(actor, 'applicant') && actor.id === p.piId) return true;
  return (
    hasRole(actor, 'institution_admin') &&
    actor.institutionId !== null &&
    actor.institutionId === p.institutionId
  );
}

/** Readers of a project who may not register for it (staff, auditors) are refused; others see 404. */
export function assertMayRegisterOutcome(actor: Actor, p: ProjectHolders): void {
  if (!mayRegisterOutcome(actor, p)) throw forbidden();
}

/** The bureau's staff verify, return or reject outcomes. */
export function assertMayVerifyOutcomes(actor: Actor): void {
  if (!hasRole(actor, ...STAFF_ROLES)) throw forbidden();
}

/** Every outcome, the roll-ups and their sheet: the staff and auditors. */
export function assertMayReadOutcomes(actor: Actor): void {
  if (!hasRole(actor, ...AUDIT_ROLES)) throw forbidden();
}

/** One outcome: whoever may read its project. */
export function mayReadOutcome(actor: Actor, p: ProjectHolders): boolean {
  return mayReadProject(actor, p);
}

// ---- views -------------------------------------------------------------------------------------

export const outcomeDecisionInputSchema = z.strictObject({
  decision: z.enum(OUTCOME_DECISIONS).describe('verify 核实 / return 退回修改 / reject 不予认定'),
  comment: z.string().trim().max(2000).nullable().default(null).describe('Required to return or reject'),
});
export type OutcomeDecisionInput = z.output<typeof outcomeDecisionInputSchema>;

const projectRefSchema = z.object({ id: z.uuid(), title: z.string() });

export const outcomeViewSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectTitle: z.string(),
  programCode: z.string(),
  type: outcomeTypeSchema,
  typeLabel: bilingualSchema,
  status: z.enum(OUTCOME_STATUSES),
  title: z.string(),
  occurredOn: z.string().describe('YYYY-MM-DD (Beijing)'),
  evidence: z.object({ reference: z.string().nullable(), attachmentIds: z.array(z.uuid()) }),
  details: z.record(z.string(), z.unknown()),
  keyField: z.string().nullable(),
  county: z.string().nullable(),
  placementNote: z.string().nullable(),
  version: z.number().int().describe('1, then one more per resubmission'),
  registeredBy: z.uuid(),
  registeredAt: z.string(),
  submittedAt: z.string(),
  decision: z
    .object({
      decision: z.enum(OUTCOME_DECISIONS),
      comment: z.string().nullable(),
      decidedBy: z.uuid(),
      decidedAt: z.string(),
    })
    .nullable()
    .describe('The last verification decision'),
  contributions: z
    .array(z.object({ indicatorCode: z.string(), value: z.number().int() }))
    .describe('What it adds to each plan indicator once verified (count, or fen)'),
});
export type OutcomeView = z.infer<typeof outcomeViewSchema>;

export const planIndicatorViewSchema = z.object({
  code: z.string(),
  plan: z.enum(PLANS),
  planLabel: bilingualSchema,
  group: z.string(),
  zh: z.string(),
  unit: z.string(),
  baseline: z.number().nullable(),
  baselineYear: z.number().int().nullable(),
  target: z.number(),
  periodFrom: z.number().int().describe('First year whose outcomes count'),
  periodTo: z.number().int().describe('Last year whose outcomes count'),
  kind: z.string().nullable().describe('new / stock / growth / dispatch (seed 002 targets)'),
  attribute: z.string().nullable(),
  source: z.string().describe('<seed file>:<line>'),
  measure: z.enum(['count', 'amount_fen']).nullable().describe('null: not measured in the system'),
  countedFrom: z
    .enum(['outcomes', 'dispatches', 'service_logs'])
    .nullable()
    .describe(
      'What the number counts: verified outcomes, commissioner dispatches (科技特派员), or accepted service logs',
    ),
  outcomeTypes: z.array(outcomeTypeSchema),
  note: bilingualSchema.nullable(),
});
export type PlanIndicatorView = z.infer<typeof planIndicatorViewSchema>;

export const ROLLUP_DIMENSIONS = ['indicator', 'field', 'county', 'program', 'year'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];
/** At most this many projects are named behind each number (projectCount says how many in all). */
export const ROLLUP_PROJECTS_MAX = 20;

export const rollupQuerySchema = z.object({
  by: z.enum(ROLLUP_DIMENSIONS).default('indicator'),
  plan: z.enum(PLANS).optional(),
});

export const rollupIndicatorRowSchema = z.object({
  key: z.string().nullable().describe('The key field, county, program code or year (null: none recorded)'),
  indicatorCode: z.string(),
  indicator: z.string(),
  plan: z.enum(PLANS),
  unit: z.string(),
  measure: z.enum(['count', 'amount_fen']).nullable(),
  baseline: z.number().nullable(),
  target: z.number(),
  value: z
    .number()
    .int()
    .describe(
      'Verified outcomes (a count, or fen), or for commissioner indicators person-times or people trained',
    ),
  valueInUnit: z.string().describe("The value in the indicator's unit, exact"),
  percentOfTarget: z.number().nullable(),
  outcomes: z.number().int(),
  projectCount: z.number().int(),
  projects: z
    .array(projectRefSchema)
    .describe(`The projects behind the number (at most ${ROLLUP_PROJECTS_MAX})`),
});
export const rollupTypeRowSchema = z.object({
  key: z.string().nullable(),
  type: outcomeTypeSchema,
  typeLabel: bilingualSchema,
  outcomes: z.number().int(),
  amountFen: z.number().int().describe('Sum of the amounts the outcomes carry (contracts, transfers)'),
  count: z.number().int().describe('People trained for talent; otherwise the outcomes'),
  projectCount: z.number().int(),
  projects: z.array(projectRefSchema),
});
export const rollupServiceRowSchema = z.object({
  key: z.string().nullable(),
  dispatches: z
    .number()
    .int()
    .describe('Person-times dispatched (选派人次): dispatches started (by year: that year)'),
  serviceLogs: z.number().int().describe('Accepted service logs (by year: the year each was due)'),
  visits: z.number().int().describe('Visits (下乡服务次数)'),
  trainingSessions: z.number().int().describe('Training sessions (培训期数)'),
  peopleTrained: z.number().int().describe('People trained (培训人次)'),
  technologies: z.number().int().describe('Technologies and varieties introduced (引进推广技术)'),
  problemsSolved: z.number().int().describe('Problems solved (解决技术难题)'),
  projectCount: z.number().int(),
  projects: z
    .array(projectRefSchema)
    .describe(`The dispatches behind the numbers (at most ${ROLLUP_PROJECTS_MAX})`),
});
export type RollupServiceRow = z.infer<typeof rollupServiceRowSchema>;

export const rollupViewSchema = z.object({
  by: z.enum(ROLLUP_DIMENSIONS),
  indicators: z.array(rollupIndicatorRowSchema),
  types: z
    .array(rollupTypeRowSchema)
    .describe('Verified outcomes by type, whether or not an indicator counts them'),
  services: z
    .array(rollupServiceRowSchema)
    .describe(
      '科技特派员: dispatches and the services of accepted service logs (programs whose projects are dispatches)',
    ),
});
export type RollupView = z.infer<typeof rollupViewSchema>;
