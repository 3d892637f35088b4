import { PROJECT_KINDS, REPORT_KINDS } from '../project/dispatch.rules';
import { z } from 'zod';
import {
  approvalChainSchema,
  DEFAULT_AWARD_APPROVAL_CHAIN,
  DEFAULT_NOTICE_WORKING_DAYS,
} from '../award/award';
import { AFTER_WINDOW_STAGES, AfterWindowStage, Mode, MODE_LABELS, modeSchema } from './call';
import { compareDurations, isDurationInRange, positiveIsoDurationSchema } from '../kernel/iso-duration';
import { Bilingual } from '../kernel/messages';
import { HorseRaceOptions } from '../award/horse-race';
import { Role } from '../kernel/roles';
import { fenSchema } from '../kernel/money';
import { CHANGE_KINDS } from '../project/change.rules';
import { bilingual, parseOrThrow } from '../kernel/validation';

/**
 * The program template: "a new program is configuration, not code". One template names a program's
 * organisation mode, the stages it runs (in canonical order), its durations (ISO 8601), the review
 * rubric and panel, the eligibility rules of the formal check and the funding schedule. Workflows read
 * it; nothing here is hard-coded per program. Defaults and rules cite ../shared/RULES.md (§n).
 *
 * Validation reports every problem at once, each at its own path (`rubric.criteria`,
 * `funding.installments.1.sharePercent`), in Chinese and English. Objects are strict: an unknown key
 * (a typo such as `noticePeriodWorkingDay`) is an error, not silently ignored.
 */

// ---------------------------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------------------------

/** Every stage a program can run, in the one canonical order (DESIGN.md "The lifecycle"). */
export const STAGES = [
  'demand_collection',
  'guide',
  'application',
  'endorsement',
  'formal_check',
  'expert_review',
  'defense',
  'award',
  'public_notice',
  'agreement',
  'execution',
  'midterm_check',
  'acceptance',
  'credit',
] as const;
export const stageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof stageSchema>;

export const STAGE_LABELS: Record<Stage, Bilingual> = {
  demand_collection: { zh: '需求征集', en: 'Demand collection' },
  guide: { zh: '指南/榜单发布', en: 'Guide / challenge publication' },
  application: { zh: '项目申报', en: 'Application' },
  endorsement: { zh: '单位推荐', en: 'Institution endorsement' },
  formal_check: { zh: '形式审查', en: 'Formal check' },
  expert_review: { zh: '专家评审', en: 'Expert review' },
  defense: { zh: '答辩', en: 'Defense' },
  award: { zh: '立项', en: 'Award' },
  public_notice: { zh: '公示', en: 'Public notice' },
  agreement: { zh: '任务书签订', en: 'Agreement' },
  execution: { zh: '项目实施', en: 'Execution' },
  midterm_check: { zh: '中期检查', en: 'Mid-term check' },
  acceptance: { zh: '验收/结题', en: 'Acceptance' },
  credit: { zh: '信用评价', en: 'Credit record' },
};

/** Stages every program runs, whatever its mode. */
export const COMMON_STAGES: readonly Stage[] = [
  'expert_review',
  'award',
  'agreement',
  'execution',
  'acceptance',
];

/**
 * Stages each mode needs on top of COMMON_STAGES.
 * - open_competition: the full chain guide → application → formal check → review → notice → award
 *   (RULES §12.1).
 * - challenge 揭榜挂帅: the challenge list is published (guide stage = 榜单发布), bids are applications,
 *   评榜 is expert + issuer review with a defense (RULES §5, §12.3).
 * - directed 定向委托: no open call, but the named performer still submits its implementation plan
 *   through the system (RULES §0: all applications go through the one MIS), so `application` is
 *   required and is by invitation only; the plan gets an expert review (COMMON_STAGES) (RULES §12.2).
 * - horse_race 赛马制: parallel teams, a mid-term evaluation decides who continues (RULES §2, §9, §12.3).
 */
export const MODE_STAGES: Record<Mode, readonly Stage[]> = {
  open_competition: ['guide', 'application', 'formal_check', 'public_notice'],
  challenge: ['guide', 'application', 'formal_check', 'defense', 'public_notice'],
  directed: ['application'],
  horse_race: ['guide', 'application', 'formal_check', 'public_notice', 'midterm_check'],
};

/**
 * Stages a mode must not run. `directed` publishes no guide: there is no open call, the bureau names
 * the performer (DESIGN.md; RULES §12.2). Its `application` is the named performer's plan, so the
 * API must restrict who may submit; a published guide would invite everyone.
 */
export const MODE_FORBIDDEN_STAGES: Record<Mode, readonly Stage[]> = {
  open_competition: [],
  challenge: [],
  directed: ['guide'],
  horse_race: [],
};

