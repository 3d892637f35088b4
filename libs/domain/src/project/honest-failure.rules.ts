import { Bilingual, DomainError, FieldMessage } from '../kernel/errors.rules';
import { formatShanghai } from '../kernel/time.rules';
import { DEFAULT_REPORT_GRACE, reportGraceEndsAt } from './report.rules';

/**
 * 容错 (RULES §12.5, issue 16 §2), zod-free as the project's workflow decides it: the PI of a
 * project flagged exploratory or high-risk (or a 揭榜挂帅 / 赛马 team) asks with original records
 * and a diligence statement; the host institution confirms; the officer records the experts'
 * confirmation. Confirmed → 结题 with an honest_failure record (no penalty); not confirmed →
 * refused with the experts' reasons, and the project continues.
 */

/** The project's risk flag (探索性强 / 风险高, 科学技术进步法 容错 clause); null: neither. */
export const RISK_PROFILES = ['exploratory', 'high_risk'] as const;
export type RiskProfile = (typeof RISK_PROFILES)[number];
export const RISK_PROFILE_LABELS: Record<RiskProfile, Bilingual> = {
  exploratory: { zh: '探索性强', en: 'Exploratory' },
  high_risk: { zh: '风险高', en: 'High-risk' },
};

/** Organisation modes that qualify without a flag: the 军令状 of a challenge, a horse-race team. */
export const HONEST_FAILURE_MODES = ['challenge', 'horse_race'] as const;

export const HONEST_FAILURE_PHASES = [
  /** The PI asked; the host institution's opinion is awaited. */
  'requested',
  /** The host institution confirmed; the experts' confirmation is awaited. */
  'institution_confirmed',
  /** The experts confirmed diligence: the project is closed (结题). */
  'closed',
  /** Refused (the institution or the experts did not confirm); the project continues. */
  'refused',
] as const;
export type HonestFailurePhase = (typeof HONEST_FAILURE_PHASES)[number];
export type HonestFailureStep = 'request' | 'confirm' | 'decide';

/** The rules a request must meet, each refusal naming its own. */
export const HONEST_FAILURE_RULES = [
  'project_ongoing',
  'risk_flagged',
  'no_misconduct',
  'reports_on_time',
  'funds_per_plan',
] as const;
export type HonestFailureRule = (typeof HONEST_FAILURE_RULES)[number];
export const HONEST_FAILURE_RULE_LABELS: Record<HonestFailureRule, Bilingual> = {
  project_ongoing: { zh: '项目在执行中', en: 'The project is in execution' },
  risk_flagged: {
    zh: '项目为探索性强或风险高的项目（或揭榜挂帅、赛马项目）',
    en: 'The project is flagged exploratory or high-risk (or is a challenge or horse-race team)',
  },
  no_misconduct: { zh: '无科研失信行为认定', en: 'No misconduct finding' },
  reports_on_time: {
    zh: '进展报告按时提交（无超过宽限期的逾期）',
    en: 'Progress reports on time (none overdue past its grace)',
  },
  funds_per_plan: {
    zh: '经费按计划使用（无未经批准的变更，各类支出未超预算）',
    en: 'Funds used per plan (no unapproved change, no category spent beyond its plan)',
  },
};

/** What a request is decided on, read from the project's own records by an activity (facts only). */
export interface HonestFailureFacts {
  status: string | undefined;
  /** The organisation mode of the project's call (null: a project from earlier records). */
  mode: string | null;
  riskProfile: RiskProfile | null;
  /** Misconduct findings (the 8 categories of RULES §11) on this project, of any subject. */
  misconductFindings: ReadonlyArray<{ id: string; kind: string }>;
  /** The project's scheduled reports: when due, and when first submitted (null: not yet). */
  reports: ReadonlyArray<{ seq: number; dueAt: string; firstSubmittedAt: string | null }>;
  /** The template's grace after a due date (ISO 8601; null: the default). */
  grace: string | null;
  unapprovedChange: boolean;
  /** The latest accepted progress report's spending by category against its plan (fen). */
  spending: {
    seq: number;
    categories: ReadonlyArray<{ category: string; plannedFen: number; spentFen: number }>;
  } | null;
}

