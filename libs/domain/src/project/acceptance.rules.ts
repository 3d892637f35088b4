import { Bilingual, DomainError } from '../kernel/errors.rules';
import { addDuration } from '../kernel/iso-duration.rules';
import { ProjectKind } from './dispatch.rules';

/**
 * 验收 / 结题 (RULES §10, §14 Acceptance), zod-free as the project's workflow runs it: after the
 * term ends the PI applies with the dossier, the host institution confirms it, the bureau checks it
 * for form, a panel reviews it, and one verdict follows, published with its objection window.
 */
export const ACCEPTANCE_VERDICTS = ['pass', 'conditional', 'fail', 'closure'] as const;
export type AcceptanceVerdict = (typeof ACCEPTANCE_VERDICTS)[number];
export const ACCEPTANCE_VERDICT_LABELS: Record<AcceptanceVerdict, Bilingual> = {
  pass: { zh: '通过验收', en: 'Passed' },
  conditional: { zh: '需要复议（限期整改）', en: 'Conditional (rectify, then re-check)' },
  fail: { zh: '不通过验收', en: 'Failed' },
  closure: { zh: '结题', en: 'Closed without acceptance' },
};

/**
 * 科技特派员年度考核 (issue 16 §4): the acceptance of a dispatch is the commissioner's yearly
 * assessment, graded 优秀 / 合格 / 不合格 (a pass with distinction, a pass, a fail). The seeds
 * name no 整改 or 结题 for an assessment (seed 002:59, 004:397 set only targets), so a dispatch has
 * neither verdict: a service year is graded as it was served.
 */
export const ASSESSMENT_VERDICTS: readonly AcceptanceVerdict[] = ['pass', 'fail'];
export const ASSESSMENT_GRADE_LABELS = {
  excellent: { zh: '优秀', en: 'Excellent' },
  qualified: { zh: '合格', en: 'Qualified' },
  unqualified: { zh: '不合格', en: 'Unqualified' },
} as const satisfies Record<string, Bilingual>;

/** What the acceptance is called for the template's project kind: 验收, or 年度考核 for a dispatch. */
export function acceptanceName(kind: ProjectKind | null | undefined): Bilingual {
  return kind === 'dispatch' ? { zh: '年度考核', en: 'Yearly assessment' } : { zh: '验收', en: 'Acceptance' };
}

/**
 * The one place a verdict is named, by the template's project kind: a research project's verdicts
 * as they are; a dispatch's as the assessment's grades (pass with distinction 优秀, pass 合格,
 * fail 不合格).
 */
export function acceptanceVerdictLabel(
  verdict: AcceptanceVerdict,
  excellent: boolean,
  kind: ProjectKind | null | undefined,
): Bilingual {
  if (kind !== 'dispatch' || !ASSESSMENT_VERDICTS.includes(verdict))
    return ACCEPTANCE_VERDICT_LABELS[verdict];
  if (verdict === 'fail') return ASSESSMENT_GRADE_LABELS.unqualified;
  return excellent ? ASSESSMENT_GRADE_LABELS.excellent : ASSESSMENT_GRADE_LABELS.qualified;
}

/**
 * Where acceptance stands: waiting for the dossier (or its rectification), then each step in turn;
 * a verdict of pass, fail or closure is published (公示) with its objection window and becomes
 * final once the window has passed and every objection is answered.
 */