/**
 * A stage that needs another one in the same template. Every application is formally checked
 * (credit standing and bans are checked at the formal check, RULES §3, §4), and a formal check or an
 * endorsement needs applications to act on.
 */
export const STAGE_REQUIRES: Partial<Record<Stage, readonly Stage[]>> = {
  application: ['formal_check'],
  endorsement: ['application'],
  formal_check: ['application'],
  defense: ['expert_review'],
  public_notice: ['award'],
  midterm_check: ['execution'],
};

/** Stages a template of `mode` must contain. */
export function requiredStages(mode: Mode): Stage[] {
  const wanted = new Set<Stage>([...COMMON_STAGES, ...MODE_STAGES[mode]]);
  return STAGES.filter((s) => wanted.has(s));
}

/** Research credit levels, best first (RULES §11: the Lianyungang five-level scale). */
export const CREDIT_LEVELS = [
  'excellent',
  'good',
  'minor_breach',
  'serious_breach',
  'severe_breach',
] as const;
export const creditLevelSchema = z.enum(CREDIT_LEVELS);
export type CreditLevel = z.infer<typeof creditLevelSchema>;

export const CREDIT_LEVEL_LABELS: Record<CreditLevel, Bilingual> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  minor_breach: { zh: '一般失信', en: 'Minor breach of trust' },
  serious_breach: { zh: '较重失信', en: 'Serious breach of trust' },
  severe_breach: { zh: '严重失信', en: 'Severe breach of trust' },
};

/** True when `level` is at least as good as `minimum`. */
export function meetsCreditLevel(level: CreditLevel, minimum: CreditLevel): boolean {
  return CREDIT_LEVELS.indexOf(level) <= CREDIT_LEVELS.indexOf(minimum);
}

/** Where applicants may come from (RULES §3: 揭榜挂帅 allows cross-region partners, seed 002 line 51). */
export const REGIONS = ['city', 'city_with_partners', 'any'] as const;
export const regionSchema = z.enum(REGIONS);
export type Region = z.infer<typeof regionSchema>;

export const REGION_LABELS: Record<Region, Bilingual> = {
  city: { zh: '限本市单位', en: 'Institutions in the city only' },
  city_with_partners: {
    zh: '本市单位牵头，可联合市外单位',
    en: 'Led by a city institution; partners from elsewhere allowed',
  },
  any: { zh: '不限地域', en: 'Any region' },
};

/** The event that releases an installment (RULES §7). */
export const RELEASE_EVENTS = [
  'signing',
  'midterm_check',
  'milestone',
  'acceptance',
  'report_accepted',
] as const;
export const releaseEventSchema = z.enum(RELEASE_EVENTS);
export type ReleaseEvent = z.infer<typeof releaseEventSchema>;

export const RELEASE_EVENT_LABELS: Record<ReleaseEvent, Bilingual> = {
  signing: { zh: '任务书签订后', en: 'On signing the agreement' },
  midterm_check: { zh: '中期检查通过后', en: 'After passing the mid-term check' },
  milestone: { zh: '里程碑考核通过后', en: 'After a passed milestone check' },
  acceptance: { zh: '验收通过后', en: 'After passing acceptance' },
  report_accepted: { zh: '进展报告审核通过后', en: 'After an accepted progress report' },
};

/** Chronological rank of a release event: signing first, acceptance last, the others between. */
const RELEASE_RANK: Record<ReleaseEvent, number> = {
  signing: 0,
  midterm_check: 1,
  milestone: 1,
  acceptance: 2,
  report_accepted: 1,
};

/** Events that happen once per project, so at most one installment each; milestones repeat. */
const ONE_OFF_RELEASES: readonly ReleaseEvent[] = ['signing', 'midterm_check', 'acceptance'];

/** The document a `directed` template must require: the plan the experts review (RULES §12.2). */
export const IMPLEMENTATION_PLAN_DOCUMENT = 'implementation_plan';

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

const labelSchema = z.strictObject({
  zh: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(200),
});

const keySchema = z.string().regex(
  /^[a-z][a-z0-9_]{0,63}$/,
  bilingual({
    zh: '须为小写字母开头的小写字母、数字或下划线，最长 64 个字符',
    en: 'Must be lower-case letters, digits or underscores, starting with a letter, at most 64 characters',
  }),
);

/** Which step the application window's deadline applies to (issue: the template names it). */
export const DEADLINE_STEPS = ['bureau_receipt', 'institution_submission'] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