export interface HonestFailureRefusal {
  rule: HonestFailureRule;
  label: Bilingual;
  detail: Bilingual;
}

const ENDED = ['terminated', 'revoked', 'accepted', 'closed'];

/**
 * Every rule the request does not meet, each with what on the record fails it (empty: eligible).
 * A report counts as late when it was first submitted after its grace ended, or is still not
 * submitted at `now` past it; spending is judged on the latest accepted report (nothing accepted
 * yet: nothing on record exceeds the plan).
 */
export function honestFailureRefusals(f: HonestFailureFacts, now: number): HonestFailureRefusal[] {
  const out: HonestFailureRefusal[] = [];
  const refuse = (rule: HonestFailureRule, detail: Bilingual) =>
    out.push({ rule, label: HONEST_FAILURE_RULE_LABELS[rule], detail });
  if (!f.status || ENDED.includes(f.status))
    refuse('project_ongoing', {
      zh: `项目状态为 ${f.status ?? '未登记'}，执行已结束`,
      en: `The project is ${f.status ?? 'not registered'}; its execution has ended`,
    });
  if (!f.riskProfile && !(HONEST_FAILURE_MODES as readonly string[]).includes(f.mode ?? ''))
    refuse('risk_flagged', {
      zh: '项目未被标记为探索性强或风险高，也不是揭榜挂帅或赛马项目',
      en: 'The project is not flagged exploratory or high-risk, nor a challenge or horse-race team',
    });
  if (f.misconductFindings.length)
    refuse('no_misconduct', {
      zh: `该项目存在 ${f.misconductFindings.length} 条失信行为认定`,
      en: `${f.misconductFindings.length} misconduct finding(s) exist for this project`,
    });
  const late = f.reports.filter((r) => {
    const graceEnds = Date.parse(reportGraceEndsAt(r.dueAt, f.grace || DEFAULT_REPORT_GRACE));
    const submitted = r.firstSubmittedAt ? Date.parse(r.firstSubmittedAt) : null;
    return submitted !== null ? submitted > graceEnds : now > graceEnds;
  });
  if (late.length)
    refuse('reports_on_time', {
      zh: `逾期超过宽限期的进展报告：${late.map((r) => `第 ${r.seq} 期（${formatShanghai(r.dueAt)} 到期）`).join('、')}`,
      en: `Progress reports overdue past their grace: ${late.map((r) => `${r.seq} (due ${formatShanghai(r.dueAt)})`).join(', ')}`,
    });
  const over = (f.spending?.categories ?? []).filter((c) => c.spentFen > c.plannedFen);
  if (f.unapprovedChange || over.length)
    refuse('funds_per_plan', {
      zh: [
        ...(f.unapprovedChange ? ['存在未经批准的变更'] : []),
        ...(over.length
          ? [`第 ${f.spending!.seq} 期进展报告超预算支出：${over.map((c) => c.category).join('、')}`]
          : []),
      ].join('；'),
      en: [
        ...(f.unapprovedChange ? ['a change was made without approval'] : []),
        ...(over.length
          ? [
              `progress report ${f.spending!.seq} spent beyond the plan in: ${over.map((c) => c.category).join(', ')}`,
            ]
          : []),
      ].join('; '),
    });
  return out;
}

/** Refuses (422) naming every rule not met, each as a field keyed by its rule. */
export function assertHonestFailureEligible(f: HonestFailureFacts, now: number): void {
  const refusals = honestFailureRefusals(f, now);
  if (!refusals.length) return;
  const fields: FieldMessage[] = refusals.map((r) => ({
    path: `rules.${r.rule}`,
    message: { zh: `${r.label.zh}：${r.detail.zh}`, en: `${r.label.en}: ${r.detail.en}` },
  }));
  throw new DomainError(
    'rule_refused',
    {
      zh: `不适用容错：${refusals.map((r) => r.detail.zh).join('；')}`,
      en: `Honest-failure tolerance does not apply: ${refusals.map((r) => r.detail.en).join('; ')}`,
    },
    fields,
  );
}