export const ACCEPTANCE_PHASES = [
  'awaiting',
  'submitted',
  'confirmed',
  'checked',
  'panel',
  'reviewed',
  'rectifying',
  'published',
  'final',
] as const;
export type AcceptancePhase = (typeof ACCEPTANCE_PHASES)[number];
export const ACCEPTANCE_PHASE_LABELS: Record<AcceptancePhase, Bilingual> = {
  awaiting: { zh: '待验收', en: 'Awaiting the dossier' },
  submitted: { zh: '待依托单位审核', en: 'Submitted, awaiting the host institution' },
  confirmed: { zh: '待形式审查', en: 'Confirmed, awaiting the formal check' },
  checked: { zh: '待验收评审', en: 'Checked, awaiting the review' },
  panel: { zh: '验收专家组评审中', en: 'The acceptance panel sits' },
  reviewed: { zh: '待作出验收结论', en: 'Reviewed, awaiting the verdict' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  published: { zh: '验收结论公示中', en: 'Conclusion published, open to objections' },
  final: { zh: '验收结论已生效', en: 'Conclusion final' },
};
export const ACCEPTANCE_STEPS = [
  'submit',
  'confirm',
  'check',
  'convene',
  'review',
  'decide',
  'object',
  'answer_objection',
] as const;
export type AcceptanceStep = (typeof ACCEPTANCE_STEPS)[number];

/** The phase each step is taken in (submit: the first dossier, or the rectified one in round 2). */
const PHASES_OF_STEP: Record<AcceptanceStep, readonly AcceptancePhase[]> = {
  submit: ['awaiting', 'rectifying'],
  confirm: ['submitted'],
  check: ['confirmed'],
  convene: ['checked'],
  review: ['checked'],
  decide: ['reviewed'],
  object: ['published'],
  answer_objection: ['published'],
};

/**
 * The steps acceptance's phase waits for, in order (none before the term ends, while a panel sits,
 * or once final): what a reader's page offers, from the same table the refusals are made from.
 * During the publication the objection steps stay listed; the window's end is the workflow's.
 */
export function acceptanceStepsAt(phase: AcceptancePhase | null): AcceptanceStep[] {
  return phase === null ? [] : ACCEPTANCE_STEPS.filter((s) => PHASES_OF_STEP[s].includes(phase));
}

/** Where a project's acceptance stands, as its workflow holds it (null: the term has not ended). */
export interface AcceptanceStepFacts {
  phase: AcceptancePhase | null;
  /** Objections are filed until then (UTC ISO), during the publication. */
  objectionsUntil?: string | null;
}

/** Refuses a step the acceptance is not ready for, naming where it stands (409). */
export function assertAcceptanceStep(f: AcceptanceStepFacts, step: AcceptanceStep, now: number): void {
  if (f.phase === null)
    throw new DomainError('invalid_state', {
      zh: '项目实施期尚未结束，验收尚未开始',
      en: 'The project’s term has not ended; acceptance has not opened',
    });
  if (!PHASES_OF_STEP[step].includes(f.phase)) {
    const label = ACCEPTANCE_PHASE_LABELS[f.phase];
    throw new DomainError('invalid_state', {
      zh: `验收当前为“${label.zh}”，不能进行此操作`,
      en: `Acceptance stands at "${label.en}"; this step is not open`,
    });
  }
  if (step === 'object' && f.objectionsUntil && now > Date.parse(f.objectionsUntil))
    throw new DomainError('invalid_state', {
      zh: '异议期已结束，逾期提出的异议不予受理',
      en: 'The objection window has closed; late objections are not accepted',
    });
}

/** The template's acceptance terms as the run uses them (absent ones: the RULES defaults). */
export interface AcceptanceTerms {
  window: string;
  overdueLimit: string;
  rectifyWindow: string;
  objectionWorkingDays: number;
  /** A fixed objection window on the clock (drills), instead of working days. */
  objectionPeriod: string | null;
  auditThresholdFen: number;
  /** 追回: the template's repayment window of a recovery order (null: the rules' default). */
  recoveryWindow?: string | null;
  /** The template's project kind (absent on runs opened before: research). */
  kind?: ProjectKind;
}

/** ¥1,000,000: above it the final accounts carry an audit report ([T]; the template may set its own). */
export const DEFAULT_AUDIT_THRESHOLD_FEN = 100_000_000;

/** The terms from the template's durations and funding (any missing: the default). */
export function acceptanceTerms(
  durations: {
    acceptanceWindow?: string;
    acceptanceOverdueLimit?: string;
    acceptanceRectifyWindow?: string;
    acceptanceObjectionWorkingDays?: number;
    acceptanceObjectionPeriod?: string;
    recoveryWindow?: string;
  } | null,
  auditThresholdFen?: number | null,
  kind?: ProjectKind | null,
): AcceptanceTerms {
  const d = durations ?? {};
  return {
    kind: kind ?? 'research',
    window: d.acceptanceWindow || DEFAULT_ACCEPTANCE_TERMS.window,
    overdueLimit: d.acceptanceOverdueLimit || DEFAULT_ACCEPTANCE_TERMS.overdueLimit,
    rectifyWindow: d.acceptanceRectifyWindow || DEFAULT_ACCEPTANCE_TERMS.rectifyWindow,
    objectionWorkingDays: d.acceptanceObjectionWorkingDays ?? DEFAULT_ACCEPTANCE_TERMS.objectionWorkingDays,
    objectionPeriod: d.acceptanceObjectionPeriod || null,
    auditThresholdFen: auditThresholdFen ?? DEFAULT_AUDIT_THRESHOLD_FEN,
    recoveryWindow: d.recoveryWindow || null,
  };
}

/**
 * Defaults of the template durations and thresholds this stage reads: apply within 6 months of the
 * term's end, fail when more than 6 months later still nothing is submitted; one rectification of at
 * most 3 months; the conclusion open to objections for 5 working days (RULES §10, §13).
 */
export const DEFAULT_ACCEPTANCE_TERMS = {
  window: 'P6M',
  overdueLimit: 'P6M',
  rectifyWindow: 'P3M',
  objectionWorkingDays: 5,
} as const;

/** Below this completion the verdict may not be a pass (需要复议 < 90 %), below the other a fail (< 80 %). */
export const PASS_COMPLETION = 0.9;
export const FAIL_COMPLETION = 0.8;

/** When the PI applies by (term end + window) and when an unsubmitted acceptance fails (+ overdue limit). */
export function acceptanceDeadlines(
  endsAt: string,
  terms: { window?: string; overdueLimit?: string } = {},
): { applyBy: string; failsAt: string } {
  const applyBy = addDuration(new Date(endsAt), terms.window ?? DEFAULT_ACCEPTANCE_TERMS.window);
  const failsAt = addDuration(applyBy, terms.overdueLimit ?? DEFAULT_ACCEPTANCE_TERMS.overdueLimit);
  return { applyBy: applyBy.toISOString(), failsAt: failsAt.toISOString() };
}

/** One agreement indicator as the dossier reports it: the target agreed and what was achieved. */
export interface IndicatorResult {
  target: number;
  achieved: number;
}

/**
 * 任务完成率: the mean over the agreement's indicators of what was achieved against the target,
 * each capped at 100 % (exceeding one does not make up for missing another). A target of 0 or
 * less counts as met when the achievement reaches it. No indicators: 0 (nothing shown done).
 */
export function completionRate(results: readonly IndicatorResult[]): number {
  if (results.length === 0) return 0;
  const shares = results.map(({ target, achieved }) =>
    target > 0 ? Math.min(1, Math.max(0, achieved / target)) : achieved >= target ? 1 : 0,
  );
  return shares.reduce((a, b) => a + b, 0) / shares.length;
}

/** What the verdict is checked against: the dossier's facts and the formal check's findings. */
export interface AcceptanceFacts {
  /** 任务完成率, 0…1 (completionRate). */
  completion: number;
  /** Changes of objectives or route made without approval (变更未经批准). */
  unapprovedChanges: number;
  /** The panel or the check found material not genuine (材料、数据不真实). */
  falseMaterial: boolean;
  /** Spending not compliant (经费使用不规范), as the finance expert found. */
  spendingIssues: boolean;
  /** The dossier arrived after the acceptance window (then: overdue, not failed, unless past the limit). */
  late: boolean;
}

/** The grounds (RULES §10, 安阳 thresholds as Baise defaults) on which a verdict is bound. */
export interface VerdictGrounds {
  /** Grounds that make the verdict a fail (不通过). */
  fail: Bilingual[];
  /** Grounds that keep it from a pass (需要复议). */
  conditional: Bilingual[];
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The grounds the facts give: each named with its number, so a refusal can say which. */
export function verdictGrounds(f: AcceptanceFacts): VerdictGrounds {
  const fail: Bilingual[] = [];
  const conditional: Bilingual[] = [];
  if (f.completion < FAIL_COMPLETION)
    fail.push({
      zh: `任务完成率 ${pct(f.completion)}，低于 ${pct(FAIL_COMPLETION)}`,
      en: `Task completion ${pct(f.completion)} is below ${pct(FAIL_COMPLETION)}`,
    });
  else if (f.completion < PASS_COMPLETION)
    conditional.push({
      zh: `任务完成率 ${pct(f.completion)}，低于 ${pct(PASS_COMPLETION)}`,
      en: `Task completion ${pct(f.completion)} is below ${pct(PASS_COMPLETION)}`,
    });
  if (f.unapprovedChanges > 0)
    fail.push({
      zh: `有 ${f.unapprovedChanges} 项考核指标、研究内容或技术路线的变更未经批准`,
      en: `${f.unapprovedChanges} change(s) of indicators, content or technical route were made without approval`,
    });
  if (f.falseMaterial)
    fail.push({ zh: '验收材料、数据不真实', en: 'The acceptance material or data are not genuine' });
  if (f.spendingIssues)
    conditional.push({ zh: '经费使用不规范', en: 'The spending does not comply with the rules' });
  return { fail, conditional };
}

/**
 * The verdicts the facts allow: a fail ground allows only a fail (or 结题 where honest failure
 * covers it, decided on its own path); a conditional ground rules out a pass; in a re-check after
 * rectification only pass or fail remain (one chance to fix, RULES §10). A dispatch's yearly
 * assessment has no conditional or closure: there a conditional ground (completion under 90 %,
 * spending not compliant) still allows 合格 but not 优秀 (mayBeExcellent), and a fail ground
 * (under 80 %, false material, unapproved changes) makes it 不合格.
 */
export function allowedVerdicts(
  f: AcceptanceFacts,
  round: number,
  kind: ProjectKind | null | undefined = 'research',
): AcceptanceVerdict[] {
  const g = verdictGrounds(f);
  if (g.fail.length) return ['fail'];
  if (kind === 'dispatch') return ['pass', 'fail'];
  if (round > 1) return g.conditional.length ? ['fail'] : ['pass', 'fail'];
  return g.conditional.length
    ? ['conditional', 'fail', 'closure']
    : ['pass', 'conditional', 'fail', 'closure'];
}

/** 优秀 only on a pass the facts allow with no ground against it (for a dispatch: no 需要复议 ground). */
export function mayBeExcellent(
  f: AcceptanceFacts,
  kind: ProjectKind | null | undefined = 'research',
): boolean {
  const g = verdictGrounds(f);
  return g.fail.length === 0 && (kind !== 'dispatch' || g.conditional.length === 0);
}

/** The verdict the rules suggest (the most favourable one they allow). */
export function suggestedVerdict(
  f: AcceptanceFacts,
  round: number,
  kind: ProjectKind | null | undefined = 'research',
): AcceptanceVerdict {
  return allowedVerdicts(f, round, kind)[0]!;
}

/** Refuses a verdict (or 优秀) the facts do not allow, naming the grounds. */
export function assertVerdictAllowed(
  f: AcceptanceFacts,
  round: number,
  verdict: AcceptanceVerdict,
  kind: ProjectKind | null | undefined = 'research',
  excellent = false,
): void {
  const g = verdictGrounds(f);
  const label = acceptanceVerdictLabel(verdict, excellent, kind);
  if (kind === 'dispatch' && !ASSESSMENT_VERDICTS.includes(verdict))
    throw new DomainError('rule_refused', {
      zh: `科技特派员年度考核的结论为优秀、合格或不合格，不能作出“${label.zh}”的结论`,
      en: `A yearly assessment is graded excellent, qualified or unqualified, not "${label.en}"`,
    });
  if (allowedVerdicts(f, round, kind).includes(verdict)) {
    if (verdict === 'pass' && excellent && !mayBeExcellent(f, kind))
      throw new DomainError('rule_refused', {
        zh: `不能评为优秀：${g.conditional.map((x) => x.zh).join('；')}`,
        en: `Not allowed as excellent: ${g.conditional.map((x) => x.en).join('; ')}`,
      });
    return;
  }
  const grounds = g.fail.length ? g.fail : g.conditional;
  if (grounds.length === 0)
    throw new DomainError('rule_refused', {
      zh: `整改后的复查只能作出通过或不通过的结论，不能${label.zh}`,
      en: `The re-check after rectification ends in a pass or a fail, not "${label.en}"`,
    });
  throw new DomainError('rule_refused', {
    zh: `不能作出“${label.zh}”的结论：${grounds.map((x) => x.zh).join('；')}`,
    en: `The verdict "${label.en}" is not allowed: ${grounds.map((x) => x.en).join('; ')}`,
  });
}

/**
 * 结余经费 after a pass: kept by the host institution when both its and the PI's credit allow
 * (mayKeepSurplus for each, RULES §10–11), else recovered. The reason names both findings.
 */
export function surplusKept(
  pi: { allowed: boolean; reason: Bilingual },
  host: { allowed: boolean; reason: Bilingual },
): {
  kept: boolean;
  reason: string;
} {
  return {
    kept: pi.allowed && host.allowed,
    reason: `项目负责人：${pi.reason.zh}；依托单位：${host.reason.zh}`,
  };
}

/** The project status a final verdict leaves (a conditional one keeps the project rectifying). */
export function statusAfterAcceptance(
  verdict: AcceptanceVerdict,
): 'accepted' | 'rectifying' | 'closed' | 'failed' {
  if (verdict === 'pass') return 'accepted';
  if (verdict === 'conditional') return 'rectifying';
  if (verdict === 'closure') return 'closed';
  return 'failed';
}

/**
 * 结余经费 after a pass (RULES §10, seed 000 line 329): kept by the host institution for research
 * use when the credit of the institution and the PI allows, else recovered. After a fail or a
 * closure without honest failure, the unspent funds are recovered. Integer fen, never negative.
 */
export function surplusFen(paidFen: number, spentFen: number): number {
  return Math.max(0, paidFen - spentFen);
}

/**
 * The audit report is required when the final accounts' spending is above the template's threshold
 * (RULES §10); the refusal names both amounts and the field.
 */
export function assertAuditReportFen(
  spentFen: number,
  auditReportId: string | null,
  thresholdFen: number,
): void {
  if (spentFen > thresholdFen && !auditReportId)
    throw new DomainError(
      'rule_refused',
      {
        zh: `经费支出 ${spentFen / 100} 元超过 ${thresholdFen / 100} 元，须附审计报告`,
        en: `Spending of ¥${spentFen / 100} is above ¥${thresholdFen / 100}: an audit report is required`,
      },
      [{ path: 'auditReportId', message: { zh: '须附审计报告', en: 'An audit report is required' } }],
    );
}

/** An objection is answered once, while open (404 for another id, 409 once answered). */
export function assertAcceptanceObjectionOpen(
  objections: ReadonlyArray<{ id: string; status: string }>,
  objectionId: string,
): void {
  const o = objections.find((x) => x.id === objectionId);
  if (!o) throw new DomainError('not_found', { zh: '没有该异议', en: 'No such objection' });
  if (o.status !== 'open')
    throw new DomainError('invalid_state', {
      zh: '该异议已答复',
      en: 'The objection has been answered',
    });
}

/**
 * Overdue (shown wherever the project is listed, like a late report): no dossier in by applyBy,
 * or the rectification past fixBy.
 */
export function acceptanceOverdue(
  a: { phase: AcceptancePhase; applyBy: string; fixBy: string | null } | null,
  now: number,
): boolean {
  if (!a) return false;
  if (a.phase === 'awaiting') return now > Date.parse(a.applyBy);
  return a.phase === 'rectifying' && !!a.fixBy && now > Date.parse(a.fixBy);
}