const durationsSchema = z.strictObject({
  applicationWindow: positiveIsoDurationSchema.describe(
    'Application window, from guide publication (RULES §2)',
  ),
  fixWindow: positiveIsoDurationSchema.describe(
    'Window to fix and resubmit a returned application (RULES §4)',
  ),
  endorsementWindow: positiveIsoDurationSchema
    .optional()
    .describe(
      'With deadlineStep institution_submission: the host institution endorses within this after the window closes',
    ),
  reviewWindow: positiveIsoDurationSchema.describe('Time experts have to score (RULES §5)'),
  signingDeadline: positiveIsoDurationSchema.describe(
    'Agreement must be signed within this after award (RULES §7)',
  ),
  reportCadence: positiveIsoDurationSchema.describe('Interval between progress reports (RULES §8)'),
  midtermPoint: positiveIsoDurationSchema
    .optional()
    .describe('Mid-term check, from the start of execution; required with the midterm_check stage'),
  executionLength: positiveIsoDurationSchema.describe('Implementation period (RULES §7)'),
  reportReminderBefore: positiveIsoDurationSchema
    .optional()
    .describe(
      'Reminder to the PI this long before a progress report is due; default P7D (common practice, [T])',
    ),
  reportGrace: positiveIsoDurationSchema
    .optional()
    .describe(
      'A progress report overdue this long writes the PI’s credit record (一般失信, RULES §11 “poor management”); default P1M ([T])',
    ),
  rectifyWindow: positiveIsoDurationSchema
    .optional()
    .describe(
      '限期整改 after a mid-term check: the fix period (RULES §9: typically ≤ 3 months; P3M when absent)',
    ),
  panelWindow: positiveIsoDurationSchema
    .optional()
    .describe(
      'An expert panel of a project (mid-term check) gives its opinions within this from being drawn; P14D when absent ([T])',
    ),
  recoveryWindow: positiveIsoDurationSchema
    .optional()
    .describe('追回: a recovery order is repaid within this (P30D when absent, [T])'),
  acceptanceWindow: positiveIsoDurationSchema
    .optional()
    .describe(
      '验收: the PI applies within this after the term ends; overdue after (RULES §10, §13: P6M when absent)',
    ),
  acceptanceOverdueLimit: positiveIsoDurationSchema
    .optional()
    .describe(
      '验收: still unsubmitted this long after the window, the acceptance fails (RULES §10: > 6 months overdue; P6M when absent)',
    ),
  acceptanceRectifyWindow: positiveIsoDurationSchema
    .optional()
    .describe('验收整改: the one rectification lasts at most this (RULES §10: ≤ 3 months; P3M when absent)'),
  acceptanceObjectionWorkingDays: z
    .number()
    .int()
    .positive()
    .max(60)
    .optional()
    .describe(
      'The acceptance conclusion is open to objections for these working days (RULES §10, §13: 5 when absent)',
    ),
  acceptanceObjectionPeriod: positiveIsoDurationSchema
    .optional()
    .describe(
      'An objection window of fixed length on the clock instead of acceptanceObjectionWorkingDays (drills and tests, e.g. PT8S)',
    ),
  noticePeriodWorkingDays: z
    .number()
    .int()
    .positive()
    .max(60)
    .default(DEFAULT_NOTICE_WORKING_DAYS)
    .describe('Public notice period in working days (RULES §6)'),
  noticePeriod: positiveIsoDurationSchema
    .optional()
    .describe(
      'A public notice of fixed length on the clock instead of noticePeriodWorkingDays (drills and tests, e.g. PT8S)',
    ),
});

/**
 * The keys of `durations` that take an ISO 8601 duration (the template editor's fields), in the
 * schema's order; read off the schema so a new duration is listed without a second edit. The
 * others (…WorkingDays) are counts of working days.
 */
export const DURATION_KEYS: readonly string[] = Object.entries(durationsSchema.shape)
  .filter(([, s]) => (s instanceof z.ZodOptional ? s.unwrap() : s) instanceof z.ZodString)
  .map(([key]) => key);

const criterionSchema = z.strictObject({
  key: keySchema,
  name: labelSchema,
  weight: z.number().int().min(1).max(100).describe('Integer percent; the weights of a rubric sum to 100'),
  commentRequired: z.boolean().default(false),
});

const rubricSchema = z.strictObject({
  criteria: z.array(criterionSchema).min(1),
  scale: z
    .strictObject({ min: z.number().int().min(0), max: z.number().int() })
    .refine(
      (s) => s.max > s.min,
      bilingual({ zh: '评分上限必须大于下限', en: 'scale.max must be greater than scale.min' }, ['max']),
    )
    .describe('The score range of each criterion'),
  blind: z.boolean().describe('Reviewers do not see the applicants’ names'),
});