/** Where a request stands, as the workflow keeps it. */
export interface HonestFailureState {
  phase: HonestFailurePhase;
  round: number;
}

const PHASE_FOR_STEP: Record<HonestFailureStep, ReadonlyArray<HonestFailurePhase | null>> = {
  request: [null, 'refused'],
  confirm: ['requested'],
  decide: ['institution_confirmed'],
};

/** Steps in order: a new request only when none is pending (after a refusal, again). */
export function assertHonestFailureStep(
  status: string | undefined,
  h: HonestFailureState | null | undefined,
  step: HonestFailureStep,
): void {
  if (!status || ENDED.includes(status))
    throw new DomainError('invalid_state', {
      zh: '项目已结束执行，不能办理容错',
      en: 'The project’s execution has ended; there is no honest-failure request any more',
    });
  const phase = h?.phase ?? null;
  if (PHASE_FOR_STEP[step].includes(phase)) return;
  throw new DomainError('invalid_state', {
    zh:
      phase === null
        ? '项目负责人尚未提出容错申请'
        : step === 'request'
          ? '已有容错申请正在办理'
          : '容错申请不在此步骤',
    en:
      phase === null
        ? 'The PI has not asked for honest-failure tolerance'
        : step === 'request'
          ? 'An honest-failure request is already in progress'
          : 'The honest-failure request is not at this step',
  });
}

/** The experts' confirmation as the officer records it, and each expert checked for conflicts. */
export interface ExpertConfirmationFacts {
  /** Each named expert: found in the pool (and available), and the conflict engine's reasons. */
  experts: ReadonlyArray<{
    id: string;
    name: string | null;
    inPool: boolean;
    conflicts: ReadonlyArray<{ label: Bilingual; detail: Bilingual }>;
  }>;
}

/** RULES §12.5 / §13 panel size: at least 3 experts, an odd number (a majority exists). */
export const MIN_HONEST_FAILURE_EXPERTS = 3;

/**
 * The named experts may confirm: at least 3, an odd number, each once, each in the expert pool
 * and without a conflict of interest with the project (the engine's reasons, per expert field).
 */
export function assertExpertConfirmation(expertIds: readonly string[], f: ExpertConfirmationFacts): void {
  const fields: FieldMessage[] = [];
  if (expertIds.length < MIN_HONEST_FAILURE_EXPERTS || expertIds.length % 2 === 0)
    fields.push({
      path: 'experts',
      message: {
        zh: `专家论证须由至少 ${MIN_HONEST_FAILURE_EXPERTS} 位、奇数位专家作出（现为 ${expertIds.length} 位）`,
        en: `The confirmation needs at least ${MIN_HONEST_FAILURE_EXPERTS} experts, an odd number (${expertIds.length} named)`,
      },
    });
  expertIds.forEach((id, i) => {
    if (expertIds.indexOf(id) !== i)
      fields.push({
        path: `experts.${i}`,
        message: { zh: '同一专家只能列出一次', en: 'An expert is named more than once' },
      });
    const e = f.experts.find((x) => x.id === id);
    if (!e || !e.inPool)
      fields.push({
        path: `experts.${i}`,
        message: {
          zh: `专家 ${id} 不在专家库中或不可用`,
          en: `Expert ${id} is not in the pool or unavailable`,
        },
      });
    else if (e.conflicts.length)
      fields.push({
        path: `experts.${i}`,
        message: {
          zh: `专家 ${e.name ?? id} 与本项目存在利益冲突：${e.conflicts.map((c) => `${c.label.zh}（${c.detail.zh}）`).join('；')}`,
          en: `Expert ${e.name ?? id} has a conflict of interest with the project: ${e.conflicts.map((c) => `${c.label.en} (${c.detail.en})`).join('; ')}`,
        },
      });
  });
  if (fields.length)
    throw new DomainError(
      'rule_refused',
      { zh: '专家论证的专家组成不符合要求', en: 'The experts named cannot confirm this request' },
      fields,
    );
}