const panelSchema = z.strictObject({
  size: z
    .number()
    .int()
    .min(3)
    .refine(
      (n) => n % 2 === 1,
      bilingual({ zh: '评审专家人数必须为奇数', en: 'The panel size must be an odd number' }),
    )
    .default(5)
    .describe('Experts per panel: odd, at least 3 (RULES §5 default 5)'),
  financeExpert: z.boolean().default(true).describe('Include a finance/budget expert (RULES §5)'),
  issuerRepresentative: z
    .boolean()
    .default(false)
    .describe('Include the issuer’s (发榜方) representative; required for challenge (RULES §5)'),
  maxPerOrganisation: z.number().int().min(1).default(1).describe('Cap on experts from one organisation'),
});

const documentSchema = z.strictObject({ code: keySchema, name: labelSchema });

const eligibilitySchema = z.strictObject({
  concurrentProjectLimit: z.number().int().min(1).describe('限项: ongoing projects a PI may hold (RULES §3)'),
  minCreditLevel: creditLevelSchema
    .refine(
      (level) => level !== 'severe_breach',
      bilingual({
        zh: '严重失信的单位和个人不得申报，最低信用等级不能设为“严重失信”',
        en: 'Severe breach of trust bars applicants (RULES §3); it cannot be the minimum credit level',
      }),
    )
    .describe('Lowest credit level allowed to apply'),
  region: regionSchema,
  budgetCapFen: fenSchema.positive().describe('Cap on the public grant per project, in fen'),
  requiredDocuments: z.array(documentSchema),
  minPiTitleLevel: z
    .enum(['junior', 'intermediate', 'associate', 'full'])
    .optional()
    .describe(
      'Lowest title level of the PI (RULES §4); never applied to challenges (揭榜不论资历, RULES §3)',
    ),
  attachmentMaxBytes: z
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .optional()
    .describe('Size limit of one attachment in bytes (default 64 MB)'),
  coFunding: z
    .strictObject({
      selfFen: z.number().int().positive().describe('Self-funding part of the minimum ratio'),
      publicFen: z.number().int().positive().describe('Public-grant part of the minimum ratio'),
    })
    .nullable()
    .describe(
      'Minimum self-funding : public grant ratio, e.g. 1:1 for enterprise-led projects (RULES §7); null if none',
    ),
});

const installmentSchema = z.strictObject({
  sharePercent: z.number().int().min(1).max(100),
  releasedBy: releaseEventSchema,
});

const fundingSchema = z.strictObject({
  installments: z.array(installmentSchema).min(1).describe('Tranches in order; shares sum to 100'),
  lumpSum: z
    .boolean()
    .optional()
    .describe(
      '包干制 (RULES §12.4): budget adjustments need no category approval; the pledge and prohibited uses stay (default false)',
    ),
  auditThresholdFen: fenSchema
    .optional()
    .describe(
      '验收: an acceptance dossier spending above this (fen) must carry an audit report (RULES §10; ¥1,000,000 when absent, [T])',
    ),
});

/** How change requests are routed (RULES §8); every field optional, defaults in change.rules.ts. */
const changesSchema = z.strictObject({
  fourEyes: z
    .array(z.enum(CHANGE_KINDS))
    .optional()
    .describe('Kinds that need a second staff approval by another person (default: the major changes)'),
  institutionConsent: z
    .array(z.enum(CHANGE_KINDS))
    .optional()
    .describe('Kinds the host institution consents to first (default: all but budget adjustments)'),
  extensionLeadTime: positiveIsoDurationSchema
    .optional()
    .describe('An extension is asked at least this long before the end (default P3M)'),
  extensionMaxLength: positiveIsoDurationSchema
    .optional()
    .describe('Extensions together add at most this (default P1Y)'),
  extensionsAllowed: z.number().int().min(0).max(5).optional().describe('Extensions allowed (default 1)'),
});

const horseRaceSchema = z.strictObject({
  teams: z
    .number()
    .int()
    .min(2)
    .default(2)
    .describe('Teams funded in parallel until the mid-term evaluation'),
  scoreGapPercent: z
    .number()
    .positive()
    .max(100)
    .describe('Top applications whose scores differ by at most this percent may be funded in parallel'),
  continueCount: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      'Teams that continue after the mid-point comparison (default 1: RULES §9, §12.3, the better route goes on; 优胜劣汰)',
    ),
});

const awardOptionsSchema = z
  .strictObject({
    approvalChain: approvalChainSchema,
    restartNoticeOnChange: z
      .boolean()
      .default(true)
      .describe(
        'When an objection adjusts or cancels an award, the changed list is republished; true restarts the full notice period from then',
      ),
  })
  .default(() => ({ approvalChain: [...DEFAULT_AWARD_APPROVAL_CHAIN], restartNoticeOnChange: true }))
  .describe('Award decision (立项) and public notice options');

const sourceSchema = z.strictObject({
  file: z.string().regex(
    /^[A-Za-z0-9_.-]+\.txt$/,
    bilingual({
      zh: '须为 shared/seeds 下的源文件名，如 002_dfb2497add13960a.txt',
      en: 'Must be a source file name in shared/seeds, e.g. 002_dfb2497add13960a.txt',
    }),
  ),
  line: z.number().int().positive(),
  note: z.string().trim().min(1).max(1000).optional(),
});

export const programTemplateSchema = z
  .strictObject({
    code: z
      .string()
      .regex(
        /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
        bilingual({
          zh: '须为小写字母开头、以连字符分隔的小写字母和数字，如 key-rd-2026',
          en: 'Must be a lower-case slug of letters and digits separated by hyphens, e.g. key-rd-2026',
        }),
      )
      .max(64),
    name: labelSchema,
    mode: modeSchema,
    source: sourceSchema.describe('The seed document and line the program follows'),
    stages: z.array(stageSchema).describe('Stages run, in canonical order (STAGES)'),
    durations: durationsSchema,
    rubric: rubricSchema,
    panel: panelSchema,
    eligibility: eligibilitySchema,
    funding: fundingSchema,
    horseRace: horseRaceSchema
      .optional()
      .describe('Required for mode horse_race; a challenge may also fund close bids in parallel'),
    award: awardOptionsSchema,
    deadlineStep: z
      .enum(DEADLINE_STEPS)
      .default('bureau_receipt')
      .describe(
        'The step the window’s deadline applies to: the bureau receiving it (default) or, with endorsement, the PI’s submission to the institution',
      ),
    startDuringWindow: z
      .array(z.enum(AFTER_WINDOW_STAGES))
      .default([])
      .describe(
        'Stages that may start while the call is still open, e.g. a rolling call that checks and reviews applications as they arrive; by default (none) the formal check and review rounds start only after the call closes (RULES §14)',
      ),
    changes: changesSchema
      .optional()
      .describe('Change requests (变更申请): routing and the extension rule (defaults from RULES §8)'),
    projectKind: z
      .enum(PROJECT_KINDS)
      .optional()
      .describe(
        'dispatch: each project is a dispatch (选派, 科技特派员): the application names where the commissioner serves, the agreement and the project carry it for the service term (executionLength); research when absent',
      ),
    reportKind: z
      .enum(REPORT_KINDS)
      .optional()
      .describe(
        'The progress reports of its projects: progress 进展报告 (when absent) or service_log 服务日志',
      ),
  })
  // `when`: run even when some fields already failed, so every problem is reported at once. The
  // checks therefore read the raw value defensively and skip what is already reported as malformed.
  .superRefine((template, ctx) => checkTemplate(template as unknown, ctx), { when: () => true });

export type ProgramTemplate = z.output<typeof programTemplateSchema>;
export type ProgramTemplateInput = z.input<typeof programTemplateSchema>;

/** Validate a template (from JSON, the API or the database); throws a 400 DomainError naming every field. */
export function validateTemplate(input: unknown): ProgramTemplate {
  return parseOrThrow(programTemplateSchema, input, '计划模板');
}

/**
 * What an award of a call needs from its program: the approval chain, the notice's working days
 * (or its fixed period), whether a changed outcome restarts the notice, and the horse-race options. Stored templates of
 * older versions lack some of them, and calls made without a template have none: defaults apply.
 */
export function awardOptionsOf(
  t: Pick<Partial<ProgramTemplateInput>, 'award' | 'durations' | 'horseRace'> | null,
): {
  chain: Role[];
  noticeWorkingDays: number;
  /** Set when the notice runs a fixed time instead of the working days. */
  noticePeriod?: string;
  restartNoticeOnChange: boolean;
  horseRace?: HorseRaceOptions;
} {
  const award = awardOptionsSchema.parse(t?.award);
  const horseRace = t?.horseRace ? horseRaceSchema.parse(t.horseRace) : undefined;
  return {
    chain: award.approvalChain,
    noticeWorkingDays: t?.durations?.noticePeriodWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
    ...(t?.durations?.noticePeriod ? { noticePeriod: t.durations.noticePeriod } : {}),
    restartNoticeOnChange: award.restartNoticeOnChange,
    ...(horseRace ? { horseRace } : {}),
  };
}

/** True when the template runs `stage`. */
export function hasStage(template: Pick<ProgramTemplate, 'stages'>, stage: Stage): boolean {
  return template.stages.includes(stage);
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules. They run on the possibly-invalid value, so they read it through these guards.
// ---------------------------------------------------------------------------------------------

type Path = (string | number)[];
type Ctx = z.RefinementCtx;
type Loose = Record<string, unknown>;

function obj(value: unknown): Loose | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isStage(value: unknown): value is Stage {
  return stageSchema.safeParse(value).success;
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function report(ctx: Ctx, path: Path, message: Bilingual): void {
  ctx.addIssue({ code: 'custom', input: undefined, ...bilingual(message, path) });
}

function stageNames(stages: readonly Stage[]): Bilingual {
  return {
    zh: stages.map((s) => `“${STAGE_LABELS[s].zh}”`).join('、'),
    en: stages.join(', '),
  };
}

function checkTemplate(value: unknown, ctx: Ctx): void {
  const t = obj(value);
  if (!t) return; // the object check already reported it
  const parsedMode = modeSchema.safeParse(t.mode);
  const mode = parsedMode.success ? parsedMode.data : undefined;
  const stages = new Set(arr(t.stages).filter(isStage));

  checkStages(ctx, t.stages, mode);
  checkDurations(ctx, obj(t.durations), stages);
  checkRubric(ctx, obj(t.rubric));
  checkPanel(ctx, obj(t.panel), mode);
  checkEligibility(ctx, obj(t.eligibility), mode);
  checkFunding(ctx, obj(t.funding), mode, stages);
  checkHorseRace(ctx, t, mode);
  checkDeadlineStep(ctx, t, stages);
  checkStartDuringWindow(ctx, t.startDuringWindow, stages);
}

/**
 * A stage started during the window is one the program runs, named once; a review round draws
 * from applications that passed the formal check, so reviewing during the window needs the formal
 * check during the window too.
 */
function checkStartDuringWindow(ctx: Ctx, raw: unknown, stages: Set<Stage>): void {
  const list = arr(raw);
  list.forEach((item, i) => {
    // Not one of the stages that wait for the close: reported by the enum at its index.
    if (!(AFTER_WINDOW_STAGES as readonly unknown[]).includes(item)) return;
    const stage = item as AfterWindowStage;
    const label = STAGE_LABELS[stage];
    if (list.indexOf(item) !== i)
      report(ctx, ['startDuringWindow', i], {
        zh: `阶段“${label.zh}”重复出现`,
        en: `Stage ${item} appears more than once`,
      });
    else if (!stages.has(stage))
      report(ctx, ['startDuringWindow', i], {
        zh: `本计划不包含阶段“${label.zh}”，不能设为申报期内开始`,
        en: `The program does not run the stage ${item}, so it cannot start during the window`,
      });
    else if (stage === 'expert_review' && !list.includes('formal_check'))
      report(ctx, ['startDuringWindow', i], {
        zh: '专家评审只评形式审查通过的申报书：申报期内开始专家评审，形式审查也须在申报期内开始',
        en: 'Review rounds draw from applications that passed the formal check: expert_review during the window needs formal_check during the window too',
      });
  });
}

/** A deadline on the PI's submission needs the endorsement stage and a window for the institution. */
function checkDeadlineStep(ctx: Ctx, t: Loose, stages: Set<Stage>): void {
  if (t.deadlineStep !== 'institution_submission') return;
  if (!stages.has('endorsement'))
    report(ctx, ['deadlineStep'], {
      zh: '截止时间适用于向依托单位提交时，须包含“单位推荐”阶段',
      en: 'A deadline on the submission to the institution needs the endorsement stage',
    });
  if (obj(t.durations) && obj(t.durations)!.endorsementWindow === undefined)
    report(ctx, ['durations', 'endorsementWindow'], {
      zh: '截止时间适用于向依托单位提交时，须设定单位推荐期限',
      en: 'A deadline on the submission to the institution needs an endorsement window',
    });
}

function checkStages(ctx: Ctx, raw: unknown, mode: Mode | undefined): void {
  const list = arr(raw);
  const seen = new Set<Stage>();
  let latest: Stage | undefined;
  list.forEach((item, i) => {
    if (!isStage(item)) return; // unknown stage: reported by the enum at stages.i
    const label = STAGE_LABELS[item];
    if (seen.has(item)) {
      report(ctx, ['stages', i], {
        zh: `阶段“${label.zh}”重复出现`,
        en: `Stage ${item} appears more than once`,
      });
      return;
    }
    seen.add(item);
    if (latest !== undefined && STAGES.indexOf(item) < STAGES.indexOf(latest)) {
      report(ctx, ['stages', i], {
        zh: `阶段“${label.zh}”应排在“${STAGE_LABELS[latest].zh}”之前（按规定顺序）`,
        en: `Stage ${item} must come before ${latest} (stages follow the canonical order)`,
      });
    } else {
      latest = item;
    }
  });
  if (!Array.isArray(raw)) return;

  const required = mode ? requiredStages(mode) : [...COMMON_STAGES];
  const missing = required.filter((s) => !seen.has(s));
  if (missing.length > 0) {
    const names = stageNames(missing);
    report(
      ctx,
      ['stages'],
      mode
        ? {
            zh: `“${MODE_LABELS[mode].zh}”方式的计划必须包含阶段：${names.zh}`,
            en: `A ${mode} program must include the stages: ${names.en}`,
          }
        : { zh: `计划必须包含阶段：${names.zh}`, en: `Every program must include the stages: ${names.en}` },
    );
  }

  const forbidden = mode ? MODE_FORBIDDEN_STAGES[mode] : [];
  const reportedMissing = new Set(missing);
  list.forEach((item, i) => {
    if (!isStage(item) || list.indexOf(item) !== i) return; // once per stage
    if (mode && forbidden.includes(item)) {
      report(ctx, ['stages', i], {
        zh: `“${MODE_LABELS[mode].zh}”方式不公开征集，不能包含阶段“${STAGE_LABELS[item].zh}”`,
        en: `A ${mode} program has no open call and cannot include the stage ${item}`,
      });
    }
    const needs = (STAGE_REQUIRES[item] ?? []).filter((s) => !seen.has(s) && !reportedMissing.has(s));
    if (needs.length > 0) {
      const names = stageNames(needs);
      report(ctx, ['stages', i], {
        zh: `阶段“${STAGE_LABELS[item].zh}”需要同时包含阶段：${names.zh}`,
        en: `Stage ${item} needs the stages: ${names.en}`,
      });
    }
  });
}

function checkDurations(ctx: Ctx, d: Loose | undefined, stages: Set<Stage>): void {
  if (!d) return;
  const { midtermPoint, executionLength, reportCadence } = d;
  if (stages.has('midterm_check') && midtermPoint === undefined) {
    report(ctx, ['durations', 'midtermPoint'], {
      zh: '包含中期检查阶段时必须设置中期检查时间点',
      en: 'midtermPoint is required when the stages include midterm_check',
    });
  }
  if (!stages.has('midterm_check') && midtermPoint !== undefined) {
    report(ctx, ['durations', 'midtermPoint'], {
      zh: '未包含中期检查阶段，不应设置中期检查时间点',
      en: 'midtermPoint is only used with the midterm_check stage',
    });
  }
  // Only durations that can be added to a date are compared (the others are reported by their
  // schema); compareDurations throws on the rest.
  if (!isDurationInRange(executionLength)) return;
  if (isDurationInRange(midtermPoint) && compareDurations(midtermPoint, executionLength) >= 0) {
    report(ctx, ['durations', 'midtermPoint'], {
      zh: `中期检查时间点（${midtermPoint}）必须早于实施期结束（${executionLength}）`,
      en: `midtermPoint (${midtermPoint}) must fall before the end of execution (${executionLength})`,
    });
  }
  if (isDurationInRange(reportCadence) && compareDurations(reportCadence, executionLength) > 0) {
    report(ctx, ['durations', 'reportCadence'], {
      zh: `报告周期（${reportCadence}）不能长于实施期（${executionLength}）`,
      en: `reportCadence (${reportCadence}) cannot be longer than executionLength (${executionLength})`,
    });
  }
}

/** Report the second and later occurrences of each `field` value among `items`. */
function checkUnique(ctx: Ctx, items: unknown[], base: Path, field: string, what: Bilingual): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const value = obj(item)?.[field];
    if (typeof value !== 'string') return;
    if (seen.has(value)) {
      report(ctx, [...base, i, field], {
        zh: `${what.zh}“${value}”重复`,
        en: `Duplicate ${what.en} "${value}"`,
      });
    }
    seen.add(value);
  });
}

function checkRubric(ctx: Ctx, rubric: Loose | undefined): void {
  if (!rubric || !Array.isArray(rubric.criteria)) return;
  const criteria = rubric.criteria;
  checkUnique(ctx, criteria, ['rubric', 'criteria'], 'key', { zh: '评分项代码', en: 'criterion key' });
  const weights = criteria.map((c) => obj(c)?.weight);
  if (criteria.length > 0 && weights.every(isInt)) {
    const sum = weights.reduce((a, b) => a + b, 0);
    if (sum !== 100) {
      report(ctx, ['rubric', 'criteria'], {
        zh: `评分项权重之和为 ${sum}，必须恰好等于 100`,
        en: `The criterion weights sum to ${sum}; they must sum to exactly 100`,
      });
    }
  }
}

function checkPanel(ctx: Ctx, panel: Loose | undefined, mode: Mode | undefined): void {
  if (!panel) return;
  // 评榜 is done by experts together with the issuer (发榜方/user) (RULES §5, §12.3).
  if (mode === 'challenge' && panel.issuerRepresentative !== true) {
    report(ctx, ['panel', 'issuerRepresentative'], {
      zh: '揭榜挂帅项目的评审专家组必须包含发榜方代表',
      en: 'A challenge panel must include the issuer’s representative (RULES §5)',
    });
  }
}

function checkEligibility(ctx: Ctx, eligibility: Loose | undefined, mode: Mode | undefined): void {
  if (!eligibility || !Array.isArray(eligibility.requiredDocuments)) return;
  const docs = eligibility.requiredDocuments;
  checkUnique(ctx, docs, ['eligibility', 'requiredDocuments'], 'code', {
    zh: '材料代码',
    en: 'document code',
  });
  if (mode === 'directed' && !docs.some((d) => obj(d)?.code === IMPLEMENTATION_PLAN_DOCUMENT)) {
    report(ctx, ['eligibility', 'requiredDocuments'], {
      zh: `定向委托项目须提交实施方案供专家评审（材料代码 ${IMPLEMENTATION_PLAN_DOCUMENT}）`,
      en: `A directed program must require the implementation plan the experts review (code ${IMPLEMENTATION_PLAN_DOCUMENT})`,
    });
  }
}

function checkFunding(
  ctx: Ctx,
  funding: Loose | undefined,
  mode: Mode | undefined,
  stages: Set<Stage>,
): void {
  if (!funding || !Array.isArray(funding.installments)) return;
  const installments = funding.installments.map(obj);
  const base: Path = ['funding', 'installments'];

  const shares = installments.map((i) => i?.sharePercent);
  if (installments.length > 0 && shares.every(isInt)) {
    const sum = shares.reduce((a, b) => a + b, 0);
    if (sum !== 100) {
      report(ctx, base, {
        zh: `各期拨付比例之和为 ${sum}%，必须恰好等于 100%`,
        en: `The installment shares sum to ${sum}%; they must sum to exactly 100%`,
      });
    }
  }

  const events = installments.map((i) => {
    const parsed = releaseEventSchema.safeParse(i?.releasedBy);
    return parsed.success ? parsed.data : undefined;
  });
  let latest: ReleaseEvent | undefined;
  const seen = new Set<ReleaseEvent>();
  events.forEach((event, i) => {
    if (!event) return;
    const path = [...base, i, 'releasedBy'];
    const label = RELEASE_EVENT_LABELS[event];
    if (ONE_OFF_RELEASES.includes(event) && seen.has(event)) {
      report(ctx, path, {
        zh: `“${label.zh}”只能对应一期拨付`,
        en: `Only one installment can be released by ${event}`,
      });
    }
    seen.add(event);
    if (latest !== undefined && RELEASE_RANK[event] < RELEASE_RANK[latest]) {
      report(ctx, path, {
        zh: `拨付顺序有误：“${label.zh}”不能排在“${RELEASE_EVENT_LABELS[latest].zh}”之后`,
        en: `Installments follow the project's course: ${event} cannot come after ${latest}`,
      });
    } else {
      latest = event;
    }
    if (event === 'midterm_check' && !stages.has('midterm_check')) {
      report(ctx, path, {
        zh: '未包含中期检查阶段，不能按中期检查拨付',
        en: 'An installment released by midterm_check needs the midterm_check stage',
      });
    }
  });

  // 揭榜挂帅 pays by milestone (RULES §7, §12.3).
  if (mode === 'challenge' && !events.includes('milestone')) {
    report(ctx, base, {
      zh: '揭榜挂帅项目须按里程碑拨付经费，至少一期应在里程碑考核通过后拨付',
      en: 'A challenge program pays by milestone: at least one installment must be released by milestone',
    });
  }
  // 赛马制: the mid-term evaluation decides who keeps support, so money must wait for it (RULES §9).
  if (mode === 'horse_race' && !events.includes('midterm_check')) {
    report(ctx, base, {
      zh: '赛马制项目须在中期评估后决定后续支持，至少一期应在中期检查通过后拨付',
      en: 'A horse_race program decides continued support at mid-term: at least one installment must be released by midterm_check',
    });
  }
}

/** Modes that may fund close top teams in parallel: 赛马制 itself, and 揭榜挂帅 (RULES §12.3). */
export const HORSE_RACE_MODES: readonly Mode[] = ['horse_race', 'challenge'];

function checkHorseRace(ctx: Ctx, t: Loose, mode: Mode | undefined): void {
  if (!mode) return;
  if (mode === 'horse_race' && t.horseRace === undefined) {
    report(ctx, ['horseRace'], {
      zh: '赛马制计划必须设置赛马参数（并行支持队伍数、分差阈值）',
      en: 'A horse_race program needs horseRace options (teams, scoreGapPercent)',
    });
  }
  if (!HORSE_RACE_MODES.includes(mode) && t.horseRace !== undefined) {
    report(ctx, ['horseRace'], {
      zh: `赛马参数仅适用于赛马制和揭榜挂帅，“${MODE_LABELS[mode].zh}”方式不应设置`,
      en: `horseRace options apply only to modes horse_race and challenge, not ${mode}`,
    });
  }
}

export { assertMaySaveTemplate } from './program-template.rules';
